"""End-to-end: the real server (uvicorn) and Debian's Chromium driven by Playwright.

Opens every page, uses the date control, expands an explanation, and saves screenshots: into a
temporary folder by default, so that tests leave tracked files alone, or into the folder named by
CTCOOP_SCREENSHOTS (`make screenshots` writes the README's, docs/screenshots/). Skipped with a
reason when Chromium is not installed (scripts/setup-browser.sh installs it; `make test` runs
that script).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

import stixsample
from ctcoop.api import localserver
from ctcoop.kb.reference import UNTC

ROOT = Path(__file__).parent.parent.parent
SHOTS = Path(
    os.environ.get("CTCOOP_SCREENSHOTS") or Path(tempfile.gettempdir()) / "ctcoop-screenshots"
)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (scripts/setup-browser.sh)",
)


E2E_PASSWORD = "correct horse battery"  # a test account of the test server only


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, reference_data: Path) -> Iterator[str]:
    store = tmp_path_factory.mktemp("e2e-store")
    env = {**os.environ, "CTCOOP_DATA_DIR": str(store)}
    for name, instrument in UNTC.items():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ctcoop",
                "data",
                "import",
                "untc",
                str(reference_data / "treaties" / "untc-chapter18-2014" / name),
                "--instrument",
                instrument,
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ctcoop",
            "lists",
            "load",
            str(reference_data / "sanctions" / "un" / "consolidated-2026-02-27.xml"),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    for command in (
        ["account", "authority", "ind-mha", "--state", "IND", "--name", "Ministry of Home Affairs"],
        ["account", "user", "ravi", "--authority", "ind-mha", "--role", "reviewer"],
    ):
        subprocess.run(
            [sys.executable, "-m", "ctcoop", *command],
            env=env | {"CTCOOP_PASSWORD": E2E_PASSWORD},
            check=True,
            capture_output=True,
        )
    env["CTCOOP_EXCHANGE_KEY"] = json.loads(
        subprocess.run(
            [sys.executable, "-m", "ctcoop", "exchange", "key", "--json"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )["key"]
    for ident, state in (
        ("pak-fia", "PAK"),
        ("ind-nia", "IND"),
        ("deu-bka", "DEU"),
        ("usa-fbi", "USA"),
    ):
        for command in (
            [
                "exchange",
                "agency",
                ident,
                "--state",
                state,
                "--kind",
                "police",
                "--name",
                ident.upper(),
            ],
            ["exchange", "user", ident.split("-")[0], "--agency", ident, "--role", "officer"],
        ):
            subprocess.run(
                [sys.executable, "-m", "ctcoop", *command],
                env=env | {"CTCOOP_PASSWORD": E2E_PASSWORD},
                check=True,
                capture_output=True,
            )
    for sender, recipient, on, data in (
        ("pak-fia", "ind-nia", "2026-01-01", []),
        ("deu-bka", "usa-fbi", "2009-01-01", ["personal"]),
    ):
        path = store / f"{sender}.json"
        path.write_text(json.dumps(stixsample.bundle(f"report of {sender}")))
        extra = [arg for d in data for arg in ("--data", d)]
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ctcoop",
                "exchange",
                "send",
                "--from",
                sender,
                "--to",
                recipient,
                "--purpose",
                "information_exchange",
                "--handling",
                "H0",
                "--tlp",
                "green",
                "--evaluation",
                "B2",
                "--on",
                on,
                "--bundle",
                str(path),
                *extra,
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    with localserver.running(env) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        yield context.new_page()
        browser.close()


def shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)  # type: ignore[attr-defined]


# the screen boxes of the visible labels under a selector, and the pairs of them that overlap
OVERLAPS = """(selector) => {
  const boxes = [...document.querySelectorAll(selector)]
    .filter((t) => t.getAttribute("display") !== "none" && t.textContent.trim() !== "")
    .map((t) => [t.textContent, t.getBoundingClientRect()]);
  const hits = [];
  boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, q]) => {
    const apart = r.right - 1 <= q.left || q.right - 1 <= r.left
      || r.bottom - 1 <= q.top || q.bottom - 1 <= r.top;
    if (!apart) hits.push([a, b]);
  }));
  return {shown: boxes.length, overlaps: hits};
}"""


def test_home_tree(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """The tree opens a branch on click, and no two of its labels overlap, however many are open."""
    page.goto(server + "/?on=2012-01-01")
    page.wait_for_selector("#model-tree svg .tree-node")
    before = page.locator("#model-tree .tree-node").count()
    assert before >= 4
    page.get_by_role("button", name="Shanghai Cooperation Organisation", exact=True).click()
    page.wait_for_function(f"document.querySelectorAll('#model-tree .tree-node').length > {before}")
    assert page.locator("#model-tree .tree-node", has_text="Shanghai Convention").count() >= 1
    for closed in page.locator("#model-tree .tree-node[aria-expanded=false]").all()[:6]:
        closed.click()
    labels = page.evaluate(OVERLAPS, "#model-tree .tree-node text")
    assert labels["shown"] > before + 10
    assert labels["overlaps"] == [], labels["overlaps"][:5]
    shot(page, "home")


def test_state_page_and_date_control(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/states/PAK?on=2010-01-01")
    row = page.locator("tr", has=page.locator("a", has_text="Terrorist Financing Convention"))
    assert "bound" in row.locator(".badge").inner_text()
    assert "not bound" not in row.locator(".badge").inner_text()
    page.fill("#on", "2009-07-01")
    page.locator("#asof-form button").click()
    page.wait_for_url("**on=2009-07-01**")
    row = page.locator("tr", has=page.locator("a", has_text="Terrorist Financing Convention"))
    assert "not bound" in row.locator(".badge").inner_text()
    row.locator("summary").click()
    assert "2009-06-17" in row.locator("details.why").inner_text()
    shot(page, "state")


def test_pair_grid_expands(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/pairs/USA/DEU?on=2012-01-01")
    cell = page.locator("details.basis", has_text="EU-US Extradition Agreement").first
    cell.locator("summary").first.click()
    assert "reaches Germany only through its membership" in cell.inner_text()
    cell.locator("details.why summary").click()  # read from its page when opened
    expect(cell.locator("details.why ol")).to_contain_text("2010-02-01")
    assert cell.locator("details.why .why-link").count() == 0
    shot(page, "pair")


def test_pair_shows_force_and_binding_only(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/pairs/USA/PAK?on=2012-01-01")
    strategy = page.locator("details.basis", has_text="Global Counter-Terrorism Strategy").first
    folded = page.locator("details.more", has=strategy).first  # not binding: folded
    folded.locator("summary").first.click()
    assert strategy.get_attribute("data-kind") == "commitment"
    assert "commitment" in strategy.locator(".force").first.inner_text()
    treaty = page.locator("details.basis", has_text="Extradition Treaty").first
    assert treaty.get_attribute("data-binding") == "true"
    assert "obligation" in treaty.locator(".force").first.inner_text()
    colour = "e => getComputedStyle(e).backgroundColor"
    assert strategy.locator(".force").first.evaluate(colour) != treaty.locator(
        ".force"
    ).first.evaluate(colour)
    assert page.locator(".force-legend").is_visible()
    page.get_by_label("Binding obligations in force only").check()
    page.wait_for_url("**binding_only=1**")
    assert page.locator("details.basis").count() > 0
    assert page.locator("details.basis[data-binding='false']").count() == 0
    assert page.locator("details.basis", has_text="Global Counter-Terrorism Strategy").count() == 0
    response = page.goto(server + "/pairs/IND/IND")
    assert response is not None and response.status == 400
    assert "cannot cooperate with itself" in page.locator("[role=alert]").inner_text()


def test_state_page_tells_commitments_from_obligations(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/states/PAK?on=2010-01-01")
    row = page.locator("tr", has=page.locator("a", has_text="Global Counter-Terrorism Strategy"))
    assert row.locator(".badge").inner_text() == "committed"
    assert "political" in row.locator(".force").inner_text()
    bound = page.locator("tr", has=page.locator("a", has_text="Terrorist Financing Convention"))
    colour = "e => getComputedStyle(e).backgroundColor"
    assert row.locator(".badge").evaluate(colour) != bound.locator(".badge").evaluate(colour)
    page.goto(server + "/coverage?measure=extradition&state=PAK&on=2012-01-01")
    note = page.locator("#force-note")
    assert "political commitments" in note.inner_text() and note.locator(".force").count() == 3


def test_organization_chart_and_map(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/organizations/org:sco?on=2018-01-01")
    page.wait_for_selector("#members-map path.country.member")
    assert page.locator("#members-map path.country.member").count() >= 8
    assert page.locator("#members-chart svg path").count() >= 1
    shot(page, "organization")


def test_instrument_map_and_years(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Every colour of the map is in its legend; the parties-over-time chart ends with as many
    states bound as the participants table lists as bound."""
    page.goto(server + "/instruments/un-1999-terrorist-financing?on=2014-07-01")
    page.wait_for_selector("#parties-map path.country.bound")
    assert page.locator("#parties-map path.country.bound").count() > 100
    assert page.locator("#consents-chart rect").count() > 5
    used = page.evaluate(
        """() => [...new Set([...document.querySelectorAll('#parties-map path.country')]
             .flatMap((p) => [...p.classList]).filter((c) => c !== 'country' && c !== 'linked'))]"""
    )
    keys = page.locator("#parties-legend .key").evaluate_all("ks => ks.map(k => k.classList[1])")
    assert "bound" in used and set(used) <= set(keys), (used, keys)
    page.wait_for_selector("#parties-chart path.line-bound")
    points = page.locator("#parties-chart circle.point title").all_text_contents()
    assert points[0].startswith("1999") or points[0].startswith("2000"), points[0]
    assert points[-1].startswith("2014: ")
    bound = page.locator("#parties-table tbody tr td .status.bound").count()
    assert points[-1].startswith(f"2014: {bound} bound"), (points[-1], bound)
    page.locator("#map-h").scroll_into_view_if_needed()
    shot(page, "instrument")


def test_state_page_fits_the_screen(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """The state page does not scroll sideways: wide tables scroll inside their box; its headers
    and gaps name things, not ids."""
    page.goto(server + "/states/PAK?on=2010-01-01")
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    assert "In force for Pakistan from" in page.locator("#statuses-table thead").inner_text()
    page.fill("#statuses-filter", "SAARC")
    visible = page.locator("#statuses-table tbody tr:visible")
    assert 0 < visible.count() < 10
    page.goto(server + "/organizations/org:sco?on=2018-01-01")
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


def test_coverage_map(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """The binding-only switch shows pairs reached only by commitments apart; the date slider
    recolours the map for a year, and Play runs to the page's date."""
    page.goto(server + "/coverage?measure=extradition&state=DEU&on=2012-01-01")
    page.wait_for_selector("#coverage-map path.country.bilateral")
    assert page.locator("#coverage-map path.country.regional").count() > 10
    shot(page, "coverage")
    regional_2012 = page.locator("#coverage-map path.country.regional").count()
    page.locator("#year").fill("1980")
    page.wait_for_selector('#coverage-map[data-on="1980-12-31"]')
    assert page.locator("#year-out").inner_text() == "1980-12-31"
    assert page.locator("#coverage-map path.country.regional").count() < regional_2012
    page.locator("#year").fill("2010")
    page.wait_for_selector('#coverage-map[data-on="2010-12-31"]')
    page.click("#play")
    page.wait_for_selector('#coverage-map[data-on="2012-01-01"]', timeout=20_000)
    assert page.locator("#coverage-map path.country.regional").count() == regional_2012
    page.get_by_label("binding obligations only").uncheck()
    page.locator("#coverage-form button[type=submit]").click()
    page.wait_for_url("**binding=false**")
    page.wait_for_selector("#coverage-map path.country")
    assert page.locator('#coverage-legend .key[data-class="non_binding"]').count() == 1


def test_network_and_filter(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Organisations sit in bands by level; labels never overlap, and zooming in shows more of them;
    a click shows a node's neighbourhood and lists it; the level filters drop links."""
    page.goto(server + "/network?on=2012-01-01")
    page.wait_for_selector("#network svg circle")
    y = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#network g.node')]
             .map((g) => [g.dataset.id, g.getBoundingClientRect().y]))"""
    )
    assert y["org:fatf"] < y["org:sco"] < y["CHN"]  # global band, regional band, states below
    labels = page.evaluate(OVERLAPS, "#network text.node-label")
    assert labels["overlaps"] == [], labels["overlaps"][:5]
    assert labels["shown"] >= 10
    box = page.locator("#network svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.7)
    for _ in range(4):
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(150)
    page.wait_for_timeout(600)
    zoomed = page.evaluate(OVERLAPS, "#network text.node-label")
    assert zoomed["overlaps"] == [], zoomed["overlaps"][:5]
    assert zoomed["shown"] > labels["shown"]
    page.click("#network-reset")
    page.wait_for_timeout(600)
    page.locator('#network g.node[data-id="org:sco"] circle').click()
    panel = page.locator("#network-panel")
    assert panel.locator("h2").inner_text() == "SCO"
    assert panel.locator("li", has_text="China").count() == 1
    assert page.locator('#network g.node[data-id="CHN"]').get_attribute("class") == "node"
    assert "faded" in (page.locator('#network g.node[data-id="USA"]').get_attribute("class") or "")
    page.locator('#network g.node[data-id="org:sco"] circle').click()  # again: everything is shown
    assert page.locator("#network g.node.faded").count() == 0
    before = page.locator("#network line").count()
    page.get_by_label("regional").uncheck()
    page.wait_for_function(f"document.querySelectorAll('#network line').length < {before}")
    page.get_by_label("regional").check()
    page.wait_for_timeout(500)
    shot(page, "network")


def test_timeline(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Marks sit on a true time scale (equal spans of time, equal distances), one row per kind with
    a legend, and the filters hide kinds and levels in the chart and the table."""
    import datetime as dt

    page.goto(server + "/timeline")
    page.wait_for_selector("#timeline svg path.mark")
    marks = page.eval_on_selector_all(
        "#timeline path.mark", "ps => ps.map(p => [p.dataset.date, +p.dataset.x])"
    )
    dated = {d: x for d, x in marks if len(d) == 10}
    assert len(dated) > 50
    (d1, x1), (d2, x2), (d3, x3) = (
        (dt.date.fromisoformat(d), dated[d])
        for d in (min(dated), sorted(dated)[len(dated) // 2], max(dated))
    )
    per_day = (x3 - x1) / (d3 - d1).days
    assert abs((x2 - x1) - per_day * (d2 - d1).days) < 1.0  # linear in time, to the pixel
    assert page.locator("#timeline-filter svg.key-mark path[d^='M']").count() == 5  # the legend
    shot(page, "timeline")
    attacks = page.locator("#timeline path.mark.attack")
    assert attacks.count() > 3
    page.get_by_label("attack").uncheck()
    assert attacks.first.is_hidden()
    assert page.locator("#events-table tbody tr[data-kind=attack]:visible").count() == 0
    page.select_option("#timeline-level", "regional")
    assert page.locator("#events-table tbody tr[data-level=global]:visible").count() == 0
    assert page.locator("#events-table tbody tr[data-level=regional]:visible").count() > 0


def test_screen_a_name(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/screen?on=2026-03-01")
    page.fill("#name", "Aiman al-Zawahiri")
    page.fill("#state", "PAK")
    # the first query of the server waits for the list's index, and the page says so meanwhile:
    # what the box showed is kept in the tab's session storage, as the page moves on to the hits
    page.evaluate(
        """() => { const box = document.getElementById("index-status");
        new MutationObserver(() => { if (!box.hidden) sessionStorage.setItem("shown",
          document.getElementById("index-text").textContent); })
        .observe(box, { attributes: true, subtree: true, childList: true }); }"""
    )
    page.get_by_role("button", name="Screen", exact=True).click()
    page.wait_for_selector("tr.hit-match", timeout=120_000)
    assert "index of UN" in page.evaluate("sessionStorage.getItem('shown') || ''")
    first = page.locator("tr.hit-match").first
    assert "ZAWAHIRI" in first.inner_text() and "Al-Qaida" in first.inner_text()
    assert "S/RES/2253" in first.inner_text() or "unsc-2253" in first.inner_text()
    first.locator("summary").click()
    assert "name" in first.locator("details.why").inner_text().lower()
    shot(page, "screen")


def test_screen_shows_what_the_list_says_of_a_hit(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/screen?on=2026-03-01&name=Mokhtar+Belmokhtar")
    first = page.locator("tr.hit-match").first
    assert "BELMOKHTAR" in first.inner_text()
    badge = first.locator(".badge-deceased")
    assert badge.inner_text() == "deceased"
    assert first.locator(".notice-text").inner_text().startswith("Reportedly deceased")


def test_screen_a_file(page, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A CSV uploaded on the page is screened in the background; progress, then the result and
    the rejected rows to download."""
    upload = tmp_path / "customers.csv"
    upload.write_text(
        "id,name,dob\nc1,Aiman al-Zawahiri,\nc2,Jane Nobody Example,1980\nc3,Someone,soon\n",
        encoding="utf-8",
    )
    page.goto(server + "/screen?on=2026-03-01")
    page.set_input_files("#batch-file", str(upload))
    page.get_by_role("button", name="Screen the file").click()
    page.wait_for_selector("#batch-result", state="visible", timeout=120_000)
    status = page.inner_text("#batch-text")
    assert "Done: 3 of 3 rows screened; 1 with a match, 1 rejected" in status, status
    assert page.locator("#batch-progress").get_attribute("value") == "3"
    assert "line 4, field dob" in page.inner_text("#batch-problems")
    with page.expect_download() as download:
        page.click("#batch-result")
    assert download.value.suggested_filename == "customers-screened.csv"
    with Path(download.value.path()).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == ["c1", "c2"]
    assert "ZAWAHIRI" in rows[0]["top_name"] and rows[0]["match"] == "True"
    assert rows[1]["match"] == "False"
    assert page.locator("#batch-rejects").is_visible()
    shot(page, "screen-batch")


def test_a_request_drafted_through_the_form(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Casework needs a login; a reviewer opens a request in three steps, sees its analysis (the
    1997 Convention as the basis: political offence excluded, non-discrimination preserved),
    makes it ready and downloads the request as PDF, whose text names the basis and the facts."""
    import pdfplumber

    page.goto(server + "/cases")
    assert "/login" in page.url  # a casework page asks for a login first
    page.fill("#username", "ravi")
    page.fill("#password", E2E_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/cases")
    page.get_by_role("link", name="New request").click()
    page.select_option("#kind", "extradition")
    page.fill("#requested", "PAK")
    page.fill("#case-on", "2010-01-01")
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url("**/step/2")
    page.fill("#person_name_0", "Test Person")
    page.fill("#person_dob_0", "1970-01-01")
    page.select_option("#offence_0", "terrorist_bombing")
    page.fill("#offence_date_0", "2009-05-01")
    page.fill("#offence_place_0", "Mumbai")
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/step/3")
    page.fill("#requesting_authority", "Ministry of Home Affairs")
    page.fill("#facts", "On 1 May 2009 a device was detonated at a market.")
    page.fill("#law_text", "Section 3 of the Explosive Substances Act.")
    page.fill("#penalty", "Imprisonment for life.")
    page.fill("#warrant", "Warrant of arrest, Court of Test, 2 May 2009, no. 1/2009.")
    page.get_by_role("button", name="Save and see the analysis").click()
    page.wait_for_selector("#chosen-basis")
    # with party status imported both are bound by the 1997 Convention, the basis most specific
    # to a bombing (the SAARC Convention is a candidate too)
    assert "Terrorist Bombings" in page.inner_text("#chosen-basis")
    political = page.locator("#grounds-table tr[data-ground=political_offence]").inner_text()
    assert "excluded" in political and "11" in political
    fair = page.locator("#grounds-table tr[data-ground=non_discrimination]").inner_text()
    assert "preserved" in fair and "12" in fair
    assert page.locator("#missing-none").is_visible()
    page.select_option("#to", "ready")
    page.get_by_role("button", name="Move").click()
    page.wait_for_selector("#case-state")
    assert page.inner_text("#case-state") == "ready"
    shot(page, "case")
    with page.expect_download() as download:
        page.click("#draft-pdf")
    with pdfplumber.open(download.value.path()) as pdf:
        text = " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())
    assert "India to Pakistan" in text and "Suppression of Terrorist Bombings" in text
    assert "Article 11" in text and "a device was detonated at a market" in text
    assert [r.inner_text().split("\t")[3] for r in page.locator("#log-table tbody tr").all()][
        -1
    ].startswith("advance")


def test_an_assessment_answered_reported_and_compared(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """A casework user starts an assessment of Pakistan, fills what the knowledge base decides,
    answers a question through the form (a bad answer is refused and shown), reads the overview
    report and its PDF, and the SAARC heat map draws every member by section; no page breaks the
    content security policy."""
    import pdfplumber

    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(server + "/assessments")
    if "/login" in page.url:
        page.fill("#username", "ravi")
        page.fill("#password", E2E_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/assessments")
    page.fill("#new-state", "PAK")
    page.fill("#new-on", "2014-06-30")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/assessments/asm-*")
    page.get_by_role("button", name="Fill what the knowledge base decides").click()
    page.wait_for_selector("#q-1373-3c")
    assert "full" in page.inner_text("#q-1373-3c") and "derived" in page.inner_text("#q-1373-3c")
    page.select_option("#answer-question", "1373-1b")
    page.get_by_role("button", name="Record").click()  # neither score nor note
    assert "give a score" in page.inner_text("[role=alert]")
    page.select_option("#answer-question", "1373-1b")
    page.select_option("#answer-score", "limited")
    page.fill("#answer-note", "financing of an individual terrorist not covered")
    page.fill("#answer-assistance", "legislative drafting")
    page.get_by_role("button", name="Record").click()
    page.wait_for_selector("#q-1373-1b")
    assert "limited" in page.inner_text("#q-1373-1b")
    page.get_by_role("link", name="overview report").click()
    page.wait_for_selector("#fast-facts")
    assert "South Asian Association for Regional Cooperation" in page.inner_text("#fast-facts")
    assert "financing of an individual terrorist" in page.inner_text("#shortfalls")
    assert "legislative drafting" in page.inner_text("#assistance")
    shot(page, "assessment-report")
    with page.expect_download() as download:
        page.click("#report-pdf")
    with pdfplumber.open(download.value.path()) as pdf:
        text = " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())
    assert "Fast facts" in text and "Top shortfalls" in text and "Pakistan" in text
    page.goto(server + "/assessments/compare?target=org:saarc&on=2014-06-30")
    page.wait_for_selector("#heatmap")
    rows = page.locator("#heatmap tbody tr")
    assert rows.count() == 8
    pak = page.locator("#heatmap tbody tr", has_text="Pakistan")
    assert pak.locator("td.heat-4").count() >= 1  # international cooperation, derived
    assert page.locator("#heatmap td.heat-none").count() >= 1
    shot(page, "assessment-heatmap")
    assert violations == []


def test_every_table_downloads_as_csv(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """A table the server does not write as CSV itself gets a button that downloads its rows as
    shown; the compare matrix keeps its server-side CSV (no second button)."""
    import csv

    page.goto(server + "/organizations/org:saarc?on=2014-06-30")
    page.wait_for_selector("button.csv-download")
    table = page.locator("main table").first
    header = [c.inner_text().strip() for c in table.locator("thead th").all()]
    rows = table.locator("tbody tr").count()
    with page.expect_download() as caught:
        page.locator("button.csv-download").first.click()
    with Path(caught.value.path()).open(encoding="utf-8", newline="") as file:
        found = list(csv.reader(file))
    assert caught.value.suggested_filename.endswith(".csv")
    assert [h.strip() for h in found[0]] == header and len(found) == rows + 1
    page.goto(server + "/compare?states=IND,PAK&instruments=set:universal-12&on=2010-01-01")
    page.wait_for_selector("#compare-table")
    assert page.locator("button.csv-download").count() == 0
    assert page.locator("#compare-csv").count() == 1


def test_exchange_inbox_message_and_refusal(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """An agency user logs in to the exchange, finds the message delivered with its legal
    basis, opens it (codes, basis, objects); the German sender sees its refusal and why."""
    page.goto(server + "/exchange")
    assert "/exchange/login" in page.url
    page.fill("#username", "ind")
    page.fill("#password", E2E_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("#inbox-table")
    row = page.locator("#inbox-table tbody tr").first
    assert "pak-fia" in row.inner_text() and "SAARC" in row.inner_text()
    row.locator("a").click()
    page.wait_for_selector("#message-codes")
    codes = page.inner_text("#message-codes")
    assert "H0" in codes and "TLP:GREEN" in codes and "B2" in codes
    assert "art. VIII" in page.inner_text("#delivery-ind-nia")
    assert "report of pak-fia" in page.inner_text("#objects-table")
    shot(page, "exchange-message")
    page.goto(server + "/exchange/login?next=/exchange")
    page.fill("#username", "deu")
    page.fill("#password", E2E_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("#outbox-table")
    refused = page.locator("#outbox-table tbody tr.refused").first.inner_text()
    assert "usa-fbi" in refused and "eu-personal-data-to-third-states" in refused
    assert page.locator("#inbox-table tbody tr").first.inner_text() == "Nothing delivered."


def test_keyboard_and_labels(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for field in ("q", "on"):
        assert page.locator(f"label[for={field}]").count() == 1


def test_pages_run_under_the_content_security_policy(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """No page needs inline script or a foreign origin: the browser reports no CSP violation."""
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    for path in (
        "/?on=2012-01-01",
        "/states/PAK?on=2010-01-01",
        "/pairs/USA/PAK?on=2012-01-01",
        "/coverage?measure=extradition&state=DEU&on=2012-01-01",
        "/network?on=2012-01-01",
        "/timeline",
        "/screen",
        "/data",
    ):
        response = page.goto(server + path)
        assert (
            response is not None
            and "script-src 'self'" in response.headers["content-security-policy"]
        )
        page.wait_for_load_state("networkidle")
    assert violations == []


def test_api_docs_render_offline(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """/api/docs is Swagger UI from the project's own assets: it renders the operations and no
    request leaves the server's address, under a policy without inline script."""
    from urllib.parse import urlsplit

    requested: list[str] = []
    violations: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    response = page.goto(server + "/api/docs")
    assert response is not None and response.status == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "cdn" not in policy
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/bases" in p for p in paths)
    origin = urlsplit(server).netloc
    assert requested and all(urlsplit(u).netloc == origin for u in requested), requested
    assert violations == []
    favicon = page.request.get(server + "/static/favicon.svg")
    assert favicon.status == 200 and b"<svg" in favicon.body()


def test_instrument_participants_sort_filter_and_download(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/instruments/un-1999-terrorist-financing?on=2010-01-01")
    table = page.locator("#parties-table")
    first = table.locator("tbody tr").first.locator("td").first
    assert first.inner_text() == "Afghanistan"  # by name
    header = table.locator("thead th", has_text="Deposited")
    header.click()  # earliest deposit first
    dates = [d for d in table.locator("tbody tr td:nth-child(4)").all_inner_texts() if d]
    assert dates == sorted(dates) and len(dates) > 100
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    dates = [d for d in table.locator("tbody tr td:nth-child(4)").all_inner_texts() if d]
    assert dates == sorted(dates, reverse=True)
    page.fill("#parties-filter", "Pakistan")
    assert table.locator("tbody tr:visible").count() == 1
    with page.expect_download() as caught:
        page.click("#parties-csv")
    download = caught.value
    assert download.suggested_filename == "un-1999-terrorist-financing-parties-2010-01-01.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("state,name,signature,consent,consent_date")
    assert "\nPAK,Pakistan," in text


def test_compare_matrix_sorts_and_downloads(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/compare?states=USA,IND,PAK&instruments=set:universal-12&on=2010-01-01")
    table = page.locator("#compare-table")
    names = table.locator("tbody tr td:first-child").all_inner_texts()
    assert names == ["United States", "India", "Pakistan"]
    table.locator("thead th").first.click()
    assert table.locator("tbody tr td:first-child").all_inner_texts() == sorted(names)
    with page.expect_download() as caught:
        page.click("#compare-csv")
    text = Path(caught.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("state,name,icao-1963-tokyo")
    assert len(text.splitlines()) == 4


def test_pair_page_is_compact_and_filters(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """India and Pakistan: binding bases shown, the rest folded under a count, so the whole grid
    fits within three screen heights; a measure can be chosen and unknowns hidden."""
    page.goto(server + "/pairs/IND/PAK?on=2010-01-01")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3 * page.viewport_size["height"], height
    folded = page.locator("details.more").first
    assert folded.locator("details.basis").first.is_hidden()
    folded.locator("summary").first.click()
    assert folded.locator("details.basis").first.is_visible()
    page.select_option("#pair-measure", "extradition")
    page.wait_for_url("**measure=extradition**")
    assert page.locator("table.grid tbody tr").count() == 1
    page.get_by_label("Hide unknown").check()
    page.wait_for_url("**hide_unknown=1**")
    assert page.locator("details.basis.unknown").count() == 0


def test_pair_memo_reads_back_from_pdf_and_docx(page, server: str) -> None:  # type: ignore[no-untyped-def]
    import pdfplumber
    from docx import Document

    page.goto(server + "/pairs/USA/PAK?on=2012-01-01")
    page.select_option("#memo-measure", "extradition")
    page.click("#memo-form button")
    page.wait_for_url("**/pairs/USA/PAK/memo?**")
    assert "us-pak-1931-extradition" in page.locator("article.memo").inner_text()
    with page.expect_download() as caught:
        page.click("#memo-pdf")
    assert caught.value.suggested_filename == "memo-USA-PAK-extradition-2012-01-01.pdf"
    with pdfplumber.open(caught.value.path()) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "On what legal basis can United States and Pakistan cooperate on extradition" in text
    assert "us-pak-1931-extradition" in text and "art. 1 (shall)" in text
    assert "Binding bases in force for both: bilateral level" in text
    with page.expect_download() as caught:
        page.click("#memo-docx")
    paragraphs = [p.text for p in Document(caught.value.path()).paragraphs]
    assert any("us-pak-1931-extradition" in p for p in paragraphs)
    assert any(p.startswith("art. 1 (shall)") for p in paragraphs)


AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize(
    "path",
    [
        "/?on=2012-01-01",
        "/states/PAK?on=2010-01-01",
        "/organizations/org:sco?on=2018-01-01",
        "/instruments/un-1999-terrorist-financing?on=2010-01-01",
        "/pairs/IND/PAK?on=2010-01-01&measure=extradition",
        "/pairs/USA/PAK/memo?measure=extradition&on=2012-01-01",
        "/pairs/IND/PAK/why?measure=extradition&instrument=saarc-1987-convention&on=2010-01-01",
        "/compare?states=IND,PAK&instruments=set:universal-12&on=2010-01-01",
        "/coverage?measure=extradition&state=DEU&on=2012-01-01",
        "/network?on=2012-01-01",
        "/timeline",
        "/screen",
        "/login",
        "/data",
    ],
)
def test_no_serious_accessibility_violation(page, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    """axe-core (from the npm registry, installed with the web assets) finds no serious or
    critical violation of WCAG 2 A/AA on the main pages."""
    if not AXE.is_file():
        pytest.skip(f"axe-core not installed at {AXE}: run scripts/build-assets.sh")
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # through DevTools: the page's CSP still holds
    found = page.evaluate(
        """async () => {
          const only = {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}};
          const r = await axe.run(document, only);
          return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                         target: v.nodes[0] && v.nodes[0].target.join(" ")}));
        }"""
    )
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
