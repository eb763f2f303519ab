"""Reading typed fields out of YAML records, collecting every problem with file, line and field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from ctcoop.errors import Problem
from ctcoop.kb.yamlio import LineDict
from ctcoop.model import Interval, PaperNote, PartialDate

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

_MISSING = object()


class FieldError(Exception):  # internal: never leaves the loader
    """One bad field; the record is skipped and the problem recorded."""


class Reader:
    """Reads the fields of one record; problems are appended to a shared list."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        # Records being read, with the fields the parser asked for: whatever else a record
        # holds is a field no parser knows (a misspelling), reported by :meth:`finish`.
        self._reading: list[tuple[LineDict, set[str]]] = []
        self._known: dict[int, set[str]] = {}

    def track(self, rec: LineDict) -> LineDict:
        if id(rec) not in self._known:
            self._known[id(rec)] = set()
            self._reading.append((rec, self._known[id(rec)]))
        return rec

    def finish(self, ok: bool) -> None:
        """End one top-level record: on success, every field no parser asked for is a problem."""
        if ok:
            for rec, known in self._reading:
                for key in rec:
                    if key not in known:
                        self._unknown_field(rec, str(key), known)
        self._reading.clear()
        self._known.clear()

    def _unknown_field(self, rec: LineDict, key: str, known: set[str]) -> None:
        import difflib

        close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
        fix = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(sorted(known))}"
        self.problem(rec, key, f"unknown field {key!r}", fix)

    def problem(self, rec: LineDict | None, field: str | None, message: str, fix: str = "") -> None:
        line = rec.line_of(field) if (rec is not None and field) else (rec.line if rec else None)
        self.problems.append(Problem(self.file, line, field, message, fix))

    def fail(self, rec: LineDict, field: str, message: str, fix: str = "") -> FieldError:
        self.problem(rec, field, message, fix)
        return FieldError(message)

    def raw(self, rec: LineDict, field: str, *, required: bool = False) -> Any:
        self.track(rec)
        self._known[id(rec)].add(field)
        value = rec.get(field)
        if value is None and required:
            misspelt = self._misspelling_of(rec, field)
            if misspelt is not None:  # say what was written, not only what is missing
                self.problem(
                    rec, misspelt, f"unknown field {misspelt!r}", f"did you mean '{field}'?"
                )
            raise self.fail(rec, field, "is missing", f"add '{field}:' to the record")
        return value

    @staticmethod
    def _misspelling_of(rec: LineDict, field: str) -> str | None:
        import difflib

        keys = [str(k) for k in rec if rec.get(k) is not None]
        close = difflib.get_close_matches(field, keys, n=1, cutoff=0.6)
        return close[0] if close else None

    def text(self, rec: LineDict, field: str, *, required: bool = False) -> str | None:
        value = self.raw(rec, field, required=required)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            raise self.fail(rec, field, "must be text", f"write '{field}: some text'")
        return str(value).strip()

    def req_text(self, rec: LineDict, field: str) -> str:
        value = self.text(rec, field, required=True)
        assert value is not None
        if not value:
            raise self.fail(rec, field, "is empty", f"give '{field}' a value")
        return value

    def ident(self, rec: LineDict, field: str, pattern: str, example: str) -> str:
        value = self.req_text(rec, field)
        if not re.fullmatch(pattern, value):
            raise self.fail(rec, field, f"{value!r} is not a valid id", f"write it like {example}")
        return value

    def date(self, rec: LineDict, field: str, *, required: bool = False) -> PartialDate | None:
        value = self.raw(rec, field, required=required)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        try:
            return PartialDate.parse(value)
        except (ValueError, TypeError):
            raise self.fail(
                rec, field, f"{value!r} is not a date", "write YYYY, YYYY-MM or YYYY-MM-DD"
            ) from None

    def req_date(self, rec: LineDict, field: str) -> PartialDate:
        value = self.date(rec, field, required=True)
        assert value is not None
        return value

    def interval(self, rec: LineDict, start: str = "from", end: str = "until") -> Interval:
        try:
            return Interval(self.date(rec, start), self.date(rec, end))
        except ValueError as exc:
            raise self.fail(rec, end, str(exc), f"check '{start}' and '{end}'") from None

    def enum(self, rec: LineDict, field: str, cls: type[E], default: E | None = None) -> E:
        value = self.raw(rec, field)
        if value is None:
            if default is not None:
                return default
            misspelt = self._misspelling_of(rec, field)
            if misspelt is not None:
                self.problem(
                    rec, misspelt, f"unknown field {misspelt!r}", f"did you mean '{field}'?"
                )
            raise self.fail(rec, field, "is missing", f"use one of: {_choices(cls)}")
        try:
            return cls(str(value))
        except ValueError:
            raise self.fail(
                rec, field, f"{value!r} is not allowed", f"use one of: {_choices(cls)}"
            ) from None

    def enums(self, rec: LineDict, field: str, cls: type[E]) -> tuple[E, ...]:
        values = self.strings(rec, field)
        out = []
        for value in values:
            try:
                out.append(cls(value))
            except ValueError:
                raise self.fail(
                    rec, field, f"{value!r} is not allowed", f"use one of: {_choices(cls)}"
                ) from None
        return tuple(out)

    def strings(self, rec: LineDict, field: str) -> tuple[str, ...]:
        value = self.raw(rec, field)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            raise self.fail(rec, field, "must be a list of values", f"write '{field}: [a, b]'")
        return tuple(str(v).strip() for v in value)

    def records(self, rec: LineDict, field: str) -> list[LineDict]:
        value = self.raw(rec, field)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, LineDict) for v in value):
            raise self.fail(
                rec,
                field,
                "must be a list of mappings",
                f"write '{field}:' entries as '- key: value'",
            )
        return list(value)  # each is tracked when its parser reads its first field

    def sources(self, rec: LineDict, *, inherited: tuple[str, ...] = ()) -> tuple[str, ...]:
        found = self.strings(rec, "sources")
        if not found and not inherited:
            raise self.fail(
                rec,
                "sources",
                "every fact needs at least one source",
                "add 'sources: [src:...]' naming a source declared in a 'sources:' section",
            )
        return found or inherited

    def paper(self, rec: LineDict) -> PaperNote | None:
        value = self.mapping(rec, "paper", "write 'paper: {section: ..., says: {...}}'")
        if value is None:
            return None
        says = self.raw(value, "says") or {}
        if not isinstance(says, dict):
            raise self.fail(rec, "paper", "'says' must be a mapping of field to value")
        section = self.raw(value, "section")
        note = self.raw(value, "note")
        return PaperNote(
            None if section is None else str(section),
            tuple((str(k), _show(v)) for k, v in says.items()),
            None if note is None else str(note),
        )

    def mapping(self, rec: LineDict, field: str, example: str) -> LineDict | None:
        """A nested mapping whose own fields are checked like a record's."""
        value = self.raw(rec, field)
        if value is None:
            return None
        if not isinstance(value, LineDict):
            raise self.fail(rec, field, "must be a mapping", example)
        return self.track(value)

    def flag(self, rec: LineDict, field: str) -> bool | None:
        value = self.raw(rec, field)
        if value is None or isinstance(value, bool):
            return value
        raise self.fail(
            rec, field, f"{value!r} is not true or false", "write true, false, or leave it out"
        )

    def guard(self, func: Callable[[], T]) -> T | None:
        """Run one record's parser; a bad field skips the record (its problem is recorded)."""
        mark = len(self._reading)
        try:
            return func()
        except FieldError:
            for rec, _ in self._reading[mark:]:
                self._known.pop(id(rec), None)
            del self._reading[mark:]
            return None


def _show(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _choices(cls: type[StrEnum]) -> str:
    return ", ".join(m.value for m in cls)


def parse_each(
    reader: Reader, records: list[LineDict], parse: Callable[[Reader, LineDict], T]
) -> list[T]:
    """Parse each top-level record with ``parse``; a bad one is skipped, its problems recorded,
    and the fields no parser asked for reported."""
    import functools

    out = []
    for rec in records:
        item = reader.guard(functools.partial(parse, reader, rec))
        reader.finish(item is not None)
        if item is not None:
            out.append(item)
    return out
