"""Printing: JSON for machines, rich tables for people (rich is imported only when needed)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

JSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS


@dataclass
class Table:
    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]


@dataclass
class Output:
    """What a command produced: the JSON value, and how to show it to a person."""

    data: Any
    tables: list[Table]
    text: list[str]
    raw: str | None = None  # printed as it is (a citation, a file's text), not as rich text

    def emit(self, as_json: bool) -> None:
        if self.raw is not None and not as_json:
            sys.stdout.write(self.raw)
            return
        if as_json:
            # orjson writes what json.dumps(indent=2, ensure_ascii=False) writes, 10-20x faster
            sys.stdout.write(orjson.dumps(self.data, option=JSON_OPTIONS).decode() + "\n")
            return
        from rich.console import Console
        from rich.table import Table as RichTable

        console = Console(soft_wrap=False)
        for line in self.text:
            console.print(line, highlight=False)
        for t in self.tables:
            table = RichTable(title=t.title, title_justify="left", show_lines=False)
            for column in t.columns:
                table.add_column(column, overflow="fold")
            for row in t.rows:
                table.add_row(*("" if v is None else str(v) for v in row))
            console.print(table)


def out(data: Any, *text: str, tables: Sequence[Table] = ()) -> Output:
    return Output(data, list(tables), list(text))


def audit_log(entries: Sequence[Any], subject: str = "subject") -> Output:
    """The entries of a hash-chained log (:mod:`ctcoop.platform.audit`) as JSON and a table."""
    rows = [(e.seq, e.at, e.actor, e.action, e.subject, e.hash[:12]) for e in entries]
    return out(
        [e.to_json() for e in entries],
        tables=[
            Table(f"{len(entries)} entries", ["#", "at", "who", "action", subject, "hash"], rows)
        ],
    )


def audit_anchors(texts: Sequence[str]) -> list[Any]:
    """The ``--anchor SEQ:HASH`` values as anchors of :mod:`ctcoop.platform.audit`; InputError
    naming ``--anchor`` and the form it takes."""
    from ctcoop.errors import InputError
    from ctcoop.platform.audit import Anchor

    try:
        return [Anchor.parse(text) for text in texts]
    except ValueError as exc:
        raise InputError(
            f"--anchor: {exc}; give the head a previous `verify` printed", argument="--anchor"
        ) from None


def audit_verified(found: Any) -> Output:
    """The answer of a log's check (:class:`ctcoop.platform.audit.Verification`): the number of
    entries and the head to record, or a DataError naming the first broken entry (exit 3)."""
    from ctcoop.errors import DataError, Problem

    broken = found.broken
    if broken is not None:
        raise DataError(
            [
                Problem(
                    "audit_log",
                    None,
                    f"entry {broken.seq}",
                    f"the log is broken at entry {broken.seq}: {broken.reason}",
                    "restore the database from a backup and find who changed it",
                )
            ]
        )
    head = str(found.head) if found.head else None
    text = [f"the log's {found.entries} entries are intact"]
    if head:
        text.append(
            f"head: {head} (record it outside the database; `verify --anchor {head}` "
            "later shows that no entry up to it was rewritten or removed)"
        )
    return out({"ok": True, "entries": found.entries, "head": head}, *text)


def write_out(target: Path, data: bytes) -> Path:
    """Write a file whole or not at all (through ``NAME.part``); InputError naming ``--out``."""
    from ctcoop.errors import InputError

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    except OSError as exc:
        raise InputError(
            f"--out: cannot write {target}: {exc.strerror}", argument="--out"
        ) from None
    return target
