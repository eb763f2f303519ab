"""The ICAO, IMO, IAEA, OAS and AU importers, on files built here in each depositary's layout.

The rows are invented for the tests (and include a state that does not exist, Ruritania); what is
tested is the reading: columns, empty cells, markers, dates, sections, footnotes, errors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from pdfmaker import table, write_pdf

from ctcoop.cli.main import main
from ctcoop.errors import DataError
from ctcoop.kb import KnowledgeBase, load_kb
from ctcoop.kb.importers import run_import
from ctcoop.kb.importers.depositary import parse_day
from ctcoop.kb.store import DataStore
from ctcoop.law import Status, status

ICAO_COLUMNS = [40.0, 230.0, 360.0, 520.0]
ICAO_HEADER = ["State", "Date of signature", "Date of deposit", "Effective date"]


@pytest.fixture
def store(tmp_path: Path) -> DataStore:
    return DataStore(tmp_path / "store")


def _actions(kb: KnowledgeBase, instrument: str) -> dict[str, list[tuple[str, str, str | None]]]:
    """The imported actions only (the shipped data may hold others for the same instrument)."""
    found = {
        p.state: [
            (a.type.value, str(a.date), str(a.effective) if a.effective else None)
            for a in p.actions
            if a.origin != "shipped"
        ]
        for p in kb.participants(instrument)
    }
    return {state: actions for state, actions in found.items() if actions}


def icao_pdf(path: Path, rows: list[list[str]], **kw: bool) -> Path:
    title = [[(40.0, "CONVENTION FOR THE SUPPRESSION OF UNLAWFUL SEIZURE OF AIRCRAFT")]]
    first = table(ICAO_COLUMNS, ICAO_HEADER, rows[:3])
    second = table(ICAO_COLUMNS, ICAO_HEADER, rows[3:])  # the header repeats on each page
    notes = [[(40.0, "(1) On 12 May 1999 the depositary received a note; see the list.")]]
    return write_pdf(path, [title + first, second + notes], **kw)


GOOD_ICAO = [
    ["Afghanistan (1)", "16 December 1970", "29 August 1979", "28 September 1979"],
    ["Albania", "-", "21 October 1997 (a)", "20 November 1997"],
    ["Bosnia and Herzegovina (2)", "-", "15 August 1994 (s)", "6 March 1992"],
    ["Chad", "27 December 1970", "", ""],
    ["Ruritania", "-", "3 March 2003 (a)", "2 April 2003"],
    ["Bolivia (Plurinational State of)", "-", "18 July 1979 (a)", "17 August 1979"],
]


def test_icao_pdf_columns_markers_and_footnotes(
    kb: KnowledgeBase, store: DataStore, tmp_path: Path
) -> None:
    path = icao_pdf(tmp_path / "hague.pdf", GOOD_ICAO)
    report = run_import(kb, store, "icao", path, instrument="icao-1970-hague")
    assert [u["name"] for u in report.unresolved] == ["Ruritania"]  # reported, not dropped
    merged = load_kb(store=store)
    got = _actions(merged, "icao-1970-hague")
    assert got["AFG"] == [
        ("signature", "1970-12-16", None),
        ("ratification", "1979-08-29", "1979-09-28"),
    ]
    assert got["ALB"] == [("accession", "1997-10-21", "1997-11-20")]
    assert got["BIH"] == [("succession", "1994-08-15", "1992-03-06")]
    assert got["TCD"] == [("signature", "1970-12-27", None)]  # an empty deposit cell stays empty
    assert got["BOL"] == [("accession", "1979-07-18", "1979-08-17")]
    # the list was drawn up on or after every date it shows (Ruritania's included)
    assert report.status_records == [{"instrument": "icao-1970-hague", "as_of": "2003-04-02"}]
    # the effective date decides when the state is bound
    early = status(merged, "ALB", "icao-1970-hague", dt.date(1997, 11, 1))
    late = status(merged, "ALB", "icao-1970-hague", dt.date(1997, 11, 20))
    assert early.status is Status.NOT_BOUND and late.status is Status.BOUND


def test_icao_html_page_with_as_at_date(
    kb: KnowledgeBase, store: DataStore, tmp_path: Path
) -> None:
    rows = "".join(
        f"<tr><td>{n}<sup>3</sup></td><td>{s}</td><td>{d}</td><td>{e}</td></tr>"
        for n, s, d, e in GOOD_ICAO[:3]
    )
    page = tmp_path / "tokyo.html"
    page.write_text(
        "<html><body><p>Status as at 1 May 2012</p><table><tr><th>State</th>"
        "<th>Date of signature</th><th>Date of deposit of instrument of ratification, accession"
        " (a) or succession (s)</th><th>Effective date</th></tr>"
        f"{rows}</table></body></html>"
    )
    report = run_import(kb, store, "icao", page, instrument="icao-1963-tokyo")
    assert report.participations == 3 and not report.unresolved
    assert report.status_records == [{"instrument": "icao-1963-tokyo", "as_of": "2012-05-01"}]


def test_imo_compilation_reads_only_its_section(
    kb: KnowledgeBase, store: DataStore, tmp_path: Path
) -> None:
    columns = [40.0, 260.0, 420.0]
    header = ["State", "Date of deposit of instrument", "Date of entry into force"]
    sua = table(columns, header, [["Pakistan", "20 September 2000 (a)", "19 December 2000"]])
    prot = table(columns, header, [["Pakistan", "20 September 2000 (a)", "19 December 2000"]])
    sua2005 = table(columns, header, [["France", "1 June 2010 (r)", "28 July 2010"]])
    path = write_pdf(
        tmp_path / "status.pdf",
        [
            [[(40.0, "STATUS OF IMO TREATIES as at 30 September 2011")]],
            [[(40.0, "SUA 1988")], *sua, [(40.0, "SUA PROT 1988")], *prot],
            [[(40.0, "SUA 2005")], *sua2005],
        ],
    )
    report = run_import(kb, store, "imo", path, instrument="imo-1988-sua")
    assert report.participations == 1
    assert report.status_records == [{"instrument": "imo-1988-sua", "as_of": "2011-09-30"}]
    other = run_import(kb, store, "imo", path, instrument="imo-2005-sua-protocol")
    assert other.participations == 1
    merged = load_kb(store=store)
    assert _actions(merged, "imo-1988-sua")["PAK"] == [("accession", "2000-09-20", "2000-12-19")]
    assert _actions(merged, "imo-2005-sua-protocol")["FRA"][0][0] == "ratification"
    with pytest.raises(DataError, match="no section headed"):
        run_import(kb, store, "imo", path, instrument="imo-1988-sua", section="SUA 1999")


def test_iaea_means_words_and_succession(
    kb: KnowledgeBase, store: DataStore, tmp_path: Path
) -> None:
    columns = [40.0, 200.0, 330.0, 500.0]
    header = [
        "State/Organization",
        "Date of signature",
        "Means/date of deposit",
        "Entry into force",
    ]
    rows = [
        ["Argentina*", "28 Feb 1986", "ratified* 6 Apr 1989", "6 May 1989"],
        ["Armenia", "", "acceded 24 Aug 1993", "23 Sep 1993"],
        ["Croatia", "", "succession notified 29 Sep 1992", "effect from 8 Oct 1991"],
        ["Finland", "25 Jun 1981", "accepted 22 Sep 1989", "22 Oct 1989"],
        ["Haiti", "9 Apr 1980", "", ""],
    ]
    path = write_pdf(
        tmp_path / "cppnm.pdf",
        [[[(40.0, "Status list as of 1 September 1995")], *table(columns, header, rows)]],
    )
    report = run_import(kb, store, "iaea", path, instrument="iaea-1980-cppnm")
    assert report.status_records == [{"instrument": "iaea-1980-cppnm", "as_of": "1995-09-01"}]
    got = _actions(load_kb(store=store), "iaea-1980-cppnm")
    assert got["ARG"] == [
        ("signature", "1986-02-28", None),
        ("ratification", "1989-04-06", "1989-05-06"),
    ]
    assert got["ARM"] == [("accession", "1993-08-24", "1993-09-23")]
    assert got["HRV"] == [("succession", "1992-09-29", "1991-10-08")]
    assert got["FIN"][1] == ("acceptance", "1989-09-22", "1989-10-22")
    assert got["HTI"] == [("signature", "1980-04-09", None)]


def test_oas_html_month_first_dates_and_markers(
    kb: KnowledgeBase, store: DataStore, tmp_path: Path
) -> None:
    page = tmp_path / "a-66.html"
    page.write_text(
        "<html><body><h3>INTER-AMERICAN CONVENTION AGAINST TERRORISM</h3><table>"
        "<tr><td>SIGNATORY COUNTRIES</td><td>SIGNATURE</td><td>RATIFICATION/ACCESSION</td>"
        "<td>DEPOSIT</td><td>INFORMATION</td></tr>"
        "<tr><td>Antigua and Barbuda</td><td>06/03/02</td><td>09/23/02</td>"
        "<td>12/10/02 RA</td><td></td></tr>"
        "<tr><td>Argentina</td><td>06/03/02</td><td>06/14/05</td><td>07/18/05 RA</td><td></td></tr>"
        "<tr><td>Bahamas</td><td>06/03/02</td><td></td><td></td><td></td></tr>"
        "<tr><td>Grenada</td><td></td><td>11/15/07</td><td></td><td></td></tr>"
        "<tr><td>Ruritania</td><td></td><td>01/01/09</td><td>01/02/09 AC</td><td></td></tr>"
        "</table></body></html>"
    )
    report = run_import(kb, store, "oas", page, instrument="oas-2002-inter-american-convention")
    assert [u["name"] for u in report.unresolved] == ["Ruritania"]
    assert any("GRD: ratified on 2007-11-15 but no deposit" in s["reason"] for s in report.skipped)
    got = _actions(load_kb(store=store), "oas-2002-inter-american-convention")
    assert ("ratification", "2002-12-10", None) in got["ATG"]
    assert ("signature", "2002-06-03", None) in got["ATG"]
    assert got["BHS"] == [("signature", "2002-06-03", None)]
    assert "GRD" not in got  # ratified at home, never deposited: not a consent between states


def test_au_pdf_numbered_rows_and_empty_cells(
    kb: KnowledgeBase, store: DataStore, tmp_path: Path
) -> None:
    columns = [40.0, 70.0, 250.0, 360.0, 490.0]
    header = ["No.", "Country", "Date of Signature", "Date of Ratification", "Date Deposited"]
    rows = [
        ["1", "Algeria", "14/07/1999", "22/09/2000", "03/10/2000"],
        ["2", "Benin", "14/07/1999", "", ""],
        ["3", "Botswana", "", "30/08/2002", "30/08/2002"],
    ]
    path = write_pdf(tmp_path / "oau.pdf", [table(columns, header, rows)])
    run_import(kb, store, "au", path, instrument="oau-1999-convention")
    got = _actions(load_kb(store=store), "oau-1999-convention")
    assert got["DZA"] == [("signature", "1999-07-14", None), ("ratification", "2000-10-03", None)]
    assert got["BEN"] == [("signature", "1999-07-14", None)]
    assert got["BWA"] == [("ratification", "2002-08-30", None)]  # no signature: not shifted


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("truncated.pdf", lambda p: icao_pdf(p, GOOD_ICAO, truncate=True), "truncated"),
        (
            "bad-date.pdf",
            lambda p: icao_pdf(p, [["France", "-", "31 Februar 1975", "1 March 1975"]]),
            "is not a",
        ),
        (
            "empty.pdf",
            lambda p: write_pdf(p, [table(ICAO_COLUMNS, ICAO_HEADER, [])]),
            "no party or signatory rows",
        ),
        (
            "no-header.pdf",
            lambda p: write_pdf(p, [[[(40.0, "France 1 March 1975")]]]),
            "no header line",
        ),
        ("page.html", lambda p: p.write_text("<html><table><tr><td>State</td>"), "truncated"),
        ("notes.txt", lambda p: p.write_text("State, signature\n"), "neither a PDF"),
    ],
)
def test_malformed_files_change_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    build: object,
    message: str,
) -> None:
    data = tmp_path / "store"
    good = icao_pdf(tmp_path / "good.pdf", GOOD_ICAO)
    args = ("data", "import", "icao", "--instrument", "icao-1970-hague", "--data-dir", str(data))
    assert main([*args, str(good)]) == 0
    imports = data / "imports"
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in imports.rglob("*")}
    assert before
    bad = tmp_path / name
    build(bad)  # type: ignore[operator]
    code = main([*args, str(bad)])
    err = capsys.readouterr().err
    assert code == 3, err
    assert message in err and str(bad) in err and "Traceback" not in err
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in imports.rglob("*")}
    assert after == before  # the earlier good import is intact


def test_dates_as_depositaries_write_them() -> None:
    assert parse_day("16 December 1970") == dt.date(1970, 12, 16)
    assert parse_day("6 Sept 2002") == dt.date(2002, 9, 6)
    assert parse_day("14/07/1999") == dt.date(1999, 7, 14)
    assert parse_day("02/07/71", "mdy") == dt.date(1971, 2, 7)
    assert parse_day("06/03/02", "mdy") == dt.date(2002, 6, 3)
    assert parse_day("no date") is None
    with pytest.raises(ValueError, match="not a month"):
        parse_day("3 Smarch 1999")
