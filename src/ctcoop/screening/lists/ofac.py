"""OFAC's legacy CSV layout: the SDN list (sdn/add/alt/sdn_comments) and the consolidated
non-SDN list (cons_prim/cons_add/cons_alt/cons_comments).

No header row; ``-0-`` (often ``-0- ``) means empty; a file may end with a 0x1A byte and uses CRLF.
Columns (sdn.csv): ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage,
GRT, Vess_flag, Vess_owner, Remarks. ``SDN_Type`` individual / vessel / aircraft / empty (an
entity) becomes Person / Vessel / Airplane / Organization, with the id ``ofac-<ent_num>``; the
programs (``SDGT] [IRGC``) become the ``program`` of the entry's ``Sanction``. The comments file
continues remarks that were cut at the field limit. Remarks are kept whole as notes and read for
the simple facts: dates and places of birth, nationality, citizenship, gender, passports and
national ids, a.k.a.s, IMO numbers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from followthemoney import EntityProxy

from ctcoop.screening.lists.common import (
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
from ctcoop.screening.lists.ofac_remarks import apply_remarks

AUTHORITY = "Office of Foreign Assets Control (OFAC), US Department of the Treasury"
LAYOUTS = {
    "ofac-sdn": ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"),
    "ofac-cons": ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
}
WIDTHS = {0: 12, 1: 6, 2: 5, 3: 2}  # columns per file, by position in the layout
SCHEMATA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "entity": ""}
Rows = list[tuple[int, list[str | None]]]


def layout_of(path: Path) -> tuple[str, Path]:
    """Which OFAC list ``path`` (a primary file or its folder) holds, and its folder."""
    folder = path if path.is_dir() else path.parent
    for name, files in LAYOUTS.items():
        if (path.is_dir() and (folder / files[0]).is_file()) or path.name == files[0]:
            return name, folder
    raise fail(
        path,
        None,
        None,
        "not an OFAC legacy CSV list: expected sdn.csv or cons_prim.csv (or a folder with one)",
        "give the primary file (sdn.csv, cons_prim.csv) with its add/alt files beside it",
    )


def parse_ofac(path: Path, *, max_bytes: int | None = None) -> ListSnapshot:
    """Read an OFAC legacy CSV list (give the primary file or the folder that holds it)."""
    name, folder = layout_of(path)
    blobs: list[bytes] = []
    tables: list[Rows] = []
    for position, filename in enumerate(LAYOUTS[name]):
        file = folder / filename
        if not file.is_file():
            if position == 0:
                raise fail(file, None, None, "the primary file is missing", "check the folder")
            tables.append([])
            continue
        data = read_limited(file, max_bytes)
        blobs.append(filename.encode() + b"\0" + data)
        tables.append(_rows(file, data, WIDTHS[position]))
    _check_related(folder, name, tables)
    entities = _build(name, *tables)
    return ListSnapshot(
        list_name=name,
        source=str(folder / LAYOUTS[name][0]),
        publisher=AUTHORITY,
        published=None,
        sha256=sha256_of(*blobs),
        entities=merged(entities),
        notes=("the legacy CSV files carry no publication date",),
    )


def _rows(path: Path, data: bytes, width: int) -> Rows:
    text = decode(data, path).rstrip("\x1a\r\n \t")
    reader = csv.reader(io.StringIO(text, newline=""))
    out: Rows = []
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip("\x1a ")):
            continue
        if len(row) != width:
            raise fail(
                path,
                reader.line_num,
                None,
                f"expected {width} columns, found {len(row)}",
                "this does not look like OFAC's legacy CSV layout; download the file again",
            )
        if not (row[0].strip().isdigit()):
            raise fail(
                path,
                reader.line_num,
                "ent_num",
                f"not a number: {row[0]!r}",
                "the first column is OFAC's entry number",
            )
        out.append((reader.line_num, [clean(c) for c in row]))
    return out


def _check_related(folder: Path, name: str, tables: list[Rows]) -> None:
    """The address, alias and comment files only name entries of the primary file; rows that
    name others mean the primary file was cut short (a truncated download)."""
    primary = {int(str(r[0])) for _, r in tables[0]}
    for position, rows in enumerate(tables[1:], 1):
        orphans = sorted({int(str(r[0])) for _, r in rows} - primary)
        if orphans:
            file = folder / LAYOUTS[name][position]
            shown = ", ".join(str(o) for o in orphans[:5]) + (" ..." if len(orphans) > 5 else "")
            raise fail(
                folder / LAYOUTS[name][0],
                None,
                None,
                f"{file.name} names {len(orphans)} entries the primary file lacks ({shown}): "
                "the primary file looks truncated",
                "download the list's files again, together",
            )


def _build(name: str, prim: Rows, adds: Rows, alts: Rows, comments: Rows) -> list[EntityProxy]:
    extra = {int(str(r[0])): str(r[1] or "") for _, r in comments}
    entities: dict[int, EntityProxy] = {}
    out: list[EntityProxy] = []
    for _, row in prim:
        ent = int(str(row[0]))
        entity, sanction = _primary(row, extra.get(ent, ""))
        entities[ent] = entity
        out += [entity, sanction]
    for _, row in adds:
        target = entities.get(int(str(row[0])))
        if target is not None:
            _address(target, row)
    for _, row in alts:
        target = entities.get(int(str(row[0])))
        if target is not None:
            prop = {"fka": "previousName"}.get((row[2] or "").lower(), "alias")
            target.add(prop, row[3], quiet=True)
            target.add("notes", row[4], quiet=True)
    return out


def _primary(row: list[str | None], more_remarks: str) -> tuple[EntityProxy, EntityProxy]:
    ent, name, kind, programs, title = row[0], row[1], row[2], row[3], row[4]
    schema = SCHEMATA.get((kind or "entity").lower()) or "Organization"
    entity = make(schema, f"ofac-{ent}")
    entity.add("name", name)
    if schema == "Person" and name and "," in name:
        last, first = name.split(",", 1)
        entity.add("lastName", last)
        entity.add("firstName", first)
    entity.add("position" if schema == "Person" else "notes", title, quiet=True)
    if schema == "Vessel":
        _vessel(entity, row)
    remarks = joined([row[11], more_remarks], "") if more_remarks else row[11]
    entity.add("notes", remarks, quiet=True)
    apply_remarks(entity, remarks or "")
    entity.add("topics", "sanction")
    sanction = make("Sanction", f"ofac-{ent}-sanction")
    sanction.add("entity", entity.id)
    sanction.add("authority", AUTHORITY)
    sanction.add("authorityId", ent)
    for program in (programs or "").replace("[", "").split("]"):
        sanction.add("program", clean(program))
    return entity, sanction


def _vessel(entity: EntityProxy, row: list[str | None]) -> None:
    entity.add("callSign", row[5])
    entity.add("type", row[6])
    entity.add("tonnage", row[7])
    entity.add("grossRegisteredTonnage", row[8])
    add_country(entity, "flag", row[9])
    entity.add("notes", f"Owner: {row[10]}" if row[10] else None)


def _address(entity: EntityProxy, row: list[str | None]) -> None:
    street, city, country, remark = row[2], row[3], row[4], row[5]
    if not add_country(entity, "country", country):
        entity.add("notes", f"Country as listed: {country}", quiet=True)
    if street or city:
        entity.add("address", joined([street, city, country]), quiet=True)
    entity.add("notes", remark, quiet=True)
