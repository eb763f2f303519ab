"""What the services share, built once: storage (the database of a service), audit (one
append-only, hash-chained log) and documents (DOCX and PDF from one list of styled lines)."""
