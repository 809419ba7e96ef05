"""Web pages of grade entry (notes/): thin views calling selectors, permissions and services."""
