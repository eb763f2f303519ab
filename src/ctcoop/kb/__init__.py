"""The knowledge base: load, validate, index, and look things up on a date."""

from ctcoop.kb.knowledge import Discrepancy, KnowledgeBase, MemberOn
from ctcoop.kb.loader import load_kb, shipped_data_dir

__all__ = ["Discrepancy", "KnowledgeBase", "MemberOn", "load_kb", "shipped_data_dir"]
