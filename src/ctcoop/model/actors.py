"""Actors (states, organisations, bodies, agencies) and memberships."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ctcoop.model.dates import Interval, PartialDate
from ctcoop.model.sources import PaperNote


class Level(StrEnum):
    GLOBAL = "global"
    REGIONAL = "regional"
    BILATERAL = "bilateral"


class ActorKind(StrEnum):
    STATE = "state"
    ORGANIZATION = "organization"
    BODY = "body"
    AGENCY = "agency"


@dataclass(frozen=True)
class Succession:
    state: str
    kind: str  # continuator | successor


@dataclass(frozen=True)
class State:
    id: str  # ISO 3166-1 alpha-3, or ISO 3166-3 for historical states
    name: str
    official_name: str | None = None
    alpha2: str | None = None
    historical: bool = False
    existed: Interval = field(default_factory=Interval)
    successors: tuple[Succession, ...] = ()
    sources: tuple[str, ...] = ()

    kind = ActorKind.STATE


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    acronym: str | None
    level: Level
    aliases: tuple[str, ...] = ()
    founded: PartialDate | None = None
    dissolved: PartialDate | None = None
    predecessor: str | None = None
    constituent_instrument: str | None = None
    wikidata: str | None = None
    sources: tuple[str, ...] = ()
    paper: PaperNote | None = None

    kind = ActorKind.ORGANIZATION


@dataclass(frozen=True)
class Body:
    id: str
    name: str
    organization: str
    acronym: str | None = None
    parent: str | None = None
    established: PartialDate | None = None
    established_by: str | None = None
    composition: str | None = None
    same_members_as: str | None = None  # a committee of the whole: its members are that body's
    mandate: str | None = None
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    paper: PaperNote | None = None

    kind = ActorKind.BODY


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    state: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    kind = ActorKind.AGENCY


Actor = State | Organization | Body | Agency


class Role(StrEnum):
    MEMBER = "member"
    ASSOCIATE = "associate"
    OBSERVER = "observer"
    DIALOGUE_PARTNER = "dialogue_partner"
    SUSPENDED = "suspended"
    # no longer a member, but the organisation's law and agreements still apply to it for a
    # dated period (the United Kingdom and the EU, 2020-02-01 to 2020-12-31)
    TRANSITION = "transition"


# the roles through which an organisation's acts and agreements apply to a state
LEGAL_EFFECT_ROLES = (Role.MEMBER, Role.TRANSITION)


@dataclass(frozen=True)
class Membership:
    organization: str
    member: str
    role: Role
    interval: Interval
    sources: tuple[str, ...]
    note: str | None = None
    origin: str = "shipped"  # shipped | an import's id
