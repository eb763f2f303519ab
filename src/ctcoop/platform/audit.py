"""One append-only, hash-chained log for every service that keeps state.

An entry records who did what to which subject, when, with the details as JSON, and the hash of
the entry before it; its own hash covers all of that. Changing, removing or reordering an entry
breaks the chain from there on, and :func:`verify` names the first entry that no longer matches.
Entries are written in the same transaction as the change they record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, Text, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

__all__ = ["AuditBase", "AuditRow", "Broken", "Entry", "append", "entries", "verify"]

GENESIS = "0" * 64
"""The "previous hash" of the first entry."""


class AuditBase(DeclarativeBase):
    pass


class AuditRow(AuditBase):
    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(200), index=True)
    details: Mapped[str] = mapped_column(Text)
    previous: Mapped[str] = mapped_column(String(64), unique=True)  # one successor each
    hash: Mapped[str] = mapped_column(String(64))


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    details: dict[str, Any]
    previous: str
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "subject": self.subject,
            "details": self.details,
            "previous": self.previous,
            "hash": self.hash,
        }


@dataclass(frozen=True, slots=True)
class Broken:
    """The first entry whose hash or link does not match, and why."""

    seq: int
    reason: str


def _digest(at: str, actor: str, action: str, subject: str, details: str, previous: str) -> str:
    canonical = json.dumps(
        [at, actor, action, subject, details, previous], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _details(details: dict[str, Any]) -> str:
    return json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def append(
    session: Session, actor: str, action: str, subject: str, details: dict[str, Any]
) -> Entry:
    """Add an entry after the last one (in the caller's transaction)."""
    last = session.scalars(select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)).first()
    previous = last.hash if last is not None else GENESIS
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    text = _details(details)
    row = AuditRow(
        at=at,
        actor=actor,
        action=action,
        subject=subject,
        details=text,
        previous=previous,
        hash=_digest(at, actor, action, subject, text, previous),
    )
    session.add(row)
    session.flush()
    return _entry(row)


def _entry(row: AuditRow) -> Entry:
    return Entry(
        row.seq,
        row.at,
        row.actor,
        row.action,
        row.subject,
        json.loads(row.details),
        row.previous,
        row.hash,
    )


def entries(session: Session, subject: str | None = None) -> list[Entry]:
    """The entries in order, of one subject or of all."""
    query = select(AuditRow).order_by(AuditRow.seq)
    if subject is not None:
        query = query.where(AuditRow.subject == subject)
    return [_entry(r) for r in session.scalars(query)]


def verify(session: Session) -> tuple[int, Broken | None]:
    """Walk the whole chain: the number of entries and the first broken one (None if sound)."""
    previous = GENESIS
    rows: Sequence[AuditRow] = list(session.scalars(select(AuditRow).order_by(AuditRow.seq)))
    for row in rows:
        if row.previous != previous:
            return len(rows), Broken(
                row.seq, "its link to the entry before does not match (an entry removed or moved)"
            )
        expected = _digest(row.at, row.actor, row.action, row.subject, row.details, row.previous)
        if row.hash != expected:
            return len(rows), Broken(row.seq, "its content does not match its hash (changed)")
        previous = row.hash
    return len(rows), None
