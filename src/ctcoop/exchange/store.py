"""Agencies, messages, deliveries and permission requests, with the audit log, in one database.

SQLAlchemy; ``exchange.sqlite`` in the data store by default, or ``--db`` / ``$CTCOOP_EXCHANGE_DB``
(PostgreSQL as for the other services); schema by Alembic (``ctcoop/exchange/migrations``).
Each agency is also an authority of :mod:`ctcoop.platform.accounts`, whose users (officer,
supervisor, auditor) log in to the API. Message bodies (the STIX bundles) are encrypted at rest
with Fernet (the ``cryptography`` library) under a key given by ``$CTCOOP_EXCHANGE_KEY`` or a
key file — never stored with the data; the header (who, to whom, codes, purpose) stays
readable for the gate and the audit. Each change is written with its audit entry in one
transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from ctcoop.errors import InputError, NotFoundError
from ctcoop.exchange.model import Agency, AgencyKind, Channel, DeliveryState, Message
from ctcoop.kb.store import DataStore
from ctcoop.platform import audit
from ctcoop.platform.accounts import Accounts, AuthorityRow, Role
from ctcoop.platform.storage import database_url, migrate, open_engine, unavailable

__all__ = ["KEY_ENV", "Delivery", "ExchangeStore", "Permission", "new_key"]

DB_ENV = "CTCOOP_EXCHANGE_DB"
KEY_ENV = "CTCOOP_EXCHANGE_KEY"
FILENAME = "exchange.sqlite"
MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "exchange_alembic_version"


class Base(DeclarativeBase):
    pass


class AgencyRow(Base):
    __tablename__ = "agencies"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    channels: Mapped[str] = mapped_column(String(200))


class MessageRow(Base):
    __tablename__ = "messages"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    sender: Mapped[str] = mapped_column(ForeignKey("agencies.id"), index=True)
    header: Mapped[str] = mapped_column(Text)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)  # encrypted; None once erased
    sha256: Mapped[str] = mapped_column(String(64))  # of the plain body, kept after erasure
    retain_until: Mapped[str | None] = mapped_column(String(10))
    forwarded_from: Mapped[str | None] = mapped_column(String(80), index=True)


class DeliveryRow(Base):
    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("message_id", "recipient", name="uq_delivery"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(ForeignKey("messages.id"), index=True)
    recipient: Mapped[str] = mapped_column(ForeignKey("agencies.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(Text)  # the gate's decision, as JSON


class PermissionRow(Base):
    __tablename__ = "permissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(ForeignKey("messages.id"), index=True)
    requester: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    use: Mapped[str] = mapped_column(String(16))  # judicial (H1) or onward (H2)
    detail: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))  # asked, given, refused


@dataclass(frozen=True, slots=True)
class Delivery:
    message_id: str
    recipient: str
    state: DeliveryState
    decision: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "message": self.message_id,
            "recipient": self.recipient,
            "state": self.state.value,
            "decision": self.decision,
        }


@dataclass(frozen=True, slots=True)
class Permission:
    id: int
    message_id: str
    requester: str
    use: str
    detail: str
    state: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "message": self.message_id,
            "requester": self.requester,
            "use": self.use,
            "detail": self.detail,
            "state": self.state,
        }


def new_key() -> str:
    """A new encryption key for message bodies (keep it apart from the database)."""
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def _cipher(key: str | None, key_file: Path | None) -> Any:
    from cryptography.fernet import Fernet

    text = key
    if text is None and key_file is not None:
        try:
            text = key_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise InputError(
                f"--key-file: cannot read {key_file}: {exc.strerror}", argument="--key-file"
            ) from None
    text = text or os.environ.get(KEY_ENV)
    if not text:
        raise InputError(
            f"no key for the message bodies: set ${KEY_ENV} or give --key-file FILE (make one "
            "with `ctcoop exchange key > exchange.key`; keep it apart from the database)",
            argument="--key-file",
        )
    try:
        return Fernet(text.encode())
    except ValueError:
        raise InputError(
            "the exchange key is not a key made by `ctcoop exchange key` (32 url-safe base64 "
            "bytes)",
            argument="--key-file",
        ) from None


class ExchangeStore:
    """The exchange's state; ``key`` encrypts message bodies."""

    def __init__(self, url: str, key: str | None = None, key_file: Path | None = None) -> None:
        self.url = url
        self._fernet = _cipher(key, key_file)
        self.engine = open_engine(url)
        try:
            migrate(self.engine, MIGRATIONS, VERSION_TABLE)
        except SQLAlchemyError as exc:
            raise unavailable(url, "exchange", exc) from None
        # each agency is an authority its users log in to
        self.accounts = Accounts(self.engine, (Role.OFFICER, Role.SUPERVISOR, Role.AUDITOR))

    @classmethod
    def open(
        cls,
        data_store: DataStore,
        url: str | None = None,
        key: str | None = None,
        key_file: Path | None = None,
    ) -> ExchangeStore:
        return cls(database_url(data_store, url, DB_ENV, FILENAME), key, key_file)

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ agencies

    def add_agency(self, agency: Agency, actor: str) -> Agency:
        try:
            with Session(self.engine) as session, session.begin():
                session.add(
                    AgencyRow(
                        id=agency.id,
                        state=agency.state,
                        kind=agency.kind.value,
                        name=agency.name,
                        channels=",".join(c.value for c in agency.channels),
                    )
                )
                session.add(AuthorityRow(id=agency.id, state=agency.state, name=agency.name))
                audit.append(session, actor, "agency", agency.id, agency.to_json())
        except IntegrityError:
            raise InputError(f"agency: {agency.id} exists already", argument="agency") from None
        return agency

    def agency(self, ident: str) -> Agency:
        with Session(self.engine) as session:
            row = session.get(AgencyRow, ident)
            if row is None:
                import difflib

                known = list(session.scalars(select(AgencyRow.id)))
                raise NotFoundError("agency", ident, difflib.get_close_matches(ident, known, n=3))
            return _agency(row)

    def agencies(self) -> list[Agency]:
        with Session(self.engine) as session:
            return [_agency(r) for r in session.scalars(select(AgencyRow).order_by(AgencyRow.id))]

    # ------------------------------------------------------------------ messages

    def has(self, message_id: str) -> bool:
        with Session(self.engine) as session:
            return session.get(MessageRow, message_id) is not None

    def put(
        self,
        message: Message,
        body: bytes,
        deliveries: list[tuple[str, DeliveryState, dict[str, Any]]],
        actor: str,
    ) -> None:
        """Store a message with its deliveries (or refusals), each logged, in one transaction."""
        with Session(self.engine) as session, session.begin():
            session.add(
                MessageRow(
                    id=message.id,
                    sender=message.sender,
                    header=json.dumps(message.to_json()),
                    body=self._fernet.encrypt(body),
                    sha256=hashlib.sha256(body).hexdigest(),
                    retain_until=message.retain_until.isoformat() if message.retain_until else None,
                    forwarded_from=message.forwarded_from,
                )
            )
            audit.append(session, actor, "send", message.id, message.to_json())
            for recipient, state, decision in deliveries:
                session.add(
                    DeliveryRow(
                        message_id=message.id,
                        recipient=recipient,
                        state=state.value,
                        decision=json.dumps(decision),
                    )
                )
                action = (
                    "override"
                    if "overridden" in decision
                    else "deliver"
                    if state is DeliveryState.DELIVERED
                    else "refuse"
                )
                audit.append(
                    session, actor, action, message.id, {"recipient": recipient, **decision}
                )

    def message(self, message_id: str) -> tuple[Message, list[Delivery], str]:
        """The message, its deliveries and the SHA-256 of its body."""
        with Session(self.engine) as session:
            row = self._row(session, message_id)
            found = list(
                session.scalars(
                    select(DeliveryRow)
                    .where(DeliveryRow.message_id == message_id)
                    .order_by(DeliveryRow.id)
                )
            )
            return (
                Message.from_json(json.loads(row.header)),
                [_delivery(d) for d in found],
                row.sha256,
            )

    def body(self, message_id: str) -> bytes | None:
        """The decrypted body, or None once it was erased (revoked or past retention)."""
        with Session(self.engine) as session:
            row = self._row(session, message_id)
            return None if row.body is None else bytes(self._fernet.decrypt(row.body))

    def inbox(self, agency: str) -> list[tuple[Message, Delivery]]:
        """The messages delivered to ``agency`` and not withdrawn since."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(MessageRow, DeliveryRow)
                .join(DeliveryRow, DeliveryRow.message_id == MessageRow.id)
                .where(
                    DeliveryRow.recipient == agency,
                    DeliveryRow.state == DeliveryState.DELIVERED.value,
                )
                .order_by(DeliveryRow.id)
            ).all()
            return [(Message.from_json(json.loads(m.header)), _delivery(d)) for m, d in rows]

    def outbox(self, agency: str) -> list[tuple[Message, list[Delivery]]]:
        """The messages ``agency`` sent, each with every delivery and refusal, in the order of
        their first delivery; one query (the bodies are not read)."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(MessageRow.id, MessageRow.header, DeliveryRow)
                .join(DeliveryRow, DeliveryRow.message_id == MessageRow.id)
                .where(MessageRow.sender == agency)
                .order_by(DeliveryRow.id)
            ).all()
        grouped: dict[str, tuple[Message, list[Delivery]]] = {}
        for message_id, header, delivery in rows:
            if message_id not in grouped:
                grouped[message_id] = (Message.from_json(json.loads(header)), [])
            grouped[message_id][1].append(_delivery(delivery))
        return list(grouped.values())

    def forwards_of(self, message_id: str) -> list[str]:
        """The messages that pass this one on, at any remove."""
        with Session(self.engine) as session:
            found: list[str] = []
            todo = [message_id]
            while todo:
                current = todo.pop()
                children = list(
                    session.scalars(
                        select(MessageRow.id).where(MessageRow.forwarded_from == current)
                    )
                )
                found += children
                todo += children
            return found

    def withdraw(
        self,
        message_ids: list[str],
        state: DeliveryState,
        actor: str,
        action: str,
        details: dict[str, Any],
    ) -> int:
        """Erase the bodies of the messages and mark every delivery of them ``state``; the
        number of deliveries changed."""
        changed = 0
        with Session(self.engine) as session, session.begin():
            for message_id in message_ids:
                row = self._row(session, message_id)
                row.body = None
                for delivery in session.scalars(
                    select(DeliveryRow).where(DeliveryRow.message_id == message_id)
                ):
                    if delivery.state == DeliveryState.DELIVERED.value:
                        delivery.state = state.value
                        changed += 1
                audit.append(session, actor, action, message_id, details)
        return changed

    def expired(self, today: str) -> list[str]:
        with Session(self.engine) as session:
            return list(
                session.scalars(
                    select(MessageRow.id).where(
                        MessageRow.retain_until < today, MessageRow.body.is_not(None)
                    )
                )
            )

    def log_read(self, message_id: str, agency: str, actor: str) -> None:
        with Session(self.engine) as session, session.begin():
            audit.append(session, actor, "read", message_id, {"agency": agency})

    # ------------------------------------------------------------------ permissions

    def ask(self, message_id: str, requester: str, use: str, detail: str, actor: str) -> Permission:
        with Session(self.engine) as session, session.begin():
            self._row(session, message_id)
            row = PermissionRow(
                message_id=message_id, requester=requester, use=use, detail=detail, state="asked"
            )
            session.add(row)
            session.flush()
            found = _permission(row)
            audit.append(session, actor, "permission_asked", message_id, found.to_json())
        return found

    def permission(self, ident: int) -> Permission:
        with Session(self.engine) as session:
            row = session.get(PermissionRow, ident)
            if row is None:
                raise NotFoundError("permission request", str(ident))
            return _permission(row)

    def permissions(self, message_id: str) -> list[Permission]:
        with Session(self.engine) as session:
            rows = session.scalars(
                select(PermissionRow)
                .where(PermissionRow.message_id == message_id)
                .order_by(PermissionRow.id)
            )
            return [_permission(r) for r in rows]

    def answer(self, ident: int, given: bool, actor: str) -> Permission:
        with Session(self.engine) as session, session.begin():
            row = session.get(PermissionRow, ident)
            if row is None:
                raise NotFoundError("permission request", str(ident))
            if row.state != "asked":
                raise InputError(
                    f"request: permission request {ident} was already {row.state}",
                    argument="request",
                )
            row.state = "given" if given else "refused"
            found = _permission(row)
            action = "permission_given" if given else "permission_refused"
            audit.append(session, actor, action, row.message_id, found.to_json())
        return found

    # ------------------------------------------------------------------ the log

    def log(self, subject: str | None = None) -> list[audit.Entry]:
        with Session(self.engine) as session:
            return audit.entries(session, subject)

    def verify(self, anchors: Sequence[audit.Anchor] = ()) -> audit.Verification:
        with Session(self.engine) as session:
            return audit.verify(session, anchors)

    def _row(self, session: Session, message_id: str) -> MessageRow:
        row = session.get(MessageRow, message_id)
        if row is None:
            raise NotFoundError("message", message_id)
        return row


def _agency(row: AgencyRow) -> Agency:
    return Agency(
        row.id,
        row.state,
        AgencyKind(row.kind),
        row.name,
        tuple(Channel(c) for c in row.channels.split(",") if c),
    )


def _delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        row.message_id, row.recipient, DeliveryState(row.state), json.loads(row.decision)
    )


def _permission(row: PermissionRow) -> Permission:
    return Permission(row.id, row.message_id, row.requester, row.use, row.detail, row.state)
