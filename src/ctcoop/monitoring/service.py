"""What the interfaces (CLI, API, web) do with assessments: check the input, record it, and read
it back as answers, reports and comparisons. Bad input is an InputError naming the argument (or
the file, line and column) and the fix, raised before anything is written."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ctcoop.errors import AccessError, InputError, NotFoundError
from ctcoop.kb import KnowledgeBase
from ctcoop.model import Role, Truth
from ctcoop.monitoring.bank import FATF_ID, SCALE, Bank, Question, Score, bank, score
from ctcoop.monitoring.derive import derive
from ctcoop.monitoring.store import Answer, Assessment, AssessmentStore, FatfRatings
from ctcoop.platform.accounts import User

__all__ = [
    "MAX_IMPORT",
    "answer",
    "as_of_stamp",
    "assessment_view",
    "compare",
    "derive_into",
    "derived_listing",
    "evaluated",
    "import_answers",
    "import_fatf",
    "new_assessment",
    "parse_state",
    "question_listing",
    "report",
    "report_lines",
    "require_edit",
]

MAX_IMPORT = 5 * 1024 * 1024
"""Bytes of a file to import."""
TEXT_LIMIT = 20_000
R_RATINGS = ("C", "LC", "PC", "NC", "NA")
IO_RATINGS = {"high": "High", "substantial": "Substantial", "moderate": "Moderate", "low": "Low"}
IO_RATINGS |= {"h": "High", "s": "Substantial", "m": "Moderate", "l": "Low"}
TOP = 8
"""Shortfalls a report lists first."""


def parse_state(
    kb: KnowledgeBase, text: str, on: dt.date | None = None, argument: str = "state"
) -> str:
    """A state's id from a code or name (that existed on ``on``); InputError otherwise."""
    try:
        state = kb.resolve_state(text)
    except NotFoundError as exc:
        raise InputError(f"{argument}: {exc}", argument=argument) from None
    if on is not None and state.existed.holds_on(on) is Truth.FALSE:
        raise InputError(
            f"{argument}: {state.name} did not exist on {on}; choose a date when it did",
            argument=argument,
        )
    return state.id


def _text(value: str | None, argument: str) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_LIMIT:
        raise InputError(
            f"{argument}: {len(value):,} characters; keep it under {TEXT_LIMIT:,}",
            argument=argument,
        )
    return value


def new_assessment(
    kb: KnowledgeBase,
    store: AssessmentStore,
    actor: str,
    state: str,
    on: dt.date,
    title: str | None = None,
) -> Assessment:
    if on > dt.date.today():
        raise InputError(
            f"--on: {on} is in the future; assess a date that has passed", argument="--on"
        )
    ident = parse_state(kb, state, on)
    return store.create(actor, ident, on, _text(title, "--title") or f"{kb.name_of(ident)} on {on}")


def _evidence(
    urls: Iterable[str], files: Iterable[tuple[str, bytes]], facts: Iterable[str]
) -> tuple[dict[str, str], ...]:
    out: list[dict[str, str]] = []
    for url in urls:
        if not re.match(r"https?://\S+$", url):
            raise InputError(
                f"evidence: {url!r} is not an http(s) address", argument="evidence-url"
            )
        out.append({"kind": "document", "url": url})
    for name, content in files:
        out.append(
            {"kind": "document", "name": name, "sha256": hashlib.sha256(content).hexdigest()}
        )
    for fact in facts:
        out.append({"kind": "fact", "text": _text(fact, "evidence-fact")})
    return tuple(out)


def answer(
    kb: KnowledgeBase,
    store: AssessmentStore,
    actor: str,
    assessment: str,
    question: str,
    value: str | None,
    *,
    note: str | None = None,
    assistance: str | None = None,
    evidence_urls: Sequence[str] = (),
    evidence_files: Sequence[tuple[str, bytes]] = (),
    evidence_facts: Sequence[str] = (),
) -> Answer:
    """Record a user's answer (a step of the scale, or None to withdraw the score)."""
    store.get(assessment)
    q = bank(kb).question(question)
    found = Answer(
        q.id,
        score(value).value if value not in (None, "") else None,
        _text(note, "note"),
        _evidence(evidence_urls, evidence_files, evidence_facts),
        _text(assistance, "assistance"),
    )
    if found.score is None and not found.note:
        raise InputError("score: give a score (0-4 or its name) or a note", argument="score")
    store.record(actor, assessment, [found], "assessment.answer")
    return found


def derive_into(
    kb: KnowledgeBase, store: AssessmentStore, actor: str, assessment: str
) -> list[Answer]:
    """Record the derived answers for an assessment's state and date (never over a user's
    answer); the answers recorded."""
    a = store.get(assessment)
    current = store.answers(assessment)
    new = [
        Answer(
            d.question,
            d.score.value,
            derived=True,
            explanation=tuple(step for step in d.to_json()["explanation"]),
        )
        for d in derive(kb, bank(kb), a.state, a.on)
        if d.score is not None
        and (d.question not in current or current[d.question].derived)
        and (d.question not in current or current[d.question].score != d.score.value)
    ]
    if new:
        store.record(actor, assessment, new, "assessment.derive")
    return new


def require_edit(user: User) -> None:
    """Only officers and reviewers change assessments (viewers read): AccessError otherwise."""
    if not user.role.edits:
        raise AccessError(
            f"{user.username} is a {user.role.value}: only officers and reviewers change "
            "assessments"
        )


# ---------------------------------------------------------------------- imports


def _decode(content: bytes, name: str) -> str:
    if len(content) > MAX_IMPORT:
        raise InputError(
            f"{name}: {len(content):,} bytes; import at most {MAX_IMPORT:,} at a time",
            argument="file",
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8", argument="file"
        ) from None


def _rows(
    content: bytes, name: str, required: Sequence[str]
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = _decode(content, name)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = [h.strip() for h in reader.fieldnames or []]
        rows = []
        for row in reader:
            if None in row:
                raise InputError(
                    f"{name}:{reader.line_num}: more cells than the header has columns",
                    argument="file",
                )
            rows.append((reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items()}))
    except csv.Error as exc:
        raise InputError(f"{name}: not a readable CSV file ({exc})", argument="file") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            f"{name}: the header lacks {', '.join(missing)}; the first line names the columns "
            f"({', '.join(required)}, ...)",
            argument="file",
        )
    return header, rows


ANSWER_COLUMNS = ("question", "score", "note", "assistance", "evidence_url")


def import_answers(
    kb: KnowledgeBase,
    store: AssessmentStore,
    actor: str,
    assessment: str,
    name: str,
    content: bytes,
) -> list[Answer]:
    """Answers from a CSV (columns: question, score, note, assistance, evidence_url) or YAML
    file (a list of mappings with those keys; evidence_url may be a list); all checked before
    any is recorded."""
    store.get(assessment)
    records: list[tuple[str, Mapping[str, Any]]] = []
    if name.lower().endswith((".yaml", ".yml")):
        import yaml

        try:
            data = yaml.safe_load(_decode(content, name))
        except yaml.YAMLError as exc:
            raise InputError(f"{name}: not readable YAML ({exc})", argument="file") from None
        if not isinstance(data, list):
            raise InputError(
                f"{name}: write a list of answers (- question: ..., score: ...)", argument="file"
            )
        for n, item in enumerate(data, 1):
            if not isinstance(item, dict):
                raise InputError(f"{name}: answer {n} is not a mapping", argument="file")
            records.append((f"{name}: answer {n}", item))
    else:
        header, rows = _rows(content, name, ("question", "score"))
        extra = [h for h in header if h not in ANSWER_COLUMNS]
        if extra:
            raise InputError(
                f"{name}: unknown column {', '.join(map(repr, extra))}; "
                f"use {', '.join(ANSWER_COLUMNS)}",
                argument="file",
            )
        records = [(f"{name}:{line}", row) for line, row in rows]
    b = bank(kb)
    out = []
    for where, rec in records:
        unknown = [k for k in rec if k not in ANSWER_COLUMNS]
        if unknown:
            raise InputError(
                f"{where}: unknown key {', '.join(map(repr, unknown))}; "
                f"use {', '.join(ANSWER_COLUMNS)}",
                argument="file",
            )
        try:
            q = b.question(str(rec.get("question") or ""))
            raw = rec.get("score")
            value = score(raw).value if raw not in (None, "") else None
            urls = rec.get("evidence_url") or []
            urls = [urls] if isinstance(urls, str) else list(urls)
            found = Answer(
                q.id,
                value,
                _text(str(rec.get("note") or ""), "note"),
                _evidence([u for u in map(str, urls) if u], (), ()),
                _text(str(rec.get("assistance") or ""), "assistance"),
            )
        except InputError as exc:
            raise InputError(f"{where}: {exc}", argument="file") from None
        if found.score is None and not found.note:
            raise InputError(f"{where}: give a score or a note", argument="file")
        out.append(found)
    if not out:
        raise InputError(f"{name}: no answers in the file", argument="file")
    store.record(actor, assessment, out, "assessment.import")
    return out


def _fatf_column(column: str) -> str | None:
    m = re.fullmatch(r"(R|IO)\s*\.?\s*(\d+)", column.strip(), re.IGNORECASE)
    if not m:
        return None
    item = f"{m.group(1).upper()}.{int(m.group(2))}"
    return item if FATF_ID.fullmatch(item) else None


def import_fatf(
    kb: KnowledgeBase, store: AssessmentStore, actor: str, name: str, content: bytes
) -> list[FatfRatings]:
    """FATF ratings from a CSV in the shape of FATF's consolidated table: ``country``, ``date``
    (of the assessment, YYYY-MM-DD or YYYY-MM), and columns R.1-R.40 (C, LC, PC, NC, NA) and
    IO.1-IO.11 (High, Substantial, Moderate, Low); an empty cell is "not rated". All rows are
    checked before any is stored."""
    header, rows = _rows(content, name, ("country", "date"))
    columns: dict[str, str] = {}
    for h in header:
        if h in ("country", "date"):
            continue
        item = _fatf_column(h)
        if item is None:
            raise InputError(
                f"{name}: column {h!r} is neither country, date, R.1-R.40 nor IO.1-IO.11",
                argument="file",
            )
        columns[h] = item
    digest = hashlib.sha256(content).hexdigest()
    out = []
    for line, row in rows:
        where = f"{name}:{line}"
        text = row["date"]
        try:
            assessed = dt.date.fromisoformat(text if len(text) != 7 else text + "-01")
        except ValueError:
            raise InputError(
                f"{where}: date {text!r} is not YYYY-MM-DD or YYYY-MM", argument="file"
            ) from None
        state = parse_state(kb, row["country"], None, where + ": country")
        ratings = {}
        for column, item in columns.items():
            value = row.get(column, "")
            if not value:
                continue
            if item.startswith("R."):
                if value.upper() not in R_RATINGS:
                    raise InputError(
                        f"{where}: {column} = {value!r}; rate {', '.join(R_RATINGS)}",
                        argument="file",
                    )
                ratings[item] = value.upper()
            else:
                rating = IO_RATINGS.get(value.lower())
                if rating is None:
                    raise InputError(
                        f"{where}: {column} = {value!r}; rate High, Substantial, Moderate or Low",
                        argument="file",
                    )
                ratings[item] = rating
        out.append(FatfRatings(state, assessed, ratings, name, digest))
    if not out:
        raise InputError(f"{name}: no rows under the header", argument="file")
    store.add_fatf(actor, out)
    return out


# ---------------------------------------------------------------------- reading


def as_of_stamp(text: str | None) -> str | None:
    """``--as-of`` as the UTC timestamp answers are compared with (a date: its end)."""
    if not text:
        return None
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            moment = dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)
        else:
            moment = dt.datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
    except ValueError:
        raise InputError(
            f"--as-of: {text!r} is not a date or timestamp; write YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM:SS",
            argument="--as-of",
        ) from None
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def assessment_view(
    kb: KnowledgeBase, store: AssessmentStore, ident: str, as_of: str | None = None
) -> dict[str, Any]:
    """An assessment and every question of the bank with its answer as recorded by ``as_of``
    (null where unanswered)."""
    a = store.get(ident)
    answers = store.answers(ident, as_of)
    return {
        "assessment": a.to_json(),
        "as_of": as_of,
        "answers": [
            {
                "question": q.to_json(),
                "answer": answers[q.id].to_json() if q.id in answers else None,
            }
            for q in bank(kb).questions
        ],
    }


def question_listing(
    kb: KnowledgeBase, resolution: str | None = None, section: str | None = None
) -> dict[str, Any]:
    """The bank (of one resolution, e.g. ``1373``; of one section), with the scale."""
    b = bank(kb)
    wanted = None
    if resolution:
        wanted = resolution if resolution.startswith("unsc-") else f"unsc-{resolution}"
        if wanted not in {q.resolution for q in b.questions}:
            known = sorted({q.resolution.removeprefix("unsc-") for q in b.questions})
            raise InputError(
                f"resolution: the bank has no questions on {resolution!r}; use one of: "
                + ", ".join(known),
                argument="--resolution",
            )
    if section and section not in {s.id for s in b.sections}:
        raise InputError(
            f"section: {section!r} is not a section; use one of: "
            + ", ".join(s.id for s in b.sections),
            argument="--section",
        )
    found = [
        q
        for q in b.questions
        if (wanted is None or q.resolution == wanted) and (section is None or q.section == section)
    ]
    resolutions = [wanted] if wanted else list(dict.fromkeys(q.resolution for q in b.questions))
    paragraphs: list[dict[str, Any]] = []
    for resolution in resolutions:
        for p in kb.instrument(resolution).provisions:
            asked = [
                q for q in b.questions if q.resolution == resolution and p.article in q.paragraphs
            ]
            skipped = next(
                (
                    n
                    for n in b.not_assessed
                    if n.resolution == resolution and p.article in n.paragraphs
                ),
                None,
            )
            paragraphs.append(
                {
                    "resolution": resolution,
                    "paragraph": p.article,
                    "measures": [m.value for m in p.measures],
                    "sections": sorted({q.section for q in asked})
                    or ([skipped.section] if skipped else []),
                    "questions": [q.id for q in asked],
                    "assessed": bool(asked),
                    "why_not": skipped.why if skipped and not asked else None,
                }
            )
    return {
        "sections": [{"id": s.id, "label": s.label} for s in b.sections],
        "scale": [{"score": s.value, "points": s.points, "meaning": SCALE[s]} for s in Score],
        "paragraphs": paragraphs
        if section is None
        else [p for p in paragraphs if section in p["sections"]],
        "questions": [q.to_json() for q in found],
    }


def derived_listing(kb: KnowledgeBase, state: str, on: dt.date) -> dict[str, Any]:
    """Every question for ``state`` on ``on``: the answers the knowledge base decides, each with
    its explanation, and the rest unanswered (score null)."""
    state = parse_state(kb, state, on)
    b = bank(kb)
    derived = {d.question: d for d in derive(kb, b, state, on)}
    answers: list[dict[str, Any]] = []
    for q in b.questions:
        d = derived.get(q.id)
        item: dict[str, Any] = {
            "question": q.id,
            "paragraphs": list(q.paragraphs),
            "section": q.section,
            "text": q.text,
            "score": None,
            "points": None,
            "derived": False,
            "explanation": [],
        }
        if d is not None:
            item |= {k: v for k, v in d.to_json().items() if k != "question"}
            item["derived"] = d.score is not None
        answers.append(item)
    filled = sum(1 for a in answers if a["score"] is not None)
    return {
        "state": state,
        "on": on.isoformat(),
        "answered": filled,
        "unanswered": len(answers) - filled,
        "answers": answers,
    }


@dataclass(frozen=True, slots=True)
class Evaluated:
    """A question with its answer: stored, derived now, or none."""

    question: Question
    answer: Answer | None
    live: bool = False  # derived now from the knowledge base, not stored

    @property
    def score(self) -> Score | None:
        return Score(self.answer.score) if self.answer and self.answer.score else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"question": self.question.to_json(), "answer": None}
        if self.answer is not None:
            out["answer"] = self.answer.to_json() | {
                "points": self.score.points if self.score else None,
                "stored": not self.live,
            }
        return out


def evaluated(
    kb: KnowledgeBase,
    store: AssessmentStore | None,
    state: str,
    on: dt.date,
    as_of: str | None = None,
) -> tuple[Assessment | None, list[Evaluated]]:
    """Every question for ``state`` on ``on``: the answers of its latest assessment on or before
    the date (as recorded by ``as_of``), and for the rest what the knowledge base derives now."""
    b = bank(kb)
    assessment = store.latest(state, on) if store is not None else None
    stored = store.answers(assessment.id, as_of) if store is not None and assessment else {}
    live = {
        d.question: Answer(
            d.question, d.score.value, derived=True, explanation=tuple(d.to_json()["explanation"])
        )
        for d in derive(kb, b, state, on)
        if d.score is not None
    }
    out = []
    for q in b.questions:
        if q.id in stored:
            out.append(Evaluated(q, stored[q.id]))
        elif q.id in live:
            out.append(Evaluated(q, live[q.id], live=True))
        else:
            out.append(Evaluated(q, None))
    return assessment, out


def _sections(b: Bank, items: Sequence[Evaluated]) -> list[dict[str, Any]]:
    out = []
    for s in b.sections:
        mine = [e for e in items if e.question.section == s.id]
        scored = [e.score.points for e in mine if e.score is not None]
        mean = sum(scored) / len(scored) if scored else None
        out.append(
            {
                "id": s.id,
                "label": s.label,
                "questions": len(mine),
                "answered": len(scored),
                "mean_points": round(mean, 2) if mean is not None else None,
                "percent": round(mean / 4 * 100) if mean is not None else None,
            }
        )
    return out


def _recommendation(kb: KnowledgeBase, q: Question) -> str:
    where = f"{kb.instrument(q.resolution).symbol or q.resolution} {', '.join(q.paragraphs)}"
    if q.party_to is not None:
        return f"Become party to the {kb.instrument(q.party_to).title} ({where})."
    return f"Close the gap under {where}: {q.text}"


def report(
    kb: KnowledgeBase,
    store: AssessmentStore | None,
    state: str,
    on: dt.date,
    as_of: str | None = None,
) -> dict[str, Any]:
    """The overview of a state's implementation on a date, in the shape of an Overview of
    Implementation Assessment: fast facts, sections, top shortfalls, priority recommendations,
    technical-assistance needs, FATF ratings beside the related questions, and history."""
    state = parse_state(kb, state, on)
    b = bank(kb)
    assessment, items = evaluated(kb, store, state, on, as_of)
    scored = [e for e in items if e.score is not None]
    shortfalls = sorted(
        (e for e in scored if e.score is not None and e.score.shortfall),
        key=lambda e: (e.score.points if e.score else 0, b.questions.index(e.question)),
    )
    universal = [e for e in items if e.question.party_to is not None]
    fatf = store.fatf(state, on) if store is not None else None
    memberships = sorted(
        {
            kb.name_of(m.membership.organization)
            for m in kb.memberships_of(state, on)
            if m.holds is Truth.TRUE and m.membership.role is Role.MEMBER
        }
    )
    history = []
    if store is not None:
        for a in store.assessments(state):
            if a.on <= on:
                _, past = evaluated(kb, store, state, a.on, as_of)
                points = [e.score.points for e in past if e.score is not None]
                history.append(
                    {
                        "assessment": a.id,
                        "on": a.on.isoformat(),
                        "answered": len(points),
                        "percent": round(sum(points) / len(points) / 4 * 100) if points else None,
                    }
                )
    return {
        "state": state,
        "name": kb.name_of(state),
        "on": on.isoformat(),
        "as_of": as_of,
        "assessment": assessment.to_json() if assessment else None,
        "fast_facts": {
            "memberships": memberships,
            "questions": len(items),
            "answered": len(scored),
            "derived": sum(1 for e in scored if e.answer is not None and e.answer.derived),
            "shortfalls": len(shortfalls),
            "universal_instruments": {
                "of": len(universal),
                "party": sum(1 for e in universal if e.score is Score.FULL),
                "not_party": sum(1 for e in universal if e.score is Score.NONE),
                "undecided": sum(1 for e in universal if e.score is None),
            },
            "fatf_assessed": fatf.assessed.isoformat() if fatf else None,
        },
        "sections": _sections(b, items),
        "shortfalls": [e.to_json() for e in shortfalls[:TOP]],
        "recommendations": [_recommendation(kb, e.question) for e in shortfalls[:TOP]],
        "assistance": [
            {"question": e.question.id, "text": e.question.text, "need": e.answer.assistance}
            for e in items
            if e.answer is not None and e.answer.assistance
        ],
        "fatf": (
            {
                **fatf.to_json(),
                "beside": [
                    {
                        "question": e.question.id,
                        "items": {i: fatf.ratings.get(i) for i in e.question.fatf},
                    }
                    for e in items
                    if e.question.fatf
                ],
                "labels": {i: b.fatf[i].label for i in b.fatf},
            }
            if fatf
            else None
        ),
        "answers": [e.to_json() for e in items],
        "history": history,
        "scale": {s.value: s.points for s in Score},
    }


def compare(
    kb: KnowledgeBase, store: AssessmentStore | None, target: str, on: dt.date
) -> dict[str, Any]:
    """States by sections: the members of an organisation on the date (``org:saarc``) or a
    comma-separated list of states; each cell the mean of the answered questions of the section
    (stored answers of the latest assessment, else derived from the knowledge base)."""
    b = bank(kb)
    if target.startswith(("org:", "body:")):
        try:
            org = kb.resolve_organization(target)
        except NotFoundError as exc:
            raise InputError(f"target: {exc}", argument="target") from None
        states = [m.membership.member for m in kb.members(org.id, on) if m.holds is Truth.TRUE]
        states = [s for s in states if s in kb.states]
        title = f"Members of {org.name} on {on}"
        if not states:
            raise InputError(
                f"target: the knowledge base records no member states of {org.id} on {on}",
                argument="target",
            )
    else:
        states = [
            parse_state(kb, part.strip(), on, "target")
            for part in target.split(",")
            if part.strip()
        ]
        if not states:
            raise InputError(
                "target: name an organisation (org:saarc) or states (PAK,IND)", argument="target"
            )
        title = f"{', '.join(states)} on {on}"
    rows = []
    for state in dict.fromkeys(states):
        assessment, items = evaluated(kb, store, state, on)
        rows.append(
            {
                "state": state,
                "name": kb.name_of(state),
                "assessment": assessment.id if assessment else None,
                "sections": {s["id"]: s for s in _sections(b, items)},
            }
        )
    return {
        "target": target,
        "title": title,
        "on": on.isoformat(),
        "sections": [{"id": s.id, "label": s.label} for s in b.sections],
        "rows": rows,
    }


def report_lines(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A report (:func:`report`) as the styled lines of a document (PDF, DOCX, HTML)."""
    facts = data["fast_facts"]
    universal = facts["universal_instruments"]
    a = data["assessment"]
    lines = [
        ("title", f"Overview of implementation: {data['name']} on {data['on']}"),
        (
            "small",
            "ctcoop implementation monitoring. Derived answers come from the knowledge base and "
            "are explained; the others were entered by users. Not a CTED assessment.",
        ),
        ("heading", "Fast facts"),
        ("item", f"State: {data['name']} ({data['state']})"),
        (
            "item",
            "Assessment: "
            + (
                f"{a['id']} of {a['on']}, {a['title']}"
                if a
                else "none stored; derived answers only"
            ),
        ),
        ("item", "Member of: " + (", ".join(facts["memberships"]) or "no membership recorded")),
        (
            "item",
            f"Universal instruments: party to {universal['party']} of {universal['of']}, not party "
            f"to {universal['not_party']}, undecided {universal['undecided']}",
        ),
        (
            "item",
            f"Questions answered: {facts['answered']} of {facts['questions']} "
            f"({facts['derived']} derived); shortfalls: {facts['shortfalls']}",
        ),
    ]
    if facts["fatf_assessed"]:
        lines.append(
            ("item", f"FATF ratings (user-supplied) of the assessment of {facts['fatf_assessed']}")
        )
    lines.append(("heading", "By section"))
    for s in data["sections"]:
        value = f"{s['percent']} %" if s["percent"] is not None else "not answered"
        lines.append(
            ("item", f"{s['label']}: {value} ({s['answered']} of {s['questions']} answered)")
        )
    lines.append(("heading", "Top shortfalls"))
    if not data["shortfalls"]:
        lines.append(("text", "None among the answered questions."))
    for e in data["shortfalls"]:
        q, ans = e["question"], e["answer"]
        where = f"{q['resolution']} {', '.join(q['paragraphs'])}"
        how = "derived" if ans["derived"] else f"answered by {ans['recorded_by']}"
        note = f" - {ans['note']}" if ans["note"] else ""
        lines.append(("item", f"{ans['score']} ({how}) - {where}: {q['text']}{note}"))
    lines.append(("heading", "Priority recommendations"))
    for r in data["recommendations"] or ["None: no shortfall among the answered questions."]:
        lines.append(("item", r))
    lines.append(("heading", "Technical-assistance needs"))
    for t in data["assistance"] or [{"question": "", "text": "", "need": "None recorded."}]:
        lines.append(("item", f"{t['question']}: {t['need']}" if t["question"] else t["need"]))
    if data["history"]:
        lines.append(("heading", "Over time"))
        for h in data["history"]:
            value = f"{h['percent']} %" if h["percent"] is not None else "not answered"
            lines.append(
                ("item", f"{h['on']} ({h['assessment']}): {value}, {h['answered']} answered")
            )
    return lines
