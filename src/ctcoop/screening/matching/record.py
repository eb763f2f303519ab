"""An entity (or a query) prepared for matching: names analysed, dates, countries, identifiers.

Queries and listed entities go through the same preparation, so that both sides are compared
in the same terms. A query may be a plain dict (``{"name", "schema", "dob", "country", "id"}``)
or FollowTheMoney-shaped (``{"schema", "properties": {"name": [...], "birthDate": [...]}}``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from followthemoney import EntityProxy, model
from followthemoney.types import registry

from ctcoop.errors import InputError
from ctcoop.screening.matching.names import NameForm, NameType, analyze, name_type

__all__ = ["Record", "prepare", "query_entity"]

STRONG_NAMES = ("name", "alias", "previousName", "abbreviation")
WEAK_NAMES = ("weakAlias",)
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "mainCountry")
ID_PROPS = (
    "idNumber",
    "passportNumber",
    "registrationNumber",
    "taxNumber",
    "socialSecurityNumber",
    "imoNumber",
    "innCode",
    "ogrnCode",
    "leiCode",
    "swiftBic",
    "vatCode",
    "licenseNumber",
    "mmsi",
)
# Bounded work per query: one validation for the API, the command line and batches.
MAX_VALUES = 20  # values of one property
MAX_NAME_CHARS = 300  # characters in one name
MAX_NAME_TOKENS = 16  # words in one name (screening time grows with them)
_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
_ID_CLEAN = re.compile(r"[^0-9A-Z]")
_QUERY_KEYS = {
    "name": "name",
    "names": "name",
    "dob": "birthDate",
    "birth_date": "birthDate",
    "country": "country",
    "nationality": "nationality",
    "id": "idNumber",
    "passport": "passportNumber",
    "first_name": "firstName",
    "last_name": "lastName",
}


@dataclass(frozen=True, slots=True)
class Record:
    """What matching needs to know about one entity."""

    id: str
    schema: str
    names: tuple[NameForm, ...]
    dobs: tuple[str, ...]
    countries: frozenset[str]
    ids: frozenset[str]

    def names_as(self, type_: NameType) -> tuple[NameForm, ...]:
        """The names analysed as names of another type (a LegalEntity query vs a Person)."""
        if all(n.type == type_ for n in self.names):
            return self.names
        return tuple(analyze(n.original, type_, n.weak) for n in self.names)


def prepare(entity: EntityProxy) -> Record:
    """Analyse an entity's names and collect its dates, countries and identifiers."""
    type_ = name_type(entity.schema.name)
    strong = _values(entity, STRONG_NAMES) or _combined(entity)
    weak = [n for n in _values(entity, WEAK_NAMES) if n not in strong]
    names = [analyze(n, type_) for n in strong] + [analyze(n, type_, weak=True) for n in weak]
    return Record(
        id=str(entity.id),
        schema=entity.schema.name,
        names=tuple(n for n in names if n.tokens),
        dobs=tuple(sorted(set(_values(entity, ("birthDate", "incorporationDate"))))),
        countries=frozenset(_values(entity, COUNTRY_PROPS)),
        ids=frozenset(clean_id(v) for v in _values(entity, ID_PROPS) if len(clean_id(v)) >= 4),
    )


def clean_id(value: str) -> str:
    """An identifier in a comparable form: upper case, letters and digits only."""
    return _ID_CLEAN.sub("", value.upper())


def _values(entity: EntityProxy, props: Iterable[str]) -> list[str]:
    out: list[str] = []
    for prop in props:
        if prop in entity.schema.properties:
            out.extend(v for v in entity.get(prop, quiet=True) if v not in out)
    return out


def _combined(entity: EntityProxy) -> list[str]:
    """A name made of the name parts, for entities (or queries) that give only parts."""
    parts = [" ".join(entity.get(p, quiet=True)) for p in _PARTS]
    text = " ".join(p for p in parts if p)
    return [text] if text else []


PERSON_ONLY = frozenset({"birthDate", "passportNumber", *_PARTS})
"""Query properties only a person has: a query giving one, and no schema, is a Person."""


def default_schema(query: Mapping[str, Any]) -> str:
    """The schema of a query that names none: ``Person`` where it gives something only a person
    has (a date of birth, name parts, a passport), else ``LegalEntity``, which a person, an
    organisation and a company all match (a name alone may be any of them: screening
    "Al-Qaida" as a person would miss the listed organisation)."""
    properties = query.get("properties")
    if isinstance(properties, Mapping):
        given = {k for k, v in properties.items() if v}
    else:
        given = {_QUERY_KEYS[k] for k, v in query.items() if k in _QUERY_KEYS and v}
    return "Person" if given & PERSON_ONLY else "LegalEntity"


def query_entity(query: Mapping[str, Any]) -> EntityProxy:
    """A FollowTheMoney entity from a query dict; InputError naming the field if it is bad."""
    schema_name = str(query.get("schema") or default_schema(query))
    schema = model.get(schema_name)
    if schema is None or not schema.matchable:
        raise InputError(
            f"schema: {schema_name!r} is not a FollowTheMoney schema that can be screened; "
            "use Person, Organization, Company, LegalEntity or Vessel",
            argument="schema",
        )
    entity = model.make_entity(schema)
    entity.id = str(query.get("id_") or "query")
    properties = query.get("properties")
    items: Iterable[tuple[str, Any]]
    if isinstance(properties, Mapping):
        items = properties.items()
    else:
        items = ((_QUERY_KEYS.get(k, k), v) for k, v in query.items() if k in _QUERY_KEYS)
    for prop, value in items:
        _add(entity, prop, value)
    if not entity.get_type_values(registry.name) and not _combined(entity):
        raise InputError(
            "name: the query has no name; give one, e.g. 'Usama bin Laden'", argument="name"
        )
    return entity


def _add(entity: EntityProxy, prop: str, value: Any) -> None:
    if prop not in entity.schema.properties:
        if prop == "nationality":
            prop = "country"
        else:
            return
    kind = entity.schema.properties[prop].type
    values = value if isinstance(value, list | tuple) else [value]
    if len(values) > MAX_VALUES:
        raise InputError(
            f"{prop}: {len(values)} values; at most {MAX_VALUES} per property", argument=prop
        )
    for item in values:
        if item is None or str(item).strip() == "":
            continue
        text = str(item).strip()
        if kind is registry.name:
            _check_name(prop, text)
        before = len(entity.get(prop, quiet=True))
        entity.add(prop, text, quiet=True, fuzzy=True)
        if len(entity.get(prop, quiet=True)) == before and kind in (
            registry.date,
            registry.country,
        ):
            label = {"birthDate": "dob"}.get(prop, prop)
            raise InputError(
                f"{label}: {item!r} is not understood; "
                + (
                    "write YYYY, YYYY-MM or YYYY-MM-DD"
                    if kind is registry.date
                    else "give a country name or ISO code, e.g. 'Afghanistan' or 'AF'"
                ),
                argument=prop,
            )


def _check_name(prop: str, text: str) -> None:
    if len(text) > MAX_NAME_CHARS:
        raise InputError(
            f"{prop}: a name of {len(text):,} characters; at most {MAX_NAME_CHARS} are screened",
            argument=prop,
        )
    tokens = len(text.split())
    if tokens > MAX_NAME_TOKENS:
        raise InputError(
            f"{prop}: a name of {tokens} words; at most {MAX_NAME_TOKENS} are screened",
            argument=prop,
        )
