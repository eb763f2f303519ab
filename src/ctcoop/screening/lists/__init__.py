"""Sanctions list parsers: the UN Consolidated List XML, OFAC's legacy CSVs, the EU FSF CSV.

Each returns a :class:`ListSnapshot` of FollowTheMoney entities; :func:`load_list` picks the
parser from ``kind`` or from the file itself.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from ctcoop.errors import InputError
from ctcoop.screening.lists.common import (
    DEFAULT_MAX_BYTES,
    ORIGINAL_SCRIPT,
    ListSnapshot,
    fail,
    original_script_names,
    without_original_script,
)
from ctcoop.screening.lists.eu import looks_like_eu, parse_eu
from ctcoop.screening.lists.ofac import LAYOUTS, parse_ofac
from ctcoop.screening.lists.un import parse_un

__all__ = [
    "DEFAULT_MAX_BYTES",
    "KINDS",
    "ORIGINAL_SCRIPT",
    "ListSnapshot",
    "detect_kind",
    "load_list",
    "original_script_names",
    "without_original_script",
]

Parser = Callable[..., ListSnapshot]
KINDS: dict[str, Parser] = {"un": parse_un, "ofac": parse_ofac, "eu": parse_eu}


def detect_kind(path: Path) -> str:
    """``un``, ``ofac`` or ``eu``, from the file's name and first bytes."""
    primaries = {files[0] for files in LAYOUTS.values()}
    if path.is_dir() or path.name in primaries:
        return "ofac"
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise fail(
            path, None, None, f"cannot read the file: {exc.strerror or exc}", "check the path"
        ) from None
    if b"<CONSOLIDATED_LIST" in head or path.suffix.lower() == ".xml":
        return "un"
    if looks_like_eu(head):
        return "eu"
    raise InputError(
        f"cannot tell which list {path} is; name it with --list un|ofac|eu",
        argument="--list",
    )


def load_list(path: Path, kind: str | None = None, *, max_bytes: int | None = None) -> ListSnapshot:
    """Parse ``path`` as a list of ``kind`` (detected when None)."""
    if not path.exists():
        raise InputError(f"no such file: {path}", argument="FILE")
    chosen = kind or detect_kind(path)
    parser = KINDS.get(chosen)
    if parser is None:
        raise InputError(
            f"unknown list kind {chosen!r}; use one of: {', '.join(KINDS)}", argument="--list"
        )
    try:
        return parser(path, max_bytes=max_bytes)
    except (csv.Error, UnicodeError, RecursionError) as exc:
        from ctcoop.errors import Problem
        from ctcoop.screening.lists.common import ListDataError

        raise ListDataError(
            [Problem(str(path), None, None, f"the file cannot be read: {exc}", "check the file")]
        ) from None
