"""Mechanisms that carry cooperation out, dated events, and named sets of instruments."""

from __future__ import annotations

from dataclasses import dataclass, field

from ctcoop.model.actors import Level
from ctcoop.model.dates import Interval, PartialDate
from ctcoop.model.measures import Measure
from ctcoop.model.sources import PaperNote


@dataclass(frozen=True)
class Mechanism:
    id: str
    name: str
    kind: str
    level: Level
    sources: tuple[str, ...]
    organization: str | None = None
    body: str | None = None
    established_by: str | None = None
    participants: tuple[str, ...] = ()
    measures: tuple[Measure, ...] = ()
    active: Interval = field(default_factory=Interval)
    summary: str | None = None
    paper: PaperNote | None = None


@dataclass(frozen=True)
class Event:
    id: str
    date: PartialDate
    kind: str
    title: str
    sources: tuple[str, ...]
    level: Level | None = None
    actors: tuple[str, ...] = ()
    mechanism: str | None = None
    instrument: str | None = None
    end: PartialDate | None = None
    paper: PaperNote | None = None


@dataclass(frozen=True)
class InstrumentSet:
    id: str
    title: str
    instruments: tuple[str, ...]
    sources: tuple[str, ...]
