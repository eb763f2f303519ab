"""The command line's contract: JSON shapes, exit codes, one-line errors, documented commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import run

from ctcoop.cli.main import (
    COMMANDS,
    DATA_COMMANDS,
    IMPORT_COMMANDS,
    STATS_COMMANDS,
    build_parser,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "kb"


def test_status_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = run(
        capsys,
        "status",
        "France",
        "test-1999-convention",
        "--on",
        "2010-01-01",
        "--json",
        "--kb",
        str(FIXTURES / "good"),
    )
    assert code == 0
    assert {"state", "instrument", "on", "status", "in_force_from", "explanation"} <= set(data)
    assert data["state"] == "FRA" and data["status"] == "bound"
    assert data["in_force_from"] == "2009-07-17"
    assert all({"text", "sources"} <= set(step) for step in data["explanation"])
    assert any("src:test-record" in step["sources"] for step in data["explanation"])
    assert data["sources"]["src:test-record"]["body"] == "Test Depositary"


def test_members_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = run(
        capsys,
        "members",
        "org:tro",
        "--on",
        "2021-01-01",
        "--json",
        "--kb",
        str(FIXTURES / "good"),
    )
    assert code == 0
    assert data["organization"] == "org:tro" and data["on"] == "2021-01-01"
    assert {m["id"] for m in data["members"]} == {"ITA", "DEU"}


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["status", "PAK", "no-such-instrument"], 4, "unknown instrument"),
        (["status", "Atlantis", "test-1999-convention"], 4, "unknown actor"),
        (["status", "PAK", "test-1999-convention", "--on", "29 Sep 2001"], 2, "--on"),
        (["instruments", "--measure", "teleportation"], 2, "--measure"),
        (["instruments", "--level", "galactic"], 2, "--level"),
        (["members", "org:nowhere"], 4, "unknown actor"),
    ],
)
def test_bad_input_one_line_error(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    got, _, err = run(capsys, *argv, "--kb", str(FIXTURES / "good"))
    assert got == code
    assert err.startswith("ctcoop: error:") and message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("case", sorted(p.name for p in (FIXTURES / "bad").iterdir()))
def test_data_check_fails_on_bad_fixture(capsys: pytest.CaptureFixture[str], case: str) -> None:
    code, data, _ = run(capsys, "data", "check", "--json", "--kb", str(FIXTURES / "bad" / case))
    assert code == 3
    assert data["ok"] is False
    problem = data["problems"][0]
    assert problem["file"].endswith("world.yaml") and problem["line"] and problem["message"]


def test_data_discrepancies(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = run(capsys, "data", "discrepancies", "--json", "--kb", str(FIXTURES / "good"))
    assert code == 0
    assert data["discrepancies"][0]["paper"] == "2001-09-29"


def test_every_command_documented_with_example() -> None:
    parser = build_parser()
    assert parser.epilog and "example:" in parser.epilog
    every = {**COMMANDS, **DATA_COMMANDS, **IMPORT_COMMANDS, **STATS_COMMANDS}
    for name, command in every.items():
        assert command.help[-1] in ".?", name
        assert command.example.startswith("ctcoop "), name


def test_every_command_mentioned_in_readme() -> None:
    readme = (Path(__file__).parent.parent.parent / "README.md").read_text()
    for name in COMMANDS:
        assert f"ctcoop {name}" in readme, name
    for name in DATA_COMMANDS:
        assert f"ctcoop data {name}" in readme, name
    for name in IMPORT_COMMANDS:
        assert f"ctcoop data import {name}" in readme, name
    for name in STATS_COMMANDS:
        assert f"ctcoop stats {name}" in readme, name
    from ctcoop.cli.listspecs import LISTS_COMMANDS
    from ctcoop.cli.screenspecs import SCREEN_COMMANDS

    for name in LISTS_COMMANDS:
        assert f"ctcoop lists {name}" in readme, name
    for name in SCREEN_COMMANDS:
        assert f"ctcoop {name} " in readme, name


def test_tables_render_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(
        capsys, "instrument", "test-1999-convention", "--kb", str(FIXTURES / "good")
    )
    assert code == 0 and "Test Convention" in text and "extradition" in text


def test_entry_point_runs_as_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ctcoop", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "ctcoop" in done.stdout


def test_data_import_then_status(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = Path(__file__).parent.parent / "fixtures" / "imports" / "untc-page.html"
    store = ["--data-dir", str(tmp_path)]
    code, data, _ = run(
        capsys,
        "data",
        "import",
        "untc",
        str(page),
        "--instrument",
        "un-1999-terrorist-financing",
        "--json",
        *store,
    )
    assert code == 0 and data["participations"] == 8
    assert data["unresolved"][0]["name"] == "Ruritania"
    code, data, _ = run(
        capsys,
        "status",
        "PAK",
        "un-1999-terrorist-financing",
        "--on",
        "2009-07-20",
        "--json",
        *store,
    )
    assert data["status"] == "bound" and data["in_force_from"] == "2009-07-17"
    code, data, _ = run(capsys, "data", "status", "--on", "2009-06-01", "--json", *store)
    row = next(r for r in data["instruments"] if r["instrument"] == "un-1999-terrorist-financing")
    assert row["known"] == row["un_members"] and row["as_of"] == "2009-06-17"
    code, data, _ = run(
        capsys,
        "data",
        "coverage",
        "--instruments",
        "un-1999-terrorist-financing",
        "--states",
        "PAK,ITA,TUV",
        "--on",
        "2009-01-01",
        "--json",
        *store,
    )
    assert data["states"] == {
        "PAK": {"un-1999-terrorist-financing": "not_bound"},
        "ITA": {"un-1999-terrorist-financing": "not_bound"},
        "TUV": {"un-1999-terrorist-financing": "not_bound"},
    }
    code, data, _ = run(capsys, "data", "imports", "--json", *store)
    assert data["imports"][0]["sha256"] and data["imports"][0]["unresolved"]


def test_failed_import_exit_code_and_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = Path(__file__).parent.parent / "fixtures" / "imports" / "untc-truncated.csv"
    code, _, err = run(
        capsys,
        "data",
        "import",
        "untc",
        str(bad),
        "--instrument",
        "un-1999-terrorist-financing",
        "--data-dir",
        str(tmp_path),
    )
    assert code == 3 and "truncated" in err and "Traceback" not in err
    assert not (tmp_path / "imports").exists()


def test_basis_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = run(
        capsys, "basis", "USA", "DEU", "--measure", "extradition", "--on", "2009-01-01", "--json"
    )
    assert code == 0
    assert {"parties", "measure", "on", "bases"} <= set(data)
    first = data["bases"][0]
    assert {"instrument", "level", "in_force", "provisions", "explanation", "caveats"} <= set(first)
    assert first["instrument"] == "us-eu-2003-extradition" and first["in_force"] is False
    assert any("not in force" in c for c in first["caveats"])


def test_obligations_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = run(
        capsys, "obligations", "PAK", "--on", "2010-01-01", "--measure", "asset_freezing", "--json"
    )
    assert code == 0 and data["state"] == "PAK"
    item = next(o for o in data["obligations"] if o["instrument"] == "unsc-1373")
    assert {"instrument", "level", "measure", "provisions", "explanation"} <= set(item)


@pytest.mark.parametrize("subjects", [["PAK"], ["org:saarc"], ["IND", "PAK"]])
def test_gaps_for_each_subject(capsys: pytest.CaptureFixture[str], subjects: list[str]) -> None:
    code, data, _ = run(capsys, "gaps", *subjects, "--on", "2010-01-01", "--json")
    assert code == 0 and data["on"] == "2010-01-01"


def test_state_gaps_say_why(capsys: pytest.CaptureFixture[str]) -> None:
    """Each instrument a state is not bound by carries the reason; the table says it in words."""
    code, data, _ = run(capsys, "gaps", "PAK", "--on", "2010-01-01", "--json")
    assert code == 0
    assert data["reasons"]["imo-2005-sua-protocol"] == "not_in_force"
    assert data["reasons"]["iaea-2005-cppnm-amendment"] == "not_consented"
    assert set(data["reasons"]) == {*data["universal_not_party"], *data["regional_not_party"]}
    code, text, _ = run(capsys, "gaps", "PAK", "--on", "2010-01-01")
    words = text.split()  # the note column wraps
    assert code == 0 and "note" in words and {"instrument", "was", "not", "force"} <= set(words)


def test_coverage_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(
        capsys,
        "coverage",
        "--measure",
        "extradition",
        "--states",
        "USA,DEU,KHM",
        "--on",
        "2012-01-01",
        "--csv",
    )
    lines = text.strip().splitlines()
    assert code == 0 and lines[0] == "state,USA,DEU,KHM"
    assert lines[1].split(",")[2] == "bilateral"


def test_stats_json_shapes(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = run(
        capsys,
        "stats",
        "parties",
        "--instruments",
        "set:universal-12",
        "--on",
        "2008-12-31",
        "--json",
    )
    assert code == 0 and {"on", "instruments", "all", "any", "per_instrument"} <= set(data)
    assert len(data["instruments"]) == 12
    code, data, _ = run(
        capsys,
        "stats",
        "consents",
        "--instruments",
        "test-1999-convention",
        "--from",
        "2000",
        "--to",
        "2010",
        "--json",
        "--kb",
        str(FIXTURES / "good"),
    )
    assert data["by_year"]["2009"] == 1 and "mean_per_year" in data


def test_measure_error_lists_vocabulary(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "basis", "IND", "PAK", "--measure", "teleport")
    assert code == 2 and "extradition" in err


def test_every_command_names_its_handler_and_gets_only_what_it_declares() -> None:
    """Handlers are named module:function (no search); each required parameter comes from the
    command line, the data store or the named context."""
    import argparse
    import inspect

    from ctcoop.cli.main import CONTEXT, build_parser, resolve

    def walk(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
        found = [parser]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    found += walk(sub)
        return found

    checked = 0
    for parser in walk(build_parser()):
        handler = parser.get_default("handler")
        if not handler:
            continue
        function = resolve(handler)
        dests = {a.dest for a in parser._actions}
        for name, param in list(inspect.signature(function).parameters.items())[1:]:
            if param.kind is param.VAR_KEYWORD:  # the command's other options (**fields)
                continue
            if param.default is inspect.Parameter.empty:  # required: it must be supplied
                assert name == "store" or name in CONTEXT or name in dests, (handler, name)
        checked += 1
    assert checked >= 30


def test_coverage_summary_says_what_the_unknowns_are(capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(capsys, "coverage", "--measure", "extradition", "--on", "2010-01-01")
    words = " ".join(text.split())
    assert code == 0 and "192 states" in words and "unknown_with_none" not in words
    none = re.search(r"none: (\d+) \((\d+) of them with a basis of unknown status\)", words)
    assert none is not None and int(none.group(2)) <= int(none.group(1))
