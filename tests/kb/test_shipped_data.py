"""Integrity of the shipped knowledge base: the DESIGN catalogue, sources, and key facts."""

from __future__ import annotations

import datetime as dt

import pytest

from ctcoop.kb import KnowledgeBase
from ctcoop.model import BindingRule, Flag, Kind, Level, Measure

UNIVERSAL_19 = [
    "icao-1963-tokyo",
    "icao-1970-hague",
    "icao-1971-montreal",
    "un-1973-protected-persons",
    "un-1979-hostages",
    "iaea-1980-cppnm",
    "icao-1988-airports-protocol",
    "imo-1988-sua",
    "imo-1988-fixed-platforms",
    "icao-1991-plastic-explosives",
    "un-1997-terrorist-bombings",
    "un-1999-terrorist-financing",
    "un-2005-nuclear-terrorism",
    "iaea-2005-cppnm-amendment",
    "imo-2005-sua-protocol",
    "imo-2005-fixed-platforms-protocol",
    "icao-2010-beijing-convention",
    "icao-2010-beijing-protocol",
    "icao-2014-montreal-protocol",
]
RESOLUTIONS = [
    "unsc-1267",
    "unsc-1333",
    "unsc-1373",
    "unsc-1390",
    "unsc-1452",
    "unsc-1455",
    "unsc-1526",
    "unsc-1535",
    "unsc-1540",
    "unsc-1617",
    "unsc-1699",
    "unsc-1735",
    "unsc-1822",
    "unsc-1904",
    "unsc-1988",
    "unsc-1989",
    "unsc-2178",
    "unsc-2253",
    "unsc-2396",
    "unsc-2462",
]
GLOBAL_ACTORS = [
    "body:un-ga",
    "body:un-sc",
    "body:un-ctc",
    "body:un-cted",
    "body:un-1267-committee",
    "body:un-1540-committee",
    "body:unodc",
    "body:unoct",
    "org:un",
    "org:icao",
    "org:imo",
    "org:iaea",
    "org:upu",
    "org:interpol",
    "org:fatf",
    "org:wco",
    "org:opcw",
    "org:imf",
    "org:world-bank",
]


@pytest.mark.parametrize("ident", ["un-2006-global-ct-strategy", *UNIVERSAL_19, *RESOLUTIONS])
def test_global_catalogue_instrument_present_and_sourced(kb: KnowledgeBase, ident: str) -> None:
    inst = kb.instrument(ident)
    assert inst.level is Level.GLOBAL
    assert inst.sources and all(s in kb.sources for s in inst.sources)
    assert inst.adopted is not None


@pytest.mark.parametrize("ident", GLOBAL_ACTORS)
def test_global_catalogue_actor_present(kb: KnowledgeBase, ident: str) -> None:
    assert kb.actor(ident).sources


@pytest.mark.parametrize("ident", UNIVERSAL_19)
def test_universal_instruments_complete(kb: KnowledgeBase, ident: str) -> None:
    inst = kb.instrument(ident)
    assert inst.binds is BindingRule.RATIFICATION
    assert inst.entry_into_force is not None and inst.entry_into_force.exact
    assert inst.depositaries
    assert inst.provisions, "key provisions mapped to measures"


def test_named_sets(kb: KnowledgeBase) -> None:
    sizes = {
        s: len(kb.instrument_set(s).instruments)
        for s in ("set:universal-12", "set:universal-16", "set:universal-19")
    }
    assert sizes == {"set:universal-12": 12, "set:universal-16": 16, "set:universal-19": 19}
    assert set(kb.instrument_set("set:universal-19").instruments) == set(UNIVERSAL_19)
    assert set(kb.instrument_set("set:universal-12").instruments) < set(
        kb.instrument_set("set:universal-16").instruments
    )


def test_financing_convention_key_facts(kb: KnowledgeBase) -> None:
    inst = kb.instrument("un-1999-terrorist-financing")
    assert str(inst.entry_into_force) == "2002-04-10"
    assert str(inst.adopted) == "1999-12-09"
    flags = {f for p in inst.provisions for f in p.flags}
    assert Flag.POLITICAL_OFFENCE_EXCEPTION_EXCLUDED in flags
    assert Measure.ASSET_FREEZING in inst.measures()
    assert inst.eif_for_state.days == 30


def test_resolution_1373(kb: KnowledgeBase) -> None:
    inst = kb.instrument("unsc-1373")
    assert str(inst.adopted) == "2001-09-28"
    assert inst.chapter_vii is True and inst.binds is BindingRule.UN_MEMBERS
    measures = inst.measures()
    for m in (
        Measure.ASSET_FREEZING,
        Measure.CRIMINALIZATION,
        Measure.SAFE_HAVEN_DENIAL,
        Measure.INFORMATION_EXCHANGE,
        Measure.BORDER_CONTROL,
    ):
        assert m in measures, m
    found = [d for d in kb.discrepancies if d.subject == "unsc-1373" and d.field == "adopted"]
    assert found and found[0].paper == "2001-09-29" and found[0].record == "2001-09-28"


def test_strategy_has_four_pillars(kb: KnowledgeBase) -> None:
    strategy = kb.instrument("un-2006-global-ct-strategy")
    assert strategy.kind is Kind.STRATEGY and str(strategy.adopted) == "2006-09-08"
    assert len(strategy.provisions) == 4


def test_cted_established_by_1535(kb: KnowledgeBase) -> None:
    assert kb.bodies["body:un-cted"].established_by == "unsc-1535"
    assert kb.bodies["body:un-ctc"].established_by == "unsc-1373"


def test_un_admission_years_agree_with_known_cases(kb: KnowledgeBase) -> None:
    admitted = {m.member: m.interval.start for m in kb.membership_history("org:un")}
    assert str(admitted["PAK"]) == "1947-09-30"
    assert str(admitted["SSD"]) == "2011-07-14"
    assert str(admitted["CHE"]) == "2002-09-10"


def test_no_participation_data_means_unknown(kb: KnowledgeBase) -> None:
    from ctcoop.law import Status, status

    if kb.participants("un-1999-terrorist-financing"):
        pytest.skip("participation data is shipped for this convention")
    result = status(kb, "PAK", "un-1999-terrorist-financing", dt.date(2010, 1, 1))
    assert result.status is Status.UNKNOWN


@pytest.mark.parametrize("day", ["2001-10-01", "2010-06-01", "2026-03-01"])
def test_security_council_and_ctc_have_fifteen_members(kb: KnowledgeBase, day: str) -> None:
    on = dt.date.fromisoformat(day)
    council = kb.members("body:un-sc", on)
    assert len(council) == 15
    assert {m.membership.member for m in kb.members("body:un-ctc", on)} == {
        m.membership.member for m in council
    }


def test_every_fact_is_sourced(kb: KnowledgeBase) -> None:
    facts: list[tuple[str, tuple[str, ...]]] = []
    facts += [(m.member, m.sources) for m in kb.memberships]
    facts += [(p.state, p.sources) for p in kb.participations]
    facts += [
        (a.id, a.sources) for t in (kb.organizations, kb.bodies, kb.agencies) for a in t.values()
    ]
    facts += [(i.id, i.sources) for i in kb.instruments.values()]
    facts += [(e.id, e.sources) for e in kb.events.values()]
    facts += [(m.id, m.sources) for m in kb.mechanisms.values()]
    for ident, sources in facts:
        assert sources, ident
        assert all(s in kb.sources for s in sources), ident
    for source in kb.sources.values():
        assert source.title and source.body and source.date
