"""One append-only, hash-chained log for every service that keeps state.

An entry records who did what to which subject, when, with the details as JSON, and the hash of
the entry before it; its own hash covers all of that. Changing, removing or reordering an entry
breaks the chain from there on, and :func:`verify` names the first entry that no longer matches.
Entries are written in the same transaction as the change they record.

A chain alone cannot show that its newest entries were rewritten with fresh hashes, or removed
from the end: whoever can write the database can recompute the tail. So :func:`verify` also
reports the log's **head** (the last entry's number and hash, ``SEQ:HASH``), which an operator
records outside the database (a ticket, a signed e-mail, a second system), and checks any heads
recorded earlier (*anchors*): each must still be in the log with the same hash.
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

__all__ = [
    "Anchor",
    "AuditBase",
    "AuditRow",
    "Broken",
    "Entry",
    "Verification",
    "append",
    "entries",
    "verify",
]

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


@dataclass(frozen=True, slots=True)
class Anchor:
    """An entry's number and hash, recorded outside the log to check it later."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        """``SEQ:HASH`` as ``verify`` prints the head; ValueError saying what is wrong."""
        seq, sep, digest = text.strip().partition(":")
        if not sep or not seq.isdigit() or int(seq) < 1:
            raise ValueError(f"{text!r} is not SEQ:HASH (an entry number, a colon, its hash)")
        digest = digest.lower()
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"{text!r}: the hash must be 64 hexadecimal characters")
        return cls(int(seq), digest)


@dataclass(frozen=True, slots=True)
class Verification:
    """What :func:`verify` found: the number of entries, the head to record, the first break."""

    entries: int
    head: Anchor | None
    broken: Broken | None


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


def verify(session: Session, anchors: Sequence[Anchor] = ()) -> Verification:
    """Walk the whole chain, then check each anchor recorded earlier; the first break found (a
    break in the chain before any anchor's)."""
    previous = GENESIS
    rows: Sequence[AuditRow] = list(session.scalars(select(AuditRow).order_by(AuditRow.seq)))
    head = Anchor(rows[-1].seq, rows[-1].hash) if rows else None

    def broken(seq: int, reason: str) -> Verification:
        return Verification(len(rows), head, Broken(seq, reason))

    for row in rows:
        if row.previous != previous:
            return broken(
                row.seq, "its link to the entry before does not match (an entry removed or moved)"
            )
        expected = _digest(row.at, row.actor, row.action, row.subject, row.details, row.previous)
        if row.hash != expected:
            return broken(row.seq, "its content does not match its hash (changed)")
        previous = row.hash
    hashes = {row.seq: row.hash for row in rows}
    for anchor in sorted(anchors, key=lambda a: a.seq):
        if anchor.seq not in hashes:
            last = f"ends at entry {head.seq}" if head else "is empty"
            return broken(
                anchor.seq,
                f"the anchor recorded this entry, but it is no longer in the log, which {last} "
                "(entries removed, or removed and rewritten)",
            )
        if hashes[anchor.seq] != anchor.hash:
            return broken(
                anchor.seq,
                "its hash is not the one the anchor recorded "
                "(the log rewritten at or before this entry)",
            )
    return Verification(len(rows), head, None)
