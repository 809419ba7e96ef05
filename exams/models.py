"""Models of exams."""
