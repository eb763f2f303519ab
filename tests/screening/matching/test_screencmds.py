"""The screening command handlers, called directly: screen, screen-batch, compare, compare-batch."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ctcoop.cli import screencmds
from ctcoop.cli.main import resolve
from ctcoop.errors import DataError, InputError
from ctcoop.kb import KnowledgeBase

LIST = Path(__file__).parent / "fixtures" / "mini-un.xml"
QUERIES = [
    {"name": "Karim Hasan al-Fulani", "id": "c-1", "dob": "1971", "country": "Iraq"},
    {"name": "Jane Doe", "id": "c-2"},
    {"name": "Иван Петрович Сидоров", "id": "c-3"},
    {"name": "Northern Star Trading Co", "id": "c-4", "schema": "Organization"},
    {"name": "Maria Exampel", "id": "c-5", "dob": "1975"},
]


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def customers(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "in.csv", QUERIES, ["name", "id", "dob", "country", "schema"])


def test_every_command_has_help_example_and_handler() -> None:
    for name, command in screencmds.SCREEN_COMMANDS.items():
        assert command.help.endswith("."), name
        assert command.example.startswith("ctcoop "), name
        assert command.handler.startswith("screencmds:"), name
        assert callable(resolve(command.handler)), name


def test_compare(kb: KnowledgeBase) -> None:
    result = screencmds.compare(kb, "Usama bin Ladin", "Osama bin Laden")
    assert result.data["match"] is True
    assert 0.7 <= result.data["score"] <= 1.0
    assert result.data["explanations"][0].startswith("name_match")
    other = screencmds.compare(kb, "Usama bin Ladin", "Barack Obama", threshold=0.5)
    assert other.data["match"] is False


def test_compare_bad_threshold(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="threshold"):
        screencmds.compare(kb, "A B", "A B", threshold=2.0)


def test_compare_batch(kb: KnowledgeBase, tmp_path: Path) -> None:
    pairs = write_csv(
        tmp_path / "pairs.csv",
        [
            {"schema": "Person", "name1": "Vladimir Pulin", "name2": "Vladimir Putin"},
            {"schema": "Person", "name1": "Vladimir Putin", "name2": "Dmitry Medvedev"},
            {"schema": "Company", "name1": "Siemens AG", "name2": "Siemens Aktiengesellschaft"},
        ],
        ["schema", "name1", "name2"],
    )
    result = screencmds.compare_batch(kb, pairs, tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["match"] for r in rows] == ["True", "False", "True"]
    assert all(0.0 <= float(r["score"]) <= 1.0 for r in rows)
    assert list(rows[0]) == ["schema", "name1", "name2", "score", "match"]
    assert result.data["rows_screened"] == 3


@pytest.mark.parametrize(
    ("content", "field"),
    [("schema,name\nPerson,A\n", "name1"), ("schema,name1,name2\nPerson,,B\n", "name1")],
)
def test_compare_batch_bad_file(
    kb: KnowledgeBase, tmp_path: Path, content: str, field: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as info:
        screencmds.compare_batch(kb, path, tmp_path / "out.csv")
    assert info.value.problems[0].field == field
    assert info.value.problems[0].file == str(path)


def test_screen_with_list_file(kb: KnowledgeBase) -> None:
    result = screencmds.screen(kb, "Kareem Hasan al Fulani", dob="1971", list_file=LIST)
    top = result.data["results"][0]
    assert top["id"] == "un-900001" and top["match"] is True
    assert (top["regime"], top["reference_number"]) == ("Al-Qaida", "QDi.901")
    assert any(e.startswith("dob_match") for e in top["explanations"])
    assert result.tables[0].rows[0][2] == "KARIM HASSAN AL-FULANI"


def test_screen_arabic_name(kb: KnowledgeBase) -> None:
    result = screencmds.screen(kb, "كريم حسن الفلاني", list_file=LIST)
    assert result.data["results"][0]["id"] == "un-900001"


def test_screen_without_a_list(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="--list-file"):
        screencmds.screen(kb, "Someone")


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_screen_batch_jsonl_in_order(kb: KnowledgeBase, customers: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = screencmds.screen_batch(kb, customers, out, list_file=LIST)
    lines = read_jsonl(out)
    assert [line["query"]["id"] for line in lines] == [q["id"] for q in QUERIES]  # type: ignore[index]
    first = lines[0]["results"][0]  # type: ignore[index]
    assert set(first) >= {"id", "name", "score", "match", "regime", "reference_number",
                          "explanations"}  # fmt: skip
    assert lines[1]["results"] == [] or not any(r["match"] for r in lines[1]["results"])  # type: ignore[union-attr, index]
    assert result.data["rows_screened"] == 5
    assert result.data["rows_with_a_match"] == 4


def test_screen_batch_resumes(kb: KnowledgeBase, customers: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    screencmds.screen_batch(kb, customers, out, list_file=LIST)
    complete = out.read_text(encoding="utf-8")
    lines = complete.splitlines(keepends=True)
    out.write_text("".join(lines[:2]) + lines[2][:15], encoding="utf-8")  # interrupted mid-line
    result = screencmds.screen_batch(kb, customers, out, list_file=LIST)
    assert result.data["rows_skipped_already_done"] == 2
    assert result.data["rows_screened"] == 3
    assert out.read_text(encoding="utf-8") == complete


def test_screen_batch_csv_out(kb: KnowledgeBase, customers: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    screencmds.screen_batch(kb, customers, out, list_file=LIST)
    screencmds.screen_batch(kb, customers, out, list_file=LIST)  # nothing left to do
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == [q["id"] for q in QUERIES]
    assert rows[0]["top_id"] == "un-900001" and rows[0]["reference_number"] == "QDi.901"


def test_screen_batch_dask_local(kb: KnowledgeBase, customers: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.bag", reason="dask is not installed")
    local, distributed = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    screencmds.screen_batch(kb, customers, local, list_file=LIST)
    from ctcoop.screening.lists import load_list
    from ctcoop.screening.matching.distributed import screen_batch_dask

    summary = screen_batch_dask(
        list(load_list(LIST).entities), customers, distributed, workers=1, partition_rows=2
    )
    assert summary.engine.startswith("dask")
    assert distributed.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")


def test_screen_batch_dask_handler(kb: KnowledgeBase, customers: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.bag", reason="dask is not installed")
    out = tmp_path / "dask.jsonl"
    result = screencmds.screen_batch(kb, customers, out, list_file=LIST, engine="dask", workers=1)
    assert result.data["rows_screened"] == 5
    assert len(read_jsonl(out)) == 5


@pytest.mark.parametrize(
    ("content", "line", "field"),
    [
        ("name,dob\nA B,1970\n,1971\n", 3, "name"),
        ("name,dob\nA B,1970-13-45\n", 2, "dob"),
    ],
)
def test_screen_batch_bad_rows(
    kb: KnowledgeBase, tmp_path: Path, content: str, line: int, field: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(content, encoding="utf-8")
    # --on-error stop: the first bad row stops the run, named
    with pytest.raises(DataError) as info:
        screencmds.screen_batch(kb, path, tmp_path / "out.jsonl", list_file=LIST, on_error="stop")
    problem = info.value.problems[0]
    assert (problem.file, problem.line, problem.field) == (str(path), line, field)
    # the default: the row goes to the rejects file with its line and reason, the run goes on
    out = tmp_path / "skip.jsonl"
    screencmds.screen_batch(kb, path, out, list_file=LIST)
    rejects = list(csv.DictReader((tmp_path / "skip.jsonl.rejects.csv").open()))
    assert [(int(r["line"]), r["field"]) for r in rejects] == [(line, field)]


def test_screen_batch_without_a_name_column(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,dob\n1,1970\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        screencmds.screen_batch(kb, path, tmp_path / "out.jsonl", list_file=LIST)
    problem = info.value.problems[0]
    assert (problem.line, problem.field) == (1, "name")


def test_screen_batch_bad_out(kb: KnowledgeBase, customers: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--out"):
        screencmds.screen_batch(kb, customers, tmp_path / "out.txt", list_file=LIST)
