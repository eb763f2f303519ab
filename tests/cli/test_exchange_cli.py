"""``ctcoop exchange`` end to end: the scripted acceptance scenario on the command line (German
personal data to the United States refused, then delivered; Pakistan to India delivered with
its basis), an H2 message not forwarded without permission, revocation, and a tampered log."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from clirun import run

import stixsample


def bundle(path: Path) -> Path:
    path.write_text(json.dumps(stixsample.bundle()))
    return path


@pytest.fixture
def agencies(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, data, _ = run(capsys, "exchange", "key", "--json")
    monkeypatch.setenv("CTCOOP_EXCHANGE_KEY", data["key"])
    for ident, state in (
        ("deu-bka", "DEU"),
        ("usa-fbi", "USA"),
        ("pak-fia", "PAK"),
        ("ind-nia", "IND"),
        ("chn-mps", "CHN"),
    ):
        code, _, err = run(
            capsys,
            "exchange",
            "agency",
            ident,
            "--state",
            state,
            "--kind",
            "police",
            "--name",
            ident.upper(),
        )
        assert code == 0, err


def send(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, dict, str]:
    return run(
        capsys,
        "exchange",
        "send",
        "--purpose",
        "information_exchange",
        "--tlp",
        "amber",
        "--evaluation",
        "B2",
        "--bundle",
        str(bundle(path)),
        "--json",
        *args,
    )


def test_the_scenario(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, agencies: None, _isolated_data_dir: Path
) -> None:
    code, refused, err = send(
        capsys,
        tmp_path / "a.json",
        "--from",
        "deu-bka",
        "--to",
        "usa-fbi",
        "--handling",
        "H2",
        "--data",
        "personal",
        "--on",
        "2009-01-01",
    )
    assert code == 0, err
    [d] = refused["deliveries"]
    assert (
        d["state"] == "refused"
        and "eu-personal-data-to-third-states" in d["decision"]["explanation"][-1]
    )
    code, delivered, _ = send(
        capsys,
        tmp_path / "b.json",
        "--from",
        "deu-bka",
        "--to",
        "usa-fbi",
        "--handling",
        "H2",
        "--data",
        "personal",
        "--on",
        "2018-01-01",
    )
    assert delivered["deliveries"][0]["state"] == "delivered"
    code, south, _ = send(
        capsys,
        tmp_path / "c.json",
        "--from",
        "pak-fia",
        "--to",
        "ind-nia",
        "--handling",
        "H0",
        "--on",
        "2026-01-01",
    )
    basis = south["deliveries"][0]["decision"]["basis"]
    assert (basis["instrument"], basis["articles"]) == ("saarc-1987-convention", ["VIII"])

    message = delivered["message"]["id"]
    code, _, err = run(
        capsys,
        "exchange",
        "forward",
        message,
        "--as",
        "usa-fbi",
        "--to",
        "ind-nia",
        "--on",
        "2018-02-01",
    )
    assert code == 7 and "not to be disseminated further" in err  # AccessError
    code, inbox, _ = run(capsys, "exchange", "inbox", "usa-fbi", "--json")
    assert [i["message"]["id"] for i in inbox] == [message]
    code, shown, _ = run(capsys, "exchange", "show", message, "--as", "usa-fbi", "--json")
    assert shown["bundle"]["objects"][0]["name"] == "test report"
    code, out_, _ = run(
        capsys, "exchange", "revoke", message, "--as", "deu-bka", "--reason", "withdrawn", "--json"
    )
    assert out_ == {"message": message, "withdrawn": 1}
    assert run(capsys, "exchange", "inbox", "usa-fbi", "--json")[1] == []
    code, outbox, _ = run(capsys, "exchange", "outbox", "deu-bka", "--json")
    assert [d["state"] for m in outbox for d in m["deliveries"]] == ["refused", "revoked"]

    verified = run(capsys, "exchange", "verify", "--json")[1]
    assert verified["ok"] is True
    assert run(capsys, "exchange", "verify", "--anchor", verified["head"])[0] == 0
    with sqlite3.connect(_isolated_data_dir / "exchange.sqlite") as db:
        last = db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        db.execute("DELETE FROM audit_log WHERE seq = ?", (last,))
    assert run(capsys, "exchange", "verify")[0] == 0  # a removed last entry leaves a sound chain
    code, _, err = run(capsys, "exchange", "verify", "--anchor", verified["head"])
    assert code == 3 and "no longer in the log" in err
    with sqlite3.connect(_isolated_data_dir / "exchange.sqlite") as db:
        db.execute("UPDATE audit_log SET details = '{}' WHERE action = 'deliver'")
    code, _, err = run(capsys, "exchange", "verify")
    assert code == 3 and "broken at entry" in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "deu-bka", "--to", "usa-fbi", "--handling", "H7"], "--handling: 'H7'"),
        (["--from", "deu-bka", "--to", "nobody", "--handling", "H0"], "unknown agency 'nobody'"),
        (
            ["--from", "deu-bka", "--to", "usa-fbi", "--handling", "H0", "--evaluation", "Z"],
            "--evaluation",
        ),
    ],
)
def test_bad_input_is_refused(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    agencies: None,
    args: list[str],
    says: str,
) -> None:
    code, _, err = send(capsys, tmp_path / "x.json", *args)
    assert code in (2, 4) and says in err and "Traceback" not in err
    assert run(capsys, "exchange", "outbox", "deu-bka", "--json")[1] == []


def test_agency_users(
    capsys: pytest.CaptureFixture[str], agencies: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTCOOP_PASSWORD", "correct horse battery")
    code, data, err = run(
        capsys, "exchange", "user", "anna", "--agency", "deu-bka", "--role", "auditor", "--json"
    )
    assert code == 0, err
    assert data == {"username": "anna", "authority": "deu-bka", "state": "DEU", "role": "auditor"}
    code, _, err = run(
        capsys, "exchange", "user", "otto", "--agency", "nowhere", "--role", "officer"
    )
    assert code == 4 and "unknown agency 'nowhere'" in err


def test_a_wrong_key_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CTCOOP_EXCHANGE_KEY", raising=False)
    code, _, err = run(capsys, "exchange", "agencies")
    assert code == 2 and "no key for the message bodies" in err
    key = tmp_path / "exchange.key"
    key.write_text("not a key")
    code, _, err = run(capsys, "exchange", "agencies", "--key-file", str(key))
    assert code == 2 and "not a key made by" in err
