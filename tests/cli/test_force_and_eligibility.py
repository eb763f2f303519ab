"""Issue 10's acceptance, through the CLI: force, eligibility, membership as consent, time at the
edges, and questions that cannot be asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import import_untc, run

from ctcoop.kb.reference import UNTC


@pytest.mark.parametrize(
    ("state", "instrument", "on", "status", "force", "step"),
    [
        # observers are not members: the SAARC Convention is made by SAARC's members
        ("USA", "saarc-1987-convention", "2012-01-01", "not_bound", "binding", "observer"),
        # a political commitment is never "bound"
        ("PAK", "un-2006-global-ct-strategy", "2010-01-01", "committed", "political", None),
        # the EU-UK transition period, then its end
        ("GBR", "us-eu-2003-extradition", "2020-06-01", "bound", "binding", "transition"),
        ("GBR", "us-eu-2003-extradition", "2021-01-02", "not_bound", "binding", None),
        # constitutive instruments bind exactly the members
        ("FRA", "un-1945-charter", "1950-01-01", "bound", "binding", "member of United Nations"),
        # a date before the state existed
        ("PAK", "un-1945-charter", "1946-01-01", "not_bound", "binding", "did not exist"),
        # the 1931 treaty, in force between the United States and Pakistan
        ("PAK", "us-pak-1931-extradition", "2012-01-01", "bound", "binding", None),
    ],
)
def test_status_cases(
    capsys: pytest.CaptureFixture[str],
    state: str,
    instrument: str,
    on: str,
    status: str,
    force: str,
    step: str | None,
) -> None:
    code, data, _ = run(capsys, "status", state, instrument, "--on", on, "--json")
    assert code == 0
    assert (data["status"], data["force"]) == (status, force)
    if step:
        assert any(step in s["text"] for s in data["explanation"]), data["explanation"]


def test_same_state_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "basis", "IND", "IND", "--measure", "extradition")
    assert code == 2
    assert err.strip().count("\n") == 0 and "itself" in err


def test_basis_binding_only_and_force(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("basis", "USA", "PAK", "--measure", "extradition", "--on", "2012-01-01", "--json")
    _, data, _ = run(capsys, *args)
    by_id = {b["instrument"]: b for b in data["bases"]}
    treaty = by_id["us-pak-1931-extradition"]
    assert treaty["binding"] and treaty["force"] == "binding" and treaty["level"] == "bilateral"
    assert by_id["un-2006-global-ct-strategy"]["force"] == "political"
    assert not by_id["un-2006-global-ct-strategy"]["binding"]
    assert not [b for b in data["bases"] if b["level"] == "regional" and b["in_force"]]
    _, only, _ = run(capsys, *args, "--binding-only")
    assert only["bases"] and all(b["binding"] for b in only["bases"])
    assert "un-2006-global-ct-strategy" not in {b["instrument"] for b in only["bases"]}


def test_misspelt_data_field_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = Path(__file__).parent.parent / "fixtures" / "kb" / "good" / "world.yaml"
    text = good.read_text().replace("entry_into_force:", "entry_into_forse:", 1)
    assert "entry_into_forse" in text
    (tmp_path / "world.yaml").write_text(text)
    code, _, err = run(capsys, "data", "check", "--kb", str(tmp_path))
    assert code == 3
    assert "unknown field 'entry_into_forse'" in err and "did you mean 'entry_into_force'" in err


def test_stats_parties_counts_unknowns_over_the_un_members(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One denominator: the UN members ``members org:un`` lists, used by stats and data status."""
    _, members, _ = run(capsys, "members", "org:un", "--on", "2008-12-31", "--json")
    args = ("stats", "parties", "--instruments", "set:universal-12", "--on", "2008-12-31")
    code, data, _ = run(capsys, *args, "--json")
    assert code == 0 and data["un_members"] == members["count"] == 192
    for counts in (data["all"], data["any"], *data["per_instrument"].values()):
        assert counts["bound"] + counts["not_bound"] + counts["unknown"] == 192
    # the shipped data decide none of the twelve for most UN members: "at least", never "0"
    assert data["all"]["lower_bound"] and data["all"]["unknown"] > 0
    _, text, _ = run(capsys, *args, "--all")
    assert "at least" in text and "lower bound" in text and "0 states were parties" not in text
    _, status, _ = run(capsys, "data", "status", "--on", "2008-12-31", "--json")
    assert {r["un_members"] for r in status["instruments"]} == {192}


def test_untc_signature_succession_is_not_consent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, reference_data: Path
) -> None:
    store = ["--data-dir", str(tmp_path)]
    import_untc(capsys, reference_data, *store)
    _, data, _ = run(
        capsys, "status", "MNE", "un-2005-nuclear-terrorism", "--on", "2014-01-01", "--json", *store
    )
    assert data["status"] == "not_bound"
    assert any("succession to a signature" in s["text"] for s in data["explanation"])
    # every UN member decided for each UN-deposited convention at its list's "complete as of" date
    _, table, _ = run(capsys, "data", "status", "--on", "2014-01-01", "--json", *store)
    as_of = {r["instrument"]: r["as_of"] for r in table["instruments"]}
    for instrument in UNTC.values():
        _, table, _ = run(capsys, "data", "status", "--on", as_of[instrument], "--json", *store)
        row = next(r for r in table["instruments"] if r["instrument"] == instrument)
        assert row["unknown"] == 0 and row["known"] == row["un_members"], row
    # with four of the twelve decided, "all 12" is a lower bound with the undecided counted
    args = ("stats", "parties", "--instruments", "set:universal-12", "--on", "2008-12-31")
    _, twelve, _ = run(capsys, *args, "--json", *store)
    four = [i for i, c in twelve["per_instrument"].items() if c["unknown"] == 0]
    assert len(four) == 4 and twelve["all"]["lower_bound"]
    assert twelve["all"]["not_bound"] > 0 and twelve["all"]["bound"] == 0
    _, un4, _ = run(
        capsys,
        "stats",
        "parties",
        "--instruments",
        ",".join(four),
        "--on",
        "2008-12-31",
        "--json",
        *store,
    )
    assert not un4["all"]["lower_bound"] and un4["all"]["bound"] > 100
    # "all 12" can only be reached by states party to the four: an upper bound, never exceeded
    assert 0 < twelve["all"]["bound"] + twelve["all"]["unknown"] <= un4["all"]["bound"]
