"""Models of internships."""
