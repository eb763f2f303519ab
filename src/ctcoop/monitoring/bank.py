"""The question bank of implementation monitoring, read from ``data/questions.yaml`` and checked
against the knowledge base: every question cites operative paragraphs the knowledge base records
for its resolution (its measures are theirs), a section of the bank, FATF Recommendations the bank
sources, and how the knowledge base derives its answer, where it can.

A question with ``derive: {each_party_to: SET}`` stands for one question per instrument of the
set ("is the State party to ...?"); its ids are ``QUESTION/INSTRUMENT``.

The answers are on one fixed five-step scale (:class:`Score`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ctcoop.errors import DataError, InputError, Problem
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.fields import Reader, parse_each
from ctcoop.kb.yamlio import LineDict, read_yaml
from ctcoop.model import Level, Measure

__all__ = [
    "SCALE",
    "Bank",
    "BoundBy",
    "FatfItem",
    "NotAssessed",
    "Question",
    "Score",
    "Section",
    "bank",
    "load",
    "score",
]

DATA = Path(__file__).parent / "data" / "questions.yaml"
LABEL = "monitoring/data/questions.yaml"
ID = r"[0-9]{3,4}-[0-9a-z]+"
SECTION_ID = r"[a-z][a-z_]*"
FATF_ID = re.compile(r"(R\.([1-9]|[1-3][0-9]|40)|IO\.([1-9]|1[01]))")


class Score(StrEnum):
    """The five steps of an answer, from nothing in place to fully in place."""

    NONE = "none"
    LIMITED = "limited"
    PARTIAL = "partial"
    SUBSTANTIAL = "substantial"
    FULL = "full"

    @property
    def points(self) -> int:
        """0 (none) to 4 (full)."""
        return list(Score).index(self)

    @property
    def shortfall(self) -> bool:
        """Partial or less: a gap a report lists."""
        return self.points <= 2


SCALE: dict[Score, str] = {
    Score.NONE: "no measure in place",
    Score.LIMITED: "first steps taken; most of the obligation unmet",
    Score.PARTIAL: "measures in place for part of the obligation",
    Score.SUBSTANTIAL: "largely in place; minor gaps",
    Score.FULL: "fully in place",
}


def score(text: str | int, argument: str = "score") -> Score:
    """A step of the scale from its name or its number (0-4); InputError naming the scale."""
    value = str(text).strip().lower()
    if value.isdigit() and int(value) < len(Score):
        return list(Score)[int(value)]
    try:
        return Score(value)
    except ValueError:
        steps = ", ".join(f"{s.points} {s.value}" for s in Score)
        raise InputError(
            f"{argument}: {text!r} is not a step of the scale; use one of: {steps}",
            argument=argument,
        ) from None


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class FatfItem:
    id: str
    label: str
    source: str  # title, body and address of the source that states it


@dataclass(frozen=True, slots=True)
class BoundBy:
    """Derived: full when a binding instrument of ``levels`` with a "shall" provision on one of
    ``measures`` is in force for the state."""

    levels: tuple[Level, ...]
    measures: tuple[Measure, ...]


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    resolution: str  # the instrument id, e.g. unsc-1373
    paragraphs: tuple[str, ...]
    section: str
    text: str
    measures: tuple[Measure, ...]  # those of its paragraphs in the knowledge base
    fatf: tuple[str, ...] = ()
    party_to: str | None = None  # derived from party status of this instrument
    bound_by: BoundBy | None = None

    @property
    def derivable(self) -> bool:
        return self.party_to is not None or self.bound_by is not None

    def to_json(self) -> dict[str, object]:
        derive: dict[str, object] | None = None
        if self.party_to is not None:
            derive = {"party_to": self.party_to}
        elif self.bound_by is not None:
            derive = {
                "bound_by": {
                    "levels": [lv.value for lv in self.bound_by.levels],
                    "measures": [m.value for m in self.bound_by.measures],
                }
            }
        return {
            "id": self.id,
            "resolution": self.resolution,
            "paragraphs": list(self.paragraphs),
            "section": self.section,
            "text": self.text,
            "measures": [m.value for m in self.measures],
            "fatf": list(self.fatf),
            "derive": derive,
        }


@dataclass(frozen=True, slots=True)
class NotAssessed:
    """Paragraphs the bank records and does not ask about, and why (e.g. a direction to the
    Committee)."""

    resolution: str
    paragraphs: tuple[str, ...]
    section: str
    why: str


@dataclass(frozen=True)
class Bank:
    sections: tuple[Section, ...]
    fatf: dict[str, FatfItem]
    questions: tuple[Question, ...]
    not_assessed: tuple[NotAssessed, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})

    def question(self, ident: str) -> Question:
        found: Question | None = self._by_id.get(ident)  # type: ignore[attr-defined]
        if found is None:
            import difflib

            close = difflib.get_close_matches(ident, list(self._by_id), n=3)  # type: ignore[attr-defined]
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise InputError(
                f"question: {ident!r} is not in the question bank{hint} "
                "(ctcoop assess questions lists them)",
                argument="question",
            )
        return found

    @staticmethod
    def scale_steps() -> tuple[Score, ...]:
        return tuple(Score)

    def section_label(self, ident: str) -> str:
        return next((s.label for s in self.sections if s.id == ident), ident)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A record of the file, before expansion against the knowledge base."""

    rec: LineDict
    id: str
    resolution: str
    paragraphs: tuple[str, ...]
    section: str
    text: str
    fatf: tuple[str, ...]
    each_party_to: str | None
    bound_by: BoundBy | None


def _section(reader: Reader, rec: LineDict) -> Section:
    return Section(
        reader.ident(rec, "id", SECTION_ID, "counter_financing"), reader.req_text(rec, "label")
    )


def _fatf(reader: Reader, rec: LineDict) -> FatfItem:
    ident = reader.req_text(rec, "id")
    if not FATF_ID.fullmatch(ident):
        raise reader.fail(
            rec, "id", f"{ident!r} is not a FATF item", "write R.1-R.40 or IO.1-IO.11"
        )
    source = reader.mapping(rec, "source", "source: {title: ..., body: ..., url: ...}")
    if source is None:
        raise reader.fail(rec, "source", "a FATF item needs the source that states it")
    parts = [reader.req_text(source, "title"), reader.req_text(source, "body")]
    parts.append(reader.req_text(source, "url"))
    return FatfItem(ident, reader.req_text(rec, "label"), "; ".join(parts))


def _entry(reader: Reader, rec: LineDict) -> _Entry:
    ident = reader.ident(rec, "id", ID, "1373-1a")
    resolution = reader.req_text(rec, "instrument")
    paragraphs = reader.strings(rec, "paragraphs")
    if not paragraphs:
        raise reader.fail(
            rec, "paragraphs", "a question cites at least one paragraph", '["OP 1(a)"]'
        )
    section = reader.req_text(rec, "section")
    text = reader.req_text(rec, "text")
    fatf = reader.strings(rec, "fatf")
    each, bound = None, None
    derive = reader.mapping(rec, "derive", "derive: {each_party_to: set:universal-19}")
    if derive is not None:
        each = reader.text(derive, "each_party_to")
        spec = reader.mapping(derive, "bound_by", "bound_by: {levels: [...], measures: [...]}")
        if spec is not None:
            bound = BoundBy(
                reader.enums(spec, "levels", Level), reader.enums(spec, "measures", Measure)
            )
        if (each is None) == (bound is None):
            raise reader.fail(
                rec, "derive", "derive names one rule", "give each_party_to: or bound_by:, one"
            )
    if each is not None and "{instrument}" not in text:
        raise reader.fail(
            rec, "text", "a question asked per instrument names it", "put {instrument} in the text"
        )
    return _Entry(rec, ident, resolution, paragraphs, section, text, fatf, each, bound)


def _not_assessed(reader: Reader, rec: LineDict) -> NotAssessed:
    paragraphs = reader.strings(rec, "paragraphs")
    if not paragraphs:
        raise reader.fail(rec, "paragraphs", "name the paragraphs", '["OP 7"]')
    return NotAssessed(
        reader.req_text(rec, "instrument"),
        paragraphs,
        reader.req_text(rec, "section"),
        reader.req_text(rec, "why"),
    )


def _check_not_assessed(
    kb: KnowledgeBase,
    reader: Reader,
    records: list[LineDict],
    found: list[NotAssessed],
    sections: list[Section],
) -> None:
    ids = {s.id for s in sections}
    for rec, item in zip(records, found, strict=False):
        inst = kb.instruments.get(item.resolution)
        articles = {p.article for p in inst.provisions} if inst else set()
        unknown = [p for p in item.paragraphs if p not in articles]
        if inst is None or unknown:
            reader.problem(
                rec,
                "paragraphs",
                f"{item.resolution} has no paragraph {', '.join(map(repr, unknown))} in the "
                "knowledge base",
                "name paragraphs the knowledge base records",
            )
        if item.section not in ids:
            reader.problem(
                rec, "section", f"unknown section {item.section!r}", ", ".join(sorted(ids))
            )


def load(kb: KnowledgeBase, path: Path = DATA) -> Bank:
    """Read and check the bank against ``kb``; DataError naming every problem (file, line,
    field, fix)."""
    problems: list[Problem] = []
    reader = Reader(LABEL if path == DATA else path.name, problems)
    data = read_yaml(path, reader.file)
    reader.track(data)
    parts: dict[str, list[LineDict]] = {}
    for key in ("sections", "fatf", "questions", "not_assessed"):
        parts[key] = reader.guard(functools.partial(reader.records, data, key)) or []
    reader.finish(True)
    sections = parse_each(reader, parts["sections"], _section)
    fatf = {f.id: f for f in parse_each(reader, parts["fatf"], _fatf)}
    entries = parse_each(reader, parts["questions"], _entry)
    questions = _expand(kb, reader, sections, fatf, entries)
    skipped = parse_each(reader, parts["not_assessed"], _not_assessed)
    if len(skipped) == len(parts["not_assessed"]):
        _check_not_assessed(kb, reader, parts["not_assessed"], skipped, sections)
    if problems:
        raise DataError(problems)
    return Bank(tuple(sections), fatf, tuple(questions), tuple(skipped))


def _expand(
    kb: KnowledgeBase,
    reader: Reader,
    sections: list[Section],
    fatf: dict[str, FatfItem],
    entries: list[_Entry],
) -> list[Question]:
    section_ids = {s.id for s in sections}
    seen: set[str] = set()
    out: list[Question] = []
    for e in entries:
        if e.id in seen:
            reader.problem(
                e.rec, "id", f"{e.id!r} is defined twice", "give each question its own id"
            )
            continue
        seen.add(e.id)
        inst = kb.instruments.get(e.resolution)
        if inst is None:
            reader.problem(
                e.rec,
                "instrument",
                f"unknown instrument {e.resolution!r}",
                "name a resolution of the knowledge base",
            )
            continue
        provisions = {p.article: p for p in inst.provisions}
        unknown = [p for p in e.paragraphs if p not in provisions]
        if unknown:
            reader.problem(
                e.rec,
                "paragraphs",
                f"{e.id}: {e.resolution} has no paragraph {', '.join(map(repr, unknown))} in the "
                "knowledge base",
                "cite a paragraph the knowledge base records (ctcoop instrument "
                f"{e.resolution}), or record it there first, from the resolution's text",
            )
            continue
        if e.section not in section_ids:
            reader.problem(
                e.rec,
                "section",
                f"unknown section {e.section!r}",
                f"use one of: {', '.join(sorted(section_ids))}",
            )
            continue
        missing = [f for f in e.fatf if f not in fatf]
        if missing:
            reader.problem(
                e.rec,
                "fatf",
                f"{', '.join(missing)} not among the bank's sourced FATF items",
                "add it under fatf: with its source, or leave it out",
            )
            continue
        measures = tuple(dict.fromkeys(m for p in e.paragraphs for m in provisions[p].measures))
        base = Question(
            e.id, e.resolution, e.paragraphs, e.section, e.text, measures, e.fatf, None, e.bound_by
        )
        if e.each_party_to is None:
            out.append(base)
            continue
        members = kb.sets.get(e.each_party_to)
        if members is None:
            reader.problem(
                e.rec,
                "derive",
                f"unknown set {e.each_party_to!r}",
                "name a set of the knowledge base, e.g. set:universal-19",
            )
            continue
        for instrument in members.instruments:
            out.append(
                Question(
                    f"{e.id}/{instrument}",
                    e.resolution,
                    e.paragraphs,
                    e.section,
                    e.text.replace("{instrument}", kb.instrument(instrument).title),
                    measures,
                    e.fatf,
                    instrument,
                )
            )
    return out


def bank(kb: KnowledgeBase) -> Bank:
    """The shipped bank checked against ``kb`` (kept with the knowledge base, which is
    immutable)."""
    key = ("monitoring-bank",)
    found = kb.memo.get(key)
    if found is None:
        found = kb.memo[key] = load(kb)
    assert isinstance(found, Bank)
    return found
