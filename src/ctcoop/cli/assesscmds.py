"""``ctcoop assess``: implementation monitoring (specs in :mod:`ctcoop.cli.assessspecs`). Every
change is logged under ``--user`` in the log shared with casework."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ctcoop.cli.casecmds import _user
from ctcoop.cli.commands import parse_on
from ctcoop.cli.output import Output, Table, audit_log, out, write_out
from ctcoop.errors import InputError
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.store import DataStore
from ctcoop.monitoring.service import as_of_stamp


@contextmanager
def _store(store: DataStore, db: str | None) -> Iterator[Any]:
    from ctcoop.monitoring.store import AssessmentStore

    assessments = AssessmentStore.open(store, db)
    try:
        yield assessments
    finally:
        assessments.close()


def _read(path: Path, argument: str) -> bytes:
    from ctcoop.monitoring.service import MAX_IMPORT

    try:
        size = path.stat().st_size
        if size > MAX_IMPORT:
            raise InputError(
                f"{argument}: {path} is {size:,} bytes; at most {MAX_IMPORT:,}", argument=argument
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{argument}: cannot read {path}: {exc.strerror}", argument=argument
        ) from None


def assess_questions(
    kb: KnowledgeBase, resolution: str | None = None, section: str | None = None
) -> Output:
    from ctcoop.monitoring.service import question_listing

    data = question_listing(kb, resolution, section)
    rows = [
        (
            q["id"],
            ", ".join(q["paragraphs"]),
            q["section"],
            ", ".join(q["measures"]) or "-",
            "yes" if q["derive"] else "",
            q["text"],
        )
        for q in data["questions"]
    ]
    return out(
        data,
        tables=[
            Table(
                f"{len(rows)} questions",
                ["id", "paragraphs", "section", "measures", "derived", "question"],
                rows,
            )
        ],
    )


def assess_new(
    kb: KnowledgeBase,
    store: DataStore,
    state: str,
    on: str,
    title: str | None = None,
    db: str | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.monitoring.service import new_assessment

    with _store(store, db) as assessments:
        a = new_assessment(kb, assessments, _user(user), state, parse_on(on), title)
    return out(
        a.to_json(),
        f"started {a.id} ({a.state} on {a.on}); next: ctcoop assess derive {a.state} --on {a.on} "
        f"--into {a.id}",
    )


def assess_list(
    kb: KnowledgeBase, store: DataStore, state: str | None = None, db: str | None = None
) -> Output:
    from ctcoop.monitoring.service import parse_state

    with _store(store, db) as assessments:
        found = assessments.assessments(parse_state(kb, state, None, "--state") if state else None)
    rows = [(a.id, a.state, a.on, a.title, a.created_by, a.created) for a in found]
    return out(
        [a.to_json() for a in found],
        tables=[
            Table(
                f"{len(found)} assessments", ["id", "state", "on", "title", "by", "created"], rows
            )
        ],
    )


def assess_answer(
    kb: KnowledgeBase,
    store: DataStore,
    assessment: str,
    question: str,
    score: str | None = None,
    note: str | None = None,
    assistance: str | None = None,
    evidence_url: list[str] | None = None,
    evidence_file: list[Path] | None = None,
    evidence_fact: list[str] | None = None,
    db: str | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.monitoring.service import answer

    files = [(p.name, _read(p, "--evidence-file")) for p in evidence_file or []]
    with _store(store, db) as assessments:
        found = answer(
            kb,
            assessments,
            _user(user),
            assessment,
            question,
            score,
            note=note,
            assistance=assistance,
            evidence_urls=evidence_url or [],
            evidence_files=files,
            evidence_facts=evidence_fact or [],
        )
    return out(found.to_json(), f"{assessment}: {question} = {found.score or '(note only)'}")


def assess_derive(
    kb: KnowledgeBase,
    store: DataStore,
    state: str,
    on: str,
    into: str | None = None,
    db: str | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.monitoring.service import derive_into, derived_listing, parse_state

    day = parse_on(on)
    ident = parse_state(kb, state, day)
    recorded = None
    if into is not None:
        with _store(store, db) as assessments:
            a = assessments.get(into)
            if (a.state, a.on) != (ident, day):
                raise InputError(
                    f"--into: {into} assesses {a.state} on {a.on}, not {ident} on {day}",
                    argument="--into",
                )
            recorded = len(derive_into(kb, assessments, _user(user), into))
    data = derived_listing(kb, ident, day) | {"recorded": recorded}
    filled = [a for a in data["answers"] if a["score"] is not None]
    rows = [
        (a["question"], a["score"], a["explanation"][-1]["text"] if a["explanation"] else "")
        for a in filled
    ]
    text = [f"{ident} on {day}: {len(filled)} derived, {data['unanswered']} to answer"]
    if recorded is not None:
        text.append(f"recorded {recorded} derived answers in {into}")
    return out(data, *text, tables=[Table("derived answers", ["question", "score", "why"], rows)])


def assess_show(
    kb: KnowledgeBase,
    store: DataStore,
    assessment: str,
    as_of: str | None = None,
    history: str | None = None,
    db: str | None = None,
) -> Output:
    from ctcoop.monitoring.bank import bank
    from ctcoop.monitoring.service import assessment_view

    stamp = as_of_stamp(as_of)
    with _store(store, db) as assessments:
        a = assessments.get(assessment)
        if history is not None:
            bank(kb).question(history)
            versions = assessments.history(assessment, history)
            rows: list[tuple[object, ...]] = [
                (v.recorded_at, v.recorded_by, v.score, v.derived, v.note) for v in versions
            ]
            return out(
                {
                    "assessment": a.to_json(),
                    "question": history,
                    "versions": [v.to_json() for v in versions],
                },
                tables=[
                    Table(
                        f"{history}: {len(versions)} versions",
                        ["at", "by", "score", "derived", "note"],
                        rows,
                    )
                ],
            )
        data = assessment_view(kb, assessments, assessment, stamp)
    scored = [item for item in data["answers"] if item["answer"]]
    rows = [
        (
            item["question"]["id"],
            item["answer"]["score"],
            "derived" if item["answer"]["derived"] else item["answer"]["recorded_by"],
            item["answer"]["note"],
        )
        for item in scored
    ]
    return out(
        data,
        f"{a.id}: {a.title} ({len(scored)} of {len(data['answers'])} answered"
        + (f", as of {stamp})" if stamp else ")"),
        tables=[Table("answers", ["question", "score", "by", "note"], rows)],
    )


def assess_report(
    kb: KnowledgeBase,
    store: DataStore,
    state: str,
    on: str,
    format: str = "json",
    out_path: Path | None = None,
    as_of: str | None = None,
    db: str | None = None,
) -> Output:
    from ctcoop.monitoring.service import report, report_lines
    from ctcoop.platform import documents

    with _store(store, db) as assessments:
        data = report(kb, assessments, state, parse_on(on), as_of_stamp(as_of))
    if format == "json" and out_path is None:
        lines = report_lines(data)
        return out(data, *(text for style, text in lines if style in ("title", "heading", "item")))
    if out_path is None:
        raise InputError(
            f"--out: a {format} report is written to a file; give --out FILE", argument="--out"
        )
    if format == "json":
        import orjson

        content = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    else:
        lines = report_lines(data)
        render = documents.to_pdf if format == "pdf" else documents.to_html
        content = render(lines[0][1], lines)
    target = write_out(out_path, content)
    return out(
        {
            "state": data["state"],
            "on": data["on"],
            "format": format,
            "out": str(target),
            "bytes": len(content),
        },
        f"wrote {target} ({len(content):,} bytes)",
    )


def assess_compare(
    kb: KnowledgeBase, store: DataStore, target: str, on: str, db: str | None = None
) -> Output:
    from ctcoop.monitoring.service import compare

    with _store(store, db) as assessments:
        data = compare(kb, assessments, target, parse_on(on))

    def cell(row: dict[str, Any], section: str) -> str:
        s = row["sections"][section]
        return (
            "" if s["percent"] is None else f"{s['percent']} % ({s['answered']}/{s['questions']})"
        )

    columns = ["state", *(s["id"] for s in data["sections"])]
    rows = [[r["state"], *(cell(r, s["id"]) for s in data["sections"])] for r in data["rows"]]
    return out(data, tables=[Table(data["title"], columns, rows)])


def assess_import(
    kb: KnowledgeBase,
    store: DataStore,
    file: Path,
    into: str | None = None,
    fatf: bool = False,
    db: str | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.monitoring.service import import_answers, import_fatf

    if fatf == (into is not None):
        raise InputError(
            "give --into ASSESSMENT (answers) or --fatf (ratings), one", argument="--into"
        )
    content = _read(file, "file")
    with _store(store, db) as assessments:
        if fatf:
            ratings = import_fatf(kb, assessments, _user(user), file.name, content)
            return out(
                {"imported": len(ratings), "ratings": [r.to_json() for r in ratings]},
                f"imported FATF ratings of {len(ratings)} states from {file.name}",
            )
        assert into is not None
        answers = import_answers(kb, assessments, _user(user), into, file.name, content)
    return out(
        {"assessment": into, "imported": len(answers), "answers": [a.to_json() for a in answers]},
        f"imported {len(answers)} answers into {into}",
    )


def assess_log(
    kb: KnowledgeBase, store: DataStore, assessment: str | None = None, db: str | None = None
) -> Output:
    with _store(store, db) as assessments:
        if assessment is not None:
            assessments.get(assessment)
        found = assessments.log(assessment)
    return audit_log(found, "assessment")
