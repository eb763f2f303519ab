"""Screening against the list the user chooses (UN, OFAC, EU: whichever is loaded), in the API and
on the web page; one matcher per choice, a bounded number of them kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient

from ctcoop.api.app import create_app
from ctcoop.api.settings import Settings
from ctcoop.kb.store import DataStore
from ctcoop.screening import service
from ctcoop.screening.store import ScreeningStore

FIXTURES = Path(__file__).parent / "fixtures"


def client_with_two_lists(tmp_path: Path, ofac_dir: Path) -> TestClient:
    store = DataStore(tmp_path / "data")
    screening = ScreeningStore.open(store)
    screening.load(FIXTURES / "un-v1.xml", "un")
    screening.load(ofac_dir, "ofac", published=dt.date(2024, 5, 1))
    screening.close()
    return TestClient(create_app(Settings(data_dir=store.root)))


def screen(client: TestClient, name: str, lists: list[str] | None) -> dict[str, object]:
    body: dict[str, object] = {
        "queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}
    }
    if lists is not None:
        body["lists"] = lists
    response = client.post("/api/v1/screen", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, object] = response.json()["responses"]["q"]
    return answer


def test_the_chosen_list_is_the_one_screened(tmp_path: Path, ofac_dir: Path) -> None:
    client = client_with_two_lists(tmp_path, ofac_dir)
    ofac = screen(client, "John Quincy Example", ["ofac-sdn"])
    assert [v["list_name"] for v in ofac["lists"]] == ["ofac-sdn"]  # type: ignore[index, union-attr]
    assert ofac["results"][0]["match"]  # type: ignore[index]
    default = screen(client, "Maria Testova", None)  # the UN list, where only she is listed
    assert [v["list_name"] for v in default["lists"]] == ["un"]  # type: ignore[index, union-attr]
    assert default["results"][0]["match"]  # type: ignore[index]
    elsewhere = screen(client, "Maria Testova", ["ofac-sdn"])
    assert not any(r["match"] for r in elsewhere["results"])  # type: ignore[union-attr]
    both = screen(client, "John Quincy Example", ["un", "ofac-sdn"])
    assert {v["list_name"] for v in both["lists"]} == {"un", "ofac-sdn"}  # type: ignore[union-attr]
    refused = client.post(
        "/api/v1/screen",
        json={"queries": {"q": {"properties": {"name": ["x"]}}}, "lists": ["interpol"]},
    )
    assert refused.status_code == 422 and "interpol" in refused.text
    page = client.get("/screen?name=John+Quincy+Example&list=ofac-sdn")
    assert page.status_code == 200 and "hit-match" in page.text
    assert '<option value="ofac-sdn" selected>' in page.text and '<option value="un"' in page.text


def test_matchers_are_bounded(tmp_path: Path, ofac_dir: Path, monkeypatch: object) -> None:
    client = client_with_two_lists(tmp_path, ofac_dir)
    screener = client.app.state.screener  # type: ignore[attr-defined]
    for lists in (["un"], ["ofac-sdn"], ["un", "ofac-sdn"], ["ofac-sdn", "un"], ["un"]):
        screen(client, "Example", lists)
    assert len(screener._matchers) <= service.HELD
