"""Extradition and mutual legal assistance casework: cases between two states, their legal
analysis from the knowledge base (bases, offences in scope, grounds of refusal, what is
missing), the request drafted as DOCX or PDF, and every change in the hash-chained log."""
