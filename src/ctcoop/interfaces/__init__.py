"""What the command line, the REST API and the web UI share: reading arguments (``inputs``) and
writing answers (``views``), so that every interface asks and answers the same way."""
