"""``ctcoop lists``: the command specs, and each handler called directly."""

from __future__ import annotations

import argparse
import inspect
import json
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from followthemoney import EntityProxy

from ctcoop.cli import listcmds
from ctcoop.cli.listspecs import LISTS_COMMANDS
from ctcoop.cli.main import resolve
from ctcoop.errors import DataError, InputError
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.store import DataStore
from ctcoop.screening.store import Hit, ScreeningStore

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def data(tmp_path: Path) -> DataStore:
    return DataStore(tmp_path / "data")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="ctcoop lists")
    sub = root.add_subparsers(dest="lists_command", required=True)
    for name, command in LISTS_COMMANDS.items():
        p = sub.add_parser(name, help=command.help)
        for flags, options in command.args:
            p.add_argument(*flags, **options)
        p.set_defaults(handler=command.handler)
    return root


@pytest.mark.parametrize("name", sorted(LISTS_COMMANDS))
def test_specs(name: str) -> None:
    command = LISTS_COMMANDS[name]
    help_text, example, handler = command.help, command.example, command.handler
    assert not command.resident  # lists are the data store's: never answered by a resident
    assert help_text.endswith(".")
    assert example.startswith(f"ctcoop lists {name}")
    function = resolve(handler)
    assert handler.startswith("listcmds:")
    takes_store = "store" in inspect.signature(function).parameters
    parsed = vars(parser().parse_args(shlex.split(example)[2:]))
    parsed.pop("lists_command")
    assert parsed.pop("handler") == handler
    inspect.signature(function).bind(None, **({"store": None} if takes_store else {}), **parsed)


def test_load_list_and_reload(data: DataStore, kb: KnowledgeBase) -> None:
    first = listcmds.lists_load(kb, data, FIXTURES / "un-v1.xml", "un")
    assert first.data["created"] and first.data["activated"]
    assert first.data["version"]["counts"]["Person"] == 2
    assert (data.root / "screening.sqlite").is_file()
    again = listcmds.lists_load(kb, data, FIXTURES / "un-v1.xml")
    assert not again.data["created"]
    assert again.data["version"]["id"] == first.data["version"]["id"]
    listed = listcmds.lists_list(kb, data)
    assert [v["id"] for v in listed.data["versions"]] == [first.data["version"]["id"]]
    assert listed.data["versions"][0]["active"] is True


@pytest.mark.parametrize("bad", ["un-truncated.xml", "un-external-entity.xml"])
def test_failed_load_says_what_stays_active(data: DataStore, kb: KnowledgeBase, bad: str) -> None:
    loaded = listcmds.lists_load(kb, data, FIXTURES / "un-v1.xml")
    with pytest.raises(DataError) as caught:
        listcmds.lists_load(kb, data, FIXTURES / bad, "un")
    last = caught.value.problems[-1]
    assert last.message == (
        f"nothing was loaded; un version {loaded.data['version']['id']} (published 2019-03-01) "
        "is still active"
    )
    assert "problems in the sanctions list" in caught.value.summary()
    versions = listcmds.lists_list(kb, data).data["versions"]
    assert [(v["id"], v["active"]) for v in versions] == [(loaded.data["version"]["id"], True)]


def test_diff_latest_two_and_explicit(data: DataStore, kb: KnowledgeBase) -> None:
    one = listcmds.lists_load(kb, data, FIXTURES / "un-v1.xml").data["version"]["id"]
    two = listcmds.lists_load(kb, data, FIXTURES / "un-v2.xml").data["version"]["id"]
    latest = listcmds.lists_diff(kb, data)
    explicit = listcmds.lists_diff(kb, data, [one, two])
    assert (
        latest.data["counts"]
        == explicit.data["counts"]
        == {
            "added": 1,
            "removed": 1,
            "amended": 1,
            "unchanged": 1,
        }
    )
    backwards = listcmds.lists_diff(kb, data, [two, one])
    assert (
        backwards.data["counts"]["added"] == 1
        and backwards.data["added"][0]["reference_number"] == "TAi.902"
    )
    with pytest.raises(InputError, match="two version ids"):
        listcmds.lists_diff(kb, data, [one])


def test_law(kb: KnowledgeBase) -> None:
    result = listcmds.lists_law(kb, "Al-Qaida", "PAK", "2026-02-27")
    statements = [o["statement"] for o in result.data["obligations"]]
    assert "unsc-2253 obliges PAK to freeze since 2015-12-17" in statements
    assert any("unsc-2253 obliges PAK" in line for line in result.text)


class FirstNameMatcher:
    threshold = 0.5

    def match(
        self, query: dict[str, Any], candidates: Sequence[EntityProxy]
    ) -> list[tuple[EntityProxy, float, list[str]]]:
        word = str(query["name"]).split()[0].casefold()
        return [
            (e, 0.8, ["first word"])
            for e in candidates
            if any(word in n.casefold().split() for n in e.get("name"))
        ]


def test_rescreen(data: DataStore, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    version = listcmds.lists_load(kb, data, FIXTURES / "un-v1.xml").data["version"]["id"]
    store = ScreeningStore.open(data)
    store.record_run(
        list_name="un",
        version_id=version,
        matcher="x",
        threshold=0.5,
        results=[({"id": "c1", "name": "Peter Smith"}, [Hit("un-9000003", 0.1)])],
    )
    store.close()
    listcmds.lists_load(kb, data, FIXTURES / "un-v2.xml")
    monkeypatch.setattr(listcmds, "_default_matcher", lambda entities: FirstNameMatcher())
    result = listcmds.lists_rescreen(kb, data)
    assert result.data["queries"] == 1
    assert [(h["reference_number"], h["change"]) for h in result.data["new_hits"]] == [
        ("LYi.904", "added")
    ]


def test_output_prints(
    data: DataStore, kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    listcmds.lists_load(kb, data, FIXTURES / "un-v1.xml")
    listcmds.lists_load(kb, data, FIXTURES / "un-v2.xml")
    result = listcmds.lists_diff(kb, data)
    result.emit(as_json=True)
    assert json.loads(capsys.readouterr().out)["counts"]["added"] == 1
    result.emit(as_json=False)
    printed = capsys.readouterr().out
    assert "1 added, 1 removed, 1 amended" in printed and "LYi.904" in printed


def test_real_snapshots_diff(
    data: DataStore, kb: KnowledgeBase, un_2018: Path, un_2026: Path
) -> None:
    listcmds.lists_load(kb, data, un_2026)
    listcmds.lists_load(kb, data, un_2018)
    result = listcmds.lists_diff(kb, data)
    assert result.data["old"]["published"] == "2018-10-29"
    assert result.data["new"]["published"] == "2026-02-27"
    counts = result.data["counts"]
    assert counts["added"] > 50 and counts["removed"] > 50
    assert counts["added"] + counts["amended"] + counts["unchanged"] == 730 + 273
