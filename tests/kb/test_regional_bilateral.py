"""The regional and bilateral levels: the DESIGN catalogue, binding rules for EU law and for
agreements with organisations, on the real shipped data."""

from __future__ import annotations

import datetime as dt

import pytest

from ctcoop.kb import KnowledgeBase
from ctcoop.law import Status, status
from ctcoop.model import BindingRule, Level

REGIONAL = [
    "asean-2007-convention-counter-terrorism",
    "asean-2001-declaration-joint-action",
    "asean-2002-information-exchange-agreement",
    "asean-2004-mutual-legal-assistance",
    "saarc-1987-convention",
    "saarc-2004-additional-protocol",
    "saarc-2008-mutual-assistance",
    "eu-2002-framework-decision-terrorism",
    "eu-2002-european-arrest-warrant",
    "eu-2005-counter-terrorism-strategy",
    "eu-2017-directive-terrorism",
    "oas-1971-convention",
    "oas-2002-inter-american-convention",
    "oau-1999-convention",
    "au-2004-protocol",
    "las-1998-arab-convention",
    "sco-2001-shanghai-convention",
    "sco-2002-rats-agreement",
    "sco-2009-convention-terrorism",
    "sco-2017-convention-extremism",
]
BILATERAL = [
    "us-europol-2001-strategic",
    "us-europol-2002-supplemental",
    "us-eu-2003-extradition",
    "us-eu-2003-mutual-legal-assistance",
    "us-eu-2004-customs-container-security",
    "us-eu-2010-tftp",
    "us-eu-2012-pnr",
    "cn-ru-2010-counter-terrorism",
]
ACTORS = [
    "org:asean",
    "org:saarc",
    "org:eu",
    "org:oas",
    "org:au",
    "org:oau",
    "org:las",
    "org:sco",
    "body:sco-rats",
    "body:europol",
    "body:eurojust",
    "body:oas-cicte",
    "body:au-psc",
    "org:schengen",
]
EVENTS_CITED = [
    "2002-10-12",
    "2004-03-11",
    "2005-07-07",
    "2015-11-13",
    "2015-03-18",
    "2015-06-26",
    "2010-03-29",
]
D = dt.date


@pytest.mark.parametrize("ident", REGIONAL)
def test_regional_catalogue(kb: KnowledgeBase, ident: str) -> None:
    inst = kb.instrument(ident)
    assert inst.level is Level.REGIONAL and inst.sources and inst.adopted


@pytest.mark.parametrize("ident", BILATERAL)
def test_bilateral_catalogue(kb: KnowledgeBase, ident: str) -> None:
    inst = kb.instrument(ident)
    assert inst.level is Level.BILATERAL and inst.binds is BindingRule.PARTIES
    assert len(inst.parties) == 2 and inst.sources


@pytest.mark.parametrize("ident", ACTORS)
def test_regional_actors(kb: KnowledgeBase, ident: str) -> None:
    assert kb.actor(ident).sources


@pytest.mark.parametrize("day", EVENTS_CITED)
def test_events_the_paper_uses(kb: KnowledgeBase, day: str) -> None:
    assert any(str(e.date) == day and e.kind == "attack" for e in kb.events.values()), day


@pytest.mark.parametrize(
    ("state", "instrument", "day", "expected", "via"),
    [
        # the US-EU extradition agreement: signed 2003, in force 2010-02-01
        ("DEU", "us-eu-2003-extradition", D(2009, 1, 1), Status.NOT_BOUND, "org:eu"),
        ("DEU", "us-eu-2003-extradition", D(2012, 1, 1), Status.BOUND, "org:eu"),
        ("USA", "us-eu-2003-extradition", D(2010, 1, 31), Status.NOT_BOUND, None),
        ("USA", "us-eu-2003-extradition", D(2010, 2, 1), Status.BOUND, None),
        # it stops reaching the United Kingdom when it leaves the EU
        ("GBR", "us-eu-2003-extradition", D(2020, 1, 31), Status.BOUND, "org:eu"),
        # the Withdrawal Agreement's transition period: the EU's agreements still bind the UK
        ("GBR", "us-eu-2003-extradition", D(2020, 2, 1), Status.BOUND, "org:eu"),
        ("GBR", "us-eu-2003-extradition", D(2020, 12, 31), Status.BOUND, "org:eu"),
        ("GBR", "us-eu-2003-extradition", D(2021, 1, 1), Status.NOT_BOUND, None),
        # ... and reaches Croatia only from its accession
        ("HRV", "us-eu-2003-extradition", D(2013, 6, 30), Status.NOT_BOUND, None),
        ("HRV", "us-eu-2003-extradition", D(2013, 7, 1), Status.BOUND, "org:eu"),
        # China-Russia: a state outside the agreement
        ("IND", "cn-ru-2010-counter-terrorism", D(2020, 1, 1), Status.NOT_BOUND, None),
    ],
)
def test_agreements_reach_members_of_their_date(
    kb: KnowledgeBase, state: str, instrument: str, day: dt.date, expected: Status, via: str | None
) -> None:
    result = status(kb, state, instrument, day)
    assert result.status is expected, [s.text for s in result.explanation]
    assert result.via == via


def test_eu_directive_binds_member_states_of_its_date(kb: KnowledgeBase) -> None:
    inst = kb.instrument("eu-2017-directive-terrorism")
    assert inst.binds is BindingRule.ORG_MEMBERS and inst.binding_organization == "org:eu"
    on = D(2019, 1, 1)
    assert status(kb, "FRA", inst.id, on).status is Status.BOUND
    assert status(kb, "DNK", inst.id, on).status is Status.NOT_BOUND  # opt-out
    assert status(kb, "NOR", inst.id, on).status is Status.NOT_BOUND  # not a member
    assert status(kb, "GBR", inst.id, D(2021, 1, 1)).status is Status.NOT_BOUND
