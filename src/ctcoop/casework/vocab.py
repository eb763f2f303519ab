"""The casework vocabularies, read from the YAML files beside this module and validated:

- ``offences.yaml``: the offences a request may concern, each with where the knowledge base
  records it defined (an instrument and the article of one of its provisions);
- ``grounds.yaml``: the grounds of refusal and conditions, and which provision flag decides each
  under an instrument (excluded, preserved, left to national law);
- ``checklist.yaml``: what ctcoop requires of a case before it is "ready" (and what a given
  instrument requires, when it is the basis);
- ``deadlines.yaml``: time limits an instrument sets, counted from an event of the case.

Every field is checked (an unknown one is an error naming its file, line and a "did you mean");
:func:`check` also checks the offences' instruments and articles against the knowledge base.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ctcoop.errors import DataError, Problem
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.fields import Reader, parse_each
from ctcoop.kb.yamlio import LineDict, read_yaml
from ctcoop.model import Measure
from ctcoop.model.instruments import Flag

__all__ = [
    "CheckItem",
    "Ground",
    "GroundStatus",
    "Offence",
    "Vocabulary",
    "check",
    "vocabulary",
]

DATA = Path(__file__).parent / "data"
ID = r"[a-z][a-z0-9_]*"


class GroundStatus(StrEnum):
    """How an instrument treats a ground of refusal."""

    EXCLUDED = "excluded"  # the instrument bars refusal on this ground
    PRESERVED = "preserved"  # the instrument keeps the requested state's right to refuse
    NATIONAL_LAW = "national_law"  # the instrument leaves it to the requested state's law
    NOT_RECORDED = "not_recorded"  # the knowledge base records no provision on it


class KindFamily(StrEnum):
    EXTRADITION = "extradition"
    MLA = "mla"


@dataclass(frozen=True, slots=True)
class Definition:
    instrument: str
    article: str


@dataclass(frozen=True, slots=True)
class Offence:
    id: str
    label: str
    defined_in: tuple[Definition, ...]

    def articles_in(self, instrument: str) -> tuple[str, ...]:
        return tuple(d.article for d in self.defined_in if d.instrument == instrument)


@dataclass(frozen=True, slots=True)
class Decision:
    flag: Flag
    status: GroundStatus
    says: str


@dataclass(frozen=True, slots=True)
class Ground:
    id: str
    label: str
    measures: tuple[Measure, ...]
    decided_by: tuple[Decision, ...]


@dataclass(frozen=True, slots=True)
class CheckItem:
    id: str
    label: str
    field: str
    kinds: tuple[KindFamily, ...]
    essential: bool
    instrument: str | None = None  # only when this instrument is the basis
    article: str | None = None


class CaseEvent(StrEnum):
    """A dated event of a case from which a time limit runs."""

    APPREHENDED = "apprehended"


@dataclass(frozen=True, slots=True)
class Deadline:
    instrument: str
    article: str
    kinds: tuple[KindFamily, ...]
    event: CaseEvent
    months: int
    label: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    offences: dict[str, Offence]
    grounds: tuple[Ground, ...]
    checklist: tuple[CheckItem, ...]
    deadlines: tuple[Deadline, ...] = ()


def _section(path: Path, key: str, problems: list[Problem]) -> tuple[Reader, list[LineDict]]:
    label = f"casework/data/{path.name}"
    reader = Reader(label, problems)
    try:
        data = read_yaml(path, label)
    except DataError as exc:
        problems.extend(exc.problems)
        return reader, []
    reader.track(data)
    records = reader.guard(lambda: reader.records(data, key)) or []
    reader.finish(True)
    return reader, records


def _offence(reader: Reader, rec: LineDict) -> Offence:
    ident = reader.ident(rec, "id", ID, "terrorist_bombing")
    label = reader.req_text(rec, "label")
    defined = []
    for d in reader.records(rec, "defined_in"):
        instrument = reader.req_text(d, "instrument")
        article = reader.req_text(d, "article")
        defined.append(Definition(instrument, article))
    return Offence(ident, label, tuple(defined))


def _ground(reader: Reader, rec: LineDict) -> Ground:
    ident = reader.ident(rec, "id", ID, "political_offence")
    label = reader.req_text(rec, "label")
    measures = reader.enums(rec, "measures", Measure)
    decided = []
    for d in reader.records(rec, "decided_by"):
        flag = reader.enum(d, "flag", Flag)
        status = reader.enum(d, "status", GroundStatus)
        decided.append(Decision(flag, status, reader.req_text(d, "says")))
    return Ground(ident, label, measures, tuple(decided))


def _item(reader: Reader, rec: LineDict) -> CheckItem:
    ident = reader.ident(rec, "id", ID, "facts")
    label = reader.req_text(rec, "label")
    field = reader.ident(rec, "field", ID, "facts")
    kinds = reader.enums(rec, "kinds", KindFamily)
    essential = bool(reader.flag(rec, "essential"))
    instrument, article = reader.text(rec, "instrument"), reader.text(rec, "article")
    if (instrument is None) != (article is None):
        raise reader.fail(
            rec,
            "article",
            "an instrument's item names both the instrument and the article",
            "give both 'instrument:' and 'article:', or neither",
        )
    return CheckItem(ident, label, field, kinds, essential, instrument, article)


def _deadline(reader: Reader, rec: LineDict) -> Deadline:
    instrument = reader.req_text(rec, "instrument")
    article = reader.req_text(rec, "article")
    kinds = reader.enums(rec, "kinds", KindFamily)
    event = reader.enum(rec, "event", CaseEvent)
    months = reader.raw(rec, "months", required=True)
    if not isinstance(months, int) or isinstance(months, bool) or not 0 < months <= 120:
        raise reader.fail(
            rec,
            "months",
            f"{months!r} is not a number of months",
            "write a whole number from 1 to 120",
        )
    return Deadline(instrument, article, kinds, event, months, reader.req_text(rec, "label"))


def load(directory: Path = DATA) -> Vocabulary:
    """Read and validate the three files; DataError naming every problem."""
    problems: list[Problem] = []
    reader, records = _section(directory / "offences.yaml", "offences", problems)
    offences = parse_each(reader, records, _offence)
    reader, records = _section(directory / "grounds.yaml", "grounds", problems)
    grounds = parse_each(reader, records, _ground)
    reader, records = _section(directory / "checklist.yaml", "checklist", problems)
    items = parse_each(reader, records, _item)
    reader, records = _section(directory / "deadlines.yaml", "deadlines", problems)
    deadlines = parse_each(reader, records, _deadline)
    by_id: dict[str, Offence] = {}
    for o in offences:
        if o.id in by_id:
            problems.append(
                Problem("casework/data/offences.yaml", None, "id", f"{o.id!r} is defined twice")
            )
        by_id[o.id] = o
    if problems:
        raise DataError(problems)
    return Vocabulary(by_id, tuple(grounds), tuple(items), tuple(deadlines))


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The shipped vocabularies (read once)."""
    return load()


def check(kb: KnowledgeBase, vocab: Vocabulary | None = None) -> list[Problem]:
    """The offences' instruments and articles that the knowledge base does not hold."""
    vocab = vocab or vocabulary()
    cited = [
        ("offences.yaml", offence.id, d.instrument, d.article)
        for offence in vocab.offences.values()
        for d in offence.defined_in
    ]
    cited += [
        ("checklist.yaml", item.id, item.instrument, item.article)
        for item in vocab.checklist
        if item.instrument is not None and item.article is not None
    ]
    cited += [
        ("deadlines.yaml", f"{d.instrument} art. {d.article}", d.instrument, d.article)
        for d in vocab.deadlines
    ]
    problems = []
    for file, what, instrument, article in cited:
        inst = kb.instruments.get(instrument)
        if inst is None:
            problems.append(
                Problem(
                    f"casework/data/{file}",
                    None,
                    "instrument",
                    f"{what}: unknown instrument {instrument!r}",
                    "name an instrument of the knowledge base",
                )
            )
        elif not any(p.article == article for p in inst.provisions):
            problems.append(
                Problem(
                    f"casework/data/{file}",
                    None,
                    "article",
                    f"{what}: {instrument} has no provision {article!r} in the knowledge base",
                    "name the article of a provision of the knowledge base that states it",
                )
            )
    return problems
