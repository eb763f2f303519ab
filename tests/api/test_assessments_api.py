"""Monitoring over the API: the bank and the derived answers are public; stored assessments need
the casework login; viewers read and do not change; bad input is a 422 that changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from ctcoop.api.app import create_app
from ctcoop.api.settings import Settings
from ctcoop.casework.store import CaseStore
from ctcoop.kb.store import DataStore

PASSWORD = "correct horse battery"  # test accounts only


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("assess-api")
    cases = CaseStore.open(DataStore(root))
    cases.accounts.add_authority("un-cted", "USA", "Assessment team")
    cases.accounts.add_user("olga", "un-cted", "officer", PASSWORD)
    cases.accounts.add_user("vic", "un-cted", "viewer", PASSWORD)
    cases.close()
    with TestClient(create_app(Settings(data_dir=root))) as made:
        yield made


def login(client: TestClient, user: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/login", json={"username": user, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"authorization": f"Bearer {response.json()['token']}"}


def test_the_bank_and_derived_answers_are_public(client: TestClient) -> None:
    bank = client.get("/api/v1/assessments/questions", params={"resolution": "2178"})
    assert bank.status_code == 200
    assert {q["resolution"] for q in bank.json()["questions"]} == {"unsc-2178"}
    derived = client.get("/api/v1/assessments/derive", params={"state": "PAK", "on": "2014-06-30"})
    assert derived.status_code == 200
    found = {a["question"]: a for a in derived.json()["answers"]}
    assert found["1373-3c"]["score"] == "full" and found["1373-3c"]["explanation"]
    bad = client.get("/api/v1/assessments/derive", params={"state": "Atlantis", "on": "2014-06-30"})
    assert bad.status_code == 422 and "Atlantis" in bad.json()["message"]


def test_stored_assessments_need_a_login_and_viewers_only_read(client: TestClient) -> None:
    assert client.get("/api/v1/assessments").status_code == 401
    assert (
        client.get(
            "/api/v1/assessments/report", params={"state": "PAK", "on": "2014-06-30"}
        ).status_code
        == 401
    )
    olga, vic = login(client, "olga"), login(client, "vic")
    made = client.post(
        "/api/v1/assessments", json={"state": "PAK", "on": "2014-06-30"}, headers=olga
    )
    assert made.status_code == 201, made.text
    ident = made.json()["id"]
    refused = client.post(
        "/api/v1/assessments", json={"state": "IND", "on": "2014-06-30"}, headers=vic
    )
    assert refused.status_code == 403
    answer = {"question": "1373-1b", "score": 1, "note": "gap", "assistance": "drafting"}
    assert (
        client.post(f"/api/v1/assessments/{ident}/answers", json=answer, headers=vic).status_code
        == 403
    )
    assert (
        client.post(f"/api/v1/assessments/{ident}/answers", json=answer, headers=olga).status_code
        == 201
    )
    assert client.post(f"/api/v1/assessments/{ident}/derive", headers=olga).json()["recorded"] >= 1
    read = client.get(f"/api/v1/assessments/{ident}", headers=vic)
    assert read.status_code == 200
    scored = {a["question"]["id"]: a["answer"] for a in read.json()["answers"] if a["answer"]}
    assert scored["1373-1b"]["score"] == "limited" and scored["1373-1b"]["recorded_by"] == "olga"
    report = client.get(
        "/api/v1/assessments/report", params={"state": "PAK", "on": "2014-06-30"}, headers=vic
    )
    assert report.status_code == 200 and report.json()["assessment"]["id"] == ident
    pdf = client.get(
        "/api/v1/assessments/report",
        params={"state": "PAK", "on": "2014-06-30", "format": "pdf"},
        headers=vic,
    )
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    heat = client.get(
        "/api/v1/assessments/compare", params={"target": "PAK,IND", "on": "2014-06-30"}, headers=vic
    )
    assert [r["state"] for r in heat.json()["rows"]] == ["PAK", "IND"]
    log = client.get(f"/api/v1/assessments/{ident}/log", headers=vic).json()
    assert [e["action"] for e in log] == [
        "assessment.create",
        "assessment.answer",
        "assessment.derive",
    ]


def test_bad_input_is_a_422_and_changes_nothing(client: TestClient) -> None:
    olga = login(client, "olga")
    ident = client.post(
        "/api/v1/assessments", json={"state": "IND", "on": "2012-01-01"}, headers=olga
    ).json()["id"]
    bad = [
        ("answers", {"question": "1373-1b", "score": 9}, "not a step of the scale"),
        ("answers", {"question": "nope", "score": 1}, "not in the question bank"),
        ("answers", {"question": "1373-1b", "score": 1, "colour": "red"}, "colour"),
    ]
    for path, body, says in bad:
        response = client.post(f"/api/v1/assessments/{ident}/{path}", json=body, headers=olga)
        assert response.status_code == 422 and says in response.text, response.text
    csv = "question,score\n1373-1a,2\n1373-1b,often\n"
    response = client.post(
        f"/api/v1/assessments/{ident}/import",
        content=csv,
        headers=olga | {"content-type": "text/csv"},
    )
    assert response.status_code == 422 and "answers.csv:3" in response.json()["message"]
    fatf = client.post(
        "/api/v1/assessments/fatf",
        content="country,date,R.5\nIndia,2010-06,XX\n",
        headers=olga | {"content-type": "text/csv"},
    )
    assert fatf.status_code == 422 and "R.5 = 'XX'" in fatf.json()["message"]
    future = client.post(
        "/api/v1/assessments", json={"state": "IND", "on": "2999-01-01"}, headers=olga
    )
    assert future.status_code == 422 and "future" in future.json()["message"]
    read = client.get(f"/api/v1/assessments/{ident}", headers=olga).json()
    assert all(a["answer"] is None for a in read["answers"])
    ok = client.post(
        f"/api/v1/assessments/{ident}/import",
        params={"name": "answers.yaml"},
        content="- {question: 1373-1a, score: substantial, note: FIU in place}\n",
        headers=olga | {"content-type": "text/yaml"},
    )
    assert ok.status_code == 201 and ok.json()["imported"] == 1
