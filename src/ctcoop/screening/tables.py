"""The tables of the screening store (see :mod:`ctcoop.screening.store` for what each holds)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class VersionRow(Base):
    __tablename__ = "list_versions"
    __table_args__ = (UniqueConstraint("list_name", "sha256", name="uq_list_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    list_name: Mapped[str] = mapped_column(String(40), index=True)
    source: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    published_at: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    counts: Mapped[dict[str, int]] = mapped_column(JSON)
    # why the version was refused activation (empty, or much smaller than the active one), and
    # the operator's reason for accepting it anyway; both absent for an ordinary version
    rejected: Mapped[str | None] = mapped_column(Text, nullable=True)
    accepted: Mapped[str | None] = mapped_column(Text, nullable=True)


class EntityRow(Base):
    __tablename__ = "list_entities"
    version_id: Mapped[int] = mapped_column(
        ForeignKey("list_versions.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    schema: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ActiveRow(Base):
    __tablename__ = "active_lists"
    list_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id"))
    activated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class RunRow(Base):
    __tablename__ = "screening_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # screen | rescreen
    list_name: Mapped[str] = mapped_column(String(40), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("list_versions.id"))
    base_version_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    matcher: Mapped[str] = mapped_column(String(200))
    threshold: Mapped[float] = mapped_column(Float)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    queries: Mapped[int] = mapped_column(Integer)
    hits: Mapped[int] = mapped_column(Integer)


class QueryRow(Base):
    __tablename__ = "screened_queries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("screening_runs.id"), index=True)
    query_key: Mapped[str] = mapped_column(String(200), index=True)
    query: Mapped[dict[str, Any]] = mapped_column(JSON)


class ResultRow(Base):
    __tablename__ = "screening_results"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("screening_runs.id"), index=True)
    query_key: Mapped[str] = mapped_column(String(200), index=True)
    entity_id: Mapped[str] = mapped_column(String(200))
    designation: Mapped[str | None] = mapped_column(String(200), nullable=True)
    score: Mapped[float] = mapped_column(Float)
    explanations: Mapped[list[str]] = mapped_column(JSON)
