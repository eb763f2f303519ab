"""POST /api/v1/screen: FollowTheMoney-shaped queries; each hit tied to the law behind it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ctcoop.api.app import create_app
from ctcoop.api.settings import Settings
from ctcoop.kb.store import DataStore


@pytest.fixture(scope="module")
def screening_client(reference_data: Path, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    from ctcoop.screening.store import ScreeningStore

    store = DataStore(tmp_path_factory.mktemp("screen-store"))
    screening = ScreeningStore.open(store)
    screening.load(reference_data / "sanctions" / "un" / "consolidated-2026-02-27.xml", "un")
    screening.close()
    return TestClient(create_app(Settings(data_dir=store.root)))


def test_screen_latin_and_arabic_script(screening_client: TestClient) -> None:
    body = {
        "queries": {
            "latin": {"schema": "Person", "properties": {"name": ["Aiman al-Zawahiri"]}},
            "arabic": {"schema": "Person", "properties": {"name": ["أيمن الظواهري"]}},
        },
        "state": "PAK",
        "on": "2026-03-01",
        "limit": 3,
    }
    response = screening_client.post("/api/v1/screen", json=body)
    assert response.status_code == 200
    for key in ("latin", "arabic"):
        top = response.json()["responses"][key]["results"][0]
        assert "ZAWAHIRI" in top["name"] and top["match"] and top["regime"] == "Al-Qaida"
        assert top["reference_number"] == "QDi.006" and top["explanations"]
        obliging = [o["instrument"] for o in top["law"]["obligations"]]
        assert "unsc-2253" in obliging


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"queries": {}}, 422),
        ({"queries": {"q": {"schema": "Person", "properties": {"name": ["x"]}}}, "on": "bad"}, 422),
        ({"queries": {"q": {"schema": "Spaceship", "properties": {"name": ["x"]}}}}, 422),
        ({"queries": {"q": {"schema": "Person", "properties": {}}}}, 422),
        (
            {"queries": {"q": {"schema": "Person", "properties": {"name": ["x"]}}}, "state": "Oz"},
            404,
        ),
    ],
)
def test_screen_rejects_bad_input(
    screening_client: TestClient, body: dict[str, object], status: int
) -> None:
    assert screening_client.post("/api/v1/screen", json=body).status_code == status


def test_no_list_loaded_says_how_to_fix(tmp_path: Path) -> None:
    client = TestClient(create_app(Settings(data_dir=tmp_path)))
    response = client.post(
        "/api/v1/screen",
        json={"queries": {"q": {"schema": "Person", "properties": {"name": ["Anyone"]}}}},
    )
    assert response.status_code == 404
    assert "ctcoop lists load" in " ".join(response.json()["suggestions"])
