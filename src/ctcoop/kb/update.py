"""``ctcoop data update``: fetch the current official records when the machine is online.

Downloads the UN Treaty Collection status page of every UN-deposited instrument in chapter XVIII,
the status list of every instrument whose record names one (``status_list:`` with the importer
that reads it: the OAS, ICAO, IMO, IAEA or AU lists), and the UN Security Council Consolidated List
(kept for the screening service), with a timeout and retries. Base addresses can be overridden
(``CTCOOP_UNTC_URL``, ``CTCOOP_UN_LIST_URL``, ``CTCOOP_DEPOSITARY_URL``), which the tests use to
serve pages from this machine.
"""

from __future__ import annotations

import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ctcoop.errors import CtcoopError, NetworkError
from ctcoop.kb.knowledge import KnowledgeBase
from ctcoop.kb.store import DataStore

UNTC_URL = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={ref}&chapter={chapter}&clang=_en"
UN_LIST_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
_REF = re.compile(r"UNTC\s+(XVIII-\d+)")


@dataclass
class UpdateReport:
    fetched: list[str] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def fetch(url: str, timeout: float = 20.0, retries: int = 3) -> bytes:
    """GET ``url`` with a timeout, retrying with backoff; NetworkError with a clear message."""
    last: Exception | None = None
    for attempt in range(retries):
        try:
            request = urllib.request.Request(
                url, headers={"User-Agent": "ctcoop/0.1 (data update)"}
            )
            with urllib.request.urlopen(request, timeout=timeout) as response:
                data: bytes = response.read()
                return data
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            last = exc
            if attempt + 1 < retries:
                time.sleep(0.5 * 2**attempt)
    raise NetworkError(
        f"could not reach {url} after {retries} tries ({last}); is this machine "
        "online? The data already imported is unchanged."
    )


def untc_targets(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(instrument id, status page URL) for each UN-deposited counter-terrorism convention."""
    base = os.environ.get("CTCOOP_UNTC_URL", UNTC_URL)
    out = []
    for inst in kb.instruments.values():
        match = _REF.search(inst.treaty_collection or "")
        if match:
            out.append((inst.id, base.format(ref=match.group(1), chapter="18")))
    return sorted(out)


def depositary_targets(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    """(instrument id, importer, address) for each instrument whose status list is recorded."""
    base = os.environ.get("CTCOOP_DEPOSITARY_URL")
    out = []
    for inst in kb.instruments.values():
        if inst.status_list is None:
            continue
        url = inst.status_list.url
        if base:  # the same path on another server (the tests serve pages from this machine)
            url = base.rstrip("/") + urllib.parse.urlsplit(url).path
        out.append((inst.id, inst.status_list.importer, url))
    return sorted(out)


def update(
    kb: KnowledgeBase,
    store: DataStore,
    *,
    lists: bool = True,
    timeout: float = 20.0,
    retries: int = 3,
) -> UpdateReport:
    from ctcoop.kb.importers import run_import

    report = UpdateReport()
    for instrument, url in untc_targets(kb):
        try:
            page = fetch(url, timeout, retries)
        except NetworkError as exc:
            report.failed.append(f"{instrument}: {exc}")
            continue
        path = store.downloads / f"untc-{instrument}.html"
        _write_bytes(path, page)
        report.fetched.append(str(path))
        try:
            run_import(kb, store, "untc", path, instrument=instrument)
            report.imported.append(instrument)
        except CtcoopError as exc:
            report.failed.append(f"{instrument}: {exc}")
    for instrument, importer, url in depositary_targets(kb):
        try:
            data = fetch(url, timeout, retries)
        except NetworkError as exc:
            report.failed.append(f"{instrument}: {exc}")
            continue
        suffix = ".pdf" if data[:5] == b"%PDF-" else ".html"
        path = store.downloads / f"{importer}-{instrument}{suffix}"
        _write_bytes(path, data)
        report.fetched.append(str(path))
        try:
            run_import(kb, store, importer, path, instrument=instrument)
            report.imported.append(instrument)
        except CtcoopError as exc:
            report.failed.append(f"{instrument}: {exc}")
    if lists:
        url = os.environ.get("CTCOOP_UN_LIST_URL", UN_LIST_URL)
        try:
            path = store.downloads / "un-consolidated.xml"
            _write_bytes(path, fetch(url, timeout, retries))
            report.fetched.append(str(path))
        except NetworkError as exc:
            report.failed.append(f"UN consolidated list: {exc}")
    if not report.fetched and report.failed:
        raise NetworkError("nothing could be downloaded: " + report.failed[0])
    return report


def _write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".part")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_bytes(data)
    tmp.replace(path)
