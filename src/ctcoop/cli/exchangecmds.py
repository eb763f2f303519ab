"""``ctcoop exchange``: information exchange between agencies, gated by the legal basis (specs
in :mod:`ctcoop.cli.exchangespecs`). Every action is logged under ``--user``."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ctcoop.cli.casecmds import _day, _user
from ctcoop.cli.commands import parse_on
from ctcoop.cli.output import Output, Table, audit_anchors, audit_log, audit_verified, out
from ctcoop.errors import InputError
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.store import DataStore

POLICIES_ENV = "CTCOOP_EXCHANGE_POLICIES"


@contextmanager
def _exchange(store: DataStore, db: str | None, key_file: Path | None) -> Iterator[Any]:
    from ctcoop.exchange.store import ExchangeStore

    found = ExchangeStore.open(store, db, key_file=key_file)
    try:
        yield found
    finally:
        found.close()


def _policies(kb: KnowledgeBase, path: Path | None) -> Any:
    from ctcoop.exchange.policies import shipped

    chosen = path or (Path(os.environ[POLICIES_ENV]) if os.environ.get(POLICIES_ENV) else None)
    return shipped(kb, chosen)


def _evaluation(text: str) -> tuple[str, str]:
    if len(text) != 2:
        raise InputError(
            f"--evaluation: {text!r} is not a source reliability (A, B, C, X) and an information "
            "accuracy (1-4), e.g. B2",
            argument="--evaluation",
        )
    return text[0].upper(), text[1]


def exchange_key(kb: KnowledgeBase) -> Output:
    from ctcoop.exchange.store import new_key

    key = new_key()
    return out({"key": key}, key)


def exchange_agency(
    kb: KnowledgeBase,
    store: DataStore,
    ident: str,
    state: str,
    agency_kind: str,
    name: str,
    channels: list[str],
    db: str | None = None,
    key_file: Path | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.exchange.service import register

    with _exchange(store, db, key_file) as exchange:
        agency = register(
            kb, exchange, _user(user), ident, state, agency_kind, name, channels or ["bilateral"]
        )
    return out(
        agency.to_json(),
        f"registered {agency.id} ({kb.name_of(agency.state)}, {agency.kind.value})",
    )


def exchange_user(
    kb: KnowledgeBase,
    store: DataStore,
    username: str,
    agency: str,
    role: str,
    db: str | None = None,
    key_file: Path | None = None,
) -> Output:
    from ctcoop.cli.casecmds import read_password

    password = read_password(username)
    with _exchange(store, db, key_file) as exchange:
        exchange.agency(agency)
        user = exchange.accounts.add_user(username, agency, role, password)
    return out(user.to_json(), f"added {user.username} to {agency} as {user.role.value}")


def exchange_agencies(
    kb: KnowledgeBase, store: DataStore, db: str | None = None, key_file: Path | None = None
) -> Output:
    with _exchange(store, db, key_file) as exchange:
        found = exchange.agencies()
    rows = [
        (a.id, kb.name_of(a.state), a.kind.value, a.name, ", ".join(c.value for c in a.channels))
        for a in found
    ]
    return out(
        [a.to_json() for a in found],
        tables=[Table("agencies", ["id", "state", "kind", "name", "channels"], rows)],
    )


def _decision_lines(result: Any) -> list[str]:
    lines = []
    for d in result.deliveries:
        lines.append(f"{d.recipient}: {d.state.value}")
        lines += [f"  {step}" for step in d.decision["explanation"]]
    return lines


def exchange_send(
    kb: KnowledgeBase,
    store: DataStore,
    sender: str,
    recipients: list[str],
    purpose: str,
    handling: str,
    tlp: str,
    evaluation: str,
    bundle: Path,
    data: list[str],
    restriction: str | None = None,
    retain_until: str | None = None,
    channel: str = "bilateral",
    on: str | None = None,
    override: str | None = None,
    policies: Path | None = None,
    db: str | None = None,
    key_file: Path | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.exchange.service import MAX_BUNDLE, send

    reliability, accuracy = _evaluation(evaluation)
    try:
        size = bundle.stat().st_size
        if size > MAX_BUNDLE:
            raise InputError(
                f"--bundle: {bundle} is {size:,} bytes, over the {MAX_BUNDLE:,} a "
                "message may carry; split it",
                argument="--bundle",
            )
        text = bundle.read_bytes()
    except OSError as exc:
        raise InputError(
            f"--bundle: cannot read {bundle}: {exc.strerror}", argument="--bundle"
        ) from None
    rules = _policies(kb, policies)
    with _exchange(store, db, key_file) as exchange:
        result = send(
            kb,
            exchange,
            rules,
            _user(user),
            sender=sender,
            recipients=recipients,
            purpose=purpose,
            handling=handling,
            tlp=tlp,
            reliability=reliability,
            accuracy=accuracy,
            bundle=text,
            on=parse_on(on),
            data=data,
            restriction=restriction,
            retain_until=_day(retain_until, "--retain-until"),
            channel=channel,
            override=override,
        )
    head = f"message {result.message.id}" + (
        " (sent before: nothing added)" if result.repeated else ""
    )
    return out(result.to_json(), head, *_decision_lines(result))


def exchange_inbox(
    kb: KnowledgeBase,
    store: DataStore,
    agency: str,
    db: str | None = None,
    key_file: Path | None = None,
) -> Output:
    with _exchange(store, db, key_file) as exchange:
        exchange.agency(agency)
        found = exchange.inbox(agency)
    rows = [
        (
            m.id,
            m.sender,
            m.purpose.value,
            m.handling.value,
            m.tlp.value,
            f"{m.reliability.value}{m.accuracy.value}",
            d.state.value,
            (d.decision.get("basis") or {}).get("instrument", ""),
        )
        for m, d in found
    ]
    data = [{"message": m.to_json(), "delivery": d.to_json()} for m, d in found]
    return out(
        data,
        tables=[
            Table(
                f"inbox of {agency}",
                ["message", "from", "purpose", "handling", "tlp", "evaluation", "state", "basis"],
                rows,
            )
        ],
    )


def exchange_outbox(
    kb: KnowledgeBase,
    store: DataStore,
    agency: str,
    db: str | None = None,
    key_file: Path | None = None,
) -> Output:
    with _exchange(store, db, key_file) as exchange:
        exchange.agency(agency)
        found = exchange.outbox(agency)
    rows = [
        (
            m.id,
            d.recipient,
            m.purpose.value,
            m.handling.value,
            d.state.value,
            d.decision["explanation"][-1],
        )
        for m, deliveries in found
        for d in deliveries
    ]
    data = [
        {"message": m.to_json(), "deliveries": [d.to_json() for d in deliveries]}
        for m, deliveries in found
    ]
    return out(
        data,
        tables=[
            Table(
                f"outbox of {agency}",
                ["message", "to", "purpose", "handling", "state", "why"],
                rows,
            )
        ],
    )


def exchange_show(
    kb: KnowledgeBase,
    store: DataStore,
    message_id: str,
    agency: str,
    db: str | None = None,
    key_file: Path | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.exchange.service import read

    with _exchange(store, db, key_file) as exchange:
        found = read(exchange, message_id, agency, _user(user))
    m = found["message"]
    text = [
        f"{m['id']} from {m['sender']}: {m['purpose']}, {m['handling']}, TLP:"
        f"{m['tlp'].upper()}, evaluation {m['evaluation']}"
    ]
    for d in found["deliveries"]:
        text.append(f"{d['recipient']}: {d['state']}")
        text += [f"  {s}" for s in d["decision"]["explanation"]]
    if found["bundle"] is None:
        text.append("(the body was erased)")
    return out(found, *text)


def exchange_ask(
    kb: KnowledgeBase,
    store: DataStore,
    message_id: str,
    agency: str,
    use: str,
    detail: str = "",
    db: str | None = None,
    key_file: Path | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.exchange.service import ask

    with _exchange(store, db, key_file) as exchange:
        found = ask(exchange, message_id, agency, use, detail, _user(user))
    return out(found.to_json(), f"asked: request {found.id} ({use} use of {message_id})")


def exchange_permit(
    kb: KnowledgeBase,
    store: DataStore,
    request: int,
    agency: str,
    refuse: bool = False,
    db: str | None = None,
    key_file: Path | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.exchange.service import answer

    with _exchange(store, db, key_file) as exchange:
        found = answer(exchange, request, agency, not refuse, _user(user))
    return out(found.to_json(), f"request {found.id}: {found.state}")


def exchange_forward(
    kb: KnowledgeBase,
    store: DataStore,
    message_id: str,
    agency: str,
    recipients: list[str],
    on: str | None = None,
    policies: Path | None = None,
    db: str | None = None,
    key_file: Path | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.exchange.service import forward

    rules = _policies(kb, policies)
    with _exchange(store, db, key_file) as exchange:
        result = forward(
            kb, exchange, rules, _user(user), message_id, agency, recipients, parse_on(on)
        )
    return out(result.to_json(), f"forwarded as {result.message.id}", *_decision_lines(result))


def exchange_revoke(
    kb: KnowledgeBase,
    store: DataStore,
    message_id: str,
    agency: str,
    reason: str,
    db: str | None = None,
    key_file: Path | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.exchange.service import revoke

    with _exchange(store, db, key_file) as exchange:
        count = revoke(exchange, message_id, agency, _user(user), reason)
    return out(
        {"message": message_id, "withdrawn": count},
        f"revoked {message_id}: withdrawn from {count} inboxes",
    )


def exchange_purge(
    kb: KnowledgeBase,
    store: DataStore,
    on: str | None = None,
    db: str | None = None,
    key_file: Path | None = None,
    user: str | None = None,
) -> Output:
    from ctcoop.exchange.service import purge

    with _exchange(store, db, key_file) as exchange:
        ids = purge(exchange, parse_on(on), _user(user))
    return out({"purged": ids}, f"erased the bodies of {len(ids)} messages past retention")


def exchange_log(
    kb: KnowledgeBase,
    store: DataStore,
    message_id: str | None = None,
    db: str | None = None,
    key_file: Path | None = None,
) -> Output:
    with _exchange(store, db, key_file) as exchange:
        found = exchange.log(message_id)
    return audit_log(found)


def exchange_verify(
    kb: KnowledgeBase,
    store: DataStore,
    anchors: Sequence[str] = (),
    db: str | None = None,
    key_file: Path | None = None,
) -> Output:
    checked = audit_anchors(anchors)
    with _exchange(store, db, key_file) as exchange:
        return audit_verified(exchange.verify(checked))
