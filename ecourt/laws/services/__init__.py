"""The only write paths of the legal corpus: documents and their metadata, texts and versions,
relations, amendments, and the import runs that call them."""
