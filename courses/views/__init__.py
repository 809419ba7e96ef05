"""Web pages of courses (formations/)."""
