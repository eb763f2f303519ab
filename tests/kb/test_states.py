import pytest

from ctcoop.errors import NotFoundError


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("RU", "RUS"),
        ("RUS", "RUS"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Côte d'Ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("USSR", "SUN"),
        ("Yugoslavia", "YUG"),
        ("Czechoslovakia", "CSK"),
        ("Serbia and Montenegro", "SCG"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("pakistan", "PAK"),
    ],
)
def test_state_names_resolve(small_kb, name: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert small_kb.resolve_state(name).id == expected


@pytest.mark.parametrize("query", ["", "   ", "\x00", "'-'"])
def test_a_search_for_nothing_finds_nothing(small_kb, query: str) -> None:  # type: ignore[no-untyped-def]
    """Blank or punctuation only: no hits (such a query folded to nothing, which every name
    contains, and listed everything)."""
    assert small_kb.search(query) == []


@pytest.mark.parametrize(("query", "state"), [("中国", "CHN"), ("Россия", "RUS")])
def test_a_name_in_another_script_finds_its_state_only(small_kb, query: str, state: str) -> None:  # type: ignore[no-untyped-def]
    assert small_kb.search(query) == [("state", state, small_kb.states[state].name)]


def test_search_folds_accents_and_case(small_kb) -> None:  # type: ignore[no-untyped-def]
    assert ("state", "CIV", small_kb.states["CIV"].name) in small_kb.search("CÔTE D'IVOIRE")


def test_unknown_state_suggests(small_kb) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError) as caught:
        small_kb.resolve_state("Pakistn")
    assert any("PAK" in s for s in caught.value.suggestions)


def test_historical_states_have_successors(kb) -> None:  # type: ignore[no-untyped-def]
    ussr = kb.states["SUN"]
    assert ussr.historical
    assert ("RUS", "continuator") in {(s.state, s.kind) for s in ussr.successors}
    assert {s.state for s in kb.states["CSK"].successors} == {"CZE", "SVK"}
    assert {s.state for s in kb.states["SCG"].successors} == {"SRB", "MNE"}


def test_un_has_193_members_today(kb) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    assert len(kb.members("org:un", dt.date(2026, 1, 1))) == 193
