"""Pure reading of Vietnamese legal texts (no database): structure, headers, trailers, amendments."""
