"""Assessments, their versioned answers and user-supplied FATF ratings, stored with the casework
service's data: the same database (``casework.sqlite`` in the data store, or ``--db`` /
``$CTCOOP_CASEWORK_DB``), so that the authorities and users of casework are the users of
monitoring, and every change joins the same hash-chained log.

Answers are never overwritten: each change adds a row (who, when), and an assessment read "as of"
a moment shows, per question, the last row recorded by then.

Tables (Alembic, ``ctcoop/monitoring/migrations``, version table ``monitoring_alembic_version``)::

    assessments          one row per assessment: state, date assessed, title, who made it
    assessment_answers   every version of every answer
    fatf_ratings         FATF ratings of a state, as imported (file name and SHA-256)
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from ctcoop.errors import NotFoundError
from ctcoop.kb.store import DataStore
from ctcoop.platform import audit
from ctcoop.platform.accounts import Accounts
from ctcoop.platform.storage import database_url, migrate, open_engine, unavailable

__all__ = ["Answer", "Assessment", "AssessmentStore", "FatfRatings"]

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "monitoring_alembic_version"


class Base(DeclarativeBase):
    pass


class AssessmentRow(Base):
    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[str] = mapped_column(String(8), index=True)
    on: Mapped[str] = mapped_column(String(10), index=True)
    title: Mapped[str] = mapped_column(String(300))
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(200))


class AnswerRow(Base):
    __tablename__ = "assessment_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    question: Mapped[str] = mapped_column(String(120))
    score: Mapped[str | None] = mapped_column(String(16), nullable=True)
    note: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)  # JSON list
    assistance: Mapped[str] = mapped_column(Text)  # a technical-assistance need, or ""
    derived: Mapped[bool] = mapped_column(Boolean)
    explanation: Mapped[str] = mapped_column(Text)  # JSON list of steps
    recorded_at: Mapped[str] = mapped_column(String(32), index=True)
    recorded_by: Mapped[str] = mapped_column(String(200))


class FatfRow(Base):
    __tablename__ = "fatf_ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[str] = mapped_column(String(8), index=True)
    assessed: Mapped[str] = mapped_column(String(10))
    ratings: Mapped[str] = mapped_column(Text)  # JSON {item: rating}
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[str] = mapped_column(String(32))
    imported_by: Mapped[str] = mapped_column(String(200))


@dataclass(frozen=True, slots=True)
class Assessment:
    id: str
    state: str
    on: dt.date
    title: str
    created: str
    created_by: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "on": self.on.isoformat(),
            "title": self.title,
            "created": self.created,
            "created_by": self.created_by,
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """One version of the answer to one question."""

    question: str
    score: str | None
    note: str = ""
    evidence: tuple[dict[str, str], ...] = ()
    assistance: str = ""
    derived: bool = False
    explanation: tuple[dict[str, Any], ...] = ()
    recorded_at: str = ""
    recorded_by: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "score": self.score,
            "note": self.note,
            "evidence": list(self.evidence),
            "assistance": self.assistance,
            "derived": self.derived,
            "explanation": list(self.explanation),
            "recorded_at": self.recorded_at,
            "recorded_by": self.recorded_by,
        }


@dataclass(frozen=True, slots=True)
class FatfRatings:
    state: str
    assessed: dt.date
    ratings: dict[str, str]
    file_name: str
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "assessed": self.assessed.isoformat(),
            "ratings": self.ratings,
            "file": self.file_name,
            "sha256": self.sha256,
        }


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _assessment(row: AssessmentRow) -> Assessment:
    return Assessment(
        row.id, row.state, dt.date.fromisoformat(row.on), row.title, row.created, row.created_by
    )


def _answer(row: AnswerRow) -> Answer:
    return Answer(
        row.question,
        row.score,
        row.note,
        tuple(json.loads(row.evidence)),
        row.assistance,
        row.derived,
        tuple(json.loads(row.explanation)),
        row.recorded_at,
        row.recorded_by,
    )


class AssessmentStore:
    """The assessments of one deployment, in the casework database."""

    def __init__(self, url: str) -> None:
        from ctcoop.casework import store as casework

        self.url = url
        self.engine = open_engine(url)
        try:  # casework's schema first: the accounts and the log are its
            migrate(self.engine, casework.MIGRATIONS, casework.VERSION_TABLE)
            migrate(self.engine, MIGRATIONS, VERSION_TABLE)
        except SQLAlchemyError as exc:
            raise unavailable(url, "monitoring", exc) from None
        self.accounts = Accounts(self.engine)

    @classmethod
    def open(cls, data_store: DataStore, url: str | None = None) -> AssessmentStore:
        from ctcoop.casework import store as casework

        return cls(database_url(data_store, url, casework.DB_ENV, casework.FILENAME))

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ reading

    def get(self, ident: str) -> Assessment:
        with Session(self.engine) as session:
            row = session.get(AssessmentRow, ident)
            if row is None:
                raise NotFoundError("assessment", ident, self._close_ids(session, ident))
            return _assessment(row)

    @staticmethod
    def _close_ids(session: Session, ident: str) -> list[str]:
        import difflib

        ids = list(session.scalars(select(AssessmentRow.id)))
        return difflib.get_close_matches(ident, ids, n=3)

    def assessments(self, state: str | None = None) -> list[Assessment]:
        """All assessments (of ``state``), by state and date."""
        with Session(self.engine) as session:
            query = select(AssessmentRow).order_by(AssessmentRow.state, AssessmentRow.on)
            if state is not None:
                query = query.where(AssessmentRow.state == state)
            return [_assessment(r) for r in session.scalars(query)]

    def latest(self, state: str, on: dt.date) -> Assessment | None:
        """The assessment of ``state`` with the latest date on or before ``on``."""
        found = [a for a in self.assessments(state) if a.on <= on]
        return max(found, key=lambda a: (a.on, a.created)) if found else None

    def answers(self, ident: str, as_of: str | None = None) -> dict[str, Answer]:
        """The answer to each question as last recorded (by ``as_of``, an ISO timestamp)."""
        self.get(ident)
        with Session(self.engine) as session:
            query = (
                select(AnswerRow)
                .where(AnswerRow.assessment_id == ident)
                .order_by(AnswerRow.recorded_at, AnswerRow.id)
            )
            if as_of is not None:
                query = query.where(AnswerRow.recorded_at <= as_of)
            out: dict[str, Answer] = {}
            for row in session.scalars(query):
                out[row.question] = _answer(row)
            return {q: a for q, a in out.items() if a.score is not None or a.note}

    def history(self, ident: str, question: str | None = None) -> list[Answer]:
        """Every version of the answers (to ``question``), oldest first."""
        self.get(ident)
        with Session(self.engine) as session:
            query = select(AnswerRow).where(AnswerRow.assessment_id == ident)
            if question is not None:
                query = query.where(AnswerRow.question == question)
            rows = session.scalars(query.order_by(AnswerRow.recorded_at, AnswerRow.id))
            return [_answer(r) for r in rows]

    def fatf(self, state: str, on: dt.date) -> FatfRatings | None:
        """The latest ratings of ``state`` assessed on or before ``on``."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(FatfRow)
                .where(FatfRow.state == state, FatfRow.assessed <= on.isoformat())
                .order_by(FatfRow.assessed.desc(), FatfRow.id.desc())
                .limit(1)
            ).all()
            if not rows:
                return None
            r = rows[0]
            return FatfRatings(
                r.state,
                dt.date.fromisoformat(r.assessed),
                json.loads(r.ratings),
                r.file_name,
                r.sha256,
            )

    # ------------------------------------------------------------------ writing

    def create(self, actor: str, state: str, on: dt.date, title: str) -> Assessment:
        ident = "asm-" + secrets.token_hex(4)
        now = _now()
        with Session(self.engine) as session, session.begin():
            row = AssessmentRow(
                id=ident, state=state, on=on.isoformat(), title=title, created=now, created_by=actor
            )
            session.add(row)
            audit.append(
                session,
                actor,
                "assessment.create",
                f"assessment:{ident}",
                {"state": state, "on": on.isoformat(), "title": title},
            )
            return _assessment(row)

    def record(self, actor: str, ident: str, answers: Sequence[Answer], action: str) -> int:
        """Add a version of each answer, in one transaction with its log entry."""
        self.get(ident)
        now = _now()
        with Session(self.engine) as session, session.begin():
            for a in answers:
                session.add(
                    AnswerRow(
                        assessment_id=ident,
                        question=a.question,
                        score=a.score,
                        note=a.note,
                        evidence=json.dumps(list(a.evidence), ensure_ascii=False),
                        assistance=a.assistance,
                        derived=a.derived,
                        explanation=json.dumps(list(a.explanation), ensure_ascii=False),
                        recorded_at=now,
                        recorded_by=actor,
                    )
                )
            audit.append(
                session,
                actor,
                action,
                f"assessment:{ident}",
                {
                    "answers": [
                        {"question": a.question, "score": a.score, "derived": a.derived}
                        for a in answers
                    ]
                },
            )
        return len(answers)

    def add_fatf(self, actor: str, rows: Sequence[FatfRatings]) -> int:
        """Store imported ratings, all or none, with one log entry."""
        now = _now()
        with Session(self.engine) as session, session.begin():
            for r in rows:
                session.add(
                    FatfRow(
                        state=r.state,
                        assessed=r.assessed.isoformat(),
                        ratings=json.dumps(r.ratings, sort_keys=True),
                        file_name=r.file_name,
                        sha256=r.sha256,
                        imported_at=now,
                        imported_by=actor,
                    )
                )
            audit.append(
                session,
                actor,
                "fatf.import",
                "fatf",
                {
                    "file": rows[0].file_name if rows else "",
                    "sha256": rows[0].sha256 if rows else "",
                    "states": [r.state for r in rows],
                },
            )
        return len(rows)

    def log(self, ident: str | None = None) -> list[audit.Entry]:
        with Session(self.engine) as session:
            if ident is None:
                return [
                    e
                    for e in audit.entries(session)
                    if e.subject.startswith("assessment:") or e.subject == "fatf"
                ]
            return audit.entries(session, f"assessment:{ident}")
