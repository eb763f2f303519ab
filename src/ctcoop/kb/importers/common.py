"""What every importer shares: hashing, name resolution, the batch it produces, its errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctcoop.errors import DataError, Problem
from ctcoop.kb.knowledge import KnowledgeBase
from ctcoop.model import PartialDate

_FOOTNOTES = re.compile(r"(?:\s*\d+(?:\s*,\s*\d+)*)+\s*$")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_DAY = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})\s*(.*?)\s*$")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def clean_name(raw: str) -> str:
    """A participant name without HTML entities, footnote numbers or stray spaces."""
    return _FOOTNOTES.sub("", html.unescape(raw)).strip().rstrip(",").strip()


def parse_untc_date(text: str) -> tuple[dt.date, str] | None:
    """``24 Sep 2003 a`` -> (2003-09-24, "a"). None for an empty cell; ValueError when malformed."""
    if not text.strip():
        return None
    match = _DAY.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date like '24 Sep 2003 a'")
    day, month, year, marker = match.groups()
    number = _MONTHS.get(month.lower())
    if number is None:
        raise ValueError(f"{month!r} is not a month")
    return dt.date(int(year), number, int(day)), marker.strip()


NON_STATE_PARTICIPANTS = {"european union": "org:eu", "european community": "org:eu"}


@dataclass
class Batch:
    """The facts one import produced, and what it could not use."""

    id: str
    kind: str
    file: Path
    title: str
    body: str
    date: str
    url: str | None = None
    participations: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    memberships: list[dict[str, Any]] = field(default_factory=list)
    status_records: list[dict[str, Any]] = field(default_factory=list)
    unresolved: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    scope: dict[str, Any] = field(default_factory=dict)
    row_sources: dict[str, str] = field(default_factory=dict)  # cited text -> short key

    def resolve(self, kb: KnowledgeBase, raw: str, line: int) -> str | None:
        """A participant's id (a state, or an organisation such as the EU); records failures."""
        name = clean_name(raw)
        org = NON_STATE_PARTICIPANTS.get(name.casefold())
        if org is not None and org in kb.organizations:
            return org
        state = kb.names.resolve(name)
        if state is None:
            self.unresolved.append(
                {
                    "name": raw,
                    "line": line,
                    "reason": "no state or organisation of this name is known",
                }
            )
        return state

    def act(
        self,
        state: str,
        instrument: str,
        kind: str,
        day: dt.date | PartialDate,
        line: int,
        text: str | None = None,
    ) -> dict[str, Any] | None:
        """Record one action; a duplicate (same type, same date) is skipped and reported."""
        action: dict[str, Any] = {"type": kind, "date": str(day), "line": line}
        if text:
            action["text"] = text
        actions = self.participations.setdefault((state, instrument), [])
        if any(a["type"] == kind and a["date"] == action["date"] for a in actions):
            self.skipped.append({"line": line, "reason": f"duplicate {kind} of {state} on {day}"})
            return None
        actions.append(action)
        return action

    def fail_if_problems(self) -> None:
        if self.problems:
            raise DataError(self.problems)

    def to_json(self, digest: str) -> dict[str, Any]:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        source_id = f"src:import-{self.id}-{digest[:8]}"
        return {
            "id": self.id,
            "kind": self.kind,
            "scope": self.scope,
            "source": {
                "id": source_id,
                "title": self.title,
                "body": self.body,
                "date": self.date,
                "url": self.url,
                "file": str(self.file.resolve()),
                "sha256": digest,
                "imported_at": now,
            },
            "participations": [
                {"state": s, "instrument": i, "actions": a}
                for (s, i), a in sorted(self.participations.items())
            ],
            "memberships": self.memberships,
            "status_records": self.status_records,
            "row_sources": {key: text for text, key in self.row_sources.items()},
            "unresolved": self.unresolved,
            "skipped": self.skipped,
        }


def problem(file: Path, line: int | None, field: str | None, message: str, fix: str) -> Problem:
    return Problem(str(file), line, field, message, fix)


def check_exits(batch: Batch) -> None:
    """An action after a withdrawal must be a new consent; anything else is an error."""
    from ctcoop.model import CONSENTS, EXITS, ActionType

    for (state, instrument), actions in batch.participations.items():
        ordered = sorted(actions, key=lambda a: (a["date"], a["line"]))
        out = False
        for a in ordered:
            kind = ActionType(a["type"])
            if kind in EXITS:
                out = True
            elif out and kind not in CONSENTS:
                batch.problems.append(
                    problem(
                        batch.file,
                        a["line"],
                        "action",
                        f"{kind.value} of {state} in {instrument} on {a['date']} comes after its "
                        "withdrawal",
                        "check the row: after a withdrawal only a new consent can follow",
                    )
                )
            elif kind in CONSENTS:
                out = False
