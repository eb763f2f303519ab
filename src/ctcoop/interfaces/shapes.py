"""The shape of every answer, declared once.

The views (:mod:`ctcoop.interfaces.views`) build these from the law layer's results; the CLI prints
them as JSON, the web UI renders them, and the API serves them with these same types as its response
models (:mod:`ctcoop.api.models` only adds examples), so a field is written in one place. They are
``TypedDict``: plain dicts at run time (no cost, and nothing to import beyond the standard library
for the command line), checked by mypy where they are built and read, and validated by pydantic
where the API documents them.
"""

from __future__ import annotations

from typing import (
    Any,
    Literal,
    NotRequired,  # pydantic needs these on Python < 3.12
)

from typing_extensions import TypedDict


class SourceView(TypedDict):
    id: str
    title: str
    symbol: str | None
    body: str
    date: str
    url: str | None


class StepView(TypedDict):
    """One step of an explanation; ``sources`` are ids in the answer's ``sources`` map."""

    text: str
    sources: list[str]


class ProvisionRefView(TypedDict):
    """An article, its sources as ids in the answer's ``sources`` map."""

    article: str
    measures: list[str]
    strength: str
    summary: str
    flags: list[str]
    sources: list[str]


class ProvisionView(TypedDict):
    """An article with its sources in full."""

    article: str
    measures: list[str]
    strength: str
    summary: str
    flags: list[str]
    sources: list[SourceView]


class InstrumentSummaryView(TypedDict):
    id: str
    title: str
    short_title: str | None
    symbol: str | None
    kind: str
    level: str
    forum: str | None
    legal_force: str
    binds: str
    adopted: str | None
    opened_for_signature: str | None
    entry_into_force: str | None
    parent: str | None


class OptOutView(TypedDict):
    state: str
    note: str | None


class EntryIntoForceView(TypedDict):
    rule: str
    days: int | None
    article: str | None
    description: str


class OpenToView(TypedDict):
    rule: str
    organization: str | None
    instrument: str | None
    others_by_consent: bool
    article: str | None
    description: str


class PaperView(TypedDict):
    section: str | None
    says: dict[str, str]
    note: str | None


class InstrumentView(InstrumentSummaryView):
    adopted_by: str | None
    depositaries: list[str]
    binding_organization: str | None
    parties: list[str]
    opt_outs: list[OptOutView]
    children: list[str]
    eif_for_state: EntryIntoForceView
    open_to: list[OpenToView]
    chapter_vii: bool | None
    vote: str | None
    treaty_collection: str | None
    measures: list[str]
    provisions: list[ProvisionView]
    sources: list[SourceView]
    paper: PaperView | None
    sets: list[str]


class InstrumentListView(TypedDict):
    count: int
    instruments: list[InstrumentSummaryView]


MembershipView = TypedDict(
    "MembershipView",
    {
        "organization": str,
        "id": str,
        "name": str,
        "role": str,
        "from": str | None,  # a keyword in Python, hence this form
        "until": str | None,
        "note": str | None,
        "sources": list[SourceView],
    },
)


class HeldMembershipView(MembershipView):
    """A membership held on the date asked about."""

    holds: str


class MemberView(HeldMembershipView):
    suspended: bool


class MembersView(TypedDict):
    organization: str
    name: str
    on: str
    roles: list[str]
    count: int
    members: list[MemberView]


class SuccessorView(TypedDict):
    state: str
    kind: str


class ActorView(TypedDict):
    """A state, organisation, body or agency; the fields after ``name`` depend on its kind."""

    id: str
    kind: str
    name: str
    # a state
    official_name: NotRequired[str | None]
    alpha2: NotRequired[str | None]
    historical: NotRequired[bool]
    successors: NotRequired[list[SuccessorView]]
    # an organisation, a body or an agency
    acronym: NotRequired[str | None]
    level: NotRequired[str]
    founded: NotRequired[str | None]
    dissolved: NotRequired[str | None]
    predecessor: NotRequired[str | None]
    aliases: NotRequired[list[str]]
    wikidata: NotRequired[str | None]
    organization: NotRequired[str | None]
    parent: NotRequired[str | None]
    established: NotRequired[str | None]
    established_by: NotRequired[str | None]
    composition: NotRequired[str | None]
    mandate: NotRequired[str | None]
    state: NotRequired[str | None]
    sources: list[SourceView]


class ActorOnView(ActorView):
    on: str
    memberships: list[HeldMembershipView]
    member_count: int | None  # an organisation's members on the date


class StatusView(TypedDict):
    state: str
    instrument: str
    on: str
    status: str  # bound | not_bound | committed | not_committed | unknown
    force: str  # binding | political
    reason: str
    in_force_from: str | None
    via: str | None
    caveats: list[str]
    explanation: list[StepView]
    sources: dict[str, SourceView]


class BasisView(TypedDict):
    instrument: str
    title: str
    level: str
    in_force: bool | None  # true: in force for both; null: a status is unknown; false: not
    binding: bool  # in force for both, legally binding, with a "shall" for the measure
    force: str
    strength: str | None
    kind: str  # obligation | recommendation | commitment
    legal_force: str
    provisions: list[ProvisionRefView]
    status: dict[str, str]
    explanation: list[StepView]
    caveats: list[str]


class BasesView(TypedDict):
    parties: list[str]
    measure: str
    on: str
    best_level: str | None
    bases: list[BasisView]
    sources: dict[str, SourceView]


class ObligationView(TypedDict):
    instrument: str
    title: str
    level: str
    measure: str
    legal_force: str
    provisions: list[ProvisionRefView]
    explanation: list[StepView]


class ObligationsView(TypedDict):
    state: str
    on: str
    obligations: list[ObligationView]
    unknown: list[str]
    sources: dict[str, SourceView]


class StateGapsView(TypedDict):
    state: str
    on: str
    universal_not_party: list[str]
    universal_unknown: list[str]
    regional_not_party: list[str]
    regional_unknown: list[str]
    reasons: dict[str, str]  # instrument -> why not bound (not_in_force, pending, withdrawn, ...)


class OrgGapsView(TypedDict):
    organization: str
    on: str
    members: int
    missing: dict[str, list[str]]
    unknown: dict[str, list[str]]


class PairGapsView(TypedDict):
    parties: list[str]
    on: str
    no_basis: list[str]
    only_unknown: list[str]
    covered: dict[str, str]


class StateGapsOut(StateGapsView):
    kind: Literal["state"]


class OrgGapsOut(OrgGapsView):
    kind: Literal["organization"]


class PairGapsOut(PairGapsView):
    kind: Literal["pair"]


class CoverageView(TypedDict):
    measure: str
    on: str
    states: list[str]
    counts: dict[str, int]
    matrix: list[list[str]]
    unknown: list[list[bool]]


class CountsView(TypedDict):
    bound: int
    not_bound: int
    unknown: int
    lower_bound: bool  # true when unknowns could raise "bound"


class PartiesView(TypedDict):
    on: str
    instruments: list[str]
    un_members: int  # the denominator: UN members on the date
    all: CountsView  # UN members bound by every instrument
    any: CountsView  # UN members bound by at least one
    per_instrument: dict[str, CountsView]
    states_all: list[str]
    states_any: list[str]
    others: list[str]  # bound states outside the UN, not counted


class ConsentsView(TypedDict):
    instruments: list[str]
    by_year: dict[str, int]
    states_by_year: dict[str, int]
    mean_per_year: float


class ImportView(TypedDict):
    id: str
    kind: str
    imported_at: str
    as_of: str | None
    sha256: str
    facts: int
    unresolved: int


class DataStatusRowView(TypedDict):
    instrument: str
    un_members: int
    known: int
    bound: int
    not_bound: int
    unknown: int
    sources: list[str]
    as_of: str | None


class DataStatusView(TypedDict):
    on: str
    imports: list[ImportView]
    instruments: list[DataStatusRowView]


class UniversalRowView(TypedDict):
    instrument: str
    bound: int
    not_bound: int
    unknown: int
    as_of: str | None
    sources: list[str]


class UniversalCoverageView(TypedDict):
    on: str
    un_members: int
    pairs: int
    known_pairs: int
    known_share: float
    instruments: list[UniversalRowView]


class SearchHitView(TypedDict):
    kind: str
    id: str
    name: str


class SearchView(TypedDict):
    query: str
    results: list[SearchHitView]


class ParticipantView(TypedDict):
    """One state's record on an instrument."""

    state: str
    name: str
    signature: str | None
    consent: str | None  # ratification | accession | acceptance | approval | succession
    consent_date: str | None
    in_force_from: str | None  # for this state, when known
    status: str  # on the date asked about
    reservations: list[str]
    sources: list[str]


class ParticipantsView(TypedDict):
    instrument: str
    on: str
    complete_as_of: str | None  # a complete list of participants covers the date
    count: int
    participants: list[ParticipantView]
    sources: dict[str, SourceView]


class CompareColumnView(TypedDict):
    id: str
    name: str
    legal_force: str  # binding | political


class CompareRowView(TypedDict):
    state: str
    name: str
    status: dict[str, str]  # instrument -> bound | not_bound | committed | not_committed | unknown


class CompareView(TypedDict):
    """Chosen states by chosen instruments: the status of each on a date."""

    on: str
    instruments: list[CompareColumnView]
    rows: list[CompareRowView]
    counts: dict[str, dict[str, int]]  # instrument -> status -> states


class MemoEntryView(TypedDict):
    instrument: str
    title: str
    level: str
    kind: str  # obligation | recommendation | commitment
    status: str  # each party's status, in words
    articles: list[str]
    caveats: list[str]


class MemoView(TypedDict):
    """A legal-bases answer as a short memo (HTML, PDF and DOCX are written from it)."""

    title: str
    question: str
    short_answer: str
    binding: dict[str, list[MemoEntryView]]  # level -> binding bases in force for both
    others: list[MemoEntryView]
    sources: list[str]
    note: str


class NoticeView(TypedDict):
    """What a list says of a listed entry besides its names (``ctcoop.screening.notices``)."""

    kind: Literal["deceased", "delisted"]
    text: str  # the list's own words, or the fact the notice rests on
    source: str  # where it is read: notes, deathDate, endDate, or a newer list version
    date: str | None  # when the list gives it as a date


class IndexStatusView(TypedDict):
    """Whether the screening index of the chosen lists is in memory, being built, or not yet."""

    lists: list[str]
    state: Literal["ready", "loading", "stored", "unbuilt", "none"]
    message: str
    versions: list[dict[str, Any]]


class BatchJobView(TypedDict):
    """A batch screening job of the service: its progress, then where its results are."""

    id: str
    name: str  # the uploaded file's name
    state: Literal["queued", "indexing", "running", "done", "failed"]
    lists: list[str]
    limit: int
    rows: int  # the data rows of the file
    done: int  # rows screened or rejected so far
    matched: int  # rows with a hit at or above the threshold
    rejected: int  # rows that could not be screened (see ``rejects``)
    problems: list[str]  # the first few reasons a row was rejected, with its line and field
    error: str | None  # why the job failed
    result: str | None  # the result CSV, once done
    rejects: str | None  # the rejected rows as CSV, once done, when there are any
