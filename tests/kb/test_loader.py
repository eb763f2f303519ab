"""Loader failure modes: one bad fixture per mode, each named with file, line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ctcoop.errors import DataError
from ctcoop.kb import load_kb
from ctcoop.model import Role, Truth

BAD = Path(__file__).parent.parent / "fixtures" / "kb" / "bad"


@pytest.mark.parametrize(
    ("case", "needle", "field", "message"),
    [
        ("bad-date", "1999-13-45", "adopted", "is not a date"),
        ("unknown-reference", "org:nowhere", "forum", "'org:nowhere' is not a known org"),
        (
            "missing-source",
            "member: ITA, from: 1990-01-01}",
            "sources",
            "needs at least one source",
        ),
        (
            "undeclared-source",
            "src:no-such-source]",
            "sources",
            "'src:no-such-source' is not declared",
        ),
        ("duplicate-id", "id: test-1999-convention", "id", "duplicate id 'test-1999-convention'"),
        ("yaml-syntax", "[Test Agreement", None, "YAML syntax error"),
        ("bad-enum", "handshake", "kind", "'handshake' is not allowed"),
        ("unknown-measure", "teleportation", "measures", "'teleportation' is not allowed"),
        ("dates-reversed", "2001-02-01", "entry_into_force", "is before adopted"),
    ],
)
def test_bad_fixture_names_file_line_field(
    case: str, needle: str, field: str | None, message: str
) -> None:
    path = BAD / case / "world.yaml"
    lines = [n for n, text in enumerate(path.read_text().splitlines(), 1) if needle in text]
    expected_line = lines[-1]  # the defect (for a duplicate: the second occurrence)
    with pytest.raises(DataError) as caught:
        load_kb(BAD / case)
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.file.endswith(f"{case}/world.yaml")
    assert problem.field == field
    assert message in problem.message
    # the YAML parser may notice a syntax error on the line after its cause
    assert problem.line is not None
    assert 0 <= problem.line - expected_line <= (1 if field is None else 0)
    assert problem.fix


def test_missing_directory() -> None:
    with pytest.raises(DataError, match="no such data directory"):
        load_kb(Path("/nonexistent/ctcoop-data"))


def test_small_kb_loads(small_kb) -> None:  # type: ignore[no-untyped-def]
    assert set(small_kb.instruments) == {
        "test-1999-convention",
        "test-2001-resolution",
        "test-2003-agreement",
    }
    assert small_kb.discrepancies[0].field == "adopted"
    assert small_kb.discrepancies[0].paper == "2001-09-29"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(1989, 12, 31), set()),
        (dt.date(1990, 1, 1), {"ITA", "FRA"}),
        (dt.date(2004, 12, 31), {"ITA", "FRA"}),
        (dt.date(2020, 1, 31), {"ITA", "FRA", "DEU"}),
        (dt.date(2020, 2, 1), {"ITA", "DEU"}),
    ],
)
def test_members_on_date(small_kb, day: dt.date, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    members = small_kb.members("org:tro", day)
    assert {m.membership.member for m in members if m.holds is Truth.TRUE} == expected


def test_member_with_partial_start_is_uncertain_within_the_year(small_kb) -> None:  # type: ignore[no-untyped-def]
    members = {
        m.membership.member: m.holds for m in small_kb.members("org:tro", dt.date(2005, 6, 1))
    }
    assert members["DEU"] is Truth.UNKNOWN


def test_roles_filter(small_kb) -> None:  # type: ignore[no-untyped-def]
    assert small_kb.members("org:tro", dt.date(2010, 1, 1), [Role.OBSERVER]) == []


def test_snapshot_is_used_and_refreshed(tmp_path: Path) -> None:
    import shutil

    from ctcoop.kb.snapshot import load_kb_cached
    from ctcoop.kb.store import DataStore

    data = tmp_path / "kb"
    shutil.copytree(Path(__file__).parent.parent / "fixtures" / "kb" / "good", data)
    store = DataStore(tmp_path / "store")
    first = load_kb_cached(data, store)
    assert list((store.root / "cache").glob("kb-*.pickle"))
    again = load_kb_cached(data, store)
    assert set(again.instruments) == set(first.instruments)
    assert again.members("org:tro", dt.date(2010, 1, 1))  # indexes survive the snapshot
    text = (data / "world.yaml").read_text().replace("title: Test Agreement", "title: Renamed")
    (data / "world.yaml").write_text(text)
    assert load_kb_cached(data, store).instruments["test-2003-agreement"].title == "Renamed"
