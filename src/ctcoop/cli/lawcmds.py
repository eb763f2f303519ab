"""Commands over the law layer: basis, obligations, gaps, coverage, stats."""

from __future__ import annotations

from typing import Any

from ctcoop.cli.commands import _measure, parse_on
from ctcoop.cli.output import Output, Table, out
from ctcoop.errors import InputError
from ctcoop.interfaces import inputs, views
from ctcoop.kb import KnowledgeBase
from ctcoop.model import Measure, Organization, State


def _required_measure(value: str) -> Measure:
    return inputs.required_measure(value, "--measure")


def basis(
    kb: KnowledgeBase, a: str, b: str, measure: str, on: str | None, binding_only: bool = False
) -> Output:
    from ctcoop.law.bases import bases

    day, m = parse_on(on), _required_measure(measure)
    first, second = kb.resolve(a), kb.resolve(b)
    result = bases(kb, first.id, second.id, m, day, binding_only=binding_only)
    data = views.bases(kb, result)
    lines = [f"[bold]{first.name} and {second.name}[/bold]: {m.value} on {day}"]
    best = result.best_level()
    lines.append(f"best binding basis in force: {best.value if best else 'none'}")
    tables = []
    for level, items in result.by_level().items():
        rows = [
            [
                b.instrument.id,
                {"true": "yes", "false": "no", "unknown": "unknown"}[b.in_force.value],
                b.kind,
                ", ".join(p.article for p in b.provisions),
                "; ".join(b.caveats()),
            ]
            for b in items
        ]
        tables.append(
            Table(
                f"{level.value} ({len(items)})",
                ["instrument", "in force", "kind", "articles", "caveats"],
                rows,
            )
        )
    return out(data, *lines, tables=tables)


def obligations(kb: KnowledgeBase, state: str, on: str | None, measure: str | None) -> Output:
    from ctcoop.law.obligations import obligations as compute

    day, s = parse_on(on), kb.resolve_state(state)
    result = compute(kb, s.id, day, _measure(measure))
    data = views.obligations(kb, result)
    rows = [
        [
            o.instrument.level.value,
            o.measure.value,
            o.instrument.id,
            ", ".join(p.article for p in o.provisions),
            "" if o.binding else "political commitment",
        ]
        for o in result.obligations
    ]
    lines = [
        f"{len(result.obligations)} obligations of {s.name} on {day}; status unknown for "
        f"{len(result.unknown)} instruments (see --json)"
    ]
    return out(
        data,
        *lines,
        tables=[Table("Obligations", ["level", "measure", "instrument", "articles", "note"], rows)],
    )


def gaps(kb: KnowledgeBase, subjects: list[str], on: str | None) -> Output:
    from ctcoop.law.gaps import org_gaps, pair_gaps, state_gaps

    day = parse_on(on)
    if len(subjects) == 2:
        a, b = (kb.resolve_state(x).id for x in subjects)
        pg = pair_gaps(kb, a, b, day)
        pair_view = views.pair_gaps(pg)
        rows: list[list[object]] = [[m.value, "none"] for m in pg.no_basis]
        rows += [[m.value, "unknown"] for m in pg.only_unknown]
        rows += [[m.value, level.value] for m, level in pg.covered.items()]
        return out(
            pair_view,
            tables=[
                Table(
                    f"{a} and {b} on {day}: best binding basis per measure",
                    ["measure", "best level"],
                    rows,
                )
            ],
        )
    if len(subjects) != 1:
        raise InputError("gaps takes a state, an organisation, or two states", argument="subjects")
    actor = kb.resolve(subjects[0])
    if isinstance(actor, State):
        sg = state_gaps(kb, actor.id, day)
        state_view = views.state_gaps(sg)
        rows = [
            [r.instrument, kind, r.status.value, views.GAP_NOTES.get(r.reason.value, "")]
            for kind, found in (
                ("universal", (*sg.universal_missing, *sg.universal_unknown)),
                ("regional", (*sg.regional_missing, *sg.regional_unknown)),
            )
            for r in found
        ]
        return out(
            state_view,
            tables=[
                Table(
                    f"Gaps of {actor.name} on {day}",
                    ["instrument", "kind", "status", "note"],
                    rows,
                )
            ],
        )
    if isinstance(actor, Organization):
        og = org_gaps(kb, actor.id, day)
        org_view = views.org_gaps(og)
        rows = [
            [i, len(og.missing[i]), ", ".join(og.missing[i]), len(og.unknown[i])]
            for i in og.missing
        ]
        return out(
            org_view,
            f"{og.members} members on {day}",
            tables=[
                Table(
                    f"Members of {actor.name} not bound by its instruments",
                    ["instrument", "not bound", "who", "unknown"],
                    rows,
                )
            ],
        )
    raise InputError(f"{subjects[0]!r} is neither a state nor an organisation", argument="subjects")


def coverage(
    kb: KnowledgeBase, measure: str, on: str | None, states: str | None, csv: bool
) -> Output:
    from ctcoop.law.matrix import coverage_matrix

    day, m = parse_on(on), _required_measure(measure)
    chosen = inputs.state_ids(kb, states)
    matrix = coverage_matrix(kb, m, day, chosen)
    names = matrix.states
    data = views.coverage(matrix)
    cells = data["matrix"]
    if csv:
        import csv as csvmod
        import io
        import sys

        buffer = io.StringIO()
        writer = csvmod.writer(buffer)
        writer.writerow(["state", *names])
        for s, row in zip(names, cells, strict=True):
            writer.writerow([s, *row])
        sys.stdout.write(buffer.getvalue())
        return out(data)
    counts = matrix.counts()
    unsure = counts.pop("unknown_with_none")
    summary = ", ".join(
        f"{k}: {v}" + (f" ({unsure} of them with a basis of unknown status)" if k == "none" else "")
        for k, v in counts.items()
    )
    if len(names) > 12:
        return out(
            data,
            f"{len(names)} states; pairs by best level — {summary}",
            "(use --states to see a few, or --csv / --json for the matrix)",
        )
    rows = [[s, *row] for s, row in zip(names, cells, strict=True)]
    return out(data, summary, tables=[Table(f"{m.value} on {day}", ["", *names], rows)])


def stats_parties(
    kb: KnowledgeBase, instruments: str, on: str | None, show_all: bool, show_any: bool
) -> Output:
    from ctcoop.law.stats import parties

    day = parse_on(on)
    result = parties(kb, inputs.instrument_ids(kb, instruments), day)
    n = len(result.instruments)
    lines = [
        f"on {day}, of {result.un_members} UN members: "
        + _tally(result.all, f"party to all {n}" if n > 1 else "party")
    ]
    if n > 1:
        lines.append(f"of {result.un_members} UN members: " + _tally(result.any, "party to any"))
    if show_all:
        lines.append("party to all: " + (", ".join(result.states_all) or "none known"))
    if show_any:
        lines.append("party to any: " + (", ".join(result.states_any) or "none known"))
    if result.others:
        lines.append("also bound, outside the UN (not counted): " + ", ".join(result.others))
    rows = [[i, c.bound, c.not_bound, c.unknown] for i, c in result.per_instrument.items()]
    return out(
        views.parties(result),
        *lines,
        tables=[Table("UN members", ["instrument", "bound", "not bound", "unknown"], rows)],
    )


def _tally(c: Any, what: str) -> str:
    """ "147 party to all 4 (a lower bound: 12 unknown), 33 not" — unknowns never hidden."""
    head = f"at least {c.bound}" if c.lower_bound else str(c.bound)
    tail = f" (a lower bound: {c.unknown} of unknown status)" if c.lower_bound else ""
    return f"{head} {what}, {c.not_bound} not{tail}"


def stats_consents(kb: KnowledgeBase, instruments: str, start: int, end: int) -> Output:
    from ctcoop.law.stats import consents

    if end < start:
        raise InputError("--to must not be before --from", argument="to")
    result = consents(kb, inputs.instrument_ids(kb, instruments), start, end)
    data = views.consents(result)
    rows = [[y, n, result.states_by_year[y]] for y, n in result.by_year.items()]
    return out(
        data,
        f"mean per year: {result.mean_per_year}",
        tables=[Table("Consents per year", ["year", "consents", "states"], rows)],
    )


def stats_members(kb: KnowledgeBase, org: str, start: int, end: int) -> Output:
    from ctcoop.law.stats import membership_counts

    o = kb.resolve_organization(org)
    counts = membership_counts(kb, o.id, start, end)
    data = {"organization": o.id, "by_year": {str(y): n for y, n in counts.items()}}
    return out(
        data,
        tables=[
            Table(
                f"{o.name}: members at the end of each year",
                ["year", "members"],
                [[y, n] for y, n in counts.items()],
            )
        ],
    )


def serve(
    kb: KnowledgeBase,
    store: Any,
    host: str,
    port: int,
    reference_data: str | None,
    kb_dir: Any = None,
) -> Output:
    """Import the reference data when present, then run the app until interrupted; the
    knowledge base already loaded (from ``--kb`` when given) is served unless imports changed it."""
    from pathlib import Path

    import uvicorn

    from ctcoop.api.app import create_app
    from ctcoop.api.settings import Settings
    from ctcoop.kb.reference import find_reference_data, import_reference

    folder = Path(reference_data) if reference_data else find_reference_data()
    missing: list[str] = []
    if folder is None or not folder.is_dir():
        missing.append(
            "The shared reference data was not found (set CTCOOP_REFERENCE_DATA): "
            "only the embedded knowledge base is served."
        )
    else:
        report = import_reference(kb, store, folder)
        print(
            f"reference data {folder}: imported {len(report.imported)}, "
            f"unchanged {len(report.unchanged)}, missing {len(report.missing)}",
            flush=True,
        )
        missing += [f"Reference file missing: {m}." for m in report.missing]
        missing += _load_un_list(store, folder)
        if report.imported:  # new facts: the knowledge base is built again, once
            from ctcoop.kb.snapshot import load_kb_cached

            kb = load_kb_cached(kb_dir, store)
    settings = Settings(data_dir=store.root, kb_dir=kb_dir, missing_data=tuple(missing))
    app = create_app(settings, kb=kb)
    print(
        f"ctcoop is serving on http://{host}:{port}/ (API docs: http://{host}:{port}/api/docs)",
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    return out({"stopped": True})


def _load_un_list(store: Any, folder: Any) -> list[str]:
    """Load the newest UN list snapshot of the reference data when no UN list is active."""
    from ctcoop.screening.store import ScreeningStore

    snapshots = sorted((folder / "sanctions" / "un").glob("consolidated-*.xml"))
    screening = ScreeningStore.open(store)
    try:
        if screening.active("un") is not None:
            return []
        if not snapshots:
            return ["No UN sanctions list is loaded: load one with 'ctcoop lists load FILE'."]
        result = screening.load(snapshots[-1], "un")
        print(
            f"UN sanctions list {snapshots[-1].name} loaded (version {result.version.id})",
            flush=True,
        )
        return []
    finally:
        screening.close()
