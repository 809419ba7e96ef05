"""Models of admissions."""
