"""Thin routers under /api/v1."""
