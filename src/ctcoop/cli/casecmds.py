"""``ctcoop case``: extradition and mutual legal assistance casework (specs in
:mod:`ctcoop.cli.casespecs`). Every change is logged under ``--user``."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ctcoop.cli.commands import parse_on
from ctcoop.cli.output import (
    Output,
    Table,
    audit_anchors,
    audit_log,
    audit_verified,
    out,
    write_out,
)
from ctcoop.errors import InputError
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.store import DataStore


@contextmanager
def _cases(store: DataStore, db: str | None) -> Iterator[Any]:
    from ctcoop.casework.store import CaseStore

    cases = CaseStore.open(store, db)
    try:
        yield cases
    finally:
        cases.close()


def _day(text: str | None, argument: str) -> Any:
    """A full date of an option, or None."""
    import datetime as dt

    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{argument}: {text!r} is not a date; write YYYY-MM-DD", argument=argument
        ) from None


def _user(user: str | None) -> str:
    return user or os.environ.get("CTCOOP_USER") or getpass.getuser()


def _persons(
    names: list[str], dobs: list[str], nationalities: list[str], ids: list[str], places: list[str]
) -> list[dict[str, Any]]:
    from ctcoop.casework.model import paired, person_entity

    paired(
        names,
        "persons",
        person_dob=dobs,
        person_nationality=nationalities,
        person_id=ids,
        person_location=places,
    )

    def nth(values: list[str], n: int) -> str | None:
        return values[n] if n < len(values) else None

    return [
        person_entity(name, nth(dobs, n), nth(nationalities, n), nth(ids, n), nth(places, n))
        for n, name in enumerate(names)
    ]


def _content(args: dict[str, Any]) -> tuple[list[dict[str, Any]], Any, dict[str, str | None]]:
    from ctcoop.casework.model import TEXT_FIELDS
    from ctcoop.casework.service import offences

    persons = _persons(
        args["person"],
        args["person_dob"],
        args["person_nationality"],
        args["person_id"],
        args["person_location"],
    )
    found = offences(args["offence"], args["offence_date"], args["offence_place"], args["conduct"])
    texts = {name: args.get(name) for name in TEXT_FIELDS}
    return persons, found, texts


def case_new(
    kb: KnowledgeBase,
    store: DataStore,
    case_kind: str,
    requesting: str,
    requested: str,
    on: str | None = None,
    direction: str = "outgoing",
    basis: str | None = None,
    authority: str | None = None,
    counterpart: str | None = None,
    due: str | None = None,
    apprehended: str | None = None,
    db: str | None = None,
    user: str | None = None,
    **fields: Any,
) -> Output:
    from ctcoop.casework.service import new_case

    persons, found, texts = _content(fields)
    with _cases(store, db) as cases:
        case = new_case(
            kb,
            cases,
            _user(user),
            kind=case_kind,
            requesting=requesting,
            requested=requested,
            on=parse_on(on),
            direction=direction,
            persons=persons,
            offences=found,
            basis=basis,
            texts=texts,
            authority=authority,
            counterpart=counterpart,
            due=_day(due, "--due"),
            apprehended=_day(apprehended, "--apprehended"),
        )
    return out(
        case.to_json(),
        f"opened {case.id} ({case.kind.value}, {case.state.value}); "
        f"next: ctcoop case check {case.id}",
    )


def case_edit(
    kb: KnowledgeBase,
    store: DataStore,
    case_id: str,
    on: str | None = None,
    due: str | None = None,
    apprehended: str | None = None,
    db: str | None = None,
    user: str | None = None,
    **fields: Any,
) -> Output:
    from ctcoop.casework.service import edit

    persons, found, texts = _content(fields)
    with _cases(store, db) as cases:
        case = edit(
            kb,
            cases,
            _user(user),
            case_id,
            texts=texts,
            persons=persons,
            offences=found,
            on=parse_on(on) if on else None,
            due=_day(due, "--due"),
            apprehended=_day(apprehended, "--apprehended"),
        )
    return out(case.to_json(), f"changed {case.id}")


def case_list(
    kb: KnowledgeBase,
    store: DataStore,
    state: str | None = None,
    overdue: bool = False,
    db: str | None = None,
) -> Output:
    import datetime as dt

    with _cases(store, db) as cases:
        found = cases.cases(state, overdue_on=dt.date.today() if overdue else None)
    rows = [
        (
            c.id,
            c.kind.value,
            c.direction.value,
            kb.name_of(c.requesting),
            kb.name_of(c.requested),
            c.state.value,
            c.due or "",
            c.updated,
        )
        for c in found
    ]
    return out(
        [c.to_json() for c in found],
        tables=[
            Table(
                f"{len(found)} cases",
                ["case", "kind", "direction", "requesting", "requested", "state", "due", "updated"],
                rows,
            )
        ],
    )


def case_show(kb: KnowledgeBase, store: DataStore, case_id: str, db: str | None = None) -> Output:
    from ctcoop.casework.model import next_states

    with _cases(store, db) as cases:
        case = cases.get(case_id)
        attachments = cases.attachments(case_id)
    data = case.to_json() | {
        "attachments": [a.to_json() for a in attachments],
        "next_states": sorted(s.value for s in next_states(case.state)),
    }
    rows = [(k, v) for k, v in case.to_json().items() if v not in (None, [], "")]
    rows += [
        ("attachment", f"{a.name} ({a.size:,} bytes, sha256 {a.sha256[:16]}…)") for a in attachments
    ]
    return out(data, tables=[Table(case.id, ["field", "value"], rows)])


def case_check(kb: KnowledgeBase, store: DataStore, case_id: str, db: str | None = None) -> Output:
    from ctcoop.casework.analysis import analyse

    with _cases(store, db) as cases:
        case = cases.get(case_id)
    analysis = analyse(kb, case)
    data = analysis.to_json()
    chosen = data["chosen"]
    text = [
        f"{kb.name_of(case.requesting)} to {kb.name_of(case.requested)}: "
        f"{analysis.measure.value} on {case.on}",
        "chosen basis: "
        + (
            f"{chosen['instrument']} ({analysis.reason})" if chosen else f"none ({analysis.reason})"
        ),
    ]
    bases = Table(
        "candidate bases",
        ["instrument", "level", "binding", "kind", "offences recorded"],
        [
            (
                b["instrument"],
                b["level"],
                b["binding"],
                b["kind"],
                ", ".join(
                    f"{o['offence']}: art. {', '.join(o['articles'])}"
                    if o["articles"]
                    else f"{o['offence']}: not recorded"
                    for o in b["offences"]
                ),
            )
            for b in data["bases"]
        ],
    )
    grounds = Table(
        "grounds of refusal under the chosen basis",
        ["ground", "status", "articles"],
        [
            (g["label"], g["status"], ", ".join(c["article"] for c in g["citations"]))
            for g in data["grounds"]
        ],
    )
    missing = Table(
        "missing before 'ready'",
        ["item", "field"],
        [(m["label"], m["field"]) for m in data["missing"]],
    )
    deadlines = Table(
        "time limits of the basis",
        ["limit", "article", "from", "due"],
        [
            (d["label"], d["article"], d["from"] or "(give --apprehended)", d["due"] or "")
            for d in data["deadlines"]
        ],
    )
    return out(data, *text, tables=[bases, grounds, missing, deadlines])


def case_choose(
    kb: KnowledgeBase,
    store: DataStore,
    case_id: str,
    basis: str | None = None,
    default: bool = False,
    db: str | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.casework.service import choose_basis

    if (basis is None) == (not default):
        raise InputError(
            "basis: name an instrument, or give --default to clear the choice", argument="basis"
        )
    with _cases(store, db) as cases:
        _, analysis = choose_basis(kb, cases, _user(user), case_id, basis)
    data = analysis.to_json()
    return out(
        data,
        f"{case_id} rests on {data['chosen']['instrument'] if data['chosen'] else 'no basis'} "
        f"({analysis.reason})",
    )


def case_advance(
    kb: KnowledgeBase,
    store: DataStore,
    case_id: str,
    to: str,
    note: str | None = None,
    db: str | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.casework.service import advance

    with _cases(store, db) as cases:
        case = advance(kb, cases, _user(user), case_id, to, note)
    return out(case.to_json(), f"{case.id} is now {case.state.value}")


def case_attach(
    kb: KnowledgeBase,
    store: DataStore,
    case_id: str,
    file: Path,
    db: str | None = None,
    user: str | None = None,
) -> Output:
    with _cases(store, db) as cases:
        found = cases.attach(case_id, file, _user(user))
    return out(found.to_json(), f"attached {found.name} to {case_id} (sha256 {found.sha256})")


def case_draft(
    kb: KnowledgeBase,
    store: DataStore,
    case_id: str,
    format: str,
    out_path: Path,
    db: str | None = None,
) -> Output:
    from ctcoop.casework.service import draft_lines
    from ctcoop.platform import documents

    with _cases(store, db) as cases:
        case = cases.get(case_id)
        attachments = cases.attachments(case_id)
    lines = draft_lines(kb, case, attachments)
    render = documents.to_pdf if format == "pdf" else documents.to_docx
    data = render(lines[0][1], lines)
    target = write_out(out_path, data)
    return out(
        {"case": case_id, "format": format, "out": str(target), "bytes": len(data)},
        f"wrote {target} ({len(data):,} bytes)",
    )


def case_log(
    kb: KnowledgeBase, store: DataStore, case_id: str | None = None, db: str | None = None
) -> Output:
    with _cases(store, db) as cases:
        found = cases.log(case_id)
    return audit_log(found, "case")


def case_verify(
    kb: KnowledgeBase, store: DataStore, anchors: Sequence[str] = (), db: str | None = None
) -> Output:
    checked = audit_anchors(anchors)
    with _cases(store, db) as cases:
        return audit_verified(cases.verify(checked))


def case_offences(kb: KnowledgeBase) -> Output:
    from ctcoop.casework.vocab import vocabulary

    vocab = vocabulary()
    rows = [
        (o.id, o.label, "; ".join(f"{d.instrument} art. {d.article}" for d in o.defined_in))
        for o in vocab.offences.values()
    ]
    data = [
        {
            "id": o.id,
            "label": o.label,
            "defined_in": [
                {"instrument": d.instrument, "article": d.article} for d in o.defined_in
            ],
        }
        for o in vocab.offences.values()
    ]
    return out(data, tables=[Table("offences", ["id", "label", "defined in"], rows)])


def account_authority(
    kb: KnowledgeBase, store: DataStore, ident: str, state: str, name: str, db: str | None = None
) -> Output:
    from ctcoop.errors import NotFoundError

    try:
        found_state = kb.resolve_state(state).id
    except NotFoundError as exc:
        raise InputError(f"--state: {exc}", argument="--state") from None
    with _cases(store, db) as cases:
        found = cases.accounts.add_authority(ident, found_state, name)
    return out(
        {"id": found.id, "state": found.state, "name": found.name},
        f"added the authority {found.id} ({kb.name_of(found.state)})",
    )


def read_password(username: str) -> str:
    """A new user's password: $CTCOOP_PASSWORD, else standard input (asked for on a terminal),
    never an argument (it would stay in the shell's history)."""
    import sys

    password = os.environ.get("CTCOOP_PASSWORD")
    if password is None:
        if sys.stdin.isatty():
            password = getpass.getpass(f"password for {username}: ")
        else:
            password = sys.stdin.read().rstrip("\n")
    return password


def account_user(
    kb: KnowledgeBase,
    store: DataStore,
    username: str,
    authority: str,
    role: str,
    db: str | None = None,
) -> Output:
    password = read_password(username)
    with _cases(store, db) as cases:
        user = cases.accounts.add_user(username, authority, role, password)
    return out(user.to_json(), f"added {user.username} to {user.authority.id} as {user.role.value}")


def account_list(kb: KnowledgeBase, store: DataStore, db: str | None = None) -> Output:
    with _cases(store, db) as cases:
        authorities = cases.accounts.authorities()
        users = cases.accounts.users()
    data = {
        "authorities": [{"id": a.id, "state": a.state, "name": a.name} for a in authorities],
        "users": [u.to_json() for u in users],
    }
    return out(
        data,
        tables=[
            Table(
                "authorities",
                ["id", "state", "name"],
                [(a.id, a.state, a.name) for a in authorities],
            ),
            Table(
                "users",
                ["username", "authority", "role"],
                [(u.username, u.authority.id, u.role.value) for u in users],
            ),
        ],
    )
