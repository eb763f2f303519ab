"""Batches that never lose a row: malformed records, encodings, rejects, and resume after a kill.

Every input record ends in exactly one place: a result line or a reject line with its reason.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ctcoop.cli.main import main
from ctcoop.errors import DataError
from ctcoop.screening.lists import load_list
from ctcoop.screening.matching import Matcher
from ctcoop.screening.matching.batch import done_rows, screen_batch
from ctcoop.screening.matching.rows import MAX_FIELD, complete_records

LIST = Path(__file__).parent / "fixtures" / "mini-un.xml"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_list(LIST).entities)


def _rejects(out: Path) -> list[dict[str, str]]:
    path = out.with_name(out.name + ".rejects.csv")
    return list(csv.DictReader(path.open(encoding="utf-8"))) if path.exists() else []


def _results(out: Path) -> list[str]:
    if out.suffix == ".csv":
        return [r["name"] for r in csv.DictReader(out.open(encoding="utf-8"))]
    return [json.loads(line)["query"]["name"] for line in out.read_text().splitlines()]


def test_an_unbalanced_quote_loses_only_its_own_row(matcher: Matcher, tmp_path: Path) -> None:
    rows = ["name,dob", "Karim Hassan,1970", '"Ivan Petrovich,1965'] + [
        f"Person {i},1980" for i in range(50)
    ]
    path = tmp_path / "in.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = screen_batch(matcher, path, out)
    assert summary.rows == 51 and summary.rejected == 1
    assert [r["line"] for r in _rejects(out)] == ["3"]
    assert "unbalanced quote" in _rejects(out)[0]["reason"]
    assert _results(out)[-1] == "Person 49"


def test_names_with_line_breaks_and_bad_records(matcher: Matcher, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        'name,dob\n"Maria\nExample",1970\nA,1970,extra\n"x"y,1971\n'
        + "Z" * (MAX_FIELD + 1)
        + ",1990\nNul\x00Name,1970\n\nKarim Hassan,1970\r\n\x1a",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    summary = screen_batch(matcher, path, out)
    assert _results(out) == ["Maria\nExample", "Karim Hassan"]
    reasons = [r["reason"] for r in _rejects(out)]
    assert len(reasons) == 4 and summary.rejected == 4
    assert "3 fields where the header has 2" in reasons[0]
    assert "malformed CSV" in reasons[1]
    assert f"at most {MAX_FIELD:,}" in reasons[2]
    assert "NUL" in reasons[3]
    assert done_rows(out) == 2  # the line break inside a name is not a second result


@pytest.mark.parametrize(
    ("encoding", "given"), [("utf-16", None), ("utf-8-sig", None), ("latin-1", "latin-1")]
)
def test_encodings_detected_or_given(
    matcher: Matcher, tmp_path: Path, encoding: str, given: str | None
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("name,country\nJosé Álvarez,ES\nKarim Hassan,\n", encoding=encoding)
    out = tmp_path / "out.jsonl"
    screen_batch(matcher, path, out, encoding=given)
    assert _results(out) == ["José Álvarez", "Karim Hassan"]


def test_undeclared_latin1_is_refused_with_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes("name\nKarim Hassan\nJosé\n".encode("latin-1"))
    out = tmp_path / "out.jsonl"
    code = main(["screen-batch", str(path), "--out", str(out), "--list-file", str(LIST)])
    err = capsys.readouterr().err
    assert code == 3 and f"{path}:3:" in err and "--encoding latin-1" in err
    assert "Traceback" not in err


def _write_input(path: Path, n: int, bad_every: int = 0) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "dob"])
        for i in range(n):
            dob = "1970-13-45" if bad_every and i % bad_every == 3 else str(1950 + i % 50)
            name = f"Name {i}\nline two" if i % 7 == 0 else f"Name {i}"
            writer.writerow([name, dob])


class KilledError(Exception):
    pass


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_resume_after_a_kill_at_many_points(matcher: Matcher, tmp_path: Path, suffix: str) -> None:
    """Stop the run after k rows, leave a half-written line, resume: the same files as one run."""
    path = tmp_path / "in.csv"
    _write_input(path, 120, bad_every=10)
    whole = tmp_path / f"whole{suffix}"
    screen_batch(matcher, path, whole)
    expected, expected_rejects = whole.read_bytes(), _rejects(whole)
    for k in (1, 3, 4, 13, 14, 57, 100, 119):
        out = tmp_path / f"resumed-{k}{suffix}"
        done = 0

        def kill(n: int, stop: int = k) -> None:
            nonlocal done
            done += n
            if done >= stop:
                raise KilledError

        with pytest.raises(KilledError):
            screen_batch(matcher, path, out, progress=kill)
        with out.open("ab") as handle:
            handle.write(b'{"query": {"name": "half' if suffix == ".jsonl" else b'7,,"Name 7\nli')
        screen_batch(matcher, path, out)
        assert out.read_bytes() == expected, k
        assert _rejects(out) == expected_rejects, k


def test_complete_records_counts_quoted_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('a,b\n"one\ntwo",1\nthree,2\n"half\n', encoding="utf-8")
    assert complete_records(path) == 3
    assert path.read_text() == 'a,b\n"one\ntwo",1\nthree,2\n'


def test_a_large_batch_with_bad_rows_screens_every_good_row(
    matcher: Matcher, tmp_path: Path
) -> None:
    """100,000 rows, 50 bad dates of birth and one unbalanced quote: nothing lost."""
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("name,dob\n")
        for i in range(100_000):
            if i == 500:
                handle.write('"Unclosed quote,1970\n')
            elif i % 2000 == 1:
                handle.write(f"Name {i},1970-13-45\n")
            else:
                handle.write(f"Name {i},{1950 + i % 50}\n")
    out = tmp_path / "big.jsonl"
    summary = screen_batch(matcher, path, out)
    rejects = _rejects(out)
    assert summary.rejected == len(rejects) == 51
    assert summary.rows == 100_000 - 51 == done_rows(out)
    assert sum("unbalanced quote" in r["reason"] for r in rejects) == 1


def test_stop_on_error_names_the_row(matcher: Matcher, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    _write_input(path, 10, bad_every=10)
    with pytest.raises(DataError) as info:
        screen_batch(matcher, path, tmp_path / "o.jsonl", on_error="stop")
    assert info.value.problems[0].field == "dob"


def test_compare_batch_reads_like_screen_batch(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "scored.csv"
    out.write_text("earlier results\n")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("schema,name1,name2\nPerson,José,Jose\n".encode("latin-1"))
    assert main(["compare-batch", str(latin), "--out", str(out)]) == 3
    assert f"{latin}:2:" in capsys.readouterr().err
    assert out.read_text() == "earlier results\n"  # a bad input never touches the output
    assert main(["compare-batch", str(latin), "--out", str(out), "--encoding", "latin-1"]) == 0
    assert "José" in out.read_text(encoding="utf-8")
    extra = tmp_path / "extra.csv"
    extra.write_text("schema,name1,name2\nPerson,A,B,C\n")
    assert main(["compare-batch", str(extra), "--out", str(out)]) == 3
    assert "4 fields where the header has 3" in capsys.readouterr().err


def test_truncated_utf16_is_refused_with_its_line(tmp_path: Path) -> None:
    """A file declared UTF-16 whose bytes end halfway through a character (found by
    schemathesis through the batch API) is a DataError naming the line, not a crash."""
    from ctcoop.errors import DataError
    from ctcoop.screening.matching.rows import read_records

    path = tmp_path / "in.csv"
    path.write_bytes(b"\xff\xfe" + "name\n".encode("utf-16-le") + b"0")  # half a character
    with pytest.raises(DataError) as caught:
        _, records = read_records(path, ("name",), "utf-16")
        list(records)
    assert caught.value.problems[0].line == 2
    assert "not UTF-16" in caught.value.problems[0].message
    path.write_bytes(b"0")  # declared UTF-16, with no byte-order mark
    with pytest.raises(DataError, match="not UTF-16"):
        read_records(path, ("name",), "utf-16")
