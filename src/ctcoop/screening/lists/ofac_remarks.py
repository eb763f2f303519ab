"""The simple facts in OFAC's remarks: ``DOB 31 Aug 1960; POB Giza, Egypt; Passport 1084010
(Egypt); nationality Iran; a.k.a. 'BNC'.`` Anything not recognised stays in the notes only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from followthemoney import EntityProxy

from ctcoop.screening.lists.common import add_country, clean

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_DOC = re.compile(r"^(?P<number>.+?)(?:\s*\((?P<country>[^)]+)\))?(?:\s*(?:issued|expires).*)?$")
_QUOTED = re.compile(r"'([^']+)'")


def ofac_date(text: str) -> list[str]:
    """ISO dates (or years, or year-months) from OFAC's date forms; [] for what is not one."""
    text = text.strip().removeprefix("circa ").strip()
    if " to " in text:
        start, end = (ofac_date(t) for t in text.split(" to ", 1))
        if len(start) == 1 and len(end) == 1 and len(start[0]) == len(end[0]) == 4:
            first, last = int(start[0]), int(end[0])
            if 0 <= last - first <= 30:
                return [str(y) for y in range(first, last + 1)]
        return start + end
    parts = text.split()
    try:
        if len(parts) == 3 and parts[1] in _MONTHS:
            return [dt.date(int(parts[2]), _MONTHS[parts[1]], int(parts[0])).isoformat()]
        if len(parts) == 2 and parts[0] in _MONTHS:
            return [f"{int(parts[1]):04d}-{_MONTHS[parts[0]]:02d}"]
        if len(parts) == 1 and re.fullmatch(r"\d{4}", parts[0]):
            return [parts[0]]
    except ValueError:
        return []
    return []


def _document(prop: str) -> Callable[[EntityProxy, str], None]:
    def apply(entity: EntityProxy, value: str) -> None:
        match = _DOC.match(value)
        if match:
            entity.add(prop, clean(match.group("number")), quiet=True)

    return apply


def _country(prop: str) -> Callable[[EntityProxy, str], None]:
    def apply(entity: EntityProxy, value: str) -> None:
        add_country(entity, prop, value)

    return apply


def _dob(entity: EntityProxy, value: str) -> None:
    for day in ofac_date(value):
        entity.add("birthDate", day, quiet=True)


def _gender(entity: EntityProxy, value: str) -> None:
    if value.lower() in {"male", "female"}:
        entity.add("gender", value.lower(), quiet=True)


def _alias(prop: str) -> Callable[[EntityProxy, str], None]:
    def apply(entity: EntityProxy, value: str) -> None:
        for name in _QUOTED.findall(value) or [value]:
            entity.add(prop, clean(name), quiet=True)

    return apply


HANDLERS: dict[str, Callable[[EntityProxy, str], None]] = {
    "DOB": _dob,
    "POB": lambda e, v: e.add("birthPlace", clean(v), quiet=True),
    "nationality": _country("nationality"),
    "citizen": _country("citizenship"),
    "Gender": _gender,
    "Passport": _document("passportNumber"),
    "National ID": _document("idNumber"),
    "Identification Number": _document("idNumber"),
    "Cedula": _document("idNumber"),
    "a.k.a.": _alias("alias"),
    "f.k.a.": _alias("previousName"),
    "Vessel Registration Identification IMO": lambda e, v: e.add("imoNumber", v, quiet=True),
    "MMSI": lambda e, v: e.add("mmsi", v, quiet=True),
    "Website": lambda e, v: e.add("website", clean(v), quiet=True),
    "Email Address": lambda e, v: e.add("email", clean(v), quiet=True),
}


def apply_remarks(entity: EntityProxy, remarks: str) -> None:
    """Add the recognised facts of ``remarks`` to ``entity`` (the schema permitting)."""
    for item in remarks.rstrip(".").split(";"):
        text = item.strip().removeprefix("alt. ")
        for key in _KEYS:
            if text.startswith(key + " "):
                value = text[len(key) :].strip().removeprefix("No.").strip().rstrip(".")
                HANDLERS[key](entity, value)
                break


_KEYS = sorted(HANDLERS, key=len, reverse=True)
