"""A state's participation in an instrument: the dated acts that make it bound or not."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ctcoop.model.dates import PartialDate


class ActionType(StrEnum):
    SIGNATURE = "signature"
    RATIFICATION = "ratification"
    ACCESSION = "accession"
    ACCEPTANCE = "acceptance"
    APPROVAL = "approval"
    SUCCESSION = "succession"
    DENUNCIATION = "denunciation"
    WITHDRAWAL = "withdrawal"
    RESERVATION = "reservation"
    DECLARATION = "declaration"


CONSENTS = frozenset(
    {
        ActionType.RATIFICATION,
        ActionType.ACCESSION,
        ActionType.ACCEPTANCE,
        ActionType.APPROVAL,
        ActionType.SUCCESSION,
    }
)
EXITS = frozenset({ActionType.DENUNCIATION, ActionType.WITHDRAWAL})


@dataclass(frozen=True)
class Action:
    type: ActionType
    date: PartialDate | None
    sources: tuple[str, ...]
    effective: PartialDate | None = None
    text: str | None = None
    origin: str = "shipped"
    # A consent known only to have been in force for the state by this date (a list of parties
    # on a date, without dates of consent): bound on and after it, unknown before.
    party_by: PartialDate | None = None


@dataclass(frozen=True)
class Participation:
    state: str
    instrument: str
    actions: tuple[Action, ...]
    sources: tuple[str, ...]

    def consents(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.type in CONSENTS)

    def exits(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.type in EXITS)

    def of_type(self, *types: ActionType) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.type in types)


@dataclass(frozen=True)
class StatusRecord:
    """The participant list of an instrument is complete as of a date."""

    instrument: str
    as_of: PartialDate
    sources: tuple[str, ...]
    origin: str = "shipped"
