"""Models of courses."""
