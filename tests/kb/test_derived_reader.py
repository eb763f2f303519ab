"""Records are read from their model dataclass: a field declared in ``ctcoop.model`` is read by its
type under its own name, with no reader written for it, and anything else in a record is refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from ctcoop.errors import Problem
from ctcoop.kb.fields import FieldError, Reader
from ctcoop.kb.records import PARSERS, _derived, _plan
from ctcoop.kb.yamlio import read_yaml
from ctcoop.model import Interval, Level, Measure, PartialDate


@dataclasses.dataclass(frozen=True)
class Sample:
    """A record kind the reader has never seen: every supported type of field."""

    title: str
    level: Level
    sources: tuple[str, ...]
    note: str | None = None
    since: PartialDate | None = None
    tier: Level | None = None
    aliases: tuple[str, ...] = ()
    measures: tuple[Measure, ...] = ()
    active: Interval = dataclasses.field(default_factory=Interval)
    secret: bool | None = None


def record(tmp_path: Path, text: str) -> tuple[Reader, object]:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    reader = Reader("x.yaml", problems)
    rec = read_yaml(path, "x.yaml")["items"][0]
    reader.track(rec)
    return reader, rec


def test_a_new_record_kind_is_read_from_its_fields_alone(tmp_path: Path) -> None:
    reader, rec = record(
        tmp_path,
        "items:\n  - title: A\n    level: regional\n    sources: [src:x]\n    since: 2001-06\n"
        "    aliases: [b, c]\n    measures: [extradition]\n    from: 2002\n    secret: true\n",
    )
    found = _derived(reader, rec, Sample)
    reader.finish(ok=True)
    assert found == Sample(
        title="A",
        level=Level.REGIONAL,
        sources=("src:x",),
        since=PartialDate.parse("2001-06"),
        aliases=("b", "c"),
        measures=(Measure.EXTRADITION,),
        active=Interval(PartialDate.parse("2002"), None),
        secret=True,
    )
    assert reader.problems == []


def test_a_misspelt_or_missing_field_is_named_with_its_line(tmp_path: Path) -> None:
    reader, rec = record(
        tmp_path, "items:\n  - title: A\n    levle: regional\n    sources: [src:x]\n"
    )
    with pytest.raises(FieldError):
        _derived(reader, rec, Sample)
    first = reader.problems[0]
    assert (first.line, first.field, first.fix) == (3, "levle", "did you mean 'level'?")
    reader, rec = record(
        tmp_path, "items:\n  - title: A\n    level: regional\n    sources: [src:x]\n    nte: x\n"
    )
    _derived(reader, rec, Sample)
    reader.finish(ok=True)
    assert [(p.line, p.field, p.fix) for p in reader.problems] == [
        (5, "nte", "did you mean 'note'?")
    ]


def test_every_field_of_every_record_kind_is_read_or_declared() -> None:
    """No record kind leaves a field of its model class unread by accident: planning a class
    whose field type cannot be read generically fails loudly (the record kind must give it)."""
    from ctcoop.model import Agency, Body, Event, InstrumentSet, Mechanism, Organization, Source

    for cls in (Source, Organization, Body, Agency, Mechanism, Event, InstrumentSet):
        plan = dict(_plan(cls))
        assert all(read is not None for name, read in plan.items() if name != "sources"), cls
    assert set(PARSERS) >= {"sources", "instruments", "participations", "regimes"}
