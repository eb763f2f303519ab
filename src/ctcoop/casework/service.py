"""Casework operations: open a case, change it, choose its basis, move it on, draft its request.

Each takes the knowledge base and the store, checks its input completely before it writes (a bad
state, offence, kind or date is an InputError naming the argument, and nothing changes), and
writes the change with its audit entry in one transaction. Moving a case to ``ready`` is refused
while the analysis lists missing essentials; the analysis relied on is logged with the move.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ctcoop.casework.analysis import Analysis, analyse
from ctcoop.casework.model import (
    EDITABLE,
    TEXT_FIELDS,
    Case,
    CaseKind,
    CaseOffence,
    CaseState,
    Direction,
    next_states,
    offence_date,
    paired,
)
from ctcoop.casework.store import CaseStore
from ctcoop.casework.vocab import vocabulary
from ctcoop.errors import InputError, QuestionError
from ctcoop.kb import KnowledgeBase

__all__ = ["advance", "choose_basis", "draft_lines", "edit", "new_case", "offences"]


def _enum(cls: Any, value: str, argument: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(m.value for m in cls)
        raise InputError(
            f"{argument}: {value!r} is not one of: {choices}", argument=argument
        ) from None


def _state(kb: KnowledgeBase, text: str, argument: str) -> str:
    from ctcoop.errors import NotFoundError

    try:
        return kb.resolve_state(text).id
    except NotFoundError as exc:
        raise InputError(f"{argument}: {exc}", argument=argument) from None


def offences(
    names: Sequence[str], dates: Sequence[str], places: Sequence[str], conducts: Sequence[str]
) -> tuple[CaseOffence, ...]:
    """The case's offences: the n-th date, place and conduct go with the n-th offence."""
    vocab = vocabulary()
    paired(names, "offences", offence_date=dates, offence_place=places, conduct=conducts)
    found = []
    for n, name in enumerate(names):
        if name not in vocab.offences:
            import difflib

            close = difflib.get_close_matches(name, list(vocab.offences), n=3)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise InputError(
                f"--offence: unknown offence {name!r}.{hint} See `ctcoop case offences`.",
                argument="--offence",
            )
        date = dates[n].strip() if n < len(dates) else ""
        place = places[n].strip() if n < len(places) else ""
        conduct = conducts[n].strip() if n < len(conducts) else ""
        found.append(
            CaseOffence(
                name,
                offence_date(date, "--offence-date") if date else None,
                place or None,
                conduct or None,
            )
        )
    return tuple(found)


def _texts(values: dict[str, str | None]) -> dict[str, str]:
    unknown = set(values) - set(TEXT_FIELDS)
    if unknown:
        raise InputError(f"unknown case fields: {', '.join(sorted(unknown))}", argument="field")
    return {k: v.strip() for k, v in values.items() if v is not None and v.strip()}


def new_case(
    kb: KnowledgeBase,
    store: CaseStore,
    actor: str,
    *,
    kind: str,
    requesting: str,
    requested: str,
    on: dt.date,
    direction: str = "outgoing",
    persons: Sequence[dict[str, Any]] = (),
    offences: Sequence[CaseOffence] = (),
    basis: str | None = None,
    texts: dict[str, str | None] | None = None,
    authority: str | None = None,
    counterpart: str | None = None,
    due: dt.date | None = None,
    apprehended: dt.date | None = None,
) -> Case:
    a = _state(kb, requesting, "--requesting")
    for name, ident in (("--authority", authority), ("--counterpart", counterpart)):
        if ident is not None:
            _authority(store, ident, name)
    b = _state(kb, requested, "--requested")
    if a == b:
        raise QuestionError(
            f"--requested: a request from {kb.name_of(a)} to itself is not a case of "
            "international cooperation; give two different states",
            argument="--requested",
        )
    if on > dt.date.today():
        raise InputError(
            f"--on: {on} is in the future; give today or an earlier date", argument="--on"
        )
    made_kind = _enum(CaseKind, kind, "--kind")
    made_direction = _enum(Direction, direction, "--direction")
    state = CaseState.RECEIVED if made_direction is Direction.INCOMING else CaseState.DRAFT
    case = Case(
        id="",
        kind=made_kind,
        direction=made_direction,
        requesting=a,
        requested=b,
        on=on,
        state=state,
        persons=tuple(persons),
        offences=tuple(offences),
        basis=basis,
        texts=_texts(texts or {}),
        authority=authority,
        counterpart=counterpart,
        due=due,
        apprehended=_past(apprehended, "--apprehended"),
    )
    if basis is not None:
        analyse(kb, case)  # an impossible choice is refused before anything is stored
    return store.create(case, actor)


def _past(day: dt.date | None, argument: str) -> dt.date | None:
    if day is not None and day > dt.date.today():
        raise InputError(f"{argument}: {day} is in the future", argument=argument)
    return day


def _authority(store: CaseStore, ident: str, argument: str) -> None:
    from ctcoop.errors import NotFoundError

    try:
        store.accounts.authority(ident)
    except NotFoundError as exc:
        raise InputError(
            f"{argument}: {exc} Add it with `ctcoop account authority`.", argument=argument
        ) from None


def _editable(case: Case) -> None:
    if case.state not in EDITABLE:
        raise InputError(
            f"case: {case.id} is {case.state.value}; a case changes only while it is a draft, "
            "received, or when further information is requested (move it back with "
            "`ctcoop case advance ID --to draft` if it is ready)",
            argument="case",
        )


def edit(
    kb: KnowledgeBase,
    store: CaseStore,
    actor: str,
    case_id: str,
    *,
    texts: dict[str, str | None] | None = None,
    persons: Sequence[dict[str, Any]] = (),
    offences: Sequence[CaseOffence] = (),
    on: dt.date | None = None,
    due: dt.date | None = None,
    apprehended: dt.date | None = None,
) -> Case:
    """Set text fields, the persons and the offences (those given replace the case's), or the
    date of the analysis."""
    case = store.get(case_id)
    _editable(case)
    given = _texts(texts or {})
    nothing = (on, due, apprehended) == (None, None, None)
    if not given and not persons and not offences and nothing:
        raise InputError(
            "nothing to change: give a field (e.g. --facts TEXT), --person, --offence, --on or "
            "--due",
            argument="field",
        )
    changed = replace(
        case,
        texts={**case.texts, **given},
        persons=tuple(persons) or case.persons,
        offences=tuple(offences) or case.offences,
        on=on or case.on,
        due=due or case.due,
        apprehended=_past(apprehended, "--apprehended") or case.apprehended,
    )
    details: dict[str, Any] = {"set": given}
    if persons:
        details["persons"] = list(persons)
    if offences:
        details["offences"] = [o.to_json() for o in offences]
    if on is not None:
        details["on"] = on.isoformat()
    if due is not None:
        details["due"] = due.isoformat()
    if apprehended is not None:
        details["apprehended"] = apprehended.isoformat()
    return store.save(changed, actor, "edit", details)


def choose_basis(
    kb: KnowledgeBase, store: CaseStore, actor: str, case_id: str, basis: str | None
) -> tuple[Case, Analysis]:
    """Choose the instrument the request rests on (None: back to the default choice)."""
    case = store.get(case_id)
    _editable(case)
    changed = replace(case, basis=basis)
    analysis = analyse(kb, changed)  # refuses an instrument that is no candidate
    saved = store.save(changed, actor, "choose_basis", {"basis": basis, "reason": analysis.reason})
    return saved, analysis


def advance(
    kb: KnowledgeBase, store: CaseStore, actor: str, case_id: str, to: str, note: str | None = None
) -> Case:
    """Move the case to the state ``to``; ``ready`` only with no essential missing."""
    case = store.get(case_id)
    target = _enum(CaseState, to, "--to")
    allowed = next_states(case.state)
    if target not in allowed:
        could = ", ".join(sorted(s.value for s in allowed)) or "none (the case is closed)"
        raise InputError(
            f"--to: a case that is {case.state.value} cannot become {target.value}; "
            f"it can become: {could}",
            argument="--to",
        )
    details: dict[str, Any] = {"from": case.state.value, "to": target.value}
    if note:
        details["note"] = note
    if target is CaseState.READY:
        analysis = analyse(kb, case)
        if analysis.missing:
            lines = "; ".join(f"{i.label} ({_option(i.field)})" for i in analysis.missing)
            raise InputError(
                f"--to: {case.id} cannot be ready: missing {lines}",
                argument="--to",
            )
        chosen = analysis.chosen
        details["basis"] = chosen.instrument.id if chosen else None
        details["reason"] = analysis.reason
    return store.save(replace(case, state=target), actor, "advance", details)


def _option(field: str) -> str:
    """The command-line option that gives a checklist field."""
    special = {
        "persons": "--person",
        "person_identity": "--person-dob, --person-nationality or --person-id",
        "person_location": "--person-location",
        "offences": "--offence with --offence-date and --offence-place",
        "basis": "a binding basis: see `ctcoop case check`, or --basis",
    }
    return special.get(field, "--" + field.replace("_", "-"))


def draft_lines(kb: KnowledgeBase, case: Case, attachments: Sequence[Any]) -> list[tuple[str, str]]:
    """The request as styled lines (:mod:`ctcoop.platform.documents`): parties, legal basis
    with its articles, the persons, the offences and facts, the assistance sought, the
    assurances, the grounds the requested state may raise, and the annexes."""
    analysis = analyse(kb, case)
    vocab = vocabulary()
    a, b = kb.name_of(case.requesting), kb.name_of(case.requested)
    what = (
        "Request for extradition"
        if case.kind is CaseKind.EXTRADITION
        else "Request for provisional arrest"
        if case.kind is CaseKind.PROVISIONAL_ARREST
        else "Request for mutual legal assistance in criminal matters"
    )
    lines: list[tuple[str, str]] = [("title", f"{what}: {a} to {b}")]
    lines.append(
        ("small", f"Case {case.id} · {case.kind.value} · as of {case.on} · {case.state.value}")
    )
    if analysis.missing:
        lines.append(("small", "DRAFT — missing: " + "; ".join(i.label for i in analysis.missing)))
    lines.append(("heading", "1. Parties"))
    lines.append(
        (
            "text",
            f"Requesting State: {a}"
            + (
                f" ({case.text('requesting_authority')})"
                if case.text("requesting_authority")
                else ""
            ),
        )
    )
    lines.append(
        (
            "text",
            f"Requested State: {b}"
            + (
                f" ({case.text('requested_authority')})" if case.text("requested_authority") else ""
            ),
        )
    )
    lines.append(("heading", "2. Legal basis"))
    chosen = analysis.chosen
    if chosen is None:
        lines.append(
            (
                "text",
                "No binding legal basis in force for both States on the date was "
                "found; the request is made on the basis of reciprocity and "
                "national law, if the requested State allows it.",
            )
        )
    else:
        lines.append(
            (
                "text",
                f"{chosen.instrument.title} ({chosen.instrument.id}), "
                f"in force for both States on {case.on}.",
            )
        )
        for p in chosen.provisions:
            lines.append(("item", f"Article {p.article}: {p.summary}"))
        for o in case.offences:
            arts = analysis.scope.get(chosen.instrument.id, {}).get(o.offence, ())
            if arts:
                lines.append(
                    (
                        "item",
                        f"The offence ({vocab.offences[o.offence].label}) is "
                        f"within article {', '.join(arts)} of the instrument.",
                    )
                )
    if case.persons:
        lines.append(("heading", "3. Person(s) concerned"))
        for person in case.persons:
            props = person["properties"]
            bits = [", ".join(props.get("name", []))]
            for key, label in (
                ("birthDate", "born"),
                ("nationality", "nationality"),
                ("idNumber", "identity document"),
                ("address", "believed at"),
            ):
                if props.get(key):
                    bits.append(f"{label} {', '.join(props[key])}")
            lines.append(("item", "; ".join(bits)))
    lines.append(("heading", "4. Offences and facts"))
    for o in case.offences:
        where = ", ".join(x for x in (o.date, o.place) if x)
        text = vocab.offences[o.offence].label + (f" ({where})" if where else "")
        lines.append(("item", text + (f": {o.conduct}" if o.conduct else "")))
    for name, heading in (
        ("facts", "Statement of facts"),
        ("law_text", "Applicable law"),
        ("penalty", "Penalty"),
        ("warrant", "Warrant or judgment"),
        ("assistance", "Assistance sought"),
        ("purpose", "Purpose"),
        ("assurances", "Assurances"),
        ("urgency", "Urgency"),
    ):
        if case.text(name):
            lines.append(("text", f"{heading}: {case.text(name)}"))
    if analysis.grounds:
        lines.append(("heading", "5. Grounds of refusal under the legal basis"))
        for g in analysis.grounds:
            if g["citations"]:
                cited = ", ".join(c["article"] for c in g["citations"])
                lines.append(
                    ("item", f"{g['label']}: {g['status'].replace('_', ' ')} (article {cited})")
                )
    if attachments:
        lines.append(("heading", "Annexes"))
        for n, att in enumerate(attachments, 1):
            lines.append(("item", f"Annex {n}: {att.name} (SHA-256 {att.sha256})"))
    lines.append(
        (
            "small",
            "Prepared with ctcoop from its knowledge base; every article cited "
            "is given with its source in `ctcoop case check`.",
        )
    )
    return lines
