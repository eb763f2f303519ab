"""The server under hostile input: bounded requests, the project's error shape, security headers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ctcoop.api.guard import MAX_BODY


def test_security_headers_on_pages_and_api(client: TestClient) -> None:
    for path in ("/api/v1/health", "/states/PAK", "/static/app.css"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"
        assert "server" not in headers


def test_oversized_body_is_413_before_parsing(client: TestClient) -> None:
    body = b'{"queries": {}}' + b" " * (MAX_BODY + 1)
    response = client.post(
        "/api/v1/screen", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["error"] == "too_large"


@pytest.mark.parametrize(
    "body", [b"[" * 50_000 + b"]" * 50_000, b'{"queries": ', b"\xff\xfe not json"]
)
def test_bad_json_answers_in_the_project_shape(client: TestClient, body: bytes) -> None:
    response = client.post(
        "/api/v1/screen", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert set(response.json()) >= {"error", "message"}


def test_repeated_states_are_deduplicated_and_capped(client: TestClient) -> None:
    repeated = client.get(
        "/api/v1/coverage",
        params={"measure": "extradition", "states": ",".join(["PAK", "IND"] * 4000)},
    )
    assert repeated.status_code == 200 and repeated.json()["states"] == ["PAK", "IND"]
    many = client.get(
        "/api/v1/coverage",
        params={"measure": "extradition", "states": ",".join(f"S{i}" for i in range(400))},
    )
    assert many.status_code == 422 and "at most 300" in many.json()["message"]


def test_names_are_bounded_and_nationality_checked(client: TestClient) -> None:
    def screen(properties: dict[str, list[str]]) -> dict[str, object]:
        response = client.post(
            "/api/v1/screen",
            json={"queries": {"q": {"schema": "Person", "properties": properties}}},
        )
        assert response.status_code == 422, response.text
        body: dict[str, object] = response.json()
        return body

    assert "at most 16" in str(screen({"name": [" ".join(["w"] * 100)]})["message"])
    assert "at most 300" in str(screen({"name": ["x" * 5000]})["message"])
    assert "Narnia" in str(screen({"name": ["John Smith"], "nationality": ["Narnia"]})["message"])


def test_unknown_page_is_an_html_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]


def test_words_per_request_are_bounded(client: TestClient) -> None:
    name = " ".join(["Abdulrahman"] * 16)
    queries = {f"q{i}": {"schema": "Person", "properties": {"name": [name]}} for i in range(30)}
    response = client.post("/api/v1/screen", json={"queries": queries})
    assert response.status_code == 422 and "at most 400" in response.json()["message"]


def test_public_answers_are_compressed_signed_in_ones_are_not(client: TestClient) -> None:
    """Gzip for requests without credentials (a pair's page is over a megabyte of HTML); never
    beside a session or a token (BREACH), and never below a kilobyte."""
    import gzip

    accept = {"accept-encoding": "gzip"}
    plain = client.get("/pairs/IND/PAK?on=2010-01-01", headers={"accept-encoding": "identity"})
    raw = client.get("/pairs/IND/PAK?on=2010-01-01", headers=accept)
    assert plain.headers.get("content-encoding") is None
    assert raw.headers["content-encoding"] == "gzip" and raw.text == plain.text
    with client.stream("GET", "/pairs/IND/PAK?on=2010-01-01", headers=accept) as streamed:
        sent = b"".join(streamed.iter_raw())
    assert gzip.decompress(sent).decode() == plain.text and len(sent) * 5 < len(plain.content)
    assert raw.headers["content-security-policy"]  # the guard's headers still on it
    for credentials in ({"authorization": "Bearer x"}, {"cookie": "ctcoop_session=x"}):
        signed_in = client.get("/pairs/IND/PAK?on=2010-01-01", headers=accept | credentials)
        assert signed_in.headers.get("content-encoding") is None, credentials
    assert client.get("/api/v1/health", headers=accept).headers.get("content-encoding") is None
