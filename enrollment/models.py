"""Models of enrollment."""
