"""Cases, their attachments and their history, in one database with the audit log.

SQLAlchemy 2.x; ``casework.sqlite`` in the data store by default, PostgreSQL (or any SQLAlchemy
URL) with ``--db`` or ``$CTCOOP_CASEWORK_DB`` (:mod:`ctcoop.platform.storage`). The schema is
made and upgraded by Alembic (``ctcoop/casework/migrations``) when a store is opened. Every
change is written in one transaction with its audit entry (:mod:`ctcoop.platform.audit`): a
change that fails leaves the case and the log as they were.

Tables::

    cases              one row per case: its listing columns and the case as JSON
    case_attachments   files attached to a case: name, size, SHA-256, content
    audit_log          the hash-chained log of every change (:mod:`ctcoop.platform.audit`)
    authorities, users, sessions   who may use the service (:mod:`ctcoop.platform.accounts`)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, or_, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from ctcoop.casework.model import EDITABLE, TERMINAL, Case, CaseState
from ctcoop.errors import InputError, NotFoundError
from ctcoop.kb.store import DataStore
from ctcoop.platform import audit
from ctcoop.platform.accounts import Accounts
from ctcoop.platform.storage import database_url, migrate, open_engine, unavailable

__all__ = ["MAX_ATTACHMENT", "Attachment", "CaseStore"]

DB_ENV = "CTCOOP_CASEWORK_DB"
FILENAME = "casework.sqlite"
MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "casework_alembic_version"
MAX_ATTACHMENT = 20 * 1024 * 1024
"""Bytes of one attachment; a larger file is refused (send it by the channel agreed)."""


class Base(DeclarativeBase):
    pass


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    requesting: Mapped[str] = mapped_column(String(8), index=True)
    requested: Mapped[str] = mapped_column(String(8), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    authority: Mapped[str | None] = mapped_column(String(64), index=True)
    counterpart: Mapped[str | None] = mapped_column(String(64), index=True)
    due: Mapped[str | None] = mapped_column(String(10), index=True)
    updated: Mapped[str] = mapped_column(String(32))
    document: Mapped[str] = mapped_column(Text)


class AttachmentRow(Base):
    __tablename__ = "case_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    size: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "size": self.size, "sha256": self.sha256}


def _fits(name: str, size: int) -> None:
    if size > MAX_ATTACHMENT:
        raise InputError(
            f"file: {name} is {size:,} bytes, over the {MAX_ATTACHMENT:,} an attachment may "
            "have; send it by the channel agreed and attach a note of it",
            argument="file",
        )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class CaseStore:
    """The cases of one deployment; ``actor`` names who makes each change in the log."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = open_engine(url)
        try:
            migrate(self.engine, MIGRATIONS, VERSION_TABLE)
        except SQLAlchemyError as exc:
            raise unavailable(url, "casework", exc) from None
        self.accounts = Accounts(self.engine)

    @classmethod
    def open(cls, data_store: DataStore, url: str | None = None) -> CaseStore:
        return cls(database_url(data_store, url, DB_ENV, FILENAME))

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ reading

    def get(self, case_id: str) -> Case:
        with Session(self.engine) as session:
            return Case.from_json(json.loads(self._row(session, case_id).document))

    def cases(
        self,
        state: str | None = None,
        *,
        authority: str | None = None,
        overdue_on: dt.date | None = None,
    ) -> list[Case]:
        """The cases (of ``state``; those ``authority`` holds or is the counterpart of; those
        whose due date is before ``overdue_on`` and still open), by id."""
        with Session(self.engine) as session:
            query = select(CaseRow).order_by(CaseRow.id)
            if state is not None:
                query = query.where(CaseRow.state == state)
            if authority is not None:
                query = query.where(
                    or_(CaseRow.authority == authority, CaseRow.counterpart == authority)
                )
            if overdue_on is not None:
                query = query.where(
                    CaseRow.due < overdue_on.isoformat(),
                    CaseRow.state.not_in([s.value for s in TERMINAL]),
                )
            return [Case.from_json(json.loads(r.document)) for r in session.scalars(query)]

    def attachments(self, case_id: str) -> list[Attachment]:
        with Session(self.engine) as session:
            self._row(session, case_id)
            rows = session.scalars(
                select(AttachmentRow)
                .where(AttachmentRow.case_id == case_id)
                .order_by(AttachmentRow.id)
            )
            return [Attachment(r.name, r.size, r.sha256) for r in rows]

    def log(self, case_id: str | None = None) -> list[audit.Entry]:
        with Session(self.engine) as session:
            if case_id is not None:
                self._row(session, case_id)
            return audit.entries(session, case_id)

    def verify(self, anchors: Sequence[audit.Anchor] = ()) -> audit.Verification:
        with Session(self.engine) as session:
            return audit.verify(session, anchors)

    def _row(self, session: Session, case_id: str) -> CaseRow:
        row = session.get(CaseRow, case_id)
        if row is None:
            known = list(session.scalars(select(CaseRow.id).order_by(CaseRow.id).limit(200)))
            import difflib

            raise NotFoundError("case", case_id, difflib.get_close_matches(case_id, known, n=3))
        return row

    # ------------------------------------------------------------------ changes

    def create(self, case: Case, actor: str) -> Case:
        """Store a new case (its id made here) and log it."""
        stamp = _now()
        for _ in range(5):
            made = replace(case, id=f"case-{secrets.token_hex(4)}", created=stamp, updated=stamp)
            try:
                with Session(self.engine) as session, session.begin():
                    session.add(self._to_row(made))
                    audit.append(session, actor, "create", made.id, made.to_json())
                return made
            except IntegrityError:  # an id already taken, or a log written meanwhile: retry
                continue
        raise InputError("could not store the case; try again", argument="case")

    def save(self, case: Case, actor: str, action: str, details: dict[str, Any]) -> Case:
        """Replace a stored case with ``case`` and log the action with its details."""
        changed = replace(case, updated=_now())
        for attempt in range(5):
            try:
                with Session(self.engine) as session, session.begin():
                    row = self._row(session, case.id)
                    row.state = changed.state.value
                    row.due = changed.due.isoformat() if changed.due else None
                    row.updated = changed.updated
                    row.document = json.dumps(changed.to_json(), ensure_ascii=False)
                    audit.append(session, actor, action, case.id, details)
                return changed
            except IntegrityError:
                if attempt == 4:
                    raise
        return changed  # not reached

    def attach(self, case_id: str, path: Path, actor: str) -> Attachment:
        """Store a file with the case, with its SHA-256; InputError for a missing or oversized
        file (nothing stored)."""
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InputError(f"file: cannot read {path}: {exc.strerror}", argument="file") from None
        _fits(path.name, size)
        return self.attach_bytes(case_id, path.name, path.read_bytes(), actor)

    def attach_bytes(self, case_id: str, name: str, content: bytes, actor: str) -> Attachment:
        _fits(name, len(content))
        found = Attachment(name, len(content), hashlib.sha256(content).hexdigest())
        with Session(self.engine) as session, session.begin():
            row = self._row(session, case_id)
            if CaseState(row.state) not in EDITABLE:
                raise InputError(
                    f"case: {case_id} is {row.state}; attach files to a draft, or when further "
                    "information is requested",
                    argument="case",
                )
            session.add(
                AttachmentRow(
                    case_id=case_id,
                    name=found.name,
                    size=found.size,
                    sha256=found.sha256,
                    content=content,
                )
            )
            audit.append(session, actor, "attach", case_id, found.to_json())
        return found

    @staticmethod
    def _to_row(case: Case) -> CaseRow:
        return CaseRow(
            id=case.id,
            kind=case.kind.value,
            requesting=case.requesting,
            requested=case.requested,
            state=case.state.value,
            authority=case.authority,
            counterpart=case.counterpart,
            due=case.due.isoformat() if case.due else None,
            updated=case.updated,
            document=json.dumps(case.to_json(), ensure_ascii=False),
        )
