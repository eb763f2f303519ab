"""``ctcoop case`` end to end on the shipped knowledge base: open a case, check it, give what it
lacks, make it ready, draft the request (read back from DOCX and PDF), verify the log, and refuse
bad input without changing anything."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from clirun import run


def open_case(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    code, data, err = run(
        capsys,
        "case",
        "new",
        "--kind",
        "extradition",
        "--requesting",
        "IND",
        "--requested",
        "PAK",
        "--offence",
        "terrorist_bombing",
        "--offence-date",
        "2009-05-01",
        "--person",
        "Test Person",
        "--on",
        "2010-01-01",
        "--json",
        *extra,
    )
    assert code == 0, err
    assert data["state"] == "draft" and data["requesting"] == "IND"
    return str(data["id"])


def test_a_case_from_draft_to_ready_and_its_request(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, _isolated_data_dir: Path
) -> None:
    case = open_case(capsys)
    code, analysis, _ = run(capsys, "case", "check", case, "--json")
    assert code == 0
    assert {"bases", "chosen", "grounds", "missing"} <= set(analysis)
    ids = {b["instrument"] for b in analysis["bases"]}
    assert {"saarc-1987-convention", "un-1997-terrorist-bombings"} <= ids
    grounds = {g["ground"]: g for g in analysis["grounds"]}
    assert grounds["political_offence"]["status"] == "excluded"
    assert grounds["political_offence"]["citations"]
    missing = {m["id"] for m in analysis["missing"]}
    assert {"facts", "law", "penalty", "warrant", "offences", "person_identity"} <= missing

    code, _, err = run(capsys, "case", "advance", case, "--to", "ready")
    assert code == 2 and "cannot be ready: missing" in err and "statement of the facts" in err
    assert err.count("\n") == 1  # one line
    assert run(capsys, "case", "show", case, "--json")[1]["state"] == "draft"

    code, data, err = run(
        capsys,
        "case",
        "edit",
        case,
        "--json",
        "--facts",
        "On 1 May 2009 a device was detonated at a market.",
        "--law-text",
        "Section 3 of the Explosive Substances Act.",
        "--penalty",
        "Imprisonment for life.",
        "--warrant",
        "Warrant of arrest, Court of Test, 2 May 2009, no. 1/2009.",
        "--requesting-authority",
        "Ministry of Home Affairs",
        # offences and persons given again replace those of the case
        "--offence",
        "terrorist_bombing",
        "--offence-date",
        "2009-05-01",
        "--offence-place",
        "Mumbai",
        "--person",
        "Test Person",
        "--person-dob",
        "1970-01-01",
        "--person-nationality",
        "Pakistan",
    )
    assert code == 0, err
    assert data["offences"] == [
        {"offence": "terrorist_bombing", "date": "2009-05-01", "place": "Mumbai", "conduct": None}
    ]
    assert data["persons"][0]["properties"]["nationality"] == ["pk"]
    code, data, err = run(capsys, "case", "advance", case, "--to", "ready", "--json")
    assert code == 0, err
    assert data["state"] == "ready"
    code, _, err = run(capsys, "case", "advance", case, "--to", "executed")
    assert code == 2 and "cannot become executed" in err


def test_ready_then_drafted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = open_case(
        capsys,
        "--offence-place",
        "Mumbai",
        "--person-dob",
        "1970-01-01",
        "--facts",
        "On 1 May 2009 a device was detonated at a market.",
        "--law-text",
        "Section 3 of the Explosive Substances Act.",
        "--penalty",
        "Imprisonment for life.",
        "--warrant",
        "Warrant of arrest, Court of Test, 2 May 2009, no. 1/2009.",
        "--requesting-authority",
        "Ministry of Home Affairs",
    )
    code, data, err = run(capsys, "case", "advance", case, "--to", "ready", "--json")
    assert code == 0, err
    assert data["state"] == "ready"
    code, _, err = run(capsys, "case", "edit", case, "--facts", "changed")
    assert code == 2 and "is ready" in err

    docx_path, pdf_path = tmp_path / "request.docx", tmp_path / "request.pdf"
    assert run(capsys, "case", "draft", case, "--format", "docx", "--out", str(docx_path))[0] == 0
    assert run(capsys, "case", "draft", case, "--format", "pdf", "--out", str(pdf_path))[0] == 0
    import docx
    import pdfplumber

    docx_text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(docx_path.read_bytes())).paragraphs
    )
    with pdfplumber.open(pdf_path) as pdf:
        pdf_text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    for text in (docx_text, " ".join(pdf_text.split())):
        assert "India" in text and "Pakistan" in text
        assert "SAARC Regional Convention on Suppression of Terrorism" in text
        assert "Article I" in text and "Article III" in text
        assert "a device was detonated at a market" in text

    code, data, _ = run(capsys, "case", "log", case, "--json")
    assert [e["action"] for e in data] == ["create", "advance"]
    assert data[1]["details"]["basis"] == "saarc-1987-convention"
    verified = run(capsys, "case", "verify", "--json")[1]
    assert verified == {"ok": True, "entries": 2, "head": f"2:{data[1]['hash']}"}


def test_a_tampered_log_fails_verification_naming_the_entry(
    capsys: pytest.CaptureFixture[str], _isolated_data_dir: Path
) -> None:
    case = open_case(capsys)
    assert run(capsys, "case", "edit", case, "--facts", "A bomb.")[0] == 0
    with sqlite3.connect(_isolated_data_dir / "casework.sqlite") as db:
        db.execute("UPDATE audit_log SET details = '{}' WHERE seq = 2")
    code, _, err = run(capsys, "case", "verify")
    assert code == 3 and "broken at entry 2" in err


def test_a_recorded_head_finds_a_forged_last_entry(
    capsys: pytest.CaptureFixture[str], _isolated_data_dir: Path
) -> None:
    """Whoever can write the database can replace the last entry and recompute its hash; the
    chain is then sound, but the head recorded before it (``--anchor``) is not in the log."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import Session

    from ctcoop.platform import audit

    case = open_case(capsys)
    assert run(capsys, "case", "edit", case, "--facts", "A bomb.")[0] == 0
    code, plain, _ = run(capsys, "case", "verify")
    head = run(capsys, "case", "verify", "--json")[1]["head"]
    assert code == 0 and f"head: {head}" in plain
    engine = create_engine(f"sqlite:///{_isolated_data_dir / 'casework.sqlite'}")
    try:
        with Session(engine) as session, session.begin():
            session.execute(text("DELETE FROM audit_log WHERE seq = 2"))
            audit.append(session, "mallory", "edit", case, {"set": {"facts": "Nothing."}})
    finally:
        engine.dispose()
    assert run(capsys, "case", "verify")[0] == 0  # the chain alone is sound
    code, _, err = run(capsys, "case", "verify", "--anchor", head)
    assert code == 3 and "broken at entry 2" in err and "rewritten" in err
    code, _, err = run(capsys, "case", "verify", "--anchor", "2:abc")
    assert code == 2 and "--anchor" in err and "64 hexadecimal" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["--kind", "extradition", "--requesting", "Atlantis", "--requested", "PAK"],
            "--requesting: unknown actor 'Atlantis'",
        ),
        (
            ["--kind", "deportation", "--requesting", "IND", "--requested", "PAK"],
            "--kind: 'deportation' is not one of",
        ),
        (
            [
                "--kind",
                "extradition",
                "--requesting",
                "IND",
                "--requested",
                "PAK",
                "--offence",
                "terrorist_bombin",
            ],
            "Did you mean: terrorist_bombing",
        ),
        (
            [
                "--kind",
                "extradition",
                "--requesting",
                "IND",
                "--requested",
                "PAK",
                "--offence",
                "hostage_taking",
                "--offence-date",
                "2009-02-30",
            ],
            "is not a date",
        ),
        (
            [
                "--kind",
                "extradition",
                "--requesting",
                "IND",
                "--requested",
                "PAK",
                "--offence",
                "hostage_taking",
                "--offence-date",
                "2999-01-01",
            ],
            "in the future",
        ),
        (["--kind", "extradition", "--requesting", "IND", "--requested", "IND"], "to itself"),
        (
            [
                "--kind",
                "extradition",
                "--requesting",
                "IND",
                "--requested",
                "PAK",
                "--offence",
                "murder",
                "--offence-date",
                "2009",
                "--offence-date",
                "2010",
            ],
            "--offence-date: 2 given for 1 offences; give one per --offence",
        ),
        (
            [
                "--kind",
                "extradition",
                "--requesting",
                "IND",
                "--requested",
                "PAK",
                "--person-dob",
                "1970",
            ],
            "--person-dob: 1 given for 0 persons; give one per --person",
        ),
        (
            [
                "--kind",
                "extradition",
                "--requesting",
                "USA",
                "--requested",
                "PAK",
                "--apprehended",
                "2999-01-01",
            ],
            "--apprehended: 2999-01-01 is in the future",
        ),
        (
            [
                "--kind",
                "extradition",
                "--requesting",
                "USA",
                "--requested",
                "PAK",
                "--apprehended",
                "last week",
            ],
            "--apprehended: 'last week' is not a date",
        ),
        (
            [
                "--kind",
                "extradition",
                "--requesting",
                "IND",
                "--requested",
                "PAK",
                "--person",
                "X",
                "--person-dob",
                "soon",
            ],
            "--person-dob",
        ),
        (
            [
                "--kind",
                "extradition",
                "--requesting",
                "IND",
                "--requested",
                "PAK",
                "--basis",
                "eu-2017-directive-terrorism",
                "--on",
                "2010-01-01",
            ],
            "not a candidate basis",
        ),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    code, _, err = run(capsys, "case", "new", *args)
    assert code == 2, err
    assert says in err and err.startswith("ctcoop: error:") and "Traceback" not in err
    assert run(capsys, "case", "list", "--json")[1] == []


def test_an_oversized_attachment_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctcoop.casework import store

    case = open_case(capsys)
    monkeypatch.setattr(store, "MAX_ATTACHMENT", 10)
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"%PDF-" + b"x" * 100)
    code, _, err = run(capsys, "case", "attach", case, str(big))
    assert code == 2 and "over the 10 an attachment may have" in err
    assert run(capsys, "case", "show", case, "--json")[1]["attachments"] == []
    assert [e["action"] for e in run(capsys, "case", "log", case, "--json")[1]] == ["create"]


def test_accounts_and_due_dates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, data, err = run(
        capsys,
        "account",
        "authority",
        "ind-mha",
        "--state",
        "India",
        "--name",
        "Ministry of Home Affairs",
        "--json",
    )
    assert code == 0, err
    assert data == {"id": "ind-mha", "state": "IND", "name": "Ministry of Home Affairs"}
    monkeypatch.setenv("CTCOOP_PASSWORD", "short")
    code, _, err = run(
        capsys, "account", "user", "asha", "--authority", "ind-mha", "--role", "officer"
    )
    assert code == 2 and "at least 12 characters" in err
    monkeypatch.setenv("CTCOOP_PASSWORD", "correct horse battery")
    assert (
        run(capsys, "account", "user", "asha", "--authority", "ind-mha", "--role", "officer")[0]
        == 0
    )
    code, data, _ = run(capsys, "account", "list", "--json")
    assert data["users"] == [
        {"username": "asha", "authority": "ind-mha", "state": "IND", "role": "officer"}
    ]
    assert "correct horse" not in str(data)

    code, _, err = run(
        capsys,
        "case",
        "new",
        "--kind",
        "mla_evidence",
        "--requesting",
        "IND",
        "--requested",
        "PAK",
        "--authority",
        "nobody",
    )
    assert code == 2 and "--authority: unknown authority 'nobody'" in err
    late = open_case(capsys, "--authority", "ind-mha", "--due", "2020-01-01")
    later = open_case(capsys, "--due", "2999-01-01")
    code, data, _ = run(capsys, "case", "list", "--overdue", "--json")
    assert [c["id"] for c in data] == [late]
    assert run(capsys, "case", "advance", late, "--to", "withdrawn")[0] == 0
    assert run(capsys, "case", "list", "--overdue", "--json")[1] == []  # closed: not overdue
    assert later in {c["id"] for c in run(capsys, "case", "list", "--json")[1]}


def test_data_check_checks_the_services_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = run(capsys, "data", "check", "--json")
    assert code == 0 and data["ok"]
    assert data["services"]["casework offences"] >= 10
    assert data["services"]["exchange policies"] == 3


def test_with_party_status_the_bombing_case_rests_on_the_1997_convention(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, reference_data: Path
) -> None:
    """With the UN Treaty Collection's files imported (as `make run` does), both India and
    Pakistan are bound by the 1997 Bombings Convention: the basis most specific to a terrorist
    bombing, chosen over the SAARC Convention (which lists many offences); under it the political
    offence exception is excluded (art. 11) and non-discrimination preserved (art. 12)."""
    from clirun import import_untc

    store = ["--data-dir", str(tmp_path)]
    import_untc(capsys, reference_data, *store)
    case = open_case(capsys, *store)
    code, analysis, err = run(capsys, "case", "check", case, "--json", *store)
    assert code == 0, err
    bases = {b["instrument"]: b for b in analysis["bases"]}
    assert (
        bases["saarc-1987-convention"]["binding"] and bases["un-1997-terrorist-bombings"]["binding"]
    )
    assert analysis["chosen"]["instrument"] == "un-1997-terrorist-bombings"
    assert "most specific to the offences" in analysis["reason"]
    grounds = {g["ground"]: g for g in analysis["grounds"]}
    assert grounds["political_offence"]["status"] == "excluded"
    assert [c["article"] for c in grounds["political_offence"]["citations"]] == ["11"]
    assert grounds["non_discrimination"]["status"] == "preserved"
    assert [c["article"] for c in grounds["non_discrimination"]["citations"]] == ["12"]
