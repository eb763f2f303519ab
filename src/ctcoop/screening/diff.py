"""Designations added, removed and amended between two versions of a list.

A designation is one listed target (person, organisation, vessel, aircraft) with its sanction
and documents, keyed by its stable reference number (UN ``QDi.001``; OFAC's entry number; the
EU's reference number), falling back to the entity id. Amended: the same reference number with
different content; the changed fields are named (``name``, ``alias``, ``birthDate``,
``nationality``, ``documents``, ``program``, ``notes``, ...), with the values removed and added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from followthemoney import EntityProxy

from ctcoop.screening.defaults import TARGET_SCHEMATA

SANCTION_FIELDS = ("program", "listingDate", "endDate")
IGNORED = frozenset({"topics", "modifiedAt", "indexText"})
DOCUMENT_SCHEMATA = frozenset({"Passport", "Identification"})


@dataclass(frozen=True, slots=True)
class Designation:
    """One listed target as compared across versions."""

    key: str  # the reference number
    entity_id: str
    schema: str
    caption: str
    program: tuple[str, ...]
    fields: dict[str, frozenset[str]] = field(hash=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "reference_number": self.key,
            "entity_id": self.entity_id,
            "schema": self.schema,
            "name": self.caption,
            "program": list(self.program),
        }


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Amendment:
    old: Designation
    new: Designation
    changes: tuple[FieldChange, ...]

    @property
    def key(self) -> str:
        return self.new.key

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.changes)

    def to_json(self) -> dict[str, Any]:
        data = self.new.to_json()
        data["changed"] = [
            {"field": c.field, "removed": list(c.removed), "added": list(c.added)}
            for c in self.changes
        ]
        return data


@dataclass(frozen=True, slots=True)
class ListDiff:
    added: tuple[Designation, ...]
    removed: tuple[Designation, ...]
    amended: tuple[Amendment, ...]
    unchanged: int

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "amended": len(self.amended),
            "unchanged": self.unchanged,
        }

    def changed_entity_ids(self) -> set[str]:
        """The entities (of the newer version) that are new or amended: what to re-screen."""
        return {d.entity_id for d in self.added} | {a.new.entity_id for a in self.amended}

    def to_json(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "added": [d.to_json() for d in self.added],
            "removed": [d.to_json() for d in self.removed],
            "amended": [a.to_json() for a in self.amended],
        }


def designations(entities: Iterable[EntityProxy]) -> dict[str, Designation]:
    """The designations in a version's entities, by reference number."""
    targets: list[EntityProxy] = []
    sanctions: dict[str, list[EntityProxy]] = defaultdict(list)
    documents: dict[str, list[EntityProxy]] = defaultdict(list)
    for entity in entities:
        name = entity.schema.name
        if name in TARGET_SCHEMATA:
            targets.append(entity)
        elif name == "Sanction":
            for listed in entity.get("entity"):
                sanctions[listed].append(entity)
        elif name in DOCUMENT_SCHEMATA:
            for holder in entity.get("holder"):
                documents[holder].append(entity)
    out: dict[str, Designation] = {}
    for target in targets:
        ident = str(target.id)
        found = _designation(target, sanctions[ident], documents[ident])
        out[found.key] = found
    return out


def _designation(
    target: EntityProxy, sanctions: Sequence[EntityProxy], documents: Sequence[EntityProxy]
) -> Designation:
    fields: dict[str, set[str]] = defaultdict(set)
    for prop, values in target.properties.items():
        if prop not in IGNORED:
            fields[prop].update(values)
    for sanction in sanctions:
        for prop in SANCTION_FIELDS:
            fields[prop].update(sanction.get(prop))
    for doc in documents:
        number = doc.first("number") or ""
        fields["documents"].add(f"{doc.schema.name}:{number}:{doc.first('country') or ''}")
    key = _reference(target, sanctions)
    return Designation(
        key=key,
        entity_id=str(target.id),
        schema=target.schema.name,
        caption=target.caption,
        program=tuple(sorted(fields.get("program", ()))),
        fields={k: frozenset(v) for k, v in fields.items() if v},
    )


def _reference(target: EntityProxy, sanctions: Sequence[EntityProxy]) -> str:
    for sanction in sanctions:
        for prop in ("unscId", "authorityId", "recordId"):
            value = sanction.first(prop)
            if value:
                return value
    return str(target.id)


def compare(old: Designation, new: Designation) -> tuple[FieldChange, ...]:
    changes = []
    if old.entity_id != new.entity_id:
        changes.append(FieldChange("id", (old.entity_id,), (new.entity_id,)))
    for name in sorted(set(old.fields) | set(new.fields)):
        before, after = old.fields.get(name, frozenset()), new.fields.get(name, frozenset())
        if before != after:
            changes.append(
                FieldChange(name, tuple(sorted(before - after)), tuple(sorted(after - before)))
            )
    return tuple(changes)


def diff_entities(old: Iterable[EntityProxy], new: Iterable[EntityProxy]) -> ListDiff:
    """Compare two versions' entities designation by designation."""
    before, after = designations(old), designations(new)
    added = tuple(after[k] for k in sorted(set(after) - set(before)))
    removed = tuple(before[k] for k in sorted(set(before) - set(after)))
    amended, unchanged = [], 0
    for key in sorted(set(before) & set(after)):
        changes = compare(before[key], after[key])
        if changes:
            amended.append(Amendment(before[key], after[key], changes))
        else:
            unchanged += 1
    return ListDiff(added, removed, tuple(amended), unchanged)
