"""FollowTheMoney entities (JSON lines): the knowledge base's organisations (``Organization``),
their bodies (``PublicBody``, with ``parent``), the memberships of states in them
(``Membership``, states as ``Organization`` of their country), and, from the sanctions lists
loaded in the data store, the designated persons and entities as the lists give them.

Ids: ``ctcoop-{id}`` for what the knowledge base names, the lists' own ids for their entities.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from followthemoney import model

from ctcoop.kb import KnowledgeBase
from ctcoop.kb.store import DataStore

__all__ = ["entities"]


def _id(ident: str) -> str:
    return "ctcoop-" + ident.replace(":", "-")


def _source_urls(kb: KnowledgeBase, ids: tuple[str, ...]) -> list[str]:
    return [u for u in (kb.sources[i].url for i in ids if i in kb.sources) if u]


def _named(kb: KnowledgeBase, schema: str, actor: Any) -> Any:
    """An entity of ``schema`` for an organisation or body: its id, names and sources."""
    e = model.make_entity(schema)
    e.id = _id(actor.id)
    e.add("name", actor.name)
    e.add("abbreviation", actor.acronym)
    e.add("alias", list(actor.aliases))
    e.add("sourceUrl", _source_urls(kb, actor.sources))
    return e


def _kb_entities(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    for org in kb.organizations.values():
        e = _named(kb, "Organization", org)
        if org.founded is not None:
            e.add("incorporationDate", str(org.founded))
        if org.dissolved is not None:
            e.add("dissolutionDate", str(org.dissolved))
        yield e.to_dict()
    for body in kb.bodies.values():
        e = _named(kb, "PublicBody", body)
        e.add("summary", body.mandate)
        e.add("parent", _id(body.parent or body.organization))
        yield e.to_dict()
    states = {m.member for m in kb.memberships if m.member in kb.states}
    for ident in sorted(states):
        state = kb.states[ident]
        e = model.make_entity("Organization")  # the state as a party to memberships
        e.id = _id(state.id)
        e.add("name", state.name)
        e.add("country", state.alpha2)
        e.add("classification", "state")
        yield e.to_dict()
    for n, m in enumerate(kb.memberships):
        if m.organization not in kb.organizations or m.member not in kb.states:
            continue
        e = model.make_entity("Membership")
        e.id = _id(f"membership-{m.organization}-{m.member}-{m.role.value}-{n}")
        e.add("organization", _id(m.organization))
        e.add("member", _id(m.member))
        e.add("role", m.role.value)
        if m.interval.start is not None:
            e.add("startDate", str(m.interval.start))
        if m.interval.end is not None:
            e.add("endDate", str(m.interval.end))
        e.add("sourceUrl", _source_urls(kb, m.sources))
        yield e.to_dict()


def _listed(store: DataStore) -> Iterator[dict[str, Any]]:
    import os

    from ctcoop.screening.store import FILENAME, ScreeningStore

    if not os.environ.get("CTCOOP_SCREENING_DB") and not (store.root / FILENAME).exists():
        return  # no list loaded: nothing to add (and no database made for it)
    screening = ScreeningStore.open(store)
    try:
        for version in screening.versions():
            if version.active:
                for entity in screening.entities(version.id):
                    yield entity.to_dict()
    finally:
        screening.close()


def entities(kb: KnowledgeBase, store: DataStore | None = None) -> Iterator[dict[str, Any]]:
    """Every entity, as FollowTheMoney's JSON form."""
    yield from _kb_entities(kb)
    if store is not None:
        yield from _listed(store)
