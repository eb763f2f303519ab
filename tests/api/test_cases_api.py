"""Casework over the API: login, and no authority reads or changes another's case through any
endpoint; roles (officer, reviewer, viewer) decide what a user may do."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ctcoop.api.app import create_app
from ctcoop.api.settings import Settings
from ctcoop.casework.store import CaseStore
from ctcoop.kb.store import DataStore

PASSWORD = "correct horse battery"  # test accounts only
USERS = {
    "asha": ("ind-mha", "officer"),
    "ravi": ("ind-mha", "reviewer"),
    "vera": ("ind-mha", "viewer"),
    "omar": ("pak-moi", "officer"),
    "nina": ("npl-moha", "officer"),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("cases-api")
    cases = CaseStore.open(DataStore(root))
    cases.accounts.add_authority("ind-mha", "IND", "Ministry of Home Affairs")
    cases.accounts.add_authority("pak-moi", "PAK", "Ministry of Interior")
    cases.accounts.add_authority("npl-moha", "NPL", "Ministry of Home Affairs")
    for name, (authority, role) in USERS.items():
        cases.accounts.add_user(name, authority, role, PASSWORD)
    cases.close()
    with TestClient(create_app(Settings(data_dir=root))) as made:
        yield made


def token(client: TestClient, user: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/login", json={"username": user, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"authorization": f"Bearer {response.json()['token']}"}


CASE: dict[str, Any] = {
    "kind": "extradition",
    "requesting": "IND",
    "requested": "PAK",
    "on": "2010-01-01",
    "persons": [{"name": "Test Person", "birth_date": "1970-01-01"}],
    "offences": [{"offence": "terrorist_bombing", "date": "2009-05-01", "place": "Mumbai"}],
}


def test_login_is_needed_and_a_wrong_password_says_nothing_more(client: TestClient) -> None:
    assert client.get("/api/v1/cases").status_code == 401
    bad = client.post("/api/v1/auth/login", json={"username": "asha", "password": "nope"})
    unknown = client.post("/api/v1/auth/login", json={"username": "zed", "password": "nope"})
    assert bad.status_code == unknown.status_code == 401
    assert bad.json()["message"] == unknown.json()["message"] == "wrong username or password"
    assert (
        client.get("/api/v1/cases", headers={"authorization": "Bearer forged"}).status_code == 401
    )


def test_an_authority_sees_only_its_cases(client: TestClient) -> None:
    asha, omar = token(client, "asha"), token(client, "omar")
    made = client.post("/api/v1/cases", json=CASE, headers=asha)
    assert made.status_code == 201, made.text
    case = made.json()
    assert case["authority"] == "ind-mha" and case["state"] == "draft"
    assert client.get(f"/api/v1/cases/{case['id']}", headers=asha).status_code == 200
    assert case["id"] in {c["id"] for c in client.get("/api/v1/cases", headers=asha).json()}
    assert case["id"] not in {c["id"] for c in client.get("/api/v1/cases", headers=omar).json()}
    refused = client.get(f"/api/v1/cases/{case['id']}", headers=omar)
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"


def endpoints(case_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    base = f"/api/v1/cases/{case_id}"
    return [
        ("GET", base, {}),
        ("PATCH", base, {"json": {"facts": "x"}}),
        ("GET", f"{base}/analysis", {}),
        ("PUT", f"{base}/basis", {"json": {"basis": None}}),
        ("POST", f"{base}/advance", {"json": {"to": "withdrawn"}}),
        ("POST", f"{base}/attachments?name=a.txt", {"content": b"abc"}),
        ("GET", f"{base}/request.pdf", {}),
        ("GET", f"{base}/request.docx", {}),
        ("GET", f"{base}/log", {}),
    ]


def test_every_endpoint_refuses_another_authority(client: TestClient) -> None:
    asha, omar = token(client, "asha"), token(client, "omar")
    case = client.post("/api/v1/cases", json=CASE, headers=asha).json()
    for method, url, extra in endpoints(case["id"]):
        response = client.request(method, url, headers=omar, **extra)
        assert response.status_code == 403, (method, url, response.text)
    assert [
        e["action"] for e in client.get(f"/api/v1/cases/{case['id']}/log", headers=asha).json()
    ] == ["create"]


def test_the_counterpart_reads_but_does_not_change(client: TestClient) -> None:
    asha, omar, nina = token(client, "asha"), token(client, "omar"), token(client, "nina")
    case = client.post("/api/v1/cases", json=CASE | {"counterpart": "pak-moi"}, headers=asha).json()
    assert client.get(f"/api/v1/cases/{case['id']}", headers=omar).status_code == 200
    assert client.get(f"/api/v1/cases/{case['id']}/analysis", headers=omar).status_code == 200
    assert (
        client.patch(f"/api/v1/cases/{case['id']}", json={"facts": "x"}, headers=omar).status_code
        == 403
    )
    assert client.get(f"/api/v1/cases/{case['id']}", headers=nina).status_code == 403


def test_roles_and_the_road_to_ready(client: TestClient) -> None:
    asha, ravi, vera = token(client, "asha"), token(client, "ravi"), token(client, "vera")
    case = client.post("/api/v1/cases", json=CASE, headers=asha).json()
    url = f"/api/v1/cases/{case['id']}"
    assert client.get(url, headers=vera).status_code == 200
    assert client.patch(url, json={"facts": "x"}, headers=vera).status_code == 403
    assert client.post("/api/v1/cases", json=CASE, headers=vera).status_code == 403
    only_reviewer = client.post(f"{url}/advance", json={"to": "ready"}, headers=asha)
    assert only_reviewer.status_code == 403 and "reviewer" in only_reviewer.json()["message"]
    incomplete = client.post(f"{url}/advance", json={"to": "ready"}, headers=ravi)
    assert incomplete.status_code == 422 and "missing" in incomplete.json()["message"]
    filled = client.patch(
        url,
        json={
            "facts": "On 1 May 2009 a device was detonated at a market.",
            "law_text": "Section 3 of the Explosive Substances Act.",
            "penalty": "Imprisonment for life.",
            "warrant": "Warrant of arrest, Court of Test, 2 May 2009, no. 1/2009.",
            "requesting_authority": "Ministry of Home Affairs",
        },
        headers=asha,
    )
    assert filled.status_code == 200, filled.text
    ready = client.post(f"{url}/advance", json={"to": "ready"}, headers=ravi)
    assert ready.status_code == 200 and ready.json()["state"] == "ready"
    analysis = client.get(f"{url}/analysis", headers=asha).json()
    assert analysis["chosen"]["instrument"] == "saarc-1987-convention"
    assert analysis["missing"] == []
    pdf = client.get(f"{url}/request.pdf", headers=asha)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf.content)) as document:
        text = " ".join(" ".join(p.extract_text() or "" for p in document.pages).split())
    assert "SAARC Regional Convention" in text and "a device was detonated" in text
    log = client.get(f"{url}/log", headers=asha).json()
    assert [(e["actor"], e["action"]) for e in log] == [
        ("asha", "create"),
        ("asha", "edit"),
        ("ravi", "advance"),
    ]


def test_attachments_are_hashed_and_bounded(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ctcoop.casework import store

    asha = token(client, "asha")
    case = client.post("/api/v1/cases", json=CASE, headers=asha).json()
    url = f"/api/v1/cases/{case['id']}/attachments"
    made = client.post(url, params={"name": "warrant.txt"}, content=b"warrant", headers=asha)
    assert made.status_code == 201 and len(made.json()["sha256"]) == 64
    monkeypatch.setattr(store, "MAX_ATTACHMENT", 4)
    refused = client.post(url, params={"name": "big.txt"}, content=b"too big", headers=asha)
    assert refused.status_code == 422 and "over the 4" in refused.json()["message"]
    shown = client.get(f"/api/v1/cases/{case['id']}", headers=asha).json()
    assert [a["name"] for a in shown["attachments"]] == ["warrant.txt"]


def test_bad_input_is_named(client: TestClient) -> None:
    asha = token(client, "asha")
    for body, says in [
        (CASE | {"requested": "Atlantis"}, "--requested"),
        (CASE | {"kind": "deportation"}, "deportation"),
        (CASE | {"offences": [{"offence": "arson"}]}, "unknown offence"),
        (CASE | {"unknown": 1}, "unknown"),
    ]:
        response = client.post("/api/v1/cases", json=body, headers=asha)
        assert response.status_code == 422, response.text
        assert says in response.text
