"""Web pages of enrollment: the student portal, the back-office and the import page."""
