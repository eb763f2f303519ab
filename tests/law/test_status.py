"""Status on the small self-made knowledge base: every rule, and the day before / the day of."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ctcoop.kb import KnowledgeBase
from ctcoop.law import Status, status
from ctcoop.law.answer import Reason, not_yet_made

D = dt.date


@pytest.mark.parametrize(
    ("state", "instrument", "day", "expected", "since"),
    [
        # ratification: 30th day after deposit of 2009-06-17 is 2009-07-17
        ("FRA", "test-1999-convention", D(2009, 7, 16), Status.NOT_BOUND, "2009-07-17"),
        ("FRA", "test-1999-convention", D(2009, 7, 17), Status.BOUND, "2009-07-17"),
        ("FRA", "test-1999-convention", D(2009, 6, 1), Status.NOT_BOUND, None),
        # deposit before the convention's own entry into force
        ("DEU", "test-1999-convention", D(2002, 4, 9), Status.NOT_BOUND, "2002-04-10"),
        ("DEU", "test-1999-convention", D(2002, 4, 10), Status.BOUND, "2002-04-10"),
        # denunciation effective 2012-01-01
        ("DEU", "test-1999-convention", D(2011, 12, 31), Status.BOUND, "2002-04-10"),
        ("DEU", "test-1999-convention", D(2012, 1, 1), Status.NOT_BOUND, "2002-04-10"),
        # signature only, no complete record: unknown; no data at all: unknown
        ("ITA", "test-1999-convention", D(2010, 1, 1), Status.UNKNOWN, None),
        ("ESP", "test-1999-convention", D(2010, 1, 1), Status.UNKNOWN, None),
        # before the convention's own entry into force it bound no one, whatever the record
        ("ESP", "test-1999-convention", D(2002, 4, 9), Status.NOT_BOUND, None),
        ("ESP", "test-1999-convention", D(2002, 4, 10), Status.UNKNOWN, None),
        ("ITA", "test-1999-convention", D(2002, 4, 9), Status.NOT_BOUND, None),
        # a consent recorded without a date: unknown; with only its date of effect: from then
        ("GRC", "test-1999-convention", D(2015, 1, 1), Status.UNKNOWN, None),
        ("PRT", "test-1999-convention", D(2011, 5, 26), Status.NOT_BOUND, None),
        ("PRT", "test-1999-convention", D(2011, 5, 27), Status.BOUND, "2011-05-27"),
        # un_members: bound from adoption if a UN member
        ("FRA", "test-2001-resolution", D(2001, 9, 27), Status.NOT_BOUND, None),
        ("FRA", "test-2001-resolution", D(2001, 9, 28), Status.BOUND, "2001-09-28"),
        ("DEU", "test-2001-resolution", D(2005, 1, 1), Status.BOUND, "2001-09-28"),
        ("ITA", "test-2001-resolution", D(2005, 1, 1), Status.NOT_BOUND, None),
        # parties: direct party, and a state reached through an organisation
        ("USA", "test-2003-agreement", D(2010, 1, 31), Status.NOT_BOUND, None),
        ("USA", "test-2003-agreement", D(2010, 2, 1), Status.BOUND, "2010-02-01"),
        ("FRA", "test-2003-agreement", D(2012, 1, 1), Status.BOUND, "2010-02-01"),
        ("FRA", "test-2003-agreement", D(2020, 2, 1), Status.NOT_BOUND, None),
        ("DEU", "test-2003-agreement", D(2012, 1, 1), Status.BOUND, "2010-02-01"),
        ("ESP", "test-2003-agreement", D(2012, 1, 1), Status.NOT_BOUND, None),
        # membership of the organisation unknown (joined in 2005, day unknown), but the
        # agreement was not yet in force: it reached no one
        ("DEU", "test-2003-agreement", D(2005, 6, 1), Status.NOT_BOUND, None),
        # a member state that opted out is not reached through the organisation
        ("ITA", "test-2003-agreement", D(2012, 1, 1), Status.NOT_BOUND, None),
    ],
)
def test_status(
    small_kb: KnowledgeBase,
    state: str,
    instrument: str,
    day: dt.date,
    expected: Status,
    since: str | None,
) -> None:
    result = status(small_kb, state, instrument, day)
    assert result.status is expected, [s.text for s in result.explanation]
    if since is not None:
        assert str(result.in_force_from) == since
    assert result.explanation, "every answer is explained"


def test_bound_answer_cites_deposit_and_rule(small_kb: KnowledgeBase) -> None:
    result = status(small_kb, "FRA", "test-1999-convention", D(2010, 1, 1))
    texts = " ".join(s.text for s in result.explanation)
    assert "2009-06-17" in texts and "30th day" in texts
    assert any("src:test-record" in s.sources for s in result.explanation)


def test_agreement_through_organisation_names_it(small_kb: KnowledgeBase) -> None:
    result = status(small_kb, "FRA", "test-2003-agreement", D(2012, 1, 1))
    assert result.via == "org:tro"
    assert any("only through its membership" in s.text for s in result.explanation)


def test_unknown_never_guessed_away(small_kb: KnowledgeBase) -> None:
    result = status(small_kb, "ESP", "test-1999-convention", D(2010, 1, 1))
    assert "unknown" in result.explanation[-1].text


def test_an_instrument_not_yet_made_reaches_no_one(small_kb: KnowledgeBase) -> None:
    """Without a recorded entry into force, the day it was made decides: before it, no one."""
    agreement = dataclasses.replace(
        small_kb.instrument("test-2003-agreement"), entry_into_force=None
    )
    assert not_yet_made(agreement, D(2003, 6, 25)) is None
    assert "made only on 2003-06-25" in (not_yet_made(agreement, D(2003, 6, 24)) or "")
    convention = small_kb.instrument("test-1999-convention")
    assert not_yet_made(convention, D(2002, 4, 10)) is None
    assert "into force only on 2002-04-10" in (not_yet_made(convention, D(2002, 4, 9)) or "")


def test_not_yet_in_force_is_the_reason(small_kb: KnowledgeBase) -> None:
    result = status(small_kb, "ESP", "test-1999-convention", D(2002, 4, 9))
    assert result.reason is Reason.NOT_IN_FORCE
    assert "bound no one" in result.explanation[-1].text
