"""Instruments, their provisions, and the rules that say who they bind and from when."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ctcoop.model.actors import Level
from ctcoop.model.dates import PartialDate
from ctcoop.model.measures import Measure
from ctcoop.model.sources import PaperNote


class Kind(StrEnum):
    CONVENTION = "convention"
    PROTOCOL = "protocol"
    AMENDMENT = "amendment"
    RESOLUTION = "resolution"
    STRATEGY = "strategy"
    DECLARATION = "declaration"
    ACTION_PLAN = "action_plan"
    FRAMEWORK_DECISION = "framework_decision"
    DIRECTIVE = "directive"
    REGULATION = "regulation"
    AGREEMENT = "agreement"
    MEMORANDUM = "memorandum"
    CHARTER = "charter"
    CODE = "code"
    COMMON_POSITION = "common_position"
    TREATY = "treaty"


class LegalForce(StrEnum):
    BINDING = "binding"
    POLITICAL = "political"


class BindingRule(StrEnum):
    RATIFICATION = "ratification"
    UN_MEMBERS = "un_members"
    ORG_MEMBERS = "org_members"
    PARTIES = "parties"


class Strength(StrEnum):
    SHALL = "shall"
    SHOULD = "should"
    MAY = "may"


class Flag(StrEnum):
    POLITICAL_OFFENCE_EXCEPTION_EXCLUDED = "political_offence_exception_excluded"
    EXTRADITE_OR_PROSECUTE = "extradite_or_prosecute"
    EXTRADITION_LEGAL_BASIS = "extradition_legal_basis"
    DEEMED_EXTRADITABLE = "deemed_extraditable"
    FISCAL_OFFENCE_EXCEPTION_EXCLUDED = "fiscal_offence_exception_excluded"
    BANK_SECRECY_EXCLUDED = "bank_secrecy_excluded"
    NON_DISCRIMINATION_CLAUSE = "non_discrimination_clause"
    BETWEEN_PARTIES_ONLY = "between_parties_only"
    RESERVATION_ALLOWED = "reservation_allowed"
    # extradition refused when the person was tried, or is under trial, in the requested state for
    # the same offence (ne bis in idem)
    NE_BIS_IN_IDEM_REFUSAL = "ne_bis_in_idem_refusal"
    # a demand on a non-state actor (e.g. the Taliban in resolution 1267, OP 2): it states what the
    # measure is about but binds no state towards another, so it is never a basis for cooperation
    ADDRESSED_TO_NON_STATE = "addressed_to_non_state"


class EifRule(StrEnum):
    DAYS_AFTER_DEPOSIT = "days_after_deposit"
    FIRST_DAY_OF_SECOND_MONTH = "first_day_of_second_month"
    ON_DEPOSIT = "on_deposit"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class EifForState:
    """When an instrument takes effect for a state that consents to it."""

    rule: EifRule = EifRule.UNKNOWN
    days: int | None = None
    article: str | None = None

    def describe(self) -> str:
        where = f" (art. {self.article})" if self.article else ""
        head = "in force for a state on the"
        match self.rule:
            case EifRule.DAYS_AFTER_DEPOSIT:
                return f"{head} {_ordinal(self.days or 0)} day after its deposit{where}"
            case EifRule.FIRST_DAY_OF_SECOND_MONTH:
                return f"{head} first day of the second month after its deposit{where}"
            case EifRule.ON_DEPOSIT:
                return f"{head} day of its deposit{where}"
        return "the rule for a state's entry into force is not recorded"

    def effective(self, deposit: dt.date) -> dt.date | None:
        """The day the instrument takes effect for a state depositing on ``deposit``.

        This is before the instrument's own entry into force is considered; see
        :func:`entry_into_force_for_state`.
        """
        match self.rule:
            case EifRule.DAYS_AFTER_DEPOSIT:
                # "the thirtieth day after deposit": deposit + 30 days
                return deposit + dt.timedelta(days=self.days or 0)
            case EifRule.FIRST_DAY_OF_SECOND_MONTH:
                return add_months(deposit.replace(day=1), 2)
            case EifRule.ON_DEPOSIT:
                return deposit
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _article(article: str | None) -> str:
    """Where a clause is, as a lawyer cites it: "(art. 5(4))", "(preamble)", or nothing."""
    if not article:
        return ""
    return f" ({article})" if article == "preamble" else f" (art. {article})"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class JoinRule(StrEnum):
    """Who may become bound by an instrument, as its final clauses say."""

    ANY_STATE = "any_state"
    MEMBERS = "members"  # full members of an organisation
    PARTIES = "parties"  # parties to another instrument


@dataclass(frozen=True)
class OpenTo:
    """One final clause on who may become bound (sign, ratify, accede)."""

    rule: JoinRule
    sources: tuple[str, ...]
    organization: str | None = None  # with rule ``members``
    instrument: str | None = None  # with rule ``parties``
    others_by_consent: bool = False  # others may join with the parties' consent or by invitation
    article: str | None = None

    def describe(self, name_of: Callable[[str], str]) -> str:
        match self.rule:
            case JoinRule.ANY_STATE:
                head = "open to any state"
            case JoinRule.MEMBERS:
                head = f"open to the members of {name_of(self.organization or '')}"
            case JoinRule.PARTIES:
                head = f"open only to the parties to {name_of(self.instrument or '')}"
        if self.others_by_consent:
            head += ", and to other states only with the consent of the parties"
        return head + _article(self.article)


@dataclass(frozen=True)
class StatusList:
    """Where the depositary publishes its list of signatures and consents for the instrument,
    and which importer reads it (``ctcoop data update`` fetches it when online)."""

    importer: str  # untc | icao | imo | iaea | oas | au
    url: str


@dataclass(frozen=True)
class ExitRule:
    """When a denunciation or withdrawal takes effect after its notification."""

    months: int | None = None
    days: int | None = None
    article: str | None = None
    sources: tuple[str, ...] = ()

    def effective(self, notice: dt.date) -> dt.date:
        return add_months(notice, self.months or 0) + dt.timedelta(days=self.days or 0)

    def describe(self) -> str:
        parts = (
            f"{self.months} months" if self.months else "",
            f"{self.days} days" if self.days else "",
        )
        delay = " and ".join(p for p in parts if p) or "immediately"
        where = _article(self.article)
        return f"a denunciation takes effect {delay} after the depositary receives it{where}"


@dataclass(frozen=True)
class Provision:
    instrument: str
    article: str
    measures: tuple[Measure, ...]
    strength: Strength
    summary: str
    flags: tuple[Flag, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.instrument}#{self.article}"

    @property
    def between_states(self) -> bool:
        return Flag.ADDRESSED_TO_NON_STATE not in self.flags


@dataclass(frozen=True)
class OptOut:
    state: str
    note: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    id: str
    title: str
    kind: Kind
    level: Level
    legal_force: LegalForce
    binds: BindingRule
    sources: tuple[str, ...]
    short_title: str | None = None
    symbol: str | None = None
    forum: str | None = None
    adopted_by: str | None = None
    depositaries: tuple[str, ...] = ()
    adopted: PartialDate | None = None
    opened_for_signature: PartialDate | None = None
    entry_into_force: PartialDate | None = None
    binding_organization: str | None = None
    parties: tuple[str, ...] = ()
    opt_outs: tuple[OptOut, ...] = ()
    parent: str | None = None
    open_to: tuple[OpenTo, ...] = ()  # the final clauses on who may become bound; () unrecorded
    eif_for_state: EifForState = EifForState()
    exit_rule: ExitRule | None = None
    status_list: StatusList | None = None
    chapter_vii: bool | None = None
    vote: str | None = None
    treaty_collection: str | None = None
    sections: tuple[str, ...] = ()
    provisions: tuple[Provision, ...] = ()
    paper: PaperNote | None = None

    @property
    def name(self) -> str:
        return self.short_title or self.title

    @property
    def binding(self) -> bool:
        return self.legal_force is LegalForce.BINDING

    @property
    def opened(self) -> PartialDate | None:
        """From when states could first sign or join it (opened for signature, else adopted)."""
        return self.opened_for_signature or self.adopted

    @property
    def made(self) -> PartialDate | None:
        """When it came to be: adopted, else opened for signature; None where neither is known."""
        return self.adopted or self.opened_for_signature

    def made_by(self, on: dt.date) -> bool:
        """Whether it may have existed on ``on`` (True where the day it was made is unknown)."""
        return self.made is None or self.made.earliest <= on

    def measures(self) -> frozenset[Measure]:
        """The measures on which the instrument binds or commits states (see ``provisions_for``)."""
        return frozenset(m for p in self.provisions if p.between_states for m in p.measures)

    def provisions_for(self, measure: Measure) -> tuple[Provision, ...]:
        """The provisions on ``measure`` addressed to states: a demand on a non-state actor is
        listed with the instrument but is no basis for cooperation between states."""
        return tuple(p for p in self.provisions if measure in p.measures and p.between_states)


def entry_into_force_for_state(instrument: Instrument, deposit: PartialDate) -> PartialDate | None:
    """The date an instrument takes effect for a state that deposited its consent on ``deposit``.

    By the instrument's own rule (e.g. the 30th day after deposit), or the instrument's entry into
    force if that is later. ``None`` when the rule or the dates leave it unknown.
    """
    eif = instrument.entry_into_force
    if deposit.exact is None:
        # A deposit known only to the month or year: the effect is known only if the instrument's
        # own entry into force is certainly later than any effect the deposit could have had.
        latest = instrument.eif_for_state.effective(deposit.latest)
        if eif is not None and eif.exact and latest is not None and latest <= eif.exact:
            return eif
        return None
    own = instrument.eif_for_state.effective(deposit.exact)
    if own is None or eif is None or eif.exact is None:
        if own is not None and eif is not None and eif.latest < own:
            return PartialDate.parse(own)
        return None
    return PartialDate.parse(max(own, eif.exact))
