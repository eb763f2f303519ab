"""Reading arguments from people and programs: one place for every interface (CLI, API, web).

Each function raises :class:`InputError` naming the argument and listing what is allowed.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TypeVar

from ctcoop.errors import InputError
from ctcoop.kb import KnowledgeBase
from ctcoop.model import Measure, parse_day, parse_measure

E = TypeVar("E", bound=StrEnum)


def on_date(text: str | None, name: str = "on") -> dt.date:
    """A query date, YYYY-MM-DD; today when not given."""
    if text is None or not str(text).strip():
        return dt.date.today()
    try:
        return parse_day(text)
    except ValueError as exc:
        raise InputError(f"{name}: {exc}", argument=name) from None


def choice(cls: type[E], value: str | None, name: str) -> E | None:
    """A value of a closed vocabulary (level, kind, role, ...), or None when not given."""
    if value is None:
        return None
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(m.value for m in cls)
        raise InputError(
            f"{name}: {value!r} is not allowed; use one of: {choices}", argument=name
        ) from None


def measure(value: str | None, name: str = "measure") -> Measure | None:
    """A measure of the vocabulary (case and hyphens forgiven), or None when not given."""
    if value is None:
        return None
    try:
        return parse_measure(value)
    except ValueError as exc:
        raise InputError(f"{name}: {exc}", argument=name) from None


def required_measure(value: str, name: str = "measure") -> Measure:
    found = measure(value, name)
    if found is None:
        raise InputError(f"{name}: a measure is needed", argument=name)
    return found


MAX_ITEMS = 300  # ids in one comma-separated argument, after removing repeats


def id_list(text: str, name: str, limit: int = MAX_ITEMS) -> list[str]:
    """A comma-separated list of ids: stripped, each once, at most ``limit`` (a clear error
    beyond it, before any work is done)."""
    parts = list(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
    if len(parts) > limit:
        raise InputError(
            f"{name}: {len(parts)} different ids given; at most {limit} are allowed in one request",
            argument=name,
        )
    return parts


def state_ids(kb: KnowledgeBase, text: str | None, name: str = "states") -> list[str] | None:
    """Comma-separated states in any common spelling, resolved, each once; None when absent."""
    if text is None or not text.strip():
        return None
    return list(dict.fromkeys(kb.resolve_state(s).id for s in id_list(text, name)))


def instrument_ids(kb: KnowledgeBase, text: str, name: str = "instruments") -> list[str]:
    """Comma-separated instrument or set ids (``set:universal-12``) expanded, each id once."""
    out: list[str] = []
    for part in id_list(text, name):
        out += (
            kb.instrument_set(part).instruments
            if part.startswith("set:")
            else [kb.instrument(part).id]
        )
    if not out:
        raise InputError(f"{name}: give at least one id", argument=name)
    return list(dict.fromkeys(out))
