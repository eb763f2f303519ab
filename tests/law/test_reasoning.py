"""Obligations, gaps, the coverage matrix and statistics on the shipped knowledge base."""

from __future__ import annotations

import datetime as dt

import pytest

from ctcoop.kb import KnowledgeBase
from ctcoop.law import Status, status
from ctcoop.law.answer import Reason
from ctcoop.law.bases import bases
from ctcoop.law.gaps import UNIVERSAL, org_gaps, pair_gaps, state_gaps
from ctcoop.law.matrix import coverage_matrix
from ctcoop.law.obligations import obligations
from ctcoop.law.stats import consents, membership_counts, parties, parties_over_time
from ctcoop.model import Level, Measure

D = dt.date


def test_obligations_include_security_council_decisions(kb: KnowledgeBase) -> None:
    result = obligations(kb, "PAK", D(2010, 1, 1), Measure.ASSET_FREEZING)
    ids = {o.instrument.id for o in result.obligations}
    assert {"unsc-1267", "unsc-1373"} <= ids
    o1373 = next(o for o in result.obligations if o.instrument.id == "unsc-1373")
    assert any(p.article.startswith("OP 1") for p in o1373.provisions)
    assert all(o.measure is Measure.ASSET_FREEZING for o in result.obligations)
    # a resolution adopted later does not bind yet
    assert "unsc-2462" not in ids


def test_obligations_by_level_most_specific_first(kb: KnowledgeBase) -> None:
    result = obligations(kb, "DEU", D(2012, 1, 1))
    levels = [o.instrument.level for o in result.obligations]
    order = [Level.BILATERAL, Level.REGIONAL, Level.GLOBAL]
    assert levels == sorted(levels, key=order.index)
    assert Level.BILATERAL in levels and Level.REGIONAL in levels


def test_state_gaps_keep_unknown_apart(kb: KnowledgeBase) -> None:
    gaps = state_gaps(kb, "PAK", D(2010, 1, 1))
    # "missing" only where a record decides it (Pakistan's, or the instrument's own entry into
    # force after the date: then it bound no one); without one an instrument is unknown
    assert gaps.universal_missing and gaps.universal_unknown
    for r in gaps.universal_missing:
        eif = kb.instrument(r.instrument).entry_into_force
        not_yet = r.reason is Reason.NOT_IN_FORCE and eif is not None and eif.earliest > r.on
        assert not_yet or kb.participation("PAK", r.instrument) is not None, r.instrument
    for r in gaps.universal_unknown:
        assert r.status is Status.UNKNOWN


def test_gaps_leave_out_what_was_not_yet_made(kb: KnowledgeBase) -> None:
    """On 2010-01-01 the Beijing instruments (2010-09-10) and the 2014 Montreal Protocol did not
    exist: no gap. The 2005 SUA Protocol existed but was not yet in force: a gap, saying so."""
    gaps = state_gaps(kb, "PAK", D(2010, 1, 1))
    listed = {r.instrument: r for r in (*gaps.universal_missing, *gaps.universal_unknown)}
    later = {"icao-2010-beijing-convention", "icao-2010-beijing-protocol"}
    assert later | {"icao-2014-montreal-protocol"} <= set(kb.instrument_set(UNIVERSAL).instruments)
    assert not listed.keys() & (later | {"icao-2014-montreal-protocol"})
    sua = listed["imo-2005-sua-protocol"]
    assert sua.status is Status.NOT_BOUND and sua.reason is Reason.NOT_IN_FORCE
    on = D(2015, 1, 1)  # by then they had been made: considered again
    then = state_gaps(kb, "PAK", on)
    considered = {r.instrument for r in (*then.universal_missing, *then.universal_unknown)}
    bound = {i for i in later if status(kb, "PAK", i, on).status is Status.BOUND}
    assert later <= considered | bound
    assert len(gaps.universal_missing) + len(gaps.universal_unknown) <= 19


def test_org_gaps_names_members_missing(kb: KnowledgeBase) -> None:
    gaps = org_gaps(kb, "org:asean", D(2012, 6, 1))
    assert gaps.members == 10
    acct = "asean-2007-convention-counter-terrorism"
    # Malaysia ratified only on 2013-01-11
    assert "MYS" in gaps.missing[acct]
    assert "KHM" not in gaps.missing[acct] and "KHM" not in gaps.unknown[acct]


def test_pair_gaps_cover_every_measure(kb: KnowledgeBase) -> None:
    gaps = pair_gaps(kb, "USA", "DEU", D(2012, 1, 1))
    every = set(gaps.no_basis) | set(gaps.only_unknown) | set(gaps.covered)
    assert every == set(Measure)
    assert gaps.covered[Measure.EXTRADITION] is Level.BILATERAL


def test_matrix_agrees_with_bases(kb: KnowledgeBase) -> None:
    states = ["USA", "DEU", "FRA", "GBR", "IND", "PAK", "KHM", "BRN"]
    on = D(2012, 1, 1)
    matrix = coverage_matrix(kb, Measure.EXTRADITION, on, states)
    for a in states:
        for b in states:
            if a == b:
                continue
            best = bases(kb, a, b, Measure.EXTRADITION, on).best_level()
            assert matrix.best(a, b) == (best.value if best else "none"), (a, b)
    assert matrix.best("USA", "DEU") == "bilateral"
    assert matrix.best("KHM", "BRN") == "regional"


def test_matrix_full_un(kb: KnowledgeBase) -> None:
    matrix = coverage_matrix(kb, Measure.EXTRADITION, D(2012, 1, 1))
    assert len(matrix.states) == 193
    counts = matrix.counts()
    assert sum(v for k, v in counts.items() if k != "unknown_with_none") == 193 * 192 // 2


def test_parties_and_consents_on_small_kb(small_kb: KnowledgeBase) -> None:
    result = parties(small_kb, ["test-1999-convention"], D(2010, 1, 1))
    counts = result.per_instrument["test-1999-convention"]
    assert counts.bound == 2  # FRA and DEU; ITA only signed
    assert result.all == result.any == counts
    assert counts.bound + counts.not_bound + counts.unknown == result.un_members
    counted = consents(small_kb, ["test-1999-convention"], 2000, 2011)
    assert counted.by_year[2009] == 1 and counted.by_year[2000] == 1
    # two dated deposits in twelve years; undated ones (GRC, PRT) are not counted in any year
    assert counted.mean_per_year == pytest.approx(2 / 12, abs=0.01)


def test_membership_counts(kb: KnowledgeBase) -> None:
    counts = membership_counts(kb, "org:asean", 1967, 2025)
    assert counts[1967] == 5 and counts[1984] == 6 and counts[1999] == 10
    assert counts[2025] == 11


def test_consent_known_only_by_a_date(small_kb: KnowledgeBase) -> None:
    """A list of parties on a date: bound on and after it, unknown before, never guessed."""
    before = status(small_kb, "FIN", "test-1999-convention", D(2020, 11, 30))
    on = status(small_kb, "FIN", "test-1999-convention", D(2020, 12, 1))
    assert before.status is Status.UNKNOWN
    assert "party by 2020-12-01" in before.explanation[-1].text
    assert on.status is Status.BOUND and on.in_force_from is None
    assert any("party by 2020-12-01" in s.text for s in on.explanation)


def test_consent_known_only_by_a_date_respects_entry_into_force(kb: KnowledgeBase) -> None:
    """A party by 2013-10 to a convention in force from 2013-10 was not bound in 2012."""
    early = status(kb, "ARE", "las-2010-convention-money-laundering-tf", D(2012, 6, 30))
    assert early.status is Status.NOT_BOUND and early.reason.value == "not_in_force"
    late = status(kb, "ARE", "las-2010-convention-money-laundering-tf", D(2014, 1, 1))
    assert late.status is Status.BOUND


def test_parties_over_time_follows_entry_into_force_and_denunciation(
    small_kb: KnowledgeBase,
) -> None:
    """Bound at each year's end: Germany from the entry into force (2002), France after its 2009
    ratification, Portugal from 2011, Germany gone once its denunciation takes effect (2012),
    Finland by the date of the list that shows it a party (2020); the last point is the date."""
    series = parties_over_time(small_kb, "test-1999-convention", D(2021, 3, 1))
    assert min(series) == 2000 and max(series) == 2021  # first dated action .. the date asked
    bound = {year: c.bound for year, c in series.items()}
    assert [bound[y] for y in (2001, 2002, 2008, 2009, 2011, 2012, 2019, 2020)] == [
        0,
        1,
        1,
        2,
        3,
        2,
        2,
        3,
    ]
    assert all(c.bound + c.not_bound + c.unknown == 6 for c in series.values())
    assert parties_over_time(small_kb, "test-1999-convention", D(1990, 1, 1)) == {}


def test_coverage_row_shows_commitments_apart_only_when_asked(kb: KnowledgeBase) -> None:
    """Binding only, a pair with no binding basis is "none" or "unknown"; with commitments shown,
    a pair reached only by a commitment or a "should" is "non_binding", never a level."""
    on = D(2012, 1, 1)
    matrix = coverage_matrix(kb, Measure.ONLINE_CONTENT, on)
    strict, loose = matrix.row("PAK"), matrix.row("PAK", binding_only=False)
    assert "non_binding" not in strict.values()
    changed = {s for s in strict if strict[s] != loose[s]}
    assert changed and all(strict[s] == "none" and loose[s] == "non_binding" for s in changed)
    levels = {"global", "regional", "bilateral"}
    assert {s for s, v in strict.items() if v in levels} == {
        s for s, v in loose.items() if v in levels
    }


def test_a_demand_on_a_non_state_actor_is_no_basis_between_states(kb: KnowledgeBase) -> None:
    # resolution 1267 OP 2 demands that the Taliban turn Usama bin Laden over: it binds no state
    # to extradite to another, so it must not make every pair of UN members a global basis
    inst = kb.instrument("unsc-1267")
    assert any(p.article == "OP 2" for p in inst.provisions)
    assert Measure.EXTRADITION not in inst.measures()
    assert inst.provisions_for(Measure.EXTRADITION) == ()
    result = bases(kb, "BTN", "PNG", Measure.EXTRADITION, D(2000, 12, 31))
    assert "unsc-1267" not in {b.instrument.id for b in result.bases}
    # the resolution still is a basis for the measures it does impose on states
    freezing = bases(kb, "BTN", "PNG", Measure.ASSET_FREEZING, D(2000, 12, 31))
    assert "unsc-1267" in {b.instrument.id for b in freezing.bases}


def test_an_opt_out_is_explained_in_one_sentence(kb: KnowledgeBase) -> None:
    result = status(kb, "DNK", "eu-2017-directive-terrorism", D(2020, 1, 1))
    assert result.reason is Reason.OPTED_OUT
    last = result.explanation[-1].text
    assert "Protocol No 22" in last and last.endswith(".") and not last.endswith("..")


@pytest.mark.parametrize(
    "instrument",
    ["eu-2000-mla-convention", "eu-1990-schengen-convention", "eu-1995-europol-convention"],
)
def test_conventions_between_eu_member_states_are_closed_to_others(
    kb: KnowledgeBase, instrument: str
) -> None:
    """Their final clauses (or preamble) admit Member States only: China and Norway are not
    bound, for that reason and with its source; a Member State is not ruled out."""
    on = D(2015, 1, 1)
    for outsider in ("CHN", "NOR"):
        found = status(kb, outsider, instrument, on)
        assert found.status is Status.NOT_BOUND and found.reason is Reason.NOT_ELIGIBLE
        assert any(s.startswith("src:text-") for step in found.explanation for s in step.sources)
    assert status(kb, "FRA", instrument, on).reason is not Reason.NOT_ELIGIBLE
