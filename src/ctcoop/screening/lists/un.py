"""The UN Security Council Consolidated List (the official XML, ``sc-sanctions.xsd``).

Each ``INDIVIDUAL`` becomes a ``Person`` and each ``ENTITY`` an ``Organization`` with the id
``un-<DATAID>``; each gets one ``Sanction`` (``un-<DATAID>-sanction``) carrying the authority,
the regime (``UN_LIST_TYPE``, e.g. ``Al-Qaida``), the stable reference number (``QDi.001``) and
the listing date. Documents become ``Passport`` or ``Identification`` entities (and the person's
``passportNumber`` / ``idNumber``).

Names: ``FIRST_NAME`` .. ``FOURTH_NAME`` are the parts of the name in the order the UN writes
them (not given and family names); they go to ``firstName``, ``secondName``, ``middleName`` and
``lastName`` and, joined, to ``name``. Aliases of quality ``Low`` are ``weakAlias``; ``Good`` ones
(and those without a quality) are ``alias``; an entity's ``f.k.a.`` is a ``previousName``. The
``NAME_ORIGINAL_SCRIPT`` is kept as an alias and listed in the entity's context under
``original_script`` (see :func:`~ctcoop.screening.lists.common.without_original_script`).

Dates of birth: an exact date, a year, or a ``BETWEEN`` range (every year of the range).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from xml.etree.ElementTree import Element

from followthemoney import EntityProxy

from ctcoop.errors import Problem
from ctcoop.screening.lists.common import (
    ORIGINAL_SCRIPT,
    ListDataError,
    ListSnapshot,
    add_country,
    clean,
    fail,
    joined,
    make,
    merged,
    read_limited,
    sha256_of,
    xs_date,
)
from ctcoop.screening.lists.xmlsafe import LinedTree, parse_xml

AUTHORITY = "United Nations Security Council"
PUBLISHER = "United Nations Security Council, Consolidated List"
ROOT = "CONSOLIDATED_LIST"
NAME_PARTS = (
    ("FIRST_NAME", "firstName"),
    ("SECOND_NAME", "secondName"),
    ("THIRD_NAME", "middleName"),
    ("FOURTH_NAME", "lastName"),
)
_YEAR = re.compile(r"^\d{4}$")
_MAX_RANGE = 30  # a BETWEEN range wider than this keeps only its two ends
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
_FIX_DATE = "write dates as YYYY-MM-DD (years as YYYY), as the UN schema requires"


def parse_un(path: Path, *, max_bytes: int | None = None) -> ListSnapshot:
    """Read a UN Consolidated List XML file; DataError (file, line, field, fix) if it is bad."""
    data = read_limited(path, max_bytes)
    tree = parse_xml(data, path)
    root = tree.root
    if root.tag != ROOT:
        raise fail(
            path,
            tree.line(root),
            None,
            f"the root element is <{root.tag}>, not <{ROOT}>: this is not the UN Consolidated List",
            "give the UN list XML, or choose the list kind with --list",
        )
    published_at = root.get("dateGenerated")
    published = _generated(path, tree, published_at)
    reader = _Reader(path, tree)
    entities: list[EntityProxy] = []
    for box_tag, tag, schema in (
        ("INDIVIDUALS", "INDIVIDUAL", "Person"),
        ("ENTITIES", "ENTITY", "Organization"),
    ):
        box = root.find(box_tag)
        if box is None:
            reader.problem(root, box_tag, f"<{ROOT}> has no <{box_tag}>", "the file is incomplete")
            continue
        for elem in box.findall(tag):
            entities += reader.record(elem, schema, tag)
    if reader.problems:
        raise ListDataError(reader.problems[:50])
    return ListSnapshot(
        list_name="un",
        source=str(path),
        publisher=PUBLISHER,
        published=published,
        sha256=sha256_of(data),
        entities=merged(entities),
        published_at=published_at,
    )


def _generated(path: Path, tree: LinedTree, value: str | None) -> dt.date:
    match = _DATETIME.match((value or "").strip())
    day = xs_date(match.group(1)) if match else None
    if day is None:
        raise fail(
            path,
            tree.line(tree.root),
            "dateGenerated",
            f"missing or not a date-time: {value!r}",
            "the UN list states when it was generated, e.g. 2026-02-27T00:00:09.554Z",
        )
    return dt.date.fromisoformat(day)


class _Reader:
    """Turns one INDIVIDUAL or ENTITY into entities, collecting problems as it goes."""

    def __init__(self, path: Path, tree: LinedTree) -> None:
        self.path = path
        self.tree = tree
        self.problems: list[Problem] = []

    def problem(self, elem: Element, where: str, message: str, fix: str) -> None:
        self.problems.append(Problem(str(self.path), self.tree.line(elem), where, message, fix))

    def required(self, elem: Element, tag: str) -> str | None:
        value = clean(elem.findtext(tag))
        if value is None:
            self.problem(elem, tag, f"<{elem.tag}> has no {tag}", "every entry needs one")
        return value

    def date(self, elem: Element, tag: str) -> str | None:
        child = elem.find(tag)
        text = clean(child.text) if child is not None else None
        if text is None:
            return None
        day = xs_date(text)
        if day is None:
            assert child is not None
            self.problem(child, tag, f"not a valid date: {text!r}", _FIX_DATE)
        return day

    def record(self, elem: Element, schema: str, tag: str) -> list[EntityProxy]:
        dataid = self.required(elem, "DATAID")
        first = self.required(elem, "FIRST_NAME")
        regime = self.required(elem, "UN_LIST_TYPE")
        reference = self.required(elem, "REFERENCE_NUMBER")
        listed = self.date(elem, "LISTED_ON")
        if listed is None and elem.find("LISTED_ON") is None:
            self.problem(elem, "LISTED_ON", f"<{tag}> has no LISTED_ON", "every entry needs one")
        if dataid is not None and not dataid.isdigit():
            self.problem(elem, "DATAID", f"not a number: {dataid!r}", "DATAID is an integer")
            return []
        if not (dataid and first and regime and reference):
            return []
        entity = make(schema, f"un-{dataid}")
        prefix = tag  # INDIVIDUAL_ALIAS / ENTITY_ALIAS ...
        self._names(elem, entity, schema)
        self._aliases(elem, entity, prefix)
        self._facts(elem, entity)
        self._addresses(elem, entity, prefix)
        docs: list[EntityProxy] = []
        if schema == "Person":
            self._birth(elem, entity)
            docs = self._documents(elem, entity)
        entity.add("topics", "sanction")
        sanction = self._sanction(elem, entity, regime, reference, listed)
        return [entity, sanction, *docs]

    def _names(self, elem: Element, entity: EntityProxy, schema: str) -> None:
        parts = [clean(elem.findtext(tag)) for tag, _ in NAME_PARTS]
        if schema == "Person":
            for (_, prop), value in zip(NAME_PARTS, parts, strict=True):
                entity.add(prop, value)
        entity.add("name", joined(parts, " "))
        original = clean(elem.findtext("NAME_ORIGINAL_SCRIPT"))
        if original:
            entity.add("alias", original)
            entity.context[ORIGINAL_SCRIPT] = [original]

    def _aliases(self, elem: Element, entity: EntityProxy, prefix: str) -> None:
        for alias in elem.findall(f"{prefix}_ALIAS"):
            name = clean(alias.findtext("ALIAS_NAME"))
            if not name:
                continue
            quality = (clean(alias.findtext("QUALITY")) or "").lower()
            if quality == "low":
                entity.add("weakAlias", name)
            elif quality in {"f.k.a.", "fka"}:
                entity.add("previousName", name)
            else:
                entity.add("alias", name)
            if entity.schema.name == "Person":
                entity.add("birthDate", xs_date(alias.findtext("DATE_OF_BIRTH") or ""))
                place = joined(
                    [alias.findtext("CITY_OF_BIRTH"), alias.findtext("COUNTRY_OF_BIRTH")]
                )
                entity.add("birthPlace", place)

    def _facts(self, elem: Element, entity: EntityProxy) -> None:
        entity.add("notes", clean(elem.findtext("COMMENTS1")))
        for value in elem.findall("TITLE/VALUE"):
            entity.add("title", clean(value.text), quiet=True)
        for value in elem.findall("DESIGNATION/VALUE"):
            entity.add("position", clean(value.text), quiet=True)
        gender = (clean(elem.findtext("GENDER")) or "").lower()
        if gender in {"male", "female"}:
            entity.add("gender", gender, quiet=True)
        for value in elem.findall("NATIONALITY/VALUE"):
            text = clean(value.text)
            if not add_country(entity, "nationality", text):
                entity.add("notes", f"Nationality as listed: {text}")

    def _addresses(self, elem: Element, entity: EntityProxy, prefix: str) -> None:
        for addr in elem.findall(f"{prefix}_ADDRESS"):
            parts = [addr.findtext(t) for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE")]
            country = clean(addr.findtext("COUNTRY"))
            if not add_country(entity, "country", country):
                entity.add("notes", f"Country as listed: {country}")
            if any(clean(p) for p in parts):
                entity.add("address", joined([*parts, country]))

    def _birth(self, elem: Element, entity: EntityProxy) -> None:
        for dob in elem.findall("INDIVIDUAL_DATE_OF_BIRTH"):
            for value in self._dob_values(dob):
                entity.add("birthDate", value)
        for pob in elem.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
            country = clean(pob.findtext("COUNTRY"))
            entity.add(
                "birthPlace",
                joined([pob.findtext("CITY"), pob.findtext("STATE_PROVINCE"), country]),
            )
            add_country(entity, "birthCountry", country)

    def _dob_values(self, dob: Element) -> list[str]:
        day = self.date(dob, "DATE")
        if day is not None:
            return [day]
        year = self._year(dob, "YEAR")
        if year is not None:
            return [str(year)]
        start, end = self._year(dob, "FROM_YEAR"), self._year(dob, "TO_YEAR")
        if start is None or end is None:
            return [str(y) for y in (start, end) if y is not None]
        if start > end:
            self.problem(
                dob,
                "FROM_YEAR",
                f"the range {start}-{end} runs backwards",
                "FROM_YEAR must not be after TO_YEAR",
            )
            return []
        years = range(start, end + 1) if end - start <= _MAX_RANGE else (start, end)
        return [str(y) for y in years]

    def _year(self, elem: Element, tag: str) -> int | None:
        child = elem.find(tag)
        text = clean(child.text) if child is not None else None
        if text is None:
            return None
        if not _YEAR.match(text):
            assert child is not None
            self.problem(child, tag, f"not a year: {text!r}", _FIX_DATE)
            return None
        return int(text)

    def _documents(self, elem: Element, entity: EntityProxy) -> list[EntityProxy]:
        out = []
        for doc in elem.findall("INDIVIDUAL_DOCUMENT"):
            number = clean(doc.findtext("NUMBER"))
            if not number:
                continue
            kinds = [doc.findtext("TYPE_OF_DOCUMENT"), doc.findtext("TYPE_OF_DOCUMENT2")]
            kind = joined(kinds, " / ") or ""
            passport = any(w in kind.lower() for w in ("passport", "passeport", "pasaporte"))
            schema = "Passport" if passport else "Identification"
            country = clean(doc.findtext("ISSUING_COUNTRY") or doc.findtext("COUNTRY_OF_ISSUE"))
            key = f"{schema}|{number}|{country or ''}".encode()
            document = make(schema, f"{entity.id}-doc-{hashlib.sha1(key).hexdigest()[:12]}")
            document.add("holder", entity.id)
            document.add("number", number)
            document.add("type", kind or None)
            add_country(document, "country", country)
            document.add("startDate", xs_date(doc.findtext("DATE_OF_ISSUE") or ""))
            document.add("summary", joined([doc.findtext("CITY_OF_ISSUE"), doc.findtext("NOTE")]))
            entity.add("passportNumber" if passport else "idNumber", number)
            out.append(document)
        return out

    def _sanction(
        self, elem: Element, entity: EntityProxy, regime: str, reference: str, listed: str | None
    ) -> EntityProxy:
        sanction = make("Sanction", f"{entity.id}-sanction")
        sanction.add("entity", entity.id)
        sanction.add("authority", AUTHORITY)
        sanction.add("program", regime)
        sanction.add("unscId", reference)
        sanction.add("authorityId", reference)
        sanction.add("listingDate", listed)
        updated = [xs_date(v.text or "") for v in elem.findall("LAST_DAY_UPDATED/VALUE")]
        sanction.add("modifiedAt", max((u for u in updated if u), default=None))
        sanction.add("endDate", self.date(elem, "DELISTED_ON"))
        for value in elem.findall("LIST_TYPE/VALUE"):
            sanction.add("status", clean(value.text))
        return sanction
