"""Importers of real participation and membership data into the local data store.

Each importer reads one kind of record into a Batch (facts, unresolved names, skipped rows); a
batch with any problem is refused and nothing is written; a good one is saved atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctcoop.errors import DataError, InputError, Problem
from ctcoop.kb.importers.common import Batch, sha256
from ctcoop.kb.knowledge import KnowledgeBase
from ctcoop.kb.store import DataStore

MAX_BYTES = 20_000_000  # largest file an import reads (the real ones are under 1 MB)
MAX_BYTES_ENV = "CTCOOP_IMPORT_MAX_BYTES"
SHRINK = 0.2  # an import that would drop more than this share of the earlier one's facts is refused
KINDS = ("untc", "icao", "imo", "iaea", "oas", "au", "unoda", "cow", "csv")
DEPOSITARIES = ("icao", "imo", "iaea", "oas", "au")


@dataclass(frozen=True)
class ImportReport:
    batch_id: str
    kind: str
    file: str
    sha256: str
    facts: int
    participations: int
    memberships: int
    status_records: list[dict[str, Any]]
    unresolved: list[dict[str, Any]]
    skipped: list[dict[str, Any]]
    saved_to: str


def run_import(
    kb: KnowledgeBase,
    store: DataStore,
    kind: str,
    path: Path,
    *,
    instrument: str | None = None,
    as_of: dt.date | None = None,
    name: str | None = None,
    body: str | None = None,
    section: str | None = None,
    accept_shrink: str | None = None,
) -> ImportReport:
    """Read ``path`` with the importer ``kind`` and save its facts; raise DataError on problems.

    Nothing replaces an earlier import of the same record unless it is sound: an import with no
    facts is refused, and so is one that would drop more than ``SHRINK`` of the earlier one's
    facts, unless ``accept_shrink`` gives the operator's reason (kept with the import)."""
    if not path.is_file():
        raise DataError([Problem(str(path), None, None, "no such file", "check the path")])
    limit = int(os.environ.get(MAX_BYTES_ENV) or MAX_BYTES)
    if path.stat().st_size > limit:
        raise DataError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    f"the file has {path.stat().st_size:,} bytes; imports read at most {limit:,}",
                    f"check that this is the right file, or raise the limit with {MAX_BYTES_ENV}",
                )
            ]
        )
    try:
        batch = _read(kb, kind, path, instrument, as_of, name, body, section)
    except (csv.Error, UnicodeError, RecursionError) as exc:
        raise DataError(
            [Problem(str(path), None, None, f"the file cannot be read: {exc}", "check the file")]
        ) from None
    digest = sha256(path)
    record = batch.to_json(digest)
    _gate(store, record, path, accept_shrink)
    saved = store.save(record)
    return ImportReport(
        batch.id,
        kind,
        str(path),
        digest,
        len(batch.participations) + len(batch.memberships),
        len(batch.participations),
        len(batch.memberships),
        batch.status_records,
        batch.unresolved,
        batch.skipped,
        str(saved),
    )


def facts_of(record: dict[str, Any]) -> int:
    """Facts in a stored import: participation actions and memberships."""
    actions = sum(len(p.get("actions", [])) for p in record.get("participations", []))
    return actions + len(record.get("memberships", []))


def _gate(store: DataStore, record: dict[str, Any], path: Path, accept: str | None) -> None:
    previous = store.batch(record["id"])
    before = facts_of(previous) if previous else 0
    after = facts_of(record)
    kept = f"; the earlier import ({before} facts) is kept" if previous else ""
    if after == 0:
        raise DataError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    f"the file holds no facts (empty, or a header only){kept}",
                    "check that the download is complete, and import it again",
                )
            ]
        )
    if previous and after < (1 - SHRINK) * before:
        if not accept:
            raise DataError(
                [
                    Problem(
                        str(path),
                        None,
                        None,
                        f"it would replace {before} facts with {after} (more than "
                        f"{SHRINK:.0%} fewer){kept}",
                        "check that the file is complete; if the record really shrank, import "
                        "it again with --accept-shrink 'the reason'",
                    )
                ]
            )
        record["accepted_shrink"] = {"reason": accept, "facts_before": before, "facts": after}


_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")


def _list_name(name: str | None, path: Path) -> str:
    """A generic list's name, which names its stored file: a given one must be simple; the
    default is the file's stem reduced to the characters allowed."""
    if name is None:
        cleaned = re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-._")
        return (cleaned or "list")[:63]
    if not _NAME.match(name):
        raise InputError(
            f"--name {name!r} is not a simple name: use lower-case letters, digits, '.', '_' "
            "or '-' (it names the stored file)",
            argument="name",
        )
    return name


def _read(
    kb: KnowledgeBase,
    kind: str,
    path: Path,
    instrument: str | None,
    as_of: dt.date | None,
    name: str | None,
    body: str | None,
    section: str | None = None,
) -> Batch:
    from ctcoop.kb.importers import cow, depositary, generic, unoda, untc

    if kind == "untc" or kind in DEPOSITARIES:
        if not instrument:
            raise DataError(
                [
                    Problem(
                        str(path),
                        None,
                        "--instrument",
                        "which instrument is this the status of?",
                        "add --instrument ID",
                    )
                ]
            )
        if kind in DEPOSITARIES:
            return depositary.import_depositary(kb, kind, path, instrument, as_of, section)
        return untc.import_untc(kb, path, instrument, as_of)
    if kind == "unoda":
        return unoda.import_unoda(kb, path)
    if kind == "cow":
        return cow.import_cow(kb, path)
    if kind == "csv":
        return generic.import_csv(kb, path, _list_name(name, path), body or "user-supplied record")
    raise DataError(
        [
            Problem(
                str(path),
                None,
                "kind",
                f"unknown importer {kind!r}",
                f"use one of {', '.join(KINDS)}",
            )
        ]
    )
