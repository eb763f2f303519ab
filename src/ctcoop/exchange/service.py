"""Exchange operations: register agencies, send through the gate, read an inbox, ask for and
give permission (H1 judicial use, H2 onward transfer), forward (through the gate again),
revoke, and purge what is past its retention date.

Every input is checked before anything is written (an unknown agency, handling code or purpose,
an invalid or oversized STIX bundle is an InputError naming it, and nothing changes); a send
with a message id already stored returns the stored message and adds nothing (idempotent).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ctcoop.errors import AccessError, InputError
from ctcoop.exchange.gate import decide
from ctcoop.exchange.model import (
    Accuracy,
    Agency,
    AgencyKind,
    Channel,
    DataCategory,
    DeliveryState,
    Handling,
    Message,
    Reliability,
    Tlp,
)
from ctcoop.exchange.policies import Policy
from ctcoop.exchange.store import Delivery, ExchangeStore, Permission
from ctcoop.kb import KnowledgeBase
from ctcoop.model import Measure
from ctcoop.platform.accounts import Role, User

__all__ = [
    "MAX_BUNDLE",
    "SendResult",
    "acting_for",
    "answer",
    "ask",
    "forward",
    "purge",
    "read",
    "register",
    "revoke",
    "send",
    "validate_bundle",
]

MAX_BUNDLE = 1024 * 1024
"""Bytes of one STIX bundle."""
MIN_JUSTIFICATION = 20
"""Characters of an override's written justification, at the least."""
USES = {"judicial": Handling.H1, "onward": Handling.H2}
"""What a permission is asked for, and the handling code that makes it necessary."""


def acting_for(user: User) -> str:
    """The agency a user acts for: officers and supervisors act; auditors read the log only."""
    if user.role is Role.AUDITOR:
        raise AccessError(f"{user.username} is an auditor: auditors read the log, not messages")
    return str(user.authority.id)


def _enum(cls: Any, value: str, argument: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(m.value for m in cls)
        raise InputError(
            f"{argument}: {value!r} is not one of: {choices}", argument=argument
        ) from None


def register(
    kb: KnowledgeBase,
    store: ExchangeStore,
    actor: str,
    ident: str,
    state: str,
    kind: str,
    name: str,
    channels: Sequence[str] = ("bilateral",),
) -> Agency:
    import re

    from ctcoop.errors import NotFoundError

    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{1,62}", ident):
        raise InputError(
            f"agency: {ident!r} is not a valid id; use lower-case letters, digits, '.', '_' or "
            "'-', e.g. deu-bka",
            argument="agency",
        )
    try:
        found_state = kb.resolve_state(state).id
    except NotFoundError as exc:
        raise InputError(f"--state: {exc}", argument="--state") from None
    agency = Agency(
        ident,
        found_state,
        _enum(AgencyKind, kind, "--kind"),
        name.strip() or ident,
        tuple(_enum(Channel, c, "--channel") for c in channels) or (Channel.BILATERAL,),
    )
    return store.add_agency(agency, actor)


def validate_bundle(text: bytes) -> dict[str, Any]:
    """A STIX 2.1 bundle, checked by stix2-validator; InputError with the first errors."""
    if len(text) > MAX_BUNDLE:
        raise InputError(
            f"bundle: {len(text):,} bytes, over the {MAX_BUNDLE:,} a message may carry; split "
            "it into several messages",
            argument="bundle",
        )
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"bundle: not JSON ({exc})", argument="bundle") from None
    if not isinstance(data, dict) or data.get("type") != "bundle":
        raise InputError(
            'bundle: a STIX 2.1 bundle is a JSON object with "type": "bundle"', argument="bundle"
        )
    from stix2validator import ValidationOptions, validate_parsed_json

    result = validate_parsed_json(data, ValidationOptions(version="2.1"))
    if not result.is_valid:
        errors = [str(e) for e in result.errors][:3]
        raise InputError(f"bundle: not valid STIX 2.1: {'; '.join(errors)}", argument="bundle")
    return data


@dataclass(frozen=True)
class SendResult:
    message: Message
    deliveries: tuple[Delivery, ...]
    repeated: bool  # the same message id was stored before: nothing was added

    def to_json(self) -> dict[str, Any]:
        return {
            "message": self.message.to_json(),
            "deliveries": [d.to_json() for d in self.deliveries],
            "repeated": self.repeated,
        }


def send(
    kb: KnowledgeBase,
    store: ExchangeStore,
    policies: Sequence[Policy],
    actor: str,
    *,
    sender: str,
    recipients: Sequence[str],
    purpose: str,
    handling: str,
    tlp: str,
    reliability: str,
    accuracy: str,
    bundle: bytes,
    on: dt.date,
    data: Sequence[str] = (),
    restriction: str | None = None,
    retain_until: dt.date | None = None,
    channel: str = "bilateral",
    forwarded_from: str | None = None,
    override: str | None = None,
) -> SendResult:
    """Send a message: each recipient gets it only when the gate allows it (the decision, with
    its basis and explanation, is stored and logged either way). ``override``: a supervisor's
    written justification for delivering where the gate refuses; the decision keeps the
    refusal's explanation, says who overrode it and why, and the log records it."""
    parsed = validate_bundle(bundle)
    message_id = str(parsed["id"])
    if store.has(message_id):
        stored, deliveries, digest = store.message(message_id)
        import hashlib

        if digest != hashlib.sha256(bundle).hexdigest():
            raise InputError(
                f"bundle: the id {message_id} was sent before with other content; give a new "
                "bundle id",
                argument="bundle",
            )
        return SendResult(stored, tuple(deliveries), True)
    source = store.agency(sender)
    targets = [store.agency(r) for r in dict.fromkeys(recipients)]
    if not targets:
        raise InputError("--to: name at least one recipient agency", argument="--to")
    code = _enum(Handling, handling, "--handling")
    if code is Handling.H3 and not (restriction or "").strip():
        raise InputError(
            "--restriction: H3 means other restrictions: state them", argument="--restriction"
        )
    message = Message(
        id=message_id,
        sender=source.id,
        recipients=tuple(t.id for t in targets),
        purpose=_enum(Measure, purpose, "--purpose"),
        handling=code,
        tlp=_enum(Tlp, tlp, "--tlp"),
        reliability=_enum(Reliability, reliability, "--reliability"),
        accuracy=_enum(Accuracy, accuracy, "--accuracy"),
        on=on,
        data=tuple(_enum(DataCategory, d, "--data") for d in dict.fromkeys(data)),
        restriction=(restriction or "").strip() or None,
        retain_until=retain_until,
        channel=_enum(Channel, channel, "--channel"),
        forwarded_from=forwarded_from,
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    if message.channel not in source.channels:
        raise InputError(
            f"--channel: {source.id} does not use {message.channel.value} (its channels: "
            f"{', '.join(c.value for c in source.channels)})",
            argument="--channel",
        )
    justification = (override or "").strip()
    if override is not None and len(justification) < MIN_JUSTIFICATION:
        raise InputError(
            f"--override: write the justification (at least {MIN_JUSTIFICATION} characters): "
            "why the message must go without the basis the gate requires",
            argument="--override",
        )
    outcome = []
    for target in targets:
        decision = decide(
            kb, source.state, target.state, message.purpose, on, message.data, policies
        )
        found = decision.to_json()
        state = DeliveryState.DELIVERED if decision.allowed else DeliveryState.REFUSED
        if state is DeliveryState.REFUSED and justification:
            state = DeliveryState.DELIVERED
            found["overridden"] = {"by": actor, "justification": justification}
        outcome.append((target.id, state, found))
    store.put(message, bundle, outcome, actor)
    _, deliveries, _ = store.message(message_id)
    return SendResult(message, tuple(deliveries), False)


def _holding(store: ExchangeStore, message_id: str, agency: str) -> tuple[Message, Delivery | None]:
    """The message as ``agency`` may see it: its sender, or a recipient it was delivered to."""
    message, deliveries, _ = store.message(message_id)
    if agency == message.sender:
        return message, None
    for d in deliveries:
        if d.recipient == agency and d.state is DeliveryState.DELIVERED:
            return message, d
    raise AccessError(f"{agency} holds no message {message_id}: it was not delivered to it")


def read(store: ExchangeStore, message_id: str, agency: str, actor: str) -> dict[str, Any]:
    """The message, its decisions and its body, for the sender or a recipient it reached;
    the reading is logged."""
    message, mine = _holding(store, message_id, agency)
    _, deliveries, digest = store.message(message_id)
    body = store.body(message_id)
    store.log_read(message_id, agency, actor)
    shown = deliveries if mine is None else [mine]  # a recipient sees its own delivery only
    return {
        "message": message.to_json(),
        "deliveries": [d.to_json() for d in shown],
        "sha256": digest,
        "bundle": json.loads(body) if body is not None else None,
        "permissions": [
            p.to_json()
            for p in store.permissions(message_id)
            if mine is None or p.requester == agency
        ],
    }


def ask(
    store: ExchangeStore, message_id: str, agency: str, use: str, detail: str, actor: str
) -> Permission:
    message, mine = _holding(store, message_id, agency)
    if mine is None:
        raise InputError(
            "--as: the sender needs no permission for its own message", argument="--as"
        )
    code = USES.get(use)
    if code is None:
        raise InputError(f"--for: {use!r} is not one of: judicial, onward", argument="--for")
    if message.handling is not code:
        raise InputError(
            f"--for: message {message_id} is {message.handling.value}; {use} use needs no "
            f"permission under it",
            argument="--for",
        )
    return store.ask(message_id, agency, use, detail.strip(), actor)


def answer(store: ExchangeStore, request: int, agency: str, given: bool, actor: str) -> Permission:
    found = store.permission(request)
    message, _, _ = store.message(found.message_id)
    if agency != message.sender:
        raise AccessError(
            f"only the provider {message.sender} answers permission request {request}"
        )
    return store.answer(request, given, actor)


def forward(
    kb: KnowledgeBase,
    store: ExchangeStore,
    policies: Sequence[Policy],
    actor: str,
    message_id: str,
    agency: str,
    to: Sequence[str],
    on: dt.date,
) -> SendResult:
    """Pass a received message on: H2 needs the provider's permission for onward use; the gate
    decides again for the new pair."""
    message, mine = _holding(store, message_id, agency)
    if mine is None:
        raise InputError("--as: the sender sends, it does not forward", argument="--as")
    if message.handling is Handling.H2 and not any(
        p.requester == agency and p.use == "onward" and p.state == "given"
        for p in store.permissions(message_id)
    ):
        raise AccessError(
            f"message {message_id} is H2: not to be disseminated further without the "
            f"permission of {message.sender}; ask with `ctcoop exchange ask {message_id} --as "
            f"{agency} --for onward`"
        )
    body = store.body(message_id)
    if body is None:
        raise InputError(
            f"message {message_id} was erased; it cannot be passed on", argument="message"
        )
    bundle = json.loads(body)
    bundle["id"] = f"bundle--{uuid.uuid5(uuid.NAMESPACE_URL, message_id + '>' + ','.join(to))}"
    copy = json.dumps(bundle).encode()
    return send(
        kb,
        store,
        policies,
        actor,
        sender=agency,
        recipients=to,
        purpose=message.purpose.value,
        handling=message.handling.value,
        tlp=message.tlp.value,
        reliability=message.reliability.value,
        accuracy=message.accuracy.value,
        bundle=copy,
        on=on,
        data=[d.value for d in message.data],
        restriction=message.restriction,
        retain_until=message.retain_until,
        forwarded_from=message_id,
    )


def revoke(store: ExchangeStore, message_id: str, agency: str, actor: str, reason: str) -> int:
    """The provider withdraws a message: its body and every copy passed on are erased and no
    inbox holds it any more. The number of deliveries withdrawn."""
    message, _, _ = store.message(message_id)
    if agency != message.sender:
        raise AccessError(f"only the provider {message.sender} revokes message {message_id}")
    ids = [message_id, *store.forwards_of(message_id)]
    return store.withdraw(ids, DeliveryState.REVOKED, actor, "revoke", {"reason": reason})


def purge(store: ExchangeStore, today: dt.date, actor: str) -> list[str]:
    """Erase the bodies of messages past their retention date; the audit keeps their trace."""
    ids = store.expired(today.isoformat())
    for message_id in ids:
        store.withdraw(
            [message_id],
            DeliveryState.PURGED,
            actor,
            "purge",
            {"retention_ended_before": today.isoformat()},
        )
    return ids
