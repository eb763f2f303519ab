"""Sending policies: what a sender's rules require of a basis beyond "binding, in force, for
the purpose" — read from YAML, every field checked, every source and instrument checked against
the knowledge base."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from ctcoop.errors import DataError, Problem
from ctcoop.exchange.model import DataCategory
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.fields import Reader
from ctcoop.kb.yamlio import LineDict, read_yaml
from ctcoop.model import Level, Measure, Truth

__all__ = ["SHIPPED", "Policy", "Side", "load", "shipped"]

SHIPPED = Path(__file__).parent / "data" / "policies.yaml"
ID = r"[a-z0-9][a-z0-9-]*"


@dataclass(frozen=True, slots=True)
class Side:
    """Whom a policy concerns: the states listed, the members of an organisation on the date,
    or those who are not; empty: everyone."""

    states: tuple[str, ...] = ()
    member_of: str | None = None
    not_member_of: str | None = None

    def holds(self, kb: KnowledgeBase, state: str, on: dt.date) -> bool:
        """Whether ``state`` is on this side on ``on``; a membership the data cannot decide
        counts as holding, so that a policy applies rather than lapses on an unknown."""
        if self.states and state not in self.states:
            return False
        if self.member_of and kb.is_member(state, self.member_of, on)[0] is Truth.FALSE:
            return False
        return not (
            self.not_member_of and kb.is_member(state, self.not_member_of, on)[0] is Truth.TRUE
        )


@dataclass(frozen=True, slots=True)
class Policy:
    id: str
    says: str
    senders: Side
    recipients: Side
    data: tuple[DataCategory, ...]
    measure: Measure | None  # a binding basis for this measure is required ...
    levels: tuple[Level, ...]  # ... at one of these levels (empty: any)
    instruments: tuple[str, ...]  # or one of these instruments, binding on the date
    sources: tuple[str, ...]

    def applies(
        self,
        kb: KnowledgeBase,
        sender: str,
        recipient: str,
        data: tuple[DataCategory, ...],
        on: dt.date,
    ) -> bool:
        return (
            (not self.data or any(d in data for d in self.data))
            and self.senders.holds(kb, sender, on)
            and self.recipients.holds(kb, recipient, on)
        )


def _side(reader: Reader, rec: LineDict, name: str) -> Side:
    value = reader.mapping(rec, name, f"write '{name}: {{member_of: org:eu}}'")
    if value is None:
        return Side()
    return Side(
        reader.strings(value, "states"),
        reader.text(value, "member_of"),
        reader.text(value, "not_member_of"),
    )


def _policy(reader: Reader, rec: LineDict) -> Policy:
    ident = reader.ident(rec, "id", ID, "eu-personal-data-to-third-states")
    says = reader.req_text(rec, "says")
    senders, recipients = _side(reader, rec, "senders"), _side(reader, rec, "recipients")
    data = reader.enums(rec, "data", DataCategory)
    requires = reader.mapping(rec, "requires", "write 'requires: {measure: ..., levels: [...]}'")
    if requires is None:
        raise reader.fail(rec, "requires", "is missing", "say what the policy requires")
    measure = reader.enum(requires, "measure", Measure) if requires.get("measure") else None
    levels = reader.enums(requires, "levels", Level)
    instruments = reader.strings(requires, "instruments")
    if measure is None and not instruments:
        raise reader.fail(
            rec,
            "requires",
            "requires neither a measure nor instruments",
            "give 'measure:' (with 'levels:') or 'instruments:'",
        )
    sources = reader.sources(rec)
    return Policy(ident, says, senders, recipients, data, measure, levels, instruments, sources)


def load(path: Path, kb: KnowledgeBase) -> tuple[Policy, ...]:
    """The policies of a file; DataError naming every problem (a field no policy has, an
    unknown organisation, instrument or source)."""
    problems: list[Problem] = []
    label = str(path)
    reader = Reader(label, problems)
    data = read_yaml(path, label)
    reader.track(data)
    records = reader.guard(lambda: reader.records(data, "policies")) or []
    reader.finish(True)
    found: list[Policy] = []
    for rec in records:
        policy = reader.guard(functools.partial(_policy, reader, rec))
        reader.finish(policy is not None)
        if policy is None:
            continue
        for org in (
            policy.senders.member_of,
            policy.senders.not_member_of,
            policy.recipients.member_of,
            policy.recipients.not_member_of,
        ):
            if org and not kb.has_actor(org):
                reader.problem(rec, "senders", f"unknown organisation {org!r}")
        for inst in policy.instruments:
            if inst not in kb.instruments:
                reader.problem(rec, "requires", f"unknown instrument {inst!r}")
        for source in policy.sources:
            if source not in kb.sources:
                reader.problem(
                    rec,
                    "sources",
                    f"unknown source {source!r}",
                    "name a source of the knowledge base",
                )
        found.append(policy)
    if problems:
        raise DataError(problems)
    return tuple(found)


@functools.lru_cache(maxsize=2)
def _cached(path: str, kb: KnowledgeBase) -> tuple[Policy, ...]:
    return load(Path(path), kb)


def shipped(kb: KnowledgeBase, path: Path | None = None) -> tuple[Policy, ...]:
    """The policies in force: ``path``, else the shipped examples (read once per file)."""
    return _cached(str(path or SHIPPED), kb)
