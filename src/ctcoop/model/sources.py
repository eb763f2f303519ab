"""Sources: where every fact comes from."""

from __future__ import annotations

from dataclasses import dataclass

from ctcoop.model.dates import PartialDate


@dataclass(frozen=True)
class Source:
    """A document, record or dataset that states a fact."""

    id: str
    title: str
    body: str
    date: PartialDate
    symbol: str | None = None
    url: str | None = None
    file_hash: str | None = None
    retrieved: str | None = None

    def cite(self) -> str:
        parts = [self.symbol or self.title, self.body, str(self.date)]
        return ", ".join(p for p in parts if p) + (f" <{self.url}>" if self.url else "")


@dataclass(frozen=True)
class PaperNote:
    """What the paper (Wang 2020) says about a fact, where it says it."""

    section: str | None
    says: tuple[tuple[str, str], ...] = ()
    note: str | None = None
