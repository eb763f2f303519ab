"""The REST API (FastAPI), served with the web UI by the same app."""
