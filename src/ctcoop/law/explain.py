"""Explanations: the chain of sourced facts behind a conclusion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ctcoop.kb import KnowledgeBase


@dataclass(frozen=True, slots=True)
class Step:
    """One link in an explanation: a statement and the sources that make it."""

    text: str
    sources: tuple[str, ...] = ()

    def to_json(self, kb: KnowledgeBase) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": [
                {
                    "id": s.id,
                    "title": s.title,
                    "symbol": s.symbol,
                    "body": s.body,
                    "date": str(s.date),
                    "url": s.url,
                }
                for s in kb.cite(self.sources)
            ],
        }
