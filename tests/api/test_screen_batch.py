"""The screening service beyond one query: CSV batches (/api/v1/screen/batch), the index's
status (/api/v1/screen/index), and what the list says of a hit (notices) in the API and on the
page. On the invented UN lists: version 1 active, the newer version 2 (without Maria Testova)
stored but not active."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ctcoop.api.app import create_app
from ctcoop.api.settings import Settings
from ctcoop.kb.store import DataStore
from ctcoop.screening.store import ScreeningStore

FIXTURES = Path(__file__).parent.parent / "screening" / "fixtures"
BATCH = "/api/v1/screen/batch"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    store = DataStore(tmp_path_factory.mktemp("batch-store"))
    screening = ScreeningStore.open(store)
    screening.load(FIXTURES / "un-v1.xml", "un")
    screening.load(FIXTURES / "un-v2.xml", "un", activate=False)
    screening.close()
    return TestClient(create_app(Settings(data_dir=store.root)))


def until(client: TestClient, url: str, done: set[str]) -> dict[str, Any]:
    for _ in range(300):
        body: dict[str, Any] = client.get(url).json()
        if body["state"] in done:
            return body
        time.sleep(0.05)
    raise AssertionError(f"{url} stayed {body['state']}")


def test_the_index_is_stored_then_built_on_request(client: TestClient) -> None:
    status = client.get("/api/v1/screen/index", params={"lists": "un"}).json()
    assert status["state"] in ("stored", "ready") and status["versions"][0]["id"] == 1
    started = client.post("/api/v1/screen/index", params={"lists": "un"})
    assert started.status_code == 202 and started.json()["state"] in ("loading", "ready")
    ready = until(client, "/api/v1/screen/index?lists=un", {"ready"})
    assert ready["message"] == "The index of UN is ready"


@pytest.mark.parametrize(("lists", "status", "state"), [("eu", 200, "none"), ("mars", 422, None)])
def test_the_index_of_a_list_not_loaded(
    client: TestClient, lists: str, status: int, state: str | None
) -> None:
    response = client.get("/api/v1/screen/index", params={"lists": lists})
    assert response.status_code == status
    assert state is None or response.json()["state"] == state


def test_a_hit_the_newer_version_dropped_is_delisted(client: TestClient) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Maria Testova"]}}}}
    top = client.post("/api/v1/screen", json=body).json()["responses"]["q"]["results"][0]
    assert top["name"] == "MARIA TESTOVA"
    assert top["notices"] == [
        {
            "kind": "delisted",
            "text": "Not in the newer UN list (version 2, published 2020-01-15)",
            "source": "UN version 2",
            "date": "2020-01-15",
        }
    ]
    body["queries"]["q"]["properties"]["name"] = ["John Quincy Example"]
    top = client.post("/api/v1/screen", json=body).json()["responses"]["q"]["results"][0]
    assert top["notices"] == []  # version 2 still lists him


def test_the_page_shows_the_notice_and_the_batch_form(client: TestClient) -> None:
    page = client.get("/screen", params={"name": "Maria Testova"}).text
    assert 'class="badge badge-delisted"' in page and "Not in the newer UN list" in page
    assert 'id="batch-form"' in page and 'src="/static/js/screen.js"' in page
    assert client.get("/static/js/screen.js").status_code == 200


def test_a_batch_runs_and_its_result_downloads(client: TestClient) -> None:
    csv = "name,id,dob\nMaria Testova,c1,\nJohn Quincy Example,c2,1970\nNobody,c3,someday\n"
    response = client.post(
        BATCH,
        params={"lists": "un", "name": "customers.csv"},
        content=csv.encode(),
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 202
    job = response.json()
    assert (job["name"], job["rows"], job["lists"]) == ("customers.csv", 3, ["un"])
    job = until(client, f"{BATCH}/{job['id']}", {"done", "failed"})
    assert (job["state"], job["done"], job["matched"], job["rejected"]) == ("done", 3, 2, 1)
    assert job["problems"][0].startswith("line 4, field dob: dob: 'someday' is not understood")
    result = client.get(job["result"])
    assert result.headers["content-type"].startswith("text/csv")
    assert result.headers["content-disposition"] == 'attachment; filename="customers-screened.csv"'
    lines = result.text.splitlines()
    assert lines[0].startswith("row,id,name,dob") and lines[0].endswith("explanations,notices")
    assert lines[1].startswith("1,c1,Maria Testova,") and "delisted: Not in the newer" in lines[1]
    rejects = client.get(job["rejects"]).text
    assert rejects.startswith("row,line,field,reason,input") and "Nobody,c3,someday" in rejects


@pytest.mark.parametrize(
    ("content", "status", "says"),
    [
        (b"who,dob\nJane,1970\n", 422, "upload.csv:1: field 'name': the header has no 'name'"),
        (b"name\n", 422, "has a header but no rows"),
        (b"\x89PNG\r\n\x1a\n\xff", 422, "the file is not utf-8"),
        (b"name\n" + b"Jane Example\n" * 90_000, 413, "batch CSV of at most 1 MiB"),
    ],
)
def test_a_bad_batch_is_refused_with_the_fix(
    client: TestClient, content: bytes, status: int, says: str
) -> None:
    response = client.post(BATCH, content=content, headers={"content-type": "text/csv"})
    assert response.status_code == status
    assert says in response.json()["message"]


@pytest.mark.parametrize(
    ("path", "status"),
    [(f"{BATCH}/nope", 404), (f"{BATCH}/nope/result.csv", 404), (f"{BATCH}/nope/other.csv", 422)],
)
def test_an_unknown_batch(client: TestClient, path: str, status: int) -> None:
    assert client.get(path).status_code == status


def test_the_openapi_documents_the_new_answers(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    for path in (
        BATCH,
        f"{BATCH}/{{job}}",
        f"{BATCH}/{{job}}/{{which}}.csv",
        "/api/v1/screen/index",
    ):
        assert path in spec["paths"], path
    assert "text/csv" in spec["paths"][BATCH]["post"]["requestBody"]["content"]
    schemas = spec["components"]["schemas"]
    assert schemas["BatchJobView"]["examples"][0]["state"] == "done"
    assert "notices" in schemas["ScreenHit"]["properties"]
