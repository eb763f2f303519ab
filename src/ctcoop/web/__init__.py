"""The web UI: Jinja templates and static assets shipped in the package, served by the API app."""
