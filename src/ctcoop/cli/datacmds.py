"""Commands over the data: check, discrepancies, imports, status, coverage, conflicts, update."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctcoop.cli.commands import parse_on
from ctcoop.cli.output import Output, Table, out
from ctcoop.errors import InputError
from ctcoop.interfaces import inputs
from ctcoop.kb import KnowledgeBase


def _services_data(kb: KnowledgeBase) -> dict[str, int]:
    """The services' own data, checked against the knowledge base: the casework vocabularies,
    the exchange's shipped policies and the monitoring question bank; DataError naming every
    problem."""
    from ctcoop.casework.vocab import check, load
    from ctcoop.errors import DataError
    from ctcoop.exchange.policies import SHIPPED
    from ctcoop.exchange.policies import load as load_policies
    from ctcoop.monitoring.bank import load as load_bank

    vocab = load()
    problems = check(kb, vocab)
    if problems:
        raise DataError(problems)
    return {
        "casework offences": len(vocab.offences),
        "casework time limits": len(vocab.deadlines),
        "exchange policies": len(load_policies(SHIPPED, kb)),
        "monitoring questions": len(load_bank(kb).questions),
    }


def data_check(kb: KnowledgeBase, kb_dir: Path | None = None) -> Output:
    """The knowledge base is valid (it loaded); with the shipped one, the services' data too."""
    services = _services_data(kb) if kb_dir is None else {}
    counts = {
        "sources": len(kb.sources),
        "organizations": len(kb.organizations),
        "bodies": len(kb.bodies),
        "instruments": len(kb.instruments),
        "memberships": len(kb.memberships),
        "participations": len(kb.participations),
        "mechanisms": len(kb.mechanisms),
        "events": len(kb.events),
    }
    data = {"ok": True, "counts": counts, "services": services, "problems": []}
    text = [
        "[green]The knowledge base is valid:[/green] "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
    ]
    if services:
        text.append(
            "[green]The services' data are valid:[/green] "
            + ", ".join(f"{v} {k}" for k, v in services.items())
        )
    return out(data, *text)


def data_discrepancies(kb: KnowledgeBase) -> Output:
    rows: list[list[object]] = [
        [d.subject, d.field, d.record, d.paper, d.section or "", d.note or ""]
        for d in kb.discrepancies
    ]
    data = {
        "discrepancies": [
            {
                "subject": d.subject,
                "field": d.field,
                "record": d.record,
                "paper": d.paper,
                "section": d.section,
                "note": d.note,
            }
            for d in kb.discrepancies
        ]
    }
    return out(
        data,
        tables=[
            Table(
                "Where the paper differs from the record (the record is kept)",
                ["subject", "field", "record", "paper says", "section", "note"],
                rows,
            )
        ],
    )


def _import_output(report: Any) -> Output:
    from dataclasses import asdict

    data = asdict(report)
    lines = [
        f"[green]Imported[/green] {report.kind} {report.file}",
        f"{report.participations} participations, {report.memberships} memberships; "
        f"sha256 {report.sha256[:16]}…; saved to {report.saved_to}",
    ]
    for record in report.status_records:
        lines.append(f"participant list of {record['instrument']} complete as of {record['as_of']}")
    lines.append(f"{len(report.unresolved)} names not resolved, {len(report.skipped)} rows skipped")
    tables = []
    if report.unresolved:
        tables.append(
            Table(
                "Names not resolved (not imported)",
                ["name", "line", "reason"],
                [[u["name"], u["line"], u["reason"]] for u in report.unresolved],
            )
        )
    if report.skipped:
        tables.append(
            Table(
                "Skipped",
                ["line", "reason"],
                [[s["line"], s["reason"]] for s in report.skipped[:50]],
            )
        )
    return out(data, *lines, tables=tables)


def data_import(
    kb: KnowledgeBase,
    store: Any,
    kind: str,
    path: Any,
    instrument: str | None = None,
    as_of: str | None = None,
    section: str | None = None,
    name: str | None = None,
    body: str | None = None,
    accept_shrink: str | None = None,
) -> Output:
    """Every ``data import KIND``: one handler, the importer chosen by ``kind``."""
    from ctcoop.kb.importers import run_import

    if accept_shrink is not None and not accept_shrink.strip():
        raise InputError("--accept-shrink needs the reason, in words", argument="accept-shrink")
    report = run_import(
        kb,
        store,
        kind,
        path,
        instrument=kb.instrument(instrument).id if instrument else None,
        as_of=parse_on(as_of) if as_of else None,
        name=name,
        body=body,
        section=section,
        accept_shrink=accept_shrink,
    )
    return _import_output(report)


def data_status(kb: KnowledgeBase, on: str | None) -> Output:
    from ctcoop.interfaces import views
    from ctcoop.law.datastatus import data_status as compute

    day = parse_on(on)
    rows = compute(kb, day)
    data = views.data_status(kb, rows, day)
    table = Table(
        f"Known party status among UN members on {day}",
        ["instrument", "known", "bound", "not bound", "unknown", "complete as of", "from"],
        [
            [
                r.instrument,
                f"{r.known}/{r.un_members}",
                r.bound,
                r.not_bound,
                r.unknown,
                r.as_of or "",
                "; ".join(r.sources) or "no data",
            ]
            for r in rows
        ],
    )
    return out(data, tables=[table])


def data_coverage(
    kb: KnowledgeBase,
    instruments: str | None,
    universal: bool,
    on: str | None,
    states: str | None,
    csv: bool,
) -> Output:
    from ctcoop.law.datastatus import coverage_table

    day = parse_on(on)
    if universal:
        return _universal_coverage(kb, instruments or "set:universal-19", day, csv)
    if not instruments:
        raise InputError(
            "give --instruments ID,ID (or a set:...) or --universal", argument="instruments"
        )
    ids = inputs.instrument_ids(kb, instruments)
    chosen = inputs.state_ids(kb, states)
    table = coverage_table(kb, ids, day, chosen)
    data = {
        "on": day.isoformat(),
        "instruments": ids,
        "states": {s: {i: st.value for i, st in row.items()} for s, row in table.items()},
    }
    if csv:
        _write_csv(["state", *ids], [[s, *(row[i].value for i in ids)] for s, row in table.items()])
        return out(data)
    rows = [[s, kb.name_of(s), *(row[i].value for i in ids)] for s, row in table.items()]
    return out(data, tables=[Table(f"Status on {day}", ["state", "name", *ids], rows)])


def _universal_coverage(kb: KnowledgeBase, instruments: str, day: Any, csv: bool) -> Output:
    from ctcoop.interfaces import views
    from ctcoop.law.datastatus import coverage_of, un_members

    states = un_members(kb, day)
    rows = [coverage_of(kb, i, day, states) for i in inputs.instrument_ids(kb, instruments)]
    data = views.universal_coverage(rows, day, len(states))
    header = ["instrument", "bound", "not_bound", "unknown", "as_of", "sources"]
    table = [
        [r.instrument, r.bound, r.not_bound, r.unknown, r.as_of or "", "; ".join(r.sources)]
        for r in rows
    ]
    if csv:
        _write_csv(header, table)
        return out(data)
    known = data["known_pairs"]
    summary = (
        f"on {day}: {known} of {data['pairs']} (UN member x instrument) pairs have a known "
        f"status ({data['known_share']:.0%})"
    )
    return out(data, summary, tables=[Table(f"UN members ({len(states)})", header, table)])


def _write_csv(header: list[str], rows: list[list[Any]]) -> None:
    import csv as csvmod
    import io
    import sys

    buffer = io.StringIO()
    writer = csvmod.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    sys.stdout.write(buffer.getvalue())


def data_conflicts(kb: KnowledgeBase) -> Output:
    from ctcoop.kb.conflicts import all_conflicts

    found = all_conflicts(kb)
    data = {
        "conflicts": [
            {
                "subject": c.subject,
                "field": c.field,
                "used": c.used,
                "used_sources": list(c.used_sources),
                "other": c.other,
                "other_sources": list(c.other_sources),
            }
            for c in found
        ]
    }
    rows = [
        [c.subject, c.field, c.used, ", ".join(c.used_sources), c.other, ", ".join(c.other_sources)]
        for c in found
    ]
    return out(
        data,
        f"{len(found)} conflicts (precedence: see docs/data-import.md)",
        tables=[Table("Conflicts", ["subject", "field", "used", "from", "other", "from"], rows)],
    )


def data_imports(kb: KnowledgeBase, store: Any) -> Output:
    data = {
        "data_dir": str(store.root),
        "imports": [
            {
                "id": i.id,
                "kind": i.kind,
                "source": i.source,
                "file": i.file,
                "sha256": i.sha256,
                "imported_at": i.imported_at,
                "as_of": i.as_of,
                "scope": i.scope,
                "facts": i.facts,
                "unresolved": list(i.unresolved),
            }
            for i in kb.imports
        ],
    }
    rows = [
        [i.id, i.kind, i.imported_at, i.as_of or "", i.facts, len(i.unresolved), i.file]
        for i in kb.imports
    ]
    return out(
        data,
        f"data directory: {store.root}",
        tables=[
            Table(
                "Imports",
                ["id", "kind", "imported", "complete as of", "facts", "unresolved", "file"],
                rows,
            )
        ],
    )


def data_update(kb: KnowledgeBase, store: Any, no_lists: bool, timeout: float) -> Output:
    from dataclasses import asdict

    from ctcoop.kb.update import update

    report = update(kb, store, lists=not no_lists, timeout=timeout)
    lines = [
        f"fetched {len(report.fetched)} files; imported {', '.join(report.imported) or 'none'}"
    ]
    lines += [f"[yellow]failed:[/yellow] {f}" for f in report.failed]
    return out(asdict(report), *lines)
