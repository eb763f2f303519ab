"""The knowledge base: load, validate, index, and look things up on a date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ctcoop.kb.knowledge import Discrepancy, KnowledgeBase, MemberOn

if TYPE_CHECKING:
    from ctcoop.kb.loader import load_kb
    from ctcoop.kb.paths import shipped_data_dir

__all__ = ["Discrepancy", "KnowledgeBase", "MemberOn", "load_kb", "shipped_data_dir"]


def __getattr__(name: str) -> Any:
    # Lazy: the loader pulls in YAML parsing, which a command answered from a snapshot never needs.
    if name == "load_kb":
        from ctcoop.kb.loader import load_kb

        return load_kb
    if name == "shipped_data_dir":
        from ctcoop.kb.paths import shipped_data_dir

        return shipped_data_dir
    raise AttributeError(name)
