"""Merging imported facts over the shipped knowledge base.

Precedence, stated once:

1. Participation (who consented to what, when): an imported depositary record wins over the
   shipped curated data, and among imports the UN Treaty Collection wins over the UNODA harvest,
   which wins over a generic CSV. When two records give the same action the same date, the action
   keeps both sources; when they disagree, the winner is used and the disagreement is kept as a
   conflict (``ctcoop data conflicts``).
2. Membership: the shipped curated memberships win; imported memberships (Correlates of War) are
   used for organisations with no curated membership, and otherwise kept as evidence that
   ``ctcoop data conflicts`` compares year by year with the curated record.
3. Status records (a participant list complete as of a date) from every import are added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from ctcoop.kb.records import Facts
from ctcoop.kb.store import DataStore
from ctcoop.model import (
    Action,
    ActionType,
    Interval,
    Membership,
    PartialDate,
    Participation,
    Role,
    Source,
    StatusRecord,
)

RANK = {"csv": 1, "unoda": 2, "untc": 3}


@dataclass(frozen=True)
class Conflict:
    """Two sources disagree about one fact; ``used`` says which value the engine uses."""

    subject: str
    field: str
    used: str
    used_sources: tuple[str, ...]
    other: str
    other_sources: tuple[str, ...]


@dataclass(frozen=True)
class ImportInfo:
    id: str
    kind: str
    source: str
    file: str
    sha256: str
    imported_at: str
    as_of: str | None
    scope: dict[str, Any]
    facts: int
    unresolved: tuple[dict[str, Any], ...]


@dataclass
class Merged:
    conflicts: list[Conflict]
    evidence: list[Membership]
    imports: list[ImportInfo]


def _date(text: str | None, fallback: str) -> PartialDate:
    for candidate in (text, fallback[:10]):
        if candidate:
            try:
                return PartialDate.parse(candidate)
            except ValueError:
                continue
    return PartialDate.parse(dt.date.today())


def _source(batch: dict[str, Any]) -> Source:
    s = batch["source"]
    return Source(
        id=s["id"],
        title=s["title"],
        body=s["body"],
        date=_date(s["date"], s["imported_at"]),
        url=s.get("url"),
        file_hash=s["sha256"],
        retrieved=s["imported_at"],
    )


def merge_store(facts: Facts, store: DataStore) -> Merged:
    """Add the store's facts to ``facts`` (in place) by the precedence above."""
    merged = Merged([], [], [])
    batches = sorted(
        store.batches(), key=lambda b: (RANK.get(b["kind"], 0), b["source"]["imported_at"])
    )
    curated_orgs = {m.organization for m in facts.memberships}
    for batch in batches:
        source = _source(batch)
        facts.sources.append(source)
        row_sources = {}
        for key, text in batch.get("row_sources", {}).items():
            row = Source(
                f"{source.id}-{key}", text, source.body, source.date, file_hash=source.file_hash
            )
            facts.sources.append(row)
            row_sources[key] = row.id
        _participations(facts, batch, source.id, row_sources, merged.conflicts)
        for m in _memberships(batch, source.id):
            (merged.evidence if m.organization in curated_orgs else facts.memberships).append(m)
        for r in batch.get("status_records", []):
            facts.status_records.append(
                StatusRecord(
                    r["instrument"], PartialDate.parse(r["as_of"]), (source.id,), origin=batch["id"]
                )
            )
        merged.imports.append(_info(batch))
    return merged


def _info(batch: dict[str, Any]) -> ImportInfo:
    s = batch["source"]
    records = batch.get("status_records") or [{}]
    facts = len(batch.get("participations", [])) + len(batch.get("memberships", []))
    return ImportInfo(
        batch["id"],
        batch["kind"],
        s["id"],
        s["file"],
        s["sha256"],
        s["imported_at"],
        records[0].get("as_of"),
        batch.get("scope", {}),
        facts,
        tuple(batch.get("unresolved", [])),
    )


def _actions(
    batch: dict[str, Any], record: dict[str, Any], source: str, row_sources: dict[str, str]
) -> list[Action]:
    out = []
    for a in record["actions"]:
        cite = row_sources.get(a.get("source", ""), source)
        out.append(
            Action(
                type=ActionType(a["type"]),
                date=PartialDate.parse(a["date"]),
                effective=PartialDate.parse(a["effective"]) if a.get("effective") else None,
                text=a.get("text"),
                sources=(cite,),
                origin=batch["id"],
            )
        )
    return out


def _participations(
    facts: Facts,
    batch: dict[str, Any],
    source: str,
    row_sources: dict[str, str],
    conflicts: list[Conflict],
) -> None:
    index = {(p.state, p.instrument): n for n, p in enumerate(facts.participations)}
    for record in batch.get("participations", []):
        key = (record["state"], record["instrument"])
        incoming = _actions(batch, record, source, row_sources)
        if key not in index:
            facts.participations.append(Participation(key[0], key[1], tuple(incoming), (source,)))
            index[key] = len(facts.participations) - 1
            continue
        old = facts.participations[index[key]]
        actions = _combine(old.actions, incoming, f"{key[0]} in {key[1]}", conflicts)
        sources = tuple(dict.fromkeys((*old.sources, source)))
        facts.participations[index[key]] = Participation(key[0], key[1], actions, sources)


def _combine(
    old: Iterable[Action], new: list[Action], subject: str, conflicts: list[Conflict]
) -> tuple[Action, ...]:
    """The incoming record wins; equal actions keep both sources; disagreements are kept."""
    kept: list[Action] = []
    new_types = {a.type for a in new}
    for a in old:
        same = next((b for b in new if b.type is a.type and str(b.date) == str(a.date)), None)
        if same is not None:
            new = [
                replace(same, sources=tuple(dict.fromkeys((*a.sources, *same.sources))))
                if b is same
                else b
                for b in new
            ]
        elif a.type in new_types and a.type is not ActionType.RESERVATION:
            winner = next(b for b in new if b.type is a.type)
            conflicts.append(
                Conflict(
                    subject, a.type.value, str(winner.date), winner.sources, str(a.date), a.sources
                )
            )
        else:
            kept.append(a)
    return tuple(kept + new)


def _memberships(batch: dict[str, Any], source: str) -> list[Membership]:
    out = []
    for m in batch.get("memberships", []):
        start = PartialDate.parse(m["from"]) if m.get("from") else None
        end = PartialDate.parse(m["until"]) if m.get("until") else None
        out.append(
            Membership(
                m["organization"],
                m["member"],
                Role(m["role"]),
                Interval(start, end),
                (source,),
                m.get("note"),
                origin=batch["id"],
            )
        )
    return out
