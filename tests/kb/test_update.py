"""``data update`` against pages served from this machine; never the network."""

from __future__ import annotations

import datetime as dt
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctcoop.errors import NetworkError
from ctcoop.kb import KnowledgeBase, load_kb
from ctcoop.kb.store import DataStore
from ctcoop.kb.update import fetch, update
from ctcoop.law import Status, status

PAGE = (Path(__file__).parent.parent / "fixtures" / "imports" / "untc-page.html").read_bytes()
# The OAS's status table of the 1981 extradition convention, in the layout the OAS publishes
# (rows invented for the test).
OAS_PAGE = (
    b"<html><body><table><tr><td>SIGNATORY COUNTRIES</td><td>SIGNATURE</td>"
    b"<td>RATIFICATION/ACCESSION</td><td>DEPOSIT</td><td>INFORMATION</td></tr>"
    b"<tr><td>Venezuela</td><td>02/25/81</td><td>03/12/82</td><td>03/18/82 RA</td><td></td></tr>"
    b"</table></body></html>"
)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if "XVIII-11" in self.path:
            body = PAGE
        elif self.path.endswith("/sigs/b-47.html"):
            body = OAS_PAGE
        else:
            body = b"<html><body>no table</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_update_imports_served_pages(
    kb: KnowledgeBase, tmp_path: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTCOOP_UNTC_URL", server + "/status?mtdsg_no={ref}&chapter={chapter}")
    monkeypatch.setenv("CTCOOP_DEPOSITARY_URL", server)
    store = DataStore(tmp_path)
    report = update(kb, store, lists=False, timeout=5, retries=1)
    # the UN page, and the OAS list of the instrument whose record names its address
    assert report.imported == ["un-1999-terrorist-financing", "oas-1981-extradition-convention"]
    # pages without a participants table are reported, not imported
    assert any("no table" in f for f in report.failed)
    merged = load_kb(store=store)
    assert (
        status(merged, "PAK", "un-1999-terrorist-financing", dt.date(2009, 7, 17)).status
        is Status.BOUND
    )
    venezuela = merged.participation("VEN", "oas-1981-extradition-convention")
    assert venezuela is not None
    assert {(a.type.value, str(a.date)) for a in venezuela.actions} >= {
        ("ratification", "1982-03-18")
    }


def test_offline_gives_a_clear_error(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = _closed_port()
    monkeypatch.setenv("CTCOOP_UNTC_URL", f"http://127.0.0.1:{port}/" + "{ref}{chapter}")
    monkeypatch.setenv("CTCOOP_UN_LIST_URL", f"http://127.0.0.1:{port}/list.xml")
    monkeypatch.setenv("CTCOOP_DEPOSITARY_URL", f"http://127.0.0.1:{port}")
    store = DataStore(tmp_path)
    with pytest.raises(NetworkError, match="is this machine online"):
        update(kb, store, timeout=1, retries=1)
    assert not store.imports.exists()


def test_fetch_retries_then_fails() -> None:
    with pytest.raises(NetworkError, match="after 2 tries"):
        fetch(f"http://127.0.0.1:{_closed_port()}/x", timeout=1, retries=2)
