"""Materialised results (issue 4): DB loader for the results engine, versioned SemesterResult
rows, publication, recompute trigger, selectors, permissions and pages."""
