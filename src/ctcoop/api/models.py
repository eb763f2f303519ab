"""Response models of the API: the answer shapes of :mod:`ctcoop.interfaces.shapes`, each with an
example for the documentation. No field is declared here: the views build these shapes, the CLI
prints them, and the API serves and documents them as they are. Unknown keys are refused when the
API validates an answer against its model (``extra="forbid"``), so a view and its shape cannot drift
apart unnoticed."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import ConfigDict, Field, TypeAdapter, with_config
from typing_extensions import TypedDict

from ctcoop.interfaces import shapes

T = TypeVar("T")


def _documented(shape: type[T], example: dict[str, Any] | None = None) -> None:
    """Give ``shape`` its example and make it refuse unknown keys (pydantic reads the config from
    the TypedDict itself)."""
    extra: dict[str, Any] = {"examples": [example]} if example else {}
    with_config(ConfigDict(extra="forbid", json_schema_extra=extra or None))(shape)


for _shape in (
    shapes.SourceView,
    shapes.StepView,
    shapes.ProvisionRefView,
    shapes.ProvisionView,
    shapes.OptOutView,
    shapes.EntryIntoForceView,
    shapes.OpenToView,
    shapes.PaperView,
    shapes.MembershipView,
    shapes.HeldMembershipView,
    shapes.MemberView,
    shapes.SuccessorView,
    shapes.BasisView,
    shapes.ObligationView,
    shapes.CountsView,
    shapes.ImportView,
    shapes.DataStatusRowView,
    shapes.UniversalRowView,
    shapes.SearchHitView,
    shapes.ParticipantView,
    shapes.CompareColumnView,
    shapes.CompareRowView,
):
    _documented(_shape)

_documented(
    shapes.InstrumentSummaryView,
    {
        "id": "un-1999-terrorist-financing",
        "title": "International Convention for the Suppression of the Financing of Terrorism",
        "short_title": "Terrorist Financing Convention",
        "symbol": "A/RES/54/109",
        "kind": "convention",
        "level": "global",
        "forum": "org:un",
        "legal_force": "binding",
        "binds": "ratification",
        "adopted": "1999-12-09",
        "opened_for_signature": "2000-01-10",
        "entry_into_force": "2002-04-10",
        "parent": None,
    },
)
_documented(shapes.InstrumentView)
_documented(shapes.InstrumentListView)
_documented(
    shapes.ActorOnView,
    {
        "id": "PAK",
        "kind": "state",
        "name": "Pakistan",
        "official_name": "Islamic Republic of Pakistan",
        "alpha2": "PK",
        "historical": False,
        "successors": [],
        "sources": [],
        "on": "2010-01-01",
        "memberships": [],
    },
)
_documented(
    shapes.MembersView,
    {
        "organization": "org:sco",
        "name": "Shanghai Cooperation Organisation",
        "on": "2016-01-01",
        "roles": ["member"],
        "count": 6,
        "members": [],
    },
)
_documented(
    shapes.StatusView,
    {
        "state": "PAK",
        "instrument": "unsc-1373",
        "on": "2010-01-01",
        "status": "bound",
        "force": "binding",
        "reason": "applies",
        "in_force_from": "2001-09-28",
        "via": None,
        "caveats": [],
        "explanation": [],
        "sources": {},
    },
)
_documented(
    shapes.BasesView,
    {
        "parties": ["USA", "DEU"],
        "measure": "extradition",
        "on": "2012-01-01",
        "best_level": "bilateral",
        "bases": [],
        "sources": {},
    },
)
_documented(
    shapes.ObligationsView,
    {
        "state": "PAK",
        "on": "2010-01-01",
        "obligations": [],
        "unknown": ["icao-1970-hague"],
        "sources": {},
    },
)
_documented(
    shapes.StateGapsOut,
    {
        "kind": "state",
        "on": "2010-01-01",
        "state": "PAK",
        "universal_not_party": ["imo-2005-sua-protocol"],
        "universal_unknown": ["icao-1970-hague"],
        "regional_not_party": [],
        "regional_unknown": [],
        "reasons": {"imo-2005-sua-protocol": "not_in_force"},
    },
)
_documented(shapes.OrgGapsOut)
_documented(shapes.PairGapsOut)
_documented(
    shapes.CoverageView,
    {
        "measure": "extradition",
        "on": "2012-01-01",
        "states": ["USA", "DEU"],
        "counts": {"bilateral": 1},
        "matrix": [["none", "bilateral"], ["bilateral", "none"]],
        "unknown": [[False, False], [False, False]],
    },
)
_documented(
    shapes.PartiesView,
    {
        "on": "2008-12-31",
        "instruments": ["un-1999-terrorist-financing"],
        "un_members": 192,
        "all": {"bound": 158, "not_bound": 30, "unknown": 4, "lower_bound": True},
        "any": {"bound": 158, "not_bound": 30, "unknown": 4, "lower_bound": True},
        "per_instrument": {
            "un-1999-terrorist-financing": {
                "bound": 158,
                "not_bound": 30,
                "unknown": 4,
                "lower_bound": True,
            }
        },
        "states_all": [],
        "states_any": [],
        "others": [],
    },
)
_documented(
    shapes.ConsentsView,
    {
        "instruments": ["un-1999-terrorist-financing"],
        "by_year": {"2001": 12},
        "states_by_year": {"2001": 12},
        "mean_per_year": 12.0,
    },
)
_documented(shapes.DataStatusView)
_documented(shapes.SearchView)
_documented(shapes.ParticipantsView)
_documented(shapes.CompareView)
_documented(
    shapes.NoticeView,
    {
        "kind": "deceased",
        "text": "Reportedly deceased in 2015.",
        "source": "notes",
        "date": None,
    },
)
_documented(
    shapes.IndexStatusView,
    {
        "lists": ["un"],
        "state": "loading",
        "message": "Building the index of UN: the first query after a start or a new list "
        "waits for it (seconds; later queries are fast)",
        "versions": [],
    },
)
_documented(
    shapes.BatchJobView,
    {
        "id": "q3Zk1m9xTf0a",
        "name": "customers.csv",
        "state": "done",
        "lists": ["un"],
        "limit": 5,
        "rows": 3,
        "done": 3,
        "matched": 1,
        "rejected": 1,
        "problems": ["line 4, field dob: dob: 'soon' is not understood; write YYYY, ..."],
        "error": None,
        "result": "/api/v1/screen/batch/q3Zk1m9xTf0a/result.csv",
        "rejects": "/api/v1/screen/batch/q3Zk1m9xTf0a/rejects.csv",
    },
)


# The response models: the shapes themselves.
InstrumentSummary = shapes.InstrumentSummaryView
InstrumentOut = shapes.InstrumentView
InstrumentList = shapes.InstrumentListView
ActorOut = shapes.ActorOnView
MembersOut = shapes.MembersView
StatusOut = shapes.StatusView
BasesOut = shapes.BasesView
ObligationsOut = shapes.ObligationsView
StateGapsOut = shapes.StateGapsOut
OrgGapsOut = shapes.OrgGapsOut
PairGapsOut = shapes.PairGapsOut
CoverageOut = shapes.CoverageView
PartiesOut = shapes.PartiesView
ConsentsOut = shapes.ConsentsView
DataStatusOut = shapes.DataStatusView
SearchOut = shapes.SearchView
ParticipantsOut = shapes.ParticipantsView
CompareOut = shapes.CompareView
NoticeOut = shapes.NoticeView
IndexStatusOut = shapes.IndexStatusView
BatchJobOut = shapes.BatchJobView
GapsOut = Annotated[StateGapsOut | OrgGapsOut | PairGapsOut, Field(discriminator="kind")]


class Health(TypedDict):
    """The API's own answer (not a view of the law): up, and how many instruments it knows."""

    status: str
    instruments: int


def validator(model: Any) -> TypeAdapter[Any]:
    """A validator of answers against a response model (tests and tools use it)."""
    return TypeAdapter(model)
