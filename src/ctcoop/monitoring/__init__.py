"""Implementation monitoring: a question bank of the obligations of resolutions 1373, 1624,
2178, 2396 and 2462; assessments of states answered on a five-step scale, derived from the
knowledge base where it decides, versioned; reports, comparisons and user-supplied FATF ratings."""
