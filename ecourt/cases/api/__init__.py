"""REST API of the cases app (version 1)."""
