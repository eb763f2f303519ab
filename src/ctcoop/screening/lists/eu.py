"""The EU Financial Sanctions Files (FSF), CSV format 1.0.

Semicolon-separated with a header row. One row per name alias (``Naal_*``), address
(``Addr_*``), birth date (``Birt_*``), identification (``Iden_*``) or citizenship (``Citi_*``);
rows are grouped into an entry by ``Entity_logical_id``. ``Subject_type`` ``P`` is a Person and
``E`` an Organization, with the id ``eu-<Entity_logical_id>``; the entry's ``Sanction`` carries
the programme (``TERR``, ``IRQ``, ...), the ``EU_ref_num`` and the earliest legal act's date.

Some exports wrap every whole line in double quotes (with inner quotes doubled) and pad it with
tabs; those are unwrapped first. The text is UTF-8, or else Windows-1252.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from followthemoney import EntityProxy

from ctcoop.errors import DataError, Problem
from ctcoop.screening.lists.common import (
    ListDataError,
    ListSnapshot,
    add_country,
    clean,
    decode,
    fail,
    joined,
    make,
    merged,
    read_limited,
    sha256_of,
)

AUTHORITY = "European Union"
PUBLISHER = "European Commission, Financial Sanctions Files"
SECTIONS = ("Naal", "Addr", "Birt", "Iden", "Citi")
REQUIRED = ("Entity_logical_id", "Subject_type", "Programme", "Naal_wholename", "EU_ref_num")
SCHEMA = {"P": "Person", "E": "Organization"}
Row = dict[str, str | None]


def looks_like_eu(head: bytes) -> bool:
    return head.lstrip(b'\xef\xbb\xbf"').startswith(b"Date_file")


def parse_eu(path: Path, *, max_bytes: int | None = None) -> ListSnapshot:
    """Read an EU FSF CSV 1.0 file; DataError (file, line, column, fix) if it is bad."""
    data = read_limited(path, max_bytes)
    rows = list(_records(path, decode(data, path)))
    entries: dict[str, list[tuple[int, Row]]] = {}
    for line, row in rows:
        entries.setdefault(str(row["Entity_logical_id"]), []).append((line, row))
    entities: list[EntityProxy] = []
    problems: list[Problem] = []
    for logical_id, group in entries.items():
        try:
            entities += _entry(path, logical_id, group)
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise ListDataError(problems[:50])
    return ListSnapshot(
        list_name="eu",
        source=str(path),
        publisher=PUBLISHER,
        published=_file_date(rows),
        sha256=sha256_of(data),
        entities=merged(entities),
        published_at=str(rows[0][1].get("Date_file")) if rows else None,
    )


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.rstrip("\t\r ")
        if stripped.startswith('"') and stripped.endswith('"') and stripped.count(";"):
            stripped = next(csv.reader([stripped], delimiter="\t"))[0]
        if stripped:
            yield number, stripped


def _records(path: Path, text: str) -> Iterator[tuple[int, Row]]:
    lines = iter(_lines(text))
    first = next(lines, None)
    if first is None:
        raise fail(path, None, None, "the file is empty", "give an EU FSF CSV export")
    header = [h.strip() for h in next(csv.reader([first[1]], delimiter=";"))]
    names = _names(path, header)
    for number, line in lines:
        cells = next(csv.reader([line], delimiter=";"))
        if len(cells) != len(header):
            raise fail(
                path,
                number,
                None,
                f"expected {len(header)} columns, found {len(cells)}",
                "the line is cut off or has a stray separator; export the file again",
            )
        row = {n: clean(c) for n, c in zip(names, cells, strict=True)}
        if not row.get("Entity_logical_id"):
            raise fail(path, number, "Entity_logical_id", "empty", "every row names its entry")
        yield number, row


def _names(path: Path, header: list[str]) -> list[str]:
    """Column names made unique: the repeated ``Entity_logical_id`` becomes ``Naal_entity``..."""
    if not header or not header[0].startswith("Date_file"):
        raise fail(
            path,
            1,
            None,
            "the header does not start with Date_file",
            "this is not an EU Financial Sanctions CSV 1.0 file",
        )
    names, section = [], ""
    for name in header:
        section = name.split("_")[0] if name.split("_")[0] in SECTIONS else section
        if name == "Entity_logical_id" and section:
            name = f"{section}_entity"
        names.append("Date_file" if name.startswith("Date_file") else name)
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise fail(
            path,
            1,
            ", ".join(missing),
            "columns missing from the header",
            "this is not an EU Financial Sanctions CSV 1.0 file",
        )
    return names


def _entry(path: Path, logical_id: str, group: list[tuple[int, Row]]) -> list[EntityProxy]:
    line, first = group[0]
    schema = SCHEMA.get(str(first.get("Subject_type") or "").upper())
    if schema is None:
        raise fail(
            path,
            line,
            "Subject_type",
            f"{first.get('Subject_type')!r} is not P or E",
            "P is a person, E an entity",
        )
    entity = make(schema, f"eu-{logical_id}")
    for number, row in group:
        _row(path, number, entity, row)
    if not entity.get("name"):
        raise fail(
            path,
            line,
            "Naal_wholename",
            f"entry {logical_id} has no name",
            "each entry needs at least one name row",
        )
    entity.add("notes", first.get("Entity_remark"), quiet=True)
    entity.add("topics", "sanction")
    for number, row in group:
        _listing_date(path, number, row)
    return [entity, _sanction(entity, logical_id, [r for _, r in group])]


def _listing_date(path: Path, number: int, row: Row) -> None:
    """A listing date the file gives must be one: never dropped silently."""
    text = row.get("Leba_publication_date")
    if not text:
        return
    try:
        dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        raise fail(
            path,
            number,
            "Leba_publication_date",
            f"not a date: {text!r}",
            "the legal act's publication date is written YYYY-MM-DD",
        ) from None


def _row(path: Path, number: int, entity: EntityProxy, row: Row) -> None:
    if row.get("Naal_wholename") or row.get("Naal_lastname"):
        name = row.get("Naal_wholename") or joined(
            [row.get("Naal_firstname"), row.get("Naal_middlename"), row.get("Naal_lastname")], " "
        )
        if name not in entity.get("name"):
            entity.add("alias" if entity.get("name") else "name", name)
        person = entity.schema.name == "Person"
        if person:
            gender = {"M": "male", "F": "female"}.get(str(row.get("Naal_gender") or ""))
            entity.add("gender", gender)
        entity.add("title", row.get("Naal_title"), quiet=True)
        entity.add("position", row.get("Naal_function"), quiet=True)
    if row.get("Addr_city") or row.get("Addr_street") or row.get("Addr_country"):
        add_country(entity, "country", row.get("Addr_country"))
        parts = [row.get(f"Addr_{k}") for k in ("number", "street", "zipcode", "city")]
        if any(parts):
            entity.add("address", joined([*parts, row.get("Addr_country")]))
    if entity.schema.name == "Person":
        _birth(path, number, entity, row)
        add_country(entity, "nationality", row.get("Citi_country"))
    entity.add("idNumber", row.get("Iden_number"), quiet=True)


def _birth(path: Path, number: int, entity: EntityProxy, row: Row) -> None:
    text = row.get("Birt_date")
    if text:
        day = text.replace("-00", "")
        try:
            if len(day) == 10:
                dt.date.fromisoformat(day)
            elif not (len(day) in (4, 7) and day[:4].isdigit()):
                raise ValueError(day)
        except ValueError:
            raise fail(
                path,
                number,
                "Birt_date",
                f"not a date: {text!r}",
                "write birth dates as YYYY-MM-DD (YYYY-00-00 for a year)",
            ) from None
        entity.add("birthDate", day)
    entity.add("birthPlace", row.get("Birt_place"))
    add_country(entity, "birthCountry", row.get("Birt_country"))


def _sanction(entity: EntityProxy, logical_id: str, rows: list[Row]) -> EntityProxy:
    sanction = make("Sanction", f"{entity.id}-sanction")
    sanction.add("entity", entity.id)
    sanction.add("authority", AUTHORITY)
    sanction.add("recordId", logical_id)
    sanction.add("authorityId", rows[0].get("EU_ref_num"))
    sanction.add("program", rows[0].get("Programme"))
    dates = sorted(str(r["Leba_publication_date"]) for r in rows if r.get("Leba_publication_date"))
    sanction.add("listingDate", dates[0] if dates else None)
    for row in rows:
        sanction.add("sourceUrl", row.get("Leba_url"), quiet=True)
    return sanction


def _file_date(rows: list[tuple[int, Row]]) -> dt.date | None:
    for _, row in rows:
        text = row.get("Date_file")
        if text:
            try:
                return dt.datetime.strptime(text, "%d/%m/%Y").date()
            except ValueError:
                return None
    return None
