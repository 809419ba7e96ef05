"""Web pages of the exam office (office.py, rooms.py) and of students (student.py)."""
