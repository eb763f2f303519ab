"""What every list parser shares: the snapshot it returns, safe reading, errors, small cleaners.

A parser turns one published list into a :class:`ListSnapshot`: FollowTheMoney entities (the
listed people, organisations, vessels, aircraft; their documents; one ``Sanction`` per
designation) plus the list's name, publication date and the sha256 of the bytes read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy, model
from followthemoney.types import registry

from ctcoop.errors import DataError, Problem
from ctcoop.screening.defaults import TARGET_SCHEMATA

MAX_BYTES_ENV = "CTCOOP_LIST_MAX_BYTES"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
ORIGINAL_SCRIPT = "original_script"  # context key: names as written in their own script
_NULLS = frozenset({"", "na", "n/a", "-0-", "none", "null"})
_SPACE = re.compile(r"\s+")
_XS_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?$")


class ListDataError(DataError):
    """A sanctions list file that cannot be used: every problem with file, line, field, fix."""

    def summary(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the sanctions list"
        return head + ("\n" + "\n".join(str(p) for p in self.problems) if self.problems else "")


@dataclass(frozen=True)
class ListSnapshot:
    """One published version of one sanctions list, as FollowTheMoney entities."""

    list_name: str  # "un", "ofac-sdn", "ofac-cons", "eu"
    source: str  # the file (or folder) read
    publisher: str
    published: dt.date | None  # the publication date the file states, if it states one
    sha256: str
    entities: tuple[EntityProxy, ...]
    published_at: str | None = None  # the publication timestamp exactly as the file gives it
    notes: tuple[str, ...] = field(default=())

    @property
    def counts(self) -> dict[str, int]:
        """Entities per FollowTheMoney schema, e.g. ``{"Person": 730, "Sanction": 1003}``."""
        return dict(sorted(Counter(e.schema.name for e in self.entities).items()))

    def targets(self) -> list[EntityProxy]:
        """The listed people, organisations, vessels and aircraft (no sanctions or documents)."""
        return [e for e in self.entities if e.schema.name in TARGET_SCHEMATA]

    def sanctions(self) -> list[EntityProxy]:
        return [e for e in self.entities if e.schema.name == "Sanction"]


def max_bytes_limit(max_bytes: int | None = None) -> int:
    """The size limit: the argument, else ``$CTCOOP_LIST_MAX_BYTES``, else 50 MB."""
    if max_bytes is not None:
        return max_bytes
    env = os.environ.get(MAX_BYTES_ENV)
    if env:
        try:
            return int(env)
        except ValueError:
            raise ListDataError(
                [
                    Problem(
                        MAX_BYTES_ENV,
                        None,
                        None,
                        f"not a number of bytes: {env!r}",
                        "set it to a whole number, e.g. 104857600 for 100 MB",
                    )
                ]
            ) from None
    return DEFAULT_MAX_BYTES


def read_limited(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``, refusing a file larger than the limit before reading it."""
    limit = max_bytes_limit(max_bytes)
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_big(path, size, limit)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise fail(
            path,
            None,
            None,
            f"cannot read the file: {exc.strerror or exc}",
            "check the path and its permissions",
        ) from None
    if len(data) > limit:
        raise _too_big(path, len(data), limit)
    return data


def _too_big(path: Path, size: int, limit: int) -> ListDataError:
    return fail(
        path,
        None,
        None,
        f"the file has {size:,} bytes, more than the limit of {limit:,}",
        f"check it is the list you meant; if it is, raise the limit with {MAX_BYTES_ENV} "
        "or --max-bytes",
    )


def sha256_of(*chunks: bytes) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def fail(
    path: Path | str, line: int | None, where: str | None, message: str, fix: str
) -> ListDataError:
    """A ListDataError with one problem: file, line, field, what is wrong and what to do."""
    return ListDataError([Problem(str(path), line, where, message, fix)])


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, which the EU and OFAC files have used."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def clean(value: str | None) -> str | None:
    """Collapse whitespace; None for empty values and the placeholders lists use for 'none'."""
    if value is None:
        return None
    text = _SPACE.sub(" ", value).strip()
    return None if text.lower().rstrip(".") in _NULLS else text


def joined(parts: Iterable[str | None], sep: str = ", ") -> str | None:
    found = [p for p in (clean(x) for x in parts) if p]
    return sep.join(found) if found else None


def xs_date(value: str) -> str | None:
    """An ISO date from an XML Schema date (``2015-07-01`` or ``2015-07-01-04:00``), or None."""
    match = _XS_DATE.match(value.strip())
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def make(schema: str, ident: str) -> EntityProxy:
    entity = model.make_entity(schema)
    entity.id = ident
    return entity


def add_country(entity: EntityProxy, prop: str, value: str | None) -> bool:
    """Add a country (name or code) if FollowTheMoney recognises it; False when it does not."""
    text = clean(value)
    if not text:
        return True
    code = registry.country.clean(text)
    if code is None:
        return False
    entity.add(prop, code, cleaned=True, quiet=True)
    return True


def original_script_names(entity: EntityProxy) -> list[str]:
    """The names a list gives in their original script (kept as aliases too)."""
    found = entity.context.get(ORIGINAL_SCRIPT) or []
    return [str(v) for v in found]


def without_original_script(entity: EntityProxy) -> EntityProxy:
    """A copy of ``entity`` with its original-script names removed (for cross-script tests)."""
    copy = entity.clone()
    names = set(original_script_names(entity))
    for prop in ("name", "alias", "weakAlias"):
        if prop not in copy.schema.properties:
            continue  # e.g. a Sanction entity has no names to remove
        kept = [v for v in copy.get(prop) if v not in names]
        copy.set(prop, kept)
    copy.context.pop(ORIGINAL_SCRIPT, None)
    return copy


def merged(entities: Iterable[EntityProxy]) -> tuple[EntityProxy, ...]:
    """The entities in order, those that share an id merged into the first (lists repeat)."""
    seen: dict[str, EntityProxy] = {}
    for entity in entities:
        key = str(entity.id)
        if key in seen:
            seen[key].merge(entity)
        else:
            seen[key] = entity
    return tuple(seen.values())


def by_id(entities: Sequence[EntityProxy]) -> dict[str, EntityProxy]:
    return {e.id: e for e in entities if e.id}


def to_json(entity: EntityProxy) -> dict[str, Any]:
    return entity.to_dict()


def from_json(data: dict[str, Any]) -> EntityProxy:
    return EntityProxy.from_dict(data)
