"""Authorities, their users and sessions: who may use the services, and as what.

An authority is a national body of one state (a central authority, a prosecution service, a
financial intelligence unit); a user belongs to one authority with one role:

- ``officer``: reads and changes the authority's cases;
- ``reviewer``: as an officer, and approves a case as ``ready``;
- ``viewer``: reads only;
- in information exchange, ``officer``, ``supervisor`` and ``auditor`` (who reads the log, not
  the messages). Each service says which roles it takes.

Passwords are hashed with Argon2id (argon2-cffi). A login gives a session token (random, 256
bits; only its SHA-256 is stored) that the API takes as ``Authorization: Bearer`` and the web UI
as a cookie, with its own CSRF token for forms. Sessions end after :data:`SESSION_HOURS` or at
logout. The tables live in the database of the service that uses them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from ctcoop.errors import AuthenticationError, InputError, NotFoundError

__all__ = [
    "SESSION_HOURS",
    "Accounts",
    "AccountsBase",
    "Authority",
    "Role",
    "SessionInfo",
    "User",
]

SESSION_HOURS = 8
MIN_PASSWORD = 12
NAME = r"[a-z0-9][a-z0-9._-]{1,62}"


class Role(StrEnum):
    OFFICER = "officer"
    REVIEWER = "reviewer"  # casework: approves a case as ready
    VIEWER = "viewer"
    SUPERVISOR = "supervisor"  # exchange: as an officer, and may override the gate
    AUDITOR = "auditor"  # exchange: reads the log, not the messages

    @property
    def edits(self) -> bool:
        return self not in (Role.VIEWER, Role.AUDITOR)


class AccountsBase(DeclarativeBase):
    pass


class AuthorityRow(AccountsBase):
    __tablename__ = "authorities"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(300))


class UserRow(AccountsBase):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    authority: Mapped[str] = mapped_column(ForeignKey("authorities.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))


class SessionRow(AccountsBase):
    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("users.username"), index=True)
    expires: Mapped[str] = mapped_column(String(32))
    csrf: Mapped[str] = mapped_column(String(64))


@dataclass(frozen=True, slots=True)
class Authority:
    id: str
    state: str
    name: str


@dataclass(frozen=True, slots=True)
class User:
    username: str
    authority: Authority
    role: Role

    def to_json(self) -> dict[str, str]:
        return {
            "username": self.username,
            "authority": self.authority.id,
            "state": self.authority.state,
            "role": self.role.value,
        }


@dataclass(frozen=True, slots=True)
class SessionInfo:
    token: str  # given to the client once; only its hash is stored
    csrf: str
    expires: str
    user: User


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Accounts:
    """The authorities, users and sessions in a service's database."""

    def __init__(
        self,
        engine: Engine,
        roles: tuple[Role, ...] = (Role.OFFICER, Role.REVIEWER, Role.VIEWER),
    ) -> None:
        """``roles``: those the service using the accounts takes."""
        from argon2 import PasswordHasher

        self.engine = engine
        self.roles = roles
        self._hasher = PasswordHasher()

    # ---------------------------------------------------------------- authorities and users

    def add_authority(self, ident: str, state: str, name: str) -> Authority:
        if not re.fullmatch(NAME, ident):
            raise InputError(
                f"authority: {ident!r} is not a valid id; use lower-case letters, digits, '.', "
                "'_' or '-', e.g. ind-mha",
                argument="authority",
            )
        found = Authority(ident, state, name.strip() or ident)
        try:
            with Session(self.engine) as session, session.begin():
                session.add(AuthorityRow(id=found.id, state=found.state, name=found.name))
        except IntegrityError:
            raise InputError(f"authority: {ident} exists already", argument="authority") from None
        return found

    def authority(self, ident: str) -> Authority:
        with Session(self.engine) as session:
            row = session.get(AuthorityRow, ident)
            if row is None:
                known = list(session.scalars(select(AuthorityRow.id).order_by(AuthorityRow.id)))
                raise NotFoundError("authority", ident, known[:5])
            return Authority(row.id, row.state, row.name)

    def authorities(self) -> list[Authority]:
        with Session(self.engine) as session:
            rows = session.scalars(select(AuthorityRow).order_by(AuthorityRow.id))
            return [Authority(r.id, r.state, r.name) for r in rows]

    def add_user(self, username: str, authority: str, role: str, password: str) -> User:
        """Add a user with one of the roles the service takes."""
        if not re.fullmatch(NAME, username):
            raise InputError(
                f"username: {username!r} is not valid; use lower-case letters, digits, '.', '_' "
                "or '-'",
                argument="username",
            )
        made_role = next((r for r in self.roles if r.value == role), None)
        if made_role is None:
            raise InputError(
                f"role: {role!r} is not one of: {', '.join(r.value for r in self.roles)}",
                argument="role",
            )
        if len(password) < MIN_PASSWORD:
            raise InputError(f"password: at least {MIN_PASSWORD} characters", argument="password")
        found = self.authority(authority)
        try:
            with Session(self.engine) as session, session.begin():
                session.add(
                    UserRow(
                        username=username,
                        authority=found.id,
                        role=made_role.value,
                        password_hash=self._hasher.hash(password),
                    )
                )
        except IntegrityError:
            raise InputError(f"username: {username} exists already", argument="username") from None
        return User(username, found, made_role)

    def user(self, username: str) -> User:
        with Session(self.engine) as session:
            row = session.get(UserRow, username)
            if row is None:
                raise NotFoundError("user", username)
            authority = session.get(AuthorityRow, row.authority)
            assert authority is not None  # a foreign key
            return User(
                row.username,
                Authority(authority.id, authority.state, authority.name),
                Role(row.role),
            )

    # ---------------------------------------------------------------- sessions

    def authenticate(self, username: str, password: str) -> User:
        """The user whose password this is; AuthenticationError (one message for a wrong name
        or a wrong password) otherwise. No session is made (HTTP Basic authentication)."""
        from argon2.exceptions import VerificationError

        with Session(self.engine) as session:
            row = session.get(UserRow, username)
            stored = row.password_hash if row is not None else None
        try:
            if stored is None:
                # the same work for an unknown name as for a wrong password
                self._hasher.hash(password)
                raise VerificationError()
            self._hasher.verify(stored, password)
        except VerificationError:
            raise AuthenticationError("wrong username or password") from None
        return self.user(username)

    def login(self, username: str, password: str) -> SessionInfo:
        """A new session for the user; AuthenticationError (one message for a wrong name or a
        wrong password) otherwise."""
        self.authenticate(username, password)
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        expires = (_now() + dt.timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")
        with Session(self.engine) as session, session.begin():
            session.execute(delete(SessionRow).where(SessionRow.expires < _now().isoformat()))
            session.add(
                SessionRow(
                    token_hash=_hash_token(token), username=username, expires=expires, csrf=csrf
                )
            )
        return SessionInfo(token, csrf, expires, self.user(username))

    def session(self, token: str) -> SessionInfo:
        """The live session of a token; AuthenticationError for none or an expired one."""
        with Session(self.engine) as session:
            row = session.get(SessionRow, _hash_token(token))
            if row is None or row.expires < _now().isoformat(timespec="seconds"):
                raise AuthenticationError("not logged in, or the session has ended: log in")
            return SessionInfo(token, row.csrf, row.expires, self.user(row.username))

    def logout(self, token: str) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(delete(SessionRow).where(SessionRow.token_hash == _hash_token(token)))

    @staticmethod
    def csrf_ok(info: SessionInfo, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(info.csrf, given)

    def users(self) -> list[User]:
        with Session(self.engine) as session:
            names = list(session.scalars(select(UserRow.username).order_by(UserRow.username)))
        return [self.user(n) for n in names]
