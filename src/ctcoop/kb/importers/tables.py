"""Tables as depositaries publish them: the rows of a PDF (by column position) or of an HTML page.

A PDF status list is a table drawn as text. Its columns are found from the header line: the
header's words fall into groups separated by wide gaps, and each group starts a column. Every
later line's words are put in the column whose start is nearest to their left, so an empty cell
(a state that never signed) stays empty instead of shifting the next date into its place.
HTML tables are read with lxml; text inside ``<sup>`` (footnote marks) is dropped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GAP = 12.0  # points between two words of one header cell are fewer than this


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: where it was found (line, and page for PDFs) and its cells."""

    line: int
    cells: tuple[str, ...]
    page: int | None = None

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)

    def where(self) -> str:
        return f"page {self.page}, line {self.line}" if self.page else f"line {self.line}"


@dataclass(frozen=True, slots=True)
class Document:
    """What a status list holds: its rows after the header, and its full text (for "as at")."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    text: str


class TableError(ValueError):
    """The file is not a readable table of the expected layout."""


def is_pdf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(5) == b"%PDF-"


Section = tuple[str, tuple[str, ...]]  # a heading, and the headings that end its section


def read_table(
    path: Path, is_header: Callable[[list[str]], bool], section: Section | None = None
) -> Document:
    """The rows after the first line ``is_header`` accepts, from a PDF or an HTML page; with a
    ``section``, only those between its heading and the next of the other headings (PDF)."""
    if is_pdf(path):
        return _pdf_table(path, is_header, section)
    raw = path.read_bytes()
    head = raw[:2048].lstrip().lower()
    if path.suffix.lower() in {".html", ".htm"} or head.startswith((b"<!doctype", b"<html", b"<")):
        return _html_table(raw, is_header)
    raise TableError("neither a PDF nor an HTML page: save the depositary's list as published")


# --- PDF --------------------------------------------------------------------------------------


def _pdf_lines(path: Path) -> list[tuple[int, list[dict[str, Any]]]]:
    """(page number, words) per printed line, in reading order."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    out: list[tuple[int, list[dict[str, Any]]]] = []
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
                lines: dict[int, list[dict[str, Any]]] = {}
                for w in words:
                    key = round(float(w["top"]) / 3)  # words within 3 points share a line
                    lines.setdefault(key, []).append(w)
                for key in sorted(lines):
                    out.append((number, sorted(lines[key], key=lambda w: float(w["x0"]))))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise TableError(f"the PDF cannot be read ({exc}); it may be truncated") from exc
    except Exception as exc:  # pdfminer raises its own base classes for damaged files
        if type(exc).__module__.startswith(("pdfminer", "pdfplumber")):
            raise TableError(f"the PDF cannot be read ({exc}); it may be truncated") from exc
        raise
    return out


def _columns(words: list[dict[str, Any]]) -> list[float]:
    starts = [float(words[0]["x0"])]
    for before, after in itertools.pairwise(words):
        if float(after["x0"]) - float(before["x1"]) >= GAP:
            starts.append(float(after["x0"]))
    return starts


def _cells(words: list[dict[str, Any]], starts: list[float]) -> tuple[str, ...]:
    cells: list[list[str]] = [[] for _ in starts]
    for w in words:
        x = float(w["x0"]) + 2.0
        column = max((i for i, s in enumerate(starts) if s <= x), default=0)
        cells[column].append(str(w["text"]))
    return tuple(" ".join(c) for c in cells)


def _pdf_table(
    path: Path, is_header: Callable[[list[str]], bool], section: Section | None
) -> Document:
    if not path.read_bytes()[-1024:].rstrip().endswith(b"%%EOF"):
        raise TableError("the PDF has no end-of-file marker: it looks truncated")
    lines = _pdf_lines(path)
    text = "\n".join(" ".join(str(w["text"]) for w in words) for _, words in lines)
    if section is not None:
        lines = _within(lines, section)
    starts: list[float] | None = None
    header: tuple[str, ...] = ()
    rows: list[Row] = []
    per_page: dict[int, int] = {}
    for page, words in lines:
        per_page[page] = per_page.get(page, 0) + 1
        groups = _groups(words)
        if is_header(groups):  # repeated on each page, perhaps at other positions
            starts, header = _columns(words), tuple(groups)
        elif starts is not None:
            rows.append(Row(per_page[page], _cells(words, starts), page))
    if starts is None:
        raise TableError("no header line of the expected layout was found")
    return Document(header, tuple(rows), text)


def _within(
    lines: list[tuple[int, list[dict[str, Any]]]], section: Section
) -> list[tuple[int, list[dict[str, Any]]]]:
    heading, others = _fold(section[0]), {_fold(o) for o in section[1]}
    found: list[tuple[int, list[dict[str, Any]]]] | None = None
    for page, words in lines:
        text = _fold(" ".join(str(w["text"]) for w in words))
        if found is None:
            if text == heading:
                found = []
        elif text in others:
            break
        else:
            found.append((page, words))
    if found is None:
        raise TableError(f"no section headed {section[0]!r}; give its heading with --section")
    return found


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _groups(words: list[dict[str, Any]]) -> list[str]:
    return list(_cells(words, _columns(words))) if words else []


# --- HTML -------------------------------------------------------------------------------------


def _html_table(raw: bytes, is_header: Callable[[list[str]], bool]) -> Document:
    from lxml import etree, html

    try:
        root = html.fromstring(raw)
    except (etree.ParserError, ValueError) as exc:
        raise TableError(f"the page cannot be parsed ({exc})") from exc
    if b"</table>" not in raw.lower():
        raise TableError("the table is not closed: the page looks truncated")
    for sup in list(root.iter("sup")):
        sup.drop_tree()
    for table in root.iter("table"):
        rows = table.xpath(".//tr")
        for i, tr in enumerate(rows):
            cells = [_clean(td.text_content()) for td in tr.xpath("./td|./th")]
            if is_header(cells):
                body = [
                    Row(
                        r.sourceline or n,
                        tuple(_clean(c.text_content()) for c in r.xpath("./td|./th")),
                    )
                    for n, r in enumerate(rows[i + 1 :], i + 2)
                ]
                return Document(tuple(cells), tuple(body), _clean(root.text_content()))
    raise TableError("no table with a header of the expected layout was found")


_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\xa0", " ")).strip()
