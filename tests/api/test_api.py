"""The REST API through the app: shapes, errors mapped in one place, same answers as the CLI."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from ctcoop.cli.main import main


def test_health(client: TestClient) -> None:
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["instruments"] > 100


def test_instrument(client: TestClient) -> None:
    body = client.get("/api/v1/instruments/un-1999-terrorist-financing").json()
    assert body["entry_into_force"] == "2002-04-10" and body["sources"]


def test_instrument_list_filters(client: TestClient) -> None:
    body = client.get("/api/v1/instruments", params={"level": "bilateral"}).json()
    assert body["count"] == len(body["instruments"]) > 5
    assert {i["level"] for i in body["instruments"]} == {"bilateral"}


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/v1/instruments/un-1999-terrorist-financin", 404, None),
        ("/api/v1/actors/Atlantis", 404, None),
        ("/api/v1/bases?a=IND&b=PAK&measure=teleport", 422, "measure"),
        ("/api/v1/bases?a=IND&b=PAK&measure=extradition&on=29-09-2001", 422, "on"),
        ("/api/v1/bases?a=IND&measure=extradition", 422, "b"),
        ("/api/v1/instruments?level=galactic", 422, "level"),
        ("/api/v1/stats/consents?instruments=unsc-1373&from=2010&to=2000", 422, "to"),
    ],
)
def test_errors(client: TestClient, url: str, status: int, field: str | None) -> None:
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert body["message"]
    if field is not None:
        assert body["field"] == field


def test_not_found_suggests(client: TestClient) -> None:
    body = client.get("/api/v1/instruments/un-1999-terrorist-financin").json()
    assert "un-1999-terrorist-financing" in body["suggestions"]


def test_members(client: TestClient) -> None:
    body = client.get("/api/v1/members/org:sco", params={"on": "2016-01-01"}).json()
    assert {m["id"] for m in body["members"]} == {"CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"}


def test_status(client: TestClient) -> None:
    body = client.get(
        "/api/v1/status",
        params={"state": "Pakistan", "instrument": "unsc-1373", "on": "2010-01-01"},
    ).json()
    assert body["status"] == "bound" and body["explanation"]


@pytest.mark.parametrize(
    ("a", "b", "on"), [("IND", "PAK", "2010-01-01"), ("USA", "DEU", "2009-01-01")]
)
def test_bases_same_as_cli(
    client: TestClient, capsys: pytest.CaptureFixture[str], a: str, b: str, on: str
) -> None:
    api = client.get(
        "/api/v1/bases", params={"a": a, "b": b, "measure": "extradition", "on": on}
    ).json()
    assert main(["basis", a, b, "--measure", "extradition", "--on", on, "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert [x["instrument"] for x in api["bases"]] == [x["instrument"] for x in cli["bases"]]
    assert [x["in_force"] for x in api["bases"]] == [x["in_force"] for x in cli["bases"]]
    assert [x["caveats"] for x in api["bases"]] == [x["caveats"] for x in cli["bases"]]


def test_obligations_gaps_coverage_stats(client: TestClient) -> None:
    obligations = client.get(
        "/api/v1/obligations/PAK", params={"on": "2010-01-01", "measure": "asset_freezing"}
    )
    assert any(o["instrument"] == "unsc-1373" for o in obligations.json()["obligations"])
    gaps = client.get("/api/v1/gaps", params={"subject": "org:asean", "on": "2012-06-01"}).json()
    assert gaps["kind"] == "organization" and gaps["members"] == 10
    coverage = client.get(
        "/api/v1/coverage",
        params={"measure": "extradition", "states": "USA,DEU", "on": "2012-01-01"},
    )
    assert coverage.json()["matrix"][0][1] == "bilateral"
    parties = client.get(
        "/api/v1/stats/parties", params={"instruments": "set:universal-12", "on": "2008-12-31"}
    ).json()
    assert len(parties["instruments"]) == 12 and parties["un_members"] == 192
    assert parties["all"]["lower_bound"] and parties["all"]["unknown"] > 0
    status = client.get("/api/v1/data/status").json()
    assert status["instruments"]


def test_openapi_documented(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/bases",
        "/api/v1/status",
        "/api/v1/instruments/{ident}",
        "/api/v1/members/{org}",
        "/api/v1/coverage",
        "/api/v1/stats/parties",
    ):
        assert path in paths
    assert client.get("/api/docs").status_code == 200


@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("/api/v1/bases?a=USA&b=DEU&measure=extradition&on=2012-01-01", "BasesOut"),
        ("/api/v1/status?state=PAK&instrument=unsc-1373&on=2010-01-01", "StatusOut"),
        ("/api/v1/obligations/PAK?on=2010-01-01", "ObligationsOut"),
        ("/api/v1/instruments?level=global", "InstrumentList"),
        ("/api/v1/instruments/un-1999-terrorist-financing", "InstrumentOut"),
        ("/api/v1/actors/PAK?on=2010-01-01", "ActorOut"),
        ("/api/v1/actors/org:sco?on=2010-01-01", "ActorOut"),
        ("/api/v1/actors/body:un-ctc?on=2010-01-01", "ActorOut"),
        ("/api/v1/actors/agency:usa-fbi?on=2010-01-01", "ActorOut"),
        ("/api/v1/members/org:sco?on=2016-01-01", "MembersOut"),
        ("/api/v1/gaps?subject=PAK&on=2010-01-01", "GapsOut"),
        ("/api/v1/gaps?subject=org:saarc&on=2010-01-01", "GapsOut"),
        ("/api/v1/gaps?subject=IND&other=PAK&on=2010-01-01", "GapsOut"),
        ("/api/v1/coverage?measure=extradition&on=2012-01-01&states=USA,DEU", "CoverageOut"),
        ("/api/v1/stats/parties?instruments=set:universal-12&on=2008-12-31", "PartiesOut"),
        ("/api/v1/stats/consents?instruments=set:universal-12&from=1991&to=2010", "ConsentsOut"),
        ("/api/v1/data/status?on=2010-01-01", "DataStatusOut"),
        ("/api/v1/search?q=financing", "SearchOut"),
        ("/api/v1/instruments/icao-1970-hague/parties?on=2010-01-01", "ParticipantsOut"),
        (
            "/api/v1/compare?states=IND,PAK,USA&instruments=set:universal-12&on=2010-01-01",
            "CompareOut",
        ),
    ],
)
def test_answers_match_their_documented_models(client: TestClient, url: str, model: str) -> None:
    from ctcoop.api import models

    response = client.get(url)
    assert response.status_code == 200, response.text
    body = response.json()
    check = models.validator(getattr(models, model))
    check.validate_python(body)  # raises on any mismatch, an unknown key included
    with pytest.raises(ValueError, match=r"[Ee]xtra"):
        check.validate_python({**body, "unexpected": 1})
    for step in body.get("explanation", []) + [
        s for b in body.get("bases", []) for s in b["explanation"]
    ]:
        assert all(ident in body["sources"] for ident in step["sources"])


@pytest.mark.parametrize(
    ("argv", "url"),
    [
        (
            ["basis", "USA", "DEU", "--measure", "extradition", "--on", "2012-01-01"],
            "/api/v1/bases?a=USA&b=DEU&measure=extradition&on=2012-01-01",
        ),
        (["members", "org:sco", "--on", "2016-01-01"], "/api/v1/members/org:sco?on=2016-01-01"),
        (["actor", "org:sco", "--on", "2010-01-01"], "/api/v1/actors/org:sco?on=2010-01-01"),
        (["search", "financing"], "/api/v1/search?q=financing"),
        (
            [
                "stats",
                "consents",
                "--instruments",
                "set:universal-12",
                "--from",
                "1991",
                "--to",
                "2010",
            ],
            "/api/v1/stats/consents?instruments=set:universal-12&from=1991&to=2010",
        ),
    ],
)
def test_the_cli_and_the_api_give_one_shape(
    client: TestClient, capsys: pytest.CaptureFixture[str], argv: list[str], url: str
) -> None:
    from ctcoop.cli.main import main

    assert main([*argv, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == client.get(url).json()


def test_repeated_question_same_answer(client: TestClient) -> None:
    url = "/api/v1/bases?a=IND&b=PAK&measure=extradition&on=2010-01-01"
    assert client.get(url).content == client.get(url).content


def test_same_state_pair_is_400(client: TestClient) -> None:
    response = client.get(
        "/api/v1/bases", params={"a": "IND", "b": "IND", "measure": "extradition"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert "itself" in response.text


def test_binding_only_and_force(client: TestClient) -> None:
    params = {"a": "USA", "b": "PAK", "measure": "extradition", "on": "2012-01-01"}
    every = client.get("/api/v1/bases", params=params).json()["bases"]
    assert {b["force"] for b in every} == {"binding", "political"}
    only = client.get("/api/v1/bases", params=params | {"binding_only": "true"}).json()["bases"]
    assert only and all(b["binding"] for b in only)
    status = client.get(
        "/api/v1/status", params={"state": "PAK", "instrument": "un-2006-global-ct-strategy"}
    ).json()
    assert (status["status"], status["force"]) == ("committed", "political")


def test_an_instruments_participants_as_a_table_and_csv(client: TestClient) -> None:
    """One row a state, from the curated party data: signature, consent and its deposit, entry
    into force for the state (the Hague Convention's 30th day after deposit), status, sources."""
    import csv
    import io

    body = client.get("/api/v1/instruments/icao-1970-hague/parties?on=2010-01-01").json()
    rows = {p["state"]: p for p in body["participants"]}
    afg = rows["AFG"]
    assert (afg["consent"], afg["consent_date"], afg["in_force_from"], afg["status"]) == (
        "ratification",
        "1979-08-29",
        "1979-09-28",
        "bound",
    )
    assert all(ident in body["sources"] for p in body["participants"] for ident in p["sources"])
    assert [p["name"] for p in body["participants"]] == sorted(
        p["name"] for p in body["participants"]
    )
    response = client.get("/instruments/icao-1970-hague/parties.csv?on=2010-01-01")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "icao-1970-hague-parties-2010-01-01.csv" in response.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert len(table) == body["count"]
    assert {
        k: table[[r["state"] for r in table].index("AFG")][k] for k in ("consent_date", "status")
    } == {
        "consent_date": "1979-08-29",
        "status": "bound",
    }
    missing = client.get("/instruments/icao-1970-hagu/parties.csv")
    assert missing.status_code == 404


def test_compare_states_and_instruments_in_the_api_the_page_and_csv(client: TestClient) -> None:
    """Each cell is the status the status endpoint gives; the page and the CSV show the same."""
    import csv
    import io

    query = "states=IND,PAK,USA&instruments=set:universal-12&on=2010-01-01"
    body = client.get(f"/api/v1/compare?{query}").json()
    assert [r["state"] for r in body["rows"]] == ["IND", "PAK", "USA"]
    assert len(body["instruments"]) == 12
    for row in body["rows"]:
        for column in body["instruments"][:4]:
            single = client.get(
                f"/api/v1/status?state={row['state']}&instrument={column['id']}&on=2010-01-01"
            ).json()
            assert row["status"][column["id"]] == single["status"]
    table = list(csv.DictReader(io.StringIO(client.get(f"/compare?{query}&format=csv").text)))
    assert [r["state"] for r in table] == ["IND", "PAK", "USA"]
    assert all(
        r[c["id"]] == body["rows"][n]["status"][c["id"]]
        for n, r in enumerate(table)
        for c in body["instruments"]
    )
    page = client.get(f"/compare?{query}")
    assert page.status_code == 200 and 'id="compare-table"' in page.text
    assert client.get("/compare?format=csv").status_code == 422
    assert client.get(f"/compare?{query}&format=xml").status_code == 422
    assert client.get("/compare?states=XXX&instruments=icao-1970-hague").status_code == 404


def test_pages_carry_a_citation(client: TestClient) -> None:
    import re

    page = client.get("/instruments/un-1999-terrorist-financing?on=2010-01-01")
    cite = re.search(r'<span id="cite-text">(.*?)</span>', page.text, re.S)
    assert cite is not None
    text = cite.group(1)
    assert "Terrorist Financing Convention" in text and "as of 2010-01-01" in text
    assert "/instruments/un-1999-terrorist-financing?on=2010-01-01" in text and "accessed" in text


def test_body_pages_say_what_the_body_is(client: TestClient) -> None:
    """The Counter-Terrorism Committee's page: its organisation, establishment, mandate and
    sources, and the events it took part in; an organisation's members by name."""
    import re

    ctc = client.get("/organizations/body:un-ctc?on=2010-01-01").text
    assert "<dt>Mandate</dt>" in ctc and "<dt>Established</dt>" in ctc
    assert 'href="/organizations/org:un' in ctc
    assert '<h2 id="events-h">Events</h2>' in ctc
    sco = client.get("/organizations/org:sco?on=2018-01-01").text
    table = sco.split('id="members-table"')[1].split("</table>")[0]
    members = re.findall(r'<tr><td><a href="/states/[A-Z]{3}\?on=[^"]+">([^<]+)</a>', table)
    assert len(members) > 8  # members (8 in 2018) first, then observers and partners
    assert members[:8] == sorted(members[:8]) and "India" in members[:8]
    assert members[8:] == sorted(members[8:])


def test_memo_downloads_by_suffix(client: TestClient) -> None:
    base = "/pairs/USA/PAK/memo"
    pdf = client.get(f"{base}.pdf?measure=extradition&on=2012-01-01")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(f"{base}.docx?measure=extradition&on=2012-01-01")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")  # a zip container
    assert client.get(f"{base}.txt").status_code == 404
    assert client.get(f"{base}.pdf?measure=nothing").status_code == 422


def test_the_pair_page_links_each_explanation_once_read_on_opening(client: TestClient) -> None:
    """The pair page carries no explanation steps, only where to read each; that page holds the
    basis's explanation with its sources. Without it the USA-PAK page weighed 1.4 MB."""
    import html as markup

    page = client.get("/pairs/USA/DEU?on=2012-01-01")
    assert page.status_code == 200 and "<ol>" not in page.text
    assert len(client.get("/pairs/USA/PAK?on=2012-01-01").content) < 500_000
    links = [markup.unescape(u) for u in re.findall(r'data-src="([^"]+)"', page.text)]
    agreement = next(u for u in links if "us-eu-2003-extradition" in u and "=extradition&" in u)
    why = client.get(agreement)
    assert why.status_code == 200
    steps = why.text[why.text.index('id="why"') :]
    assert "2010-02-01" in steps and "European Union" in steps and "<li>" in steps
    missing = client.get("/pairs/USA/DEU/why?measure=extradition&instrument=nope&on=2012-01-01")
    assert missing.status_code == 404 and "us-eu-2003-extradition" in missing.text
