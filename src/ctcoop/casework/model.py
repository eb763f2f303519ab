"""A case of extradition or mutual legal assistance: its shape, declared once here, and the
states it moves through.

The case's text fields (``TEXT_FIELDS``) are what the command line's ``case new`` and ``case
edit`` options, the JSON, the store and the checklist all derive from. Persons are FollowTheMoney
``Person`` entities (their properties validated by the followthemoney model); offences name an
offence of the vocabulary (:mod:`ctcoop.casework.vocab`) with the date and place of the conduct.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ctcoop.errors import InputError
from ctcoop.model import Measure, PartialDate

__all__ = [
    "TERMINAL",
    "TEXT_FIELDS",
    "Case",
    "CaseKind",
    "CaseOffence",
    "CaseState",
    "Direction",
    "next_states",
]


class CaseKind(StrEnum):
    EXTRADITION = "extradition"
    PROVISIONAL_ARREST = "provisional_arrest"
    MLA_EVIDENCE = "mla_evidence"
    MLA_SEARCH_SEIZURE = "mla_search_seizure"
    MLA_SERVICE = "mla_service"
    MLA_PROCEEDS = "mla_proceeds"
    MLA_ELECTRONIC_EVIDENCE = "mla_electronic_evidence"
    MLA_VIDEO_HEARING = "mla_video_hearing"

    @property
    def measure(self) -> Measure:
        return (
            Measure.EXTRADITION if self.family == "extradition" else Measure.MUTUAL_LEGAL_ASSISTANCE
        )

    @property
    def family(self) -> str:
        """``extradition`` (with provisional arrest) or ``mla``."""
        return "mla" if self.value.startswith("mla_") else "extradition"


class Direction(StrEnum):
    OUTGOING = "outgoing"  # this authority requests
    INCOMING = "incoming"  # this authority received the request


class CaseState(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    SENT = "sent"
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    INFO_REQUESTED = "info_requested"
    EXECUTED = "executed"
    PARTLY_EXECUTED = "partly_executed"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


TERMINAL = frozenset(
    {CaseState.EXECUTED, CaseState.PARTLY_EXECUTED, CaseState.REFUSED, CaseState.WITHDRAWN}
)
_ENDINGS = TERMINAL
_MOVES: dict[CaseState, frozenset[CaseState]] = {
    CaseState.DRAFT: frozenset({CaseState.READY, CaseState.WITHDRAWN}),
    CaseState.READY: frozenset({CaseState.DRAFT, CaseState.SENT, CaseState.WITHDRAWN}),
    CaseState.SENT: frozenset({CaseState.ACKNOWLEDGED, CaseState.INFO_REQUESTED} | _ENDINGS),
    CaseState.RECEIVED: frozenset({CaseState.ACKNOWLEDGED, CaseState.INFO_REQUESTED} | _ENDINGS),
    CaseState.ACKNOWLEDGED: frozenset({CaseState.INFO_REQUESTED} | _ENDINGS),
    # further information given: the request goes back to the requested state
    CaseState.INFO_REQUESTED: frozenset({CaseState.SENT, CaseState.ACKNOWLEDGED} | _ENDINGS),
}
EDITABLE = frozenset({CaseState.DRAFT, CaseState.INFO_REQUESTED, CaseState.RECEIVED})
"""States in which the case's content may change (a sent request is what was sent)."""


def next_states(state: CaseState) -> frozenset[CaseState]:
    return _MOVES.get(state, frozenset())


TEXT_FIELDS: dict[str, str] = {
    "requesting_authority": "the requesting authority (e.g. the central authority's name)",
    "requested_authority": "the requested authority",
    "facts": "a statement of the facts",
    "law_text": "the text of the law creating each offence",
    "penalty": "the penalty that can be imposed",
    "warrant": "the warrant of arrest or the judgment: authority, date, reference",
    "assistance": "the assistance sought (MLA)",
    "purpose": "the purpose of the request and the proceedings it serves (MLA)",
    "assurances": "assurances given (death penalty, fair trial, speciality)",
    "evidence": "the evidence supporting the request, where the basis asks for it",
    "urgency": "why the request is urgent, if it is",
}
"""The free-text fields of a case, each with what it holds: the one declaration the command
line's options, the JSON and the checklist derive from."""


@dataclass(frozen=True, slots=True)
class CaseOffence:
    offence: str  # an id of the offence vocabulary
    date: str | None = None  # the date of the conduct, YYYY[-MM[-DD]]
    place: str | None = None
    conduct: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Case:
    id: str
    kind: CaseKind
    direction: Direction
    requesting: str  # state ids
    requested: str
    on: dt.date  # the date the legal analysis is made for (the request's date)
    state: CaseState = CaseState.DRAFT
    persons: tuple[dict[str, Any], ...] = ()  # FollowTheMoney Person entities, as JSON
    offences: tuple[CaseOffence, ...] = ()
    basis: str | None = None  # the chosen instrument, when the user chose one
    texts: dict[str, str] = field(default_factory=dict)  # TEXT_FIELDS given
    authority: str | None = None  # the authority that holds the case (its users see it)
    counterpart: str | None = None  # the other side's authority, when it uses this service too
    due: dt.date | None = None  # when the next step is due (a reply, a formal request)
    apprehended: dt.date | None = None  # when the person was arrested (time limits run from it)
    created: str = ""
    updated: str = ""

    def overdue(self, today: dt.date) -> bool:
        """Open and past its due date."""
        return self.due is not None and self.due < today and self.state not in TERMINAL

    def text(self, name: str) -> str | None:
        return self.texts.get(name) or None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "direction": self.direction.value,
            "requesting": self.requesting,
            "requested": self.requested,
            "on": self.on.isoformat(),
            "state": self.state.value,
            "persons": list(self.persons),
            "offences": [o.to_json() for o in self.offences],
            "basis": self.basis,
            **{name: self.texts.get(name) for name in TEXT_FIELDS},
            "authority": self.authority,
            "counterpart": self.counterpart,
            "due": self.due.isoformat() if self.due else None,
            "apprehended": self.apprehended.isoformat() if self.apprehended else None,
            "created": self.created,
            "updated": self.updated,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Case:
        return cls(
            id=data["id"],
            kind=CaseKind(data["kind"]),
            direction=Direction(data["direction"]),
            requesting=data["requesting"],
            requested=data["requested"],
            on=dt.date.fromisoformat(data["on"]),
            state=CaseState(data["state"]),
            persons=tuple(data["persons"]),
            offences=tuple(CaseOffence(**o) for o in data["offences"]),
            basis=data["basis"],
            texts={k: data[k] for k in TEXT_FIELDS if data.get(k)},
            authority=data.get("authority"),
            counterpart=data.get("counterpart"),
            due=dt.date.fromisoformat(data["due"]) if data.get("due") else None,
            apprehended=dt.date.fromisoformat(data["apprehended"])
            if data.get("apprehended")
            else None,
            created=data["created"],
            updated=data["updated"],
        )


def paired(names: Sequence[str], owner: str, **details: Sequence[str]) -> None:
    """Check that each detail option (``--offence-date`` ...) is given at most once per
    ``owner`` option (``--offence``): the n-th goes with the n-th."""
    for option, values in details.items():
        if len(values) > len(names):
            flag = "--" + option.replace("_", "-")
            raise InputError(
                f"{flag}: {len(values)} given for {len(names)} {owner}; give one per "
                f"{owner_flag(owner)}, in the same order",
                argument=flag,
            )


def owner_flag(owner: str) -> str:
    return {"offences": "--offence", "persons": "--person"}[owner]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def offence_date(text: str, argument: str) -> str:
    """A date of conduct: YYYY, YYYY-MM or YYYY-MM-DD, not in the future."""
    try:
        day = PartialDate.parse(text)
    except (ValueError, TypeError):
        raise InputError(
            f"{argument}: {text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
            argument=argument,
        ) from None
    if day.earliest > dt.date.today():
        raise InputError(
            f"{argument}: {text} is in the future; give the date of the conduct",
            argument=argument,
        )
    return str(day)


def person_entity(
    name: str,
    birth_date: str | None = None,
    nationality: str | None = None,
    id_number: str | None = None,
    location: str | None = None,
) -> dict[str, Any]:
    """A FollowTheMoney Person with the properties given; InputError for a value the model
    does not accept (a country it cannot read, a date it cannot parse)."""
    import hashlib

    from followthemoney import model

    entity = model.make_entity("Person")
    entity.id = "person-" + hashlib.sha1(name.encode()).hexdigest()[:12]
    props = {
        "name": name,
        "birthDate": birth_date,
        "nationality": nationality,
        "idNumber": id_number,
        "address": location,
    }
    for prop, value in props.items():
        if value is None:
            continue
        entity.add(prop, value, cleaned=False)
        if not entity.get(prop):
            flag = {"birthDate": "--person-dob", "nationality": "--person-nationality"}
            raise InputError(
                f"{flag.get(prop, '--person')}: {value!r} is not a valid {prop} for a person "
                "(dates as YYYY-MM-DD; countries as a code or a name)",
                argument=flag.get(prop, "--person"),
            )
    return entity.to_dict()
