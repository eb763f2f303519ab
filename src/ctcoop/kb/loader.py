"""``load_kb()``: read the curated data, validate it, and build the KnowledgeBase."""

from __future__ import annotations

from pathlib import Path

from ctcoop.errors import DataError, Problem
from ctcoop.kb.fields import Reader
from ctcoop.kb.knowledge import Discrepancy, KnowledgeBase
from ctcoop.kb.merge import Merged, merge_store
from ctcoop.kb.paths import shipped_data_dir
from ctcoop.kb.records import Facts, Located, read_sections
from ctcoop.kb.states import iso_states, read_un_members, with_successions
from ctcoop.kb.store import DataStore
from ctcoop.kb.validate import Checker
from ctcoop.kb.yamlio import read_yaml
from ctcoop.model import State

UN_MEMBERS_CSV = Path("states") / "un-members.csv"


def read_facts(data_dir: Path, problems: list[Problem]) -> Facts:
    """Read every YAML file under ``data_dir`` (and the UN members CSV) into Facts."""
    facts = Facts()
    for path in sorted(data_dir.rglob("*.yaml")):
        label = _label(path)
        try:
            data = read_yaml(path, label)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        read_sections(data, label, facts, Reader(label, problems))
    csv_path = data_dir / UN_MEMBERS_CSV
    if csv_path.exists():
        label = _label(csv_path)
        for membership, line in read_un_members(csv_path, label, problems):
            facts.memberships.append(membership)
            facts.where[id(membership)] = Located(label, line, {"state": line, "member": line})
    return facts


def _label(path: Path) -> str:
    """A path as the user can open it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_kb(data_dir: Path | None = None, store: DataStore | None = None) -> KnowledgeBase:
    """Load, validate and index the knowledge base; raise DataError listing every problem.

    ``data_dir`` replaces the shipped curated data; ``store`` adds imported facts over it by the
    precedence stated in :mod:`ctcoop.kb.merge`.
    """
    directory = data_dir or shipped_data_dir()
    if not directory.is_dir():
        raise DataError(
            [
                Problem(
                    str(directory),
                    None,
                    None,
                    "no such data directory",
                    "point --data at a folder of YAML files",
                )
            ]
        )
    problems: list[Problem] = []
    facts = read_facts(directory, problems)
    merged = merge_store(facts, store) if store is not None else Merged([], [], [])
    states = with_successions(iso_states(), facts.successions)
    Checker(facts, set(states), problems).run()
    if problems:
        raise DataError(problems)
    return build(facts, states, merged)


def build(facts: Facts, states: dict[str, State], merged: Merged) -> KnowledgeBase:
    return KnowledgeBase(
        sources={s.id: s for s in facts.sources},
        states=states,
        organizations={o.id: o for o in facts.organizations},
        bodies={b.id: b for b in facts.bodies},
        agencies={a.id: a for a in facts.agencies},
        instruments={i.id: i for i in facts.instruments},
        memberships=facts.memberships,
        participations=facts.participations,
        status_records=facts.status_records,
        mechanisms={m.id: m for m in facts.mechanisms},
        events={e.id: e for e in facts.events},
        sets={s.id: s for s in facts.sets},
        regimes={g.list_type: g for g in facts.regimes},
        discrepancies=discrepancies(facts),
        conflicts=merged.conflicts,
        evidence=merged.evidence,
        imports=merged.imports,
    )


def discrepancies(facts: Facts) -> list[Discrepancy]:
    """Every place the paper states a value other than the record's."""
    found: list[Discrepancy] = []
    groups: list[list[object]] = [
        list(facts.instruments),
        list(facts.organizations),
        list(facts.bodies),
        list(facts.mechanisms),
        list(facts.events),
    ]
    for group in groups:
        for obj in group:
            paper = getattr(obj, "paper", None)
            if paper is None:
                continue
            for field, says in paper.says:
                record = getattr(obj, field, None)
                found.append(
                    Discrepancy(
                        str(getattr(obj, "id")),  # noqa: B009 - mixed record types
                        field,
                        "" if record is None else str(record),
                        says,
                        paper.section,
                        paper.note,
                    )
                )
    return found
