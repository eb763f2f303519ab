"""Membership over time: right on the day before and the day of every change in the data."""

from __future__ import annotations

import datetime as dt

import pytest

from ctcoop.kb import KnowledgeBase, load_kb
from ctcoop.model import Membership, Role, Truth

REGIONAL = [
    "org:asean",
    "org:saarc",
    "org:eu",
    "org:oas",
    "org:au",
    "org:oau",
    "org:las",
    "org:sco",
]
ONE_DAY = dt.timedelta(days=1)


def _changes() -> list[tuple[str, Membership, dt.date, str]]:
    kb = load_kb()
    cases = []
    for org in REGIONAL:
        for m in kb.membership_history(org):
            if m.role is not Role.MEMBER:
                continue
            if m.interval.start and m.interval.start.exact:
                cases.append((org, m, m.interval.start.exact, "joins"))
            if m.interval.end and m.interval.end.exact:
                cases.append((org, m, m.interval.end.exact, "leaves"))
    return cases


CHANGES = _changes()


def _covered_elsewhere(kb: KnowledgeBase, m: Membership, day: dt.date) -> bool:
    return any(
        other is not m
        and other.role is Role.MEMBER
        and other.organization == m.organization
        and other.interval.holds_on(day) is not Truth.FALSE
        for other in kb.membership_history(m.organization)
        if other.member == m.member
    )


@pytest.mark.parametrize(
    ("org", "membership", "day", "change"),
    CHANGES,
    ids=[f"{o}-{m.member}-{c}-{d}" for o, m, d, c in CHANGES],
)
def test_day_before_and_day_of_each_change(
    kb: KnowledgeBase, org: str, membership: Membership, day: dt.date, change: str
) -> None:
    before, on = day - ONE_DAY, day
    expected_before, expected_on = (
        (Truth.FALSE, Truth.TRUE) if change == "joins" else (Truth.TRUE, Truth.FALSE)
    )
    assert membership.interval.holds_on(before) is expected_before
    assert membership.interval.holds_on(on) is expected_on
    member = membership.member
    listed_on = {x.membership.member for x in kb.members(org, on) if x.holds is Truth.TRUE}
    listed_before = {x.membership.member for x in kb.members(org, before) if x.holds is Truth.TRUE}
    if not _covered_elsewhere(kb, membership, before):
        assert (member in listed_before) is (expected_before is Truth.TRUE)
    if not _covered_elsewhere(kb, membership, on):
        assert (member in listed_on) is (expected_on is Truth.TRUE)


def test_every_regional_organisation_has_members(kb: KnowledgeBase) -> None:
    for org in REGIONAL:
        assert kb.membership_history(org), org


def _members(kb: KnowledgeBase, org: str, day: str) -> set[str]:
    return {
        x.membership.member
        for x in kb.members(org, dt.date.fromisoformat(day))
        if x.holds is Truth.TRUE
    }


@pytest.mark.parametrize(
    ("org", "day", "expected"),
    [
        ("org:sco", "2016-01-01", {"CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"}),
        ("org:sco", "2018-01-01", {"CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB", "IND", "PAK"}),
        ("org:saarc", "2006-01-01", {"BGD", "BTN", "IND", "MDV", "NPL", "PAK", "LKA"}),
        ("org:asean", "1967-08-08", {"IDN", "MYS", "PHL", "SGP", "THA"}),
    ],
)
def test_known_member_sets(kb: KnowledgeBase, org: str, day: str, expected: set[str]) -> None:
    assert _members(kb, org, day) == expected


@pytest.mark.parametrize(
    ("org", "day", "count", "absent", "present"),
    [
        ("org:eu", "2021-01-01", 27, "GBR", "DEU"),
        ("org:eu", "2020-01-31", 28, None, "GBR"),
        ("org:asean", "2014-01-01", 10, "TLS", "KHM"),
        ("org:saarc", "2008-01-01", 8, None, "AFG"),
        ("org:las", "2012-01-01", None, None, "EGY"),
    ],
)
def test_member_counts(
    kb: KnowledgeBase, org: str, day: str, count: int | None, absent: str | None, present: str
) -> None:
    members = _members(kb, org, day)
    if count is not None:
        assert len(members) == count
    if absent:
        assert absent not in members
    assert present in members


def test_syria_suspended_from_las_2011_to_2023(kb: KnowledgeBase) -> None:
    suspended = {
        x.membership.member for x in kb.members("org:las", dt.date(2015, 1, 1), [Role.SUSPENDED])
    }
    assert "SYR" in suspended
    later = {
        x.membership.member for x in kb.members("org:las", dt.date(2024, 1, 1), [Role.SUSPENDED])
    }
    assert "SYR" not in later
