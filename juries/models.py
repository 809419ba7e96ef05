"""Models of juries."""
