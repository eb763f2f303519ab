"""Reasoning over the knowledge base: status, legal bases, obligations, gaps, statistics.

Every answer carries the chain of sourced facts behind it (:class:`Step`).
"""

from ctcoop.law.bases import BasesResult, Basis, bases
from ctcoop.law.explain import Step
from ctcoop.law.gaps import OrgGaps, PairGaps, StateGaps, org_gaps, pair_gaps, state_gaps
from ctcoop.law.obligations import Obligation, ObligationsResult, obligations
from ctcoop.law.stats import ConsentsResult, PartiesResult, consents, membership_counts, parties
from ctcoop.law.status import Status, StatusResult, status

__all__ = [
    "BasesResult",
    "Basis",
    "ConsentsResult",
    "Obligation",
    "ObligationsResult",
    "OrgGaps",
    "PairGaps",
    "PartiesResult",
    "StateGaps",
    "Status",
    "StatusResult",
    "Step",
    "bases",
    "consents",
    "membership_counts",
    "obligations",
    "org_gaps",
    "pair_gaps",
    "parties",
    "state_gaps",
    "status",
]
