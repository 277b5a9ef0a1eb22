"""REST API of the courts app (version 1)."""
