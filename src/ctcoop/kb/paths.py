"""Where the shipped knowledge base lives."""

from __future__ import annotations

from pathlib import Path


def shipped_data_dir() -> Path:
    """The curated knowledge base shipped inside the package."""
    return Path(__file__).parent.parent / "data"
