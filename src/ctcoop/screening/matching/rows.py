"""Reading a batch CSV without losing a row: strict records, clear rejects, known encodings.

A row is one CSV record. A quoted field may hold line breaks, so a record may span physical
lines; but a quote that is never closed must not swallow the rows after it. So a record that is
still open after ``MAX_RECORD_LINES`` lines (or ``MAX_FIELD`` characters per column) is rejected
on its first line alone, and reading goes on from the next line. Every record comes out either
as cells or as a reject with its line and the reason; nothing is dropped silently.

Encodings: a byte-order mark decides (UTF-8, UTF-16); otherwise UTF-8, or the encoding given
(``--encoding latin-1``). Bytes that are not in the encoding stop the run with the line named,
since every later row would be misread as well.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ctcoop.errors import DataError, InputError, Problem

MAX_FIELD = 4096  # characters in one cell
MAX_RECORD_LINES = 20  # physical lines one record may span (names with line breaks)
ENCODINGS = ("utf-8", "utf-16", "latin-1", "cp1252")


@dataclass(frozen=True, slots=True)
class Record:
    """One record of the file: its number (data rows from 1), the line it starts on, and either
    its cells by column or why it was rejected."""

    number: int
    line: int
    cells: dict[str, str] | None
    raw: str
    error: str | None = None
    field: str | None = None


def _encoding(path: Path, given: str | None) -> str:
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if given is None:
        return "utf-8"
    try:
        codecs.lookup(given)
    except LookupError:
        raise InputError(
            f"--encoding: {given!r} is not an encoding; use one of {', '.join(ENCODINGS)}",
            argument="encoding",
        ) from None
    return given


def _lines(path: Path, encoding: str) -> Iterator[tuple[int, str]]:
    if encoding == "utf-16":  # two-byte line breaks: decode as a stream
        number = 0
        with path.open(encoding=encoding, newline="") as handle:
            try:
                for number, line in enumerate(handle, 1):
                    yield number, line
            except UnicodeError as exc:  # a bad or missing byte-order mark, a cut character
                reason = exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc)
                raise DataError(
                    [
                        Problem(
                            str(path),
                            number + 1,
                            None,
                            f"the file is not UTF-16 ({reason})",
                            "save it as UTF-8, or give its encoding: --encoding latin-1",
                        )
                    ]
                ) from None
        return
    with path.open("rb") as handle:  # line by line, so that a bad byte is named with its line
        for number, raw in enumerate(handle, 1):
            try:
                yield number, raw.decode(encoding if number == 1 else encoding.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise DataError(
                    [
                        Problem(
                            str(path),
                            number,
                            None,
                            f"the file is not {encoding} (byte {raw[exc.start : exc.start + 1]!r})",
                            "save it as UTF-8, or give its encoding: --encoding latin-1",
                        )
                    ]
                ) from None


def read_records(
    path: Path, required: tuple[str, ...], encoding: str | None = None
) -> tuple[list[str], Iterator[Record]]:
    """The header (lower-cased) and an iterator over every record of ``path``."""
    if not path.is_file():
        raise InputError(f"no such file: {path}", argument="IN")
    lines = _lines(path, _encoding(path, encoding))
    pending: deque[tuple[int, str]] = deque()
    header_records = _records(lines, pending, None)
    first = next(header_records, None)
    if first is None or first.cells is None:
        problem = first.error if first else "the file is empty"
        raise DataError(
            [
                Problem(
                    str(path), 1, None, f"no header: {problem}", f"start with {','.join(required)}"
                )
            ]
        )
    header = [c.strip().lower() for c in first.cells.values()]
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(
            [
                Problem(
                    str(path),
                    first.line,
                    missing[0],
                    f"the header has no {missing[0]!r} column",
                    f"start the file with a header: {','.join(required)},...",
                )
            ]
        )
    return header, _records(lines, pending, header)


def _records(
    lines: Iterator[tuple[int, str]], pending: deque[tuple[int, str]], header: list[str] | None
) -> Iterator[Record]:
    def take() -> tuple[int, str] | None:
        return pending.popleft() if pending else next(lines, None)

    number = 0
    width = len(header) if header else 1
    while (first := take()) is not None:
        line, text = first
        if not text.strip("\r\n\x1a \t"):
            continue  # a blank line, or the 0x1A end-of-file byte some systems add
        used = [first]
        while (
            text.count('"') % 2 and len(used) < MAX_RECORD_LINES and len(text) < MAX_FIELD * width
        ):
            more = take()
            if more is None:
                break
            used.append(more)
            text += more[1]
        number += 1 if header is not None else 0
        if text.count('"') % 2:
            pending.extendleft(reversed(used[1:]))  # the lines after it are rows of their own
            yield Record(
                number,
                line,
                None,
                first[1],
                "unbalanced quote: a quoted field is never closed on this line",
                None,
            )
            continue
        yield _record(number, line, text, header)
        if header is None:
            return


def _record(number: int, line: int, text: str, header: list[str] | None) -> Record:
    if "\x00" in text:
        return Record(number, line, None, text.replace("\x00", "\\0"), "a NUL byte in the row")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        return Record(number, line, None, text, f"malformed CSV: {exc}")
    cells = rows[0] if rows else []
    if header is None:
        return Record(number, line, {str(i): c for i, c in enumerate(cells)}, text)
    if len(cells) > len(header):
        return Record(
            number, line, None, text, f"{len(cells)} fields where the header has {len(header)}"
        )
    for name, cell in zip(header, cells, strict=False):
        if len(cell) > MAX_FIELD:
            return Record(
                number,
                line,
                None,
                text[:200],
                f"a field of {len(cell):,} characters; at most {MAX_FIELD:,}",
                name,
            )
    return Record(number, line, {h: c.strip() for h, c in zip(header, cells, strict=False)}, text)


def complete_records(path: Path) -> int:
    """How many complete CSV records ``path`` holds (a header included); a half-written last
    record is cut off. Quote-aware: a name with a line break is one record, not two."""
    if not path.exists():
        return 0
    data = path.read_bytes()
    count = 0
    keep = 0
    offset = 0
    quoted = False
    for piece in data.split(b"\n")[:-1]:  # the part after the last line break is unfinished
        offset += len(piece) + 1
        quoted ^= piece.count(b'"') % 2 == 1
        if not quoted:
            count += 1
            keep = offset
    if keep != len(data):
        path.write_bytes(data[:keep])
    return count
