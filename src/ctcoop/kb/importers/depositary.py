"""Status lists of the depositaries other than the UN: ICAO, IMO, the IAEA, the OAS and the AU.

Each publishes one table per instrument (the IMO one compilation with a section per instrument),
as a PDF or an HTML page. A ``Layout`` says how to recognise the header, which column holds
what, how dates are written and what marks a kind of consent. Every row either becomes dated
actions or a problem naming its page and line; a name that is not a known state is reported, never
dropped; a list with no rows at all is refused (an empty or wrong file must not replace good data).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ctcoop.kb.importers.common import Batch, check_exits, problem
from ctcoop.kb.importers.tables import Row, TableError, read_table
from ctcoop.kb.knowledge import KnowledgeBase

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for name in names
}
_WORDS = re.compile(r"(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
_AS_AT = re.compile(
    r"\b(?:as\s+at|as\s+of|status\s+as\s+at|status\s+list\s+as\s+of)\s*:?\s*"
    r"(\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4})",
    re.IGNORECASE,
)
_NOTE = re.compile(r"^\s*(?:\(\d+\)|\d+/|\*|note|notes|footnote)", re.IGNORECASE)
_MARKS = re.compile(r"(?:\s*\(\d+\))+|\s*\*+|(?:\s+\d+/)+")
EMPTY = {"", "-", "\u2013", "\u2014", "x", "n/a"}  # blank, hyphen, en and em dashes


@dataclass(frozen=True)
class Layout:
    """How one depositary draws its status list."""

    kind: str
    body: str
    name_headers: tuple[str, ...]  # the first word(s) of the name column's header
    roles: dict[
        str, tuple[str, ...]
    ]  # role -> header words: signature, consent, deposit, effective
    order: str = "dmy"  # numeric dates: day/month/year or month/day/year (the OAS)
    markers: dict[str, str] = field(default_factory=dict)  # mark in a cell -> consent kind
    default_consent: str = "ratification"
    address: str = ""  # where the depositary publishes the list


LAYOUTS: dict[str, Layout] = {
    "icao": Layout(
        "icao",
        "International Civil Aviation Organization (depositary)",
        ("state",),
        {
            "signature": ("signature",),
            "consent": ("deposit",),
            "effective": ("effective", "entry into force"),
        },
        markers={"(a)": "accession", "(s)": "succession", "(d)": "succession"},
        address="https://www.icao.int/secretariat/legal/Lists/Current%20lists%20of%20parties/",
    ),
    "imo": Layout(
        "imo",
        "International Maritime Organization (depositary)",
        ("state", "contracting state"),
        {
            "signature": ("signature",),
            "consent": ("deposit",),
            "effective": ("entry into force", "effective"),
        },
        markers={
            "(a)": "accession",
            "(r)": "ratification",
            "(A)": "acceptance",
            "(AA)": "approval",
            "(d)": "succession",
        },
        address="https://www.imo.org/en/About/Conventions/Pages/StatusOfConventions.aspx",
    ),
    "iaea": Layout(
        "iaea",
        "International Atomic Energy Agency (depositary)",
        ("state", "party"),
        {
            "signature": ("signature",),
            "consent": ("deposit", "means"),
            "effective": ("entry into force", "effective"),
        },
        markers={
            "acceded": "accession",
            "ratified": "ratification",
            "accepted": "acceptance",
            "approved": "approval",
            "confirmed": "approval",
            "succession": "succession",
        },
        address="https://www.iaea.org/resources/treaties/treaties-under-IAEA-auspices",
    ),
    "oas": Layout(
        "oas",
        "Organization of American States, Department of International Law (depositary)",
        ("signatory", "signatory countries", "country"),
        {
            "signature": ("signature",),
            "ratified": ("ratification",),
            "consent": ("deposit",),
        },
        order="mdy",
        markers={"RA": "ratification", "AC": "accession", "AD": "accession"},
        address="https://www.oas.org/en/sla/dil/inter_american_treaties.asp",
    ),
    "au": Layout(
        "au",
        "African Union Commission, Office of the Legal Counsel (depositary)",
        ("country", "state", "member state"),
        {
            "signature": ("signature",),
            "ratified": ("ratification", "accession"),
            "consent": ("deposit",),
        },
        address="https://au.int/en/treaties",
    ),
}

# The section heading of each instrument in IMO's "Status of IMO Treaties" compilation.
IMO_SECTIONS = {
    "imo-1988-sua": "SUA 1988",
    "imo-1988-fixed-platforms": "SUA PROT 1988",
    "imo-2005-sua-protocol": "SUA 2005",
    "imo-2005-fixed-platforms-protocol": "SUA PROT 2005",
}


def parse_day(text: str, order: str = "dmy") -> dt.date | None:
    """The first date in ``text`` ("16 December 1970", "6 Apr 1989", "14/07/1999"), or None."""
    words = _WORDS.search(text)
    if words:
        day, month, year = words.groups()
        number = _MONTHS.get(month.lower())
        if number is None:
            raise ValueError(f"{month!r} is not a month")
        return dt.date(int(year), number, int(day))
    numeric = _NUMERIC.search(text)
    if numeric:
        a, b, year = numeric.groups()
        day, month = (a, b) if order == "dmy" else (b, a)
        y = int(year)
        if len(year) == 2:  # the OAS writes 02/02/71: no OAS treaty predates 1940
            y += 1900 if y >= 40 else 2000
        return dt.date(y, int(month), int(day))
    return None


def _all_days(text: str, order: str) -> list[dt.date]:
    found = []
    for match in _WORDS.finditer(text):
        if match.group(2).lower() not in _MONTHS:
            continue  # "31 Februar 1975": the cell's own check names it
        day = parse_day(match.group(0), order)
        if day is not None:
            found.append(day)
    if not found:
        for match in _NUMERIC.finditer(text):
            day = parse_day(match.group(0), order)
            if day is not None:
                found.append(day)
    return found


@dataclass
class _Columns:
    name: int
    roles: dict[str, int]


def _header_matcher(layout: Layout) -> Callable[[list[str]], bool]:
    def is_header(cells: list[str]) -> bool:
        if len(cells) < 2:
            return False
        lowered = [c.lower() for c in cells]
        name_at = 1 if _numbering(lowered[0]) else 0
        if name_at >= len(lowered):
            return False
        named = any(lowered[name_at].startswith(h) for h in layout.name_headers)
        return named and any("deposit" in c or "ratification" in c for c in lowered[name_at + 1 :])

    return is_header


def _numbering(cell: str) -> bool:
    return cell.strip().rstrip(".").lower() in {"no", "n°", "nº", "s/n", "#", "number"}


def _locate(layout: Layout, header: tuple[str, ...]) -> _Columns:
    lowered = [c.lower() for c in header]
    name = 1 if lowered and _numbering(lowered[0]) else 0
    roles: dict[str, int] = {}
    for role, words in layout.roles.items():
        for i, cell in enumerate(lowered):
            if i != name and i not in roles.values() and any(w in cell for w in words):
                roles[role] = i
                break
    return _Columns(name, roles)


def import_depositary(
    kb: KnowledgeBase,
    kind: str,
    path: Path,
    instrument: str,
    as_of: dt.date | None,
    section: str | None = None,
) -> Batch:
    layout = LAYOUTS[kind]
    inst = kb.instrument(instrument)
    batch = Batch(
        id=f"{kind}-{inst.id}",
        kind=kind,
        file=path,
        title=f"{kind.upper()} status list of the {inst.title}",
        body=layout.body,
        date="",
        url=layout.address or None,
        scope={"instrument": inst.id},
    )
    fix = f"save the {kind.upper()} status list again, as published, and retry"
    if kind == "imo":
        section = section or IMO_SECTIONS.get(inst.id)
        if not section:
            batch.problems.append(
                problem(
                    path, None, "--section", "which section of the compilation?", "add --section"
                )
            )
            batch.fail_if_problems()
    within = None
    if section:
        others = [h for h in IMO_SECTIONS.values() if h.casefold() != section.casefold()]
        within = (section, tuple(others))
    try:
        doc = read_table(path, _header_matcher(layout), within)
    except TableError as exc:
        batch.problems.append(problem(path, None, None, str(exc), fix))
        batch.fail_if_problems()
        raise AssertionError from exc  # unreachable: fail_if_problems raised
    rows = list(doc.rows)
    columns = _locate(layout, doc.header)
    if "consent" not in columns.roles:
        batch.problems.append(
            problem(path, None, "header", f"no deposit column in {list(doc.header)}", fix)
        )
        batch.fail_if_problems()
    latest = _read_rows(kb, batch, layout, columns, rows, inst.id)
    check_exits(batch)
    if not batch.participations and not batch.unresolved:
        batch.problems.append(
            problem(path, None, None, "no party or signatory rows were found in the table", fix)
        )
    batch.fail_if_problems()
    stated = _AS_AT.search(doc.text)
    record = as_of or (parse_day(stated.group(1)) if stated else None) or latest
    if record is not None:
        batch.date = record.isoformat()
        batch.status_records.append({"instrument": inst.id, "as_of": record.isoformat()})
    return batch


def _read_rows(
    kb: KnowledgeBase,
    batch: Batch,
    layout: Layout,
    columns: _Columns,
    rows: list[Row],
    instrument: str,
) -> dt.date | None:
    latest: dt.date | None = None
    for row in rows:
        if not row.text or _NOTE.match(row.cells[0] if row.cells else ""):
            continue
        cells = list(row.cells)
        name = cells[columns.name] if columns.name < len(cells) else ""
        rest = " ".join(c for i, c in enumerate(cells) if i != columns.name)
        try:
            days = _all_days(rest, layout.order)
        except ValueError:
            days = []  # reported below, with the cell that holds it
        if not days and not _looks_dated(rest):
            continue  # a title, a page header or a footnote: no dates, no facts
        # the list was drawn up on or after every date it shows, resolved names or not
        latest = max([*days, latest or dt.date.min]) if days else latest
        if not name.strip() or name.strip().isdigit():
            batch.problems.append(
                problem(
                    batch.file,
                    row.line,
                    "name",
                    f"a row without a state: {row.text!r}",
                    "check the table's columns",
                )
            )
            continue
        state = batch.resolve(kb, _MARKS.sub("", name), row.line)
        if state is None:
            continue
        _row_actions(batch, layout, columns, cells, row, state, instrument)
    return latest


def _looks_dated(text: str) -> bool:
    """A cell with a year in it is meant to be a date, even one that does not parse."""
    return bool(re.search(r"\b(1[89]|20)\d\d\b|\d/\d", text))


def _cell(cells: list[str], columns: _Columns, role: str) -> str:
    at = columns.roles.get(role)
    return cells[at] if at is not None and at < len(cells) else ""


def _row_actions(
    batch: Batch,
    layout: Layout,
    columns: _Columns,
    cells: list[str],
    row: Row,
    state: str,
    instrument: str,
) -> list[dt.date]:
    done: list[dt.date] = []
    try:
        signed = _date(_cell(cells, columns, "signature"), layout)
        consent_text = _cell(cells, columns, "consent")
        deposited = _date(consent_text, layout)
        effective = _date(_cell(cells, columns, "effective"), layout)
        ratified = _date(_cell(cells, columns, "ratified"), layout)
    except ValueError as exc:
        batch.problems.append(
            problem(batch.file, row.line, None, f"{exc} ({row.where()})", "check the row")
        )
        return done
    if signed:
        batch.act(state, instrument, "signature", signed, row.line)
        done.append(signed)
    if deposited:
        kind = _consent_kind(consent_text, layout)
        action = batch.act(state, instrument, kind, deposited, row.line)
        if action is not None and effective and effective != deposited:
            action["effective"] = effective.isoformat()
        done.append(deposited)
    elif ratified:
        batch.skipped.append(
            {
                "line": row.line,
                "reason": f"{state}: ratified on {ratified} but no deposit is recorded; a "
                "ratification takes effect between states only once deposited",
            }
        )
    elif consent_text.strip().lower() not in EMPTY and not signed:
        batch.problems.append(
            problem(
                batch.file, row.line, "deposit", f"no date in {consent_text!r}", "check the row"
            )
        )
    return done


def _date(text: str, layout: Layout) -> dt.date | None:
    if text.strip().lower() in EMPTY:
        return None
    day = parse_day(text, layout.order)
    if day is None:
        raise ValueError(f"{text!r} is not a date")
    return day


def _consent_kind(text: str, layout: Layout) -> str:
    for mark, kind in sorted(layout.markers.items(), key=lambda m: -len(m[0])):
        if mark.startswith("("):
            if mark in text:
                return kind
        elif re.search(
            rf"(?<![A-Za-z]){re.escape(mark)}(?![A-Za-z])",
            text,
            re.IGNORECASE if mark.islower() else 0,
        ):
            return kind
    return layout.default_consent
