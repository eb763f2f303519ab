"""UN Treaty Collection status tables: the CSV form and the HTML page as the UN publishes it.

One row per participant: ``Participant, Signature, Ratification/Accession(a)/Succession(d)/
Acceptance(A)/Approval(AA)``; dates like ``24 Sep 2003 a``; names may carry footnote numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from html.parser import HTMLParser
from pathlib import Path

from ctcoop.kb.importers.common import Batch, check_exits, parse_untc_date, problem
from ctcoop.kb.knowledge import KnowledgeBase

CONSENT_MARKERS = {
    "": "ratification",
    "a": "accession",
    "d": "succession",
    "A": "acceptance",
    "AA": "approval",
}


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """The table's rows (with their line numbers), from CSV or from the UN's HTML page."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="strict")
    if path.suffix.lower() in {".html", ".htm"} or text.lstrip().startswith("<"):
        return _html_rows(text)
    if text and not text.endswith("\n"):
        raise ValueError("the file does not end with a line break: it looks truncated")
    reader = csv.reader(io.StringIO(text))
    return [(reader.line_num, row) for row in reader if any(c.strip() for c in row)]


class _TableParser(HTMLParser):
    """Collects the rows of every table; text inside <sup> (footnote marks) is dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[tuple[int, list[str]]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._sup = 0
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = []
        elif tag == "sup":
            self._sup += 1
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].append((self.getpos()[0], self._row))
            self._row = None
        elif tag == "sup" and self._sup:
            self._sup -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._sup:
            self._cell.append(data)


def _html_rows(text: str) -> list[tuple[int, list[str]]]:
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    for table in parser.tables:
        if table and table[0][1] and table[0][1][0].strip().lower().startswith("participant"):
            if "</table>" not in text[text.find("Participant") :].lower():
                raise ValueError("the participants table is not closed: the page looks truncated")
            return table
    raise ValueError("no table whose first column is 'Participant' was found")


def import_untc(kb: KnowledgeBase, path: Path, instrument: str, as_of: dt.date | None) -> Batch:
    inst = kb.instrument(instrument)
    batch = Batch(
        id=f"untc-{inst.id}",
        kind="untc",
        file=path,
        title=f"UN Treaty Collection status of {inst.title}"
        + (f" ({inst.treaty_collection})" if inst.treaty_collection else ""),
        body="United Nations Treaty Collection",
        date="",
        scope={"instrument": inst.id},
    )
    try:
        rows = read_rows(path)
    except (ValueError, UnicodeDecodeError) as exc:
        batch.problems.append(problem(path, None, None, str(exc), "download or export it again"))
        batch.fail_if_problems()
    header_line, header = rows[0] if rows else (1, [])
    if len(header) < 3 or not header[0].strip().lower().startswith("participant"):
        batch.problems.append(
            problem(
                path,
                header_line,
                "Participant",
                "the header must be Participant, Signature, Ratification...",
                "check the file",
            )
        )
        batch.fail_if_problems()
    latest = _read_participants(kb, batch, rows[1:], len(header), inst.id)
    check_exits(batch)
    batch.fail_if_problems()
    record_date = as_of or latest
    if record_date is not None:
        batch.date = record_date.isoformat()
        batch.status_records.append({"instrument": inst.id, "as_of": record_date.isoformat()})
    return batch


def _read_participants(
    kb: KnowledgeBase, batch: Batch, rows: list[tuple[int, list[str]]], width: int, instrument: str
) -> dt.date | None:
    latest: dt.date | None = None
    for line, row in rows:
        if len(row) != width:
            batch.problems.append(
                problem(
                    batch.file,
                    line,
                    None,
                    f"{len(row)} fields where the header has {width}",
                    "the file may be truncated or malformed: export it again",
                )
            )
            continue
        state = batch.resolve(kb, row[0], line)
        if state is None:
            continue
        for column, field in ((1, "Signature"), (2, "Ratification")):
            day = _cell(batch, row[column], line, field)
            if day is None:
                continue
            when, marker = day
            # A "d" in the signature column is a succession to a signature (the page's header:
            # "Signature, Succession to signature(d)"): a signature, never a consent.
            kind = "signature" if column == 1 else CONSENT_MARKERS.get(marker)
            note = "succession to a signature" if column == 1 and marker == "d" else None
            if kind is None:
                batch.problems.append(
                    problem(
                        batch.file, line, field, f"unknown marker {marker!r}", "use a, d, A or AA"
                    )
                )
                continue
            batch.act(state, instrument, kind, when, line, note)
            latest = when if latest is None or when > latest else latest
    return latest


def _cell(batch: Batch, text: str, line: int, field: str) -> tuple[dt.date, str] | None:
    try:
        return parse_untc_date(text)
    except ValueError as exc:
        batch.problems.append(
            problem(
                batch.file,
                line,
                field,
                str(exc),
                "write dates like '24 Sep 2003' with an optional marker",
            )
        )
        return None
