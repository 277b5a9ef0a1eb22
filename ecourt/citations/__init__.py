"""Citations in Vietnamese legal text: find them (``extractor``), say which document and provision each
names (``identity`` without a database, ``resolver`` against the legal corpus), and measure both on real
judgments (``evaluation``)."""
