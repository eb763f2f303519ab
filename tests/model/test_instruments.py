import datetime as dt

import pytest

from ctcoop.model import (
    BindingRule,
    EifForState,
    EifRule,
    Instrument,
    Kind,
    LegalForce,
    Level,
    Measure,
    PartialDate,
    entry_into_force_for_state,
    parse_measure,
)
from ctcoop.model.measures import MEASURES


def make(eif: str | None, rule: EifForState) -> Instrument:
    return Instrument(
        id="x",
        title="X",
        kind=Kind.CONVENTION,
        level=Level.GLOBAL,
        legal_force=LegalForce.BINDING,
        binds=BindingRule.RATIFICATION,
        sources=("src:x",),
        entry_into_force=PartialDate.parse(eif) if eif else None,
        eif_for_state=rule,
    )


THIRTY = EifForState(EifRule.DAYS_AFTER_DEPOSIT, 30)
SECOND_MONTH = EifForState(EifRule.FIRST_DAY_OF_SECOND_MONTH)


@pytest.mark.parametrize(
    ("eif", "rule", "deposit", "expected"),
    [
        # the 30th day after deposit (Pakistan, Financing Convention: 17 June 2009 -> 17 July 2009)
        ("2002-04-10", THIRTY, "2009-06-17", "2009-07-17"),
        # deposit before the convention's own entry into force: its entry into force
        ("2002-04-10", THIRTY, "2001-05-01", "2002-04-10"),
        # the 30th day falls after the convention's entry into force
        ("2002-04-10", THIRTY, "2002-04-01", "2002-05-01"),
        ("2018-07-01", SECOND_MONTH, "2019-11-15", "2020-01-01"),
        ("2018-07-01", EifForState(EifRule.ON_DEPOSIT), "2019-11-15", "2019-11-15"),
        # unknown rule, or instrument not in force: unknown
        ("2002-04-10", EifForState(), "2009-06-17", None),
        (None, THIRTY, "2009-06-17", None),
        # a deposit known only to the year, long before entry into force: the entry into force
        ("2002-04-10", THIRTY, "2000", "2002-04-10"),
        # ... but the same year as entry into force: unknown
        ("2002-04-10", THIRTY, "2002", None),
    ],
)
def test_entry_into_force_for_state(
    eif: str | None, rule: EifForState, deposit: str, expected: str | None
) -> None:
    got = entry_into_force_for_state(make(eif, rule), PartialDate.parse(deposit))
    assert (str(got) if got else None) == expected


def test_every_measure_defined_and_mapped() -> None:
    assert set(MEASURES) == set(Measure)
    for info in MEASURES.values():
        assert info.definition and info.pillars and info.strands


@pytest.mark.parametrize("text", ["extradition", "Mutual-Legal-Assistance", " asset_freezing "])
def test_parse_measure(text: str) -> None:
    assert parse_measure(text) in Measure


def test_parse_measure_rejects_with_vocabulary() -> None:
    with pytest.raises(ValueError, match="use one of"):
        parse_measure("teleportation")


def test_days_rule_describes_itself() -> None:
    assert "30th day" in THIRTY.describe()
    assert THIRTY.effective(dt.date(2009, 6, 17)) == dt.date(2009, 7, 17)
