"""The ``ctcoop`` command line."""
