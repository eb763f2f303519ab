"""Answers the knowledge base decides: party status for the universal instruments (bound: full,
not bound: none, unknown: left to the user) and binding regional or bilateral arrangements."""

from __future__ import annotations

import datetime as dt

from ctcoop.kb import KnowledgeBase
from ctcoop.law.status import status
from ctcoop.model import Truth
from ctcoop.monitoring.bank import Score, bank
from ctcoop.monitoring.derive import derive

ON = dt.date(2014, 6, 30)


def test_party_status_decides_op3d_and_unknown_stays_open(kb: KnowledgeBase) -> None:
    found = {d.question: d for d in derive(kb, bank(kb), "PAK", ON)}
    for q in bank(kb).questions:
        if q.party_to is None:
            continue
        d = found[q.id]
        st = status(kb, "PAK", q.party_to, ON)
        if st.applies is Truth.TRUE:
            assert d.score is Score.FULL
        elif st.applies is Truth.UNKNOWN:
            assert d.score is None and "answer it" in d.explanation[-1].text
        assert d.explanation  # always explained
    # at least one of each kind on the shipped data (CPPNM in force; its amendment not ratified)
    assert found["1373-3d/iaea-1980-cppnm"].score is Score.FULL
    assert found["1373-3d/iaea-2005-cppnm-amendment"].score is Score.NONE
    assert found["1373-3d/un-1999-terrorist-financing"].score is None


def test_an_instrument_adopted_later_is_not_asked(kb: KnowledgeBase) -> None:
    found = {d.question: d for d in derive(kb, bank(kb), "PAK", dt.date(2008, 1, 1))}
    d = found["1373-3d/icao-2010-beijing-convention"]
    assert d.score is None and "not asked yet" in d.explanation[0].text


def test_a_binding_regional_arrangement_decides_op3c_but_its_absence_does_not(
    kb: KnowledgeBase,
) -> None:
    pak = {d.question: d for d in derive(kb, bank(kb), "PAK", ON)}["1373-3c"]
    assert pak.score is Score.FULL
    assert any("SAARC" in s.text and s.sources for s in pak.explanation)
    before = {d.question: d for d in derive(kb, bank(kb), "BTN", dt.date(1980, 1, 1))}["1373-3c"]
    assert before.score is None and "may exist" in before.explanation[0].text
