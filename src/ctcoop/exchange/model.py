"""Agencies and messages: their vocabularies and shapes, declared once here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ctcoop.model import Measure

__all__ = [
    "Accuracy",
    "Agency",
    "AgencyKind",
    "Channel",
    "DataCategory",
    "DeliveryState",
    "Handling",
    "Message",
    "Reliability",
    "Tlp",
]


class AgencyKind(StrEnum):
    POLICE = "police"
    INTELLIGENCE = "intelligence"
    FIU = "financial_intelligence_unit"
    PROSECUTION = "prosecution"
    BORDER = "border"


class Channel(StrEnum):
    BILATERAL = "bilateral"
    EUROPOL = "europol"
    INTERPOL = "interpol"
    ASEANAPOL = "aseanapol"
    RATS = "rats"


class Handling(StrEnum):
    """Handling codes, as Europol's SIENA uses them."""

    H0 = "H0"  # use only for preventing and combating crime
    H1 = "H1"  # not to be used in judicial proceedings without the provider's permission
    H2 = "H2"  # not to be disseminated further without the provider's permission
    H3 = "H3"  # other restrictions, stated with the message


class Tlp(StrEnum):
    """Traffic Light Protocol 2.0."""

    CLEAR = "clear"
    GREEN = "green"
    AMBER = "amber"
    AMBER_STRICT = "amber+strict"
    RED = "red"


class Reliability(StrEnum):
    """Source evaluation (the 4x4 system): A reliable, B mostly reliable, C not reliable,
    X cannot be assessed."""

    A = "A"
    B = "B"
    C = "C"
    X = "X"


class Accuracy(StrEnum):
    """Information evaluation: 1 known to be true, 2 known personally to the source, 3 not known
    personally but corroborated, 4 cannot be assessed."""

    ONE = "1"
    TWO = "2"
    THREE = "3"
    FOUR = "4"


class DataCategory(StrEnum):
    """What a message carries, as policies distinguish it."""

    PERSONAL = "personal"
    FINANCIAL_MESSAGING = "financial_messaging"
    PASSENGER_RECORDS = "passenger_records"


class DeliveryState(StrEnum):
    DELIVERED = "delivered"
    REFUSED = "refused"
    REVOKED = "revoked"
    PURGED = "purged"


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    state: str
    kind: AgencyKind
    name: str
    channels: tuple[Channel, ...] = (Channel.BILATERAL,)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "kind": self.kind.value,
            "name": self.name,
            "channels": [c.value for c in self.channels],
        }


@dataclass(frozen=True)
class Message:
    """A message as sent: who, to whom, how it may be used, and its STIX bundle."""

    id: str  # the STIX bundle's id: a retried send with the same id is the same message
    sender: str
    recipients: tuple[str, ...]
    purpose: Measure
    handling: Handling
    tlp: Tlp
    reliability: Reliability
    accuracy: Accuracy
    on: dt.date
    data: tuple[DataCategory, ...] = ()
    restriction: str | None = None  # the H3 restriction, stated
    retain_until: dt.date | None = None
    channel: Channel = Channel.BILATERAL
    forwarded_from: str | None = None  # the message this one passes on
    created: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sender": self.sender,
            "recipients": list(self.recipients),
            "purpose": self.purpose.value,
            "handling": self.handling.value,
            "restriction": self.restriction,
            "tlp": self.tlp.value,
            "reliability": self.reliability.value,
            "accuracy": self.accuracy.value,
            "evaluation": f"{self.reliability.value}{self.accuracy.value}",
            "on": self.on.isoformat(),
            "data": [d.value for d in self.data],
            "retain_until": self.retain_until.isoformat() if self.retain_until else None,
            "channel": self.channel.value,
            "forwarded_from": self.forwarded_from,
            "created": self.created,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        return cls(
            id=data["id"],
            sender=data["sender"],
            recipients=tuple(data["recipients"]),
            purpose=Measure(data["purpose"]),
            handling=Handling(data["handling"]),
            tlp=Tlp(data["tlp"]),
            reliability=Reliability(data["reliability"]),
            accuracy=Accuracy(data["accuracy"]),
            on=dt.date.fromisoformat(data["on"]),
            data=tuple(DataCategory(d) for d in data["data"]),
            restriction=data.get("restriction"),
            retain_until=dt.date.fromisoformat(data["retain_until"])
            if data.get("retain_until")
            else None,
            channel=Channel(data["channel"]),
            forwarded_from=data.get("forwarded_from"),
            created=data.get("created", ""),
        )
