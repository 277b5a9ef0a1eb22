"""REST API of the people app (version 1)."""
