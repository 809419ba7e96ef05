"""Models of absences."""
