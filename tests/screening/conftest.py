"""Fixtures for the screening tests: invented lists in each format, and a fresh store.

Every list here is written for these tests (invented names, the published layouts); the real
snapshots are read only through the ``reference_data`` fixture.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ctcoop.kb.store import DataStore
from ctcoop.screening.store import ScreeningStore

FIXTURES = Path(__file__).parent / "fixtures"

EU_COLUMNS = [
    "Date_file",
    "Entity_logical_id",
    "Subject_type",
    "Leba_numtitle",
    "Leba_publication_date",
    "Leba_url",
    "Programme",
    "Entity_remark",
    "Naal_logical_id",
    "Entity_logical_id",
    "Naal_leba_numtitle",
    "Naal_leba_publication_date",
    "Naal_leba_url",
    "Naal_programme",
    "Naal_lastname",
    "Naal_firstname",
    "Naal_middlename",
    "Naal_wholename",
    "Naal_gender",
    "Naal_title",
    "Naal_function",
    "Naal_language",
    "Addr_logical_id",
    "Entity_logical_id",
    "Addr_leba_numtitle",
    "Addr_leba_publication_date",
    "Addr_leba_url",
    "Addr_programme",
    "Addr_number",
    "Addr_street",
    "Addr_zipcode",
    "Addr_city",
    "Addr_country",
    "Addr_other",
    "Birt_logical_id",
    "Entity_logical_id",
    "Birt_leba_numtitle",
    "Birt_leba_publication_date",
    "Birt_leba_url",
    "Birt_programme",
    "Birt_date",
    "Birt_place",
    "Birt_country",
    "Iden_logical_id",
    "Entity_logical_id",
    "Iden_leba_numtitle",
    "Iden_leba_publication_date",
    "Iden_leba_url",
    "Iden_programme",
    "Iden_number",
    "Iden_country",
    "Citi_logical_id",
    "Entity_logical_id",
    "Citi_leba_numtitle",
    "Citi_leba_publication_date",
    "Citi_leba_url",
    "Citi_programme",
    "Citi_country",
    "EU_ref_num",
]

# (entity id, subject type, programme, listing date, section values by column name)
EU_ROWS: list[tuple[str, str, str, str, dict[str, str]]] = [
    (
        "101",
        "P",
        "TERR",
        "2016-01-01",
        {"Naal_wholename": "Anna Example", "Naal_gender": "F", "Naal_function": "Financier"},
    ),
    (
        "101",
        "P",
        "TERR",
        "2016-01-01",
        {"Naal_wholename": "Anna Exampleova", "Naal_language": "CS"},
    ),
    (
        "101",
        "P",
        "TERR",
        "2017-02-03",
        {"Birt_date": "1975-04-03", "Birt_place": "Brno", "Birt_country": "CZE"},
    ),
    ("101", "P", "TERR", "2016-01-01", {"Birt_date": "1976-00-00"}),
    ("101", "P", "TERR", "2016-01-01", {"Citi_country": "CZE"}),
    ("101", "P", "TERR", "2016-01-01", {"Iden_number": "P-998877", "Iden_country": "CZE"}),
    ("102", "E", "IRQ", "2003-07-08", {"Naal_wholename": "Sample Import Office"}),
    (
        "102",
        "E",
        "IRQ",
        "2003-07-08",
        {"Addr_street": "Example Road 5", "Addr_city": "Basra", "Addr_country": "IRQ"},
    ),
]


def eu_line(entity: str, subject: str, programme: str, day: str, values: dict[str, str]) -> str:
    cells = dict.fromkeys(EU_COLUMNS, "")
    cells.update(
        {
            "Date_file": "15/01/2020",
            "Entity_logical_id": entity,
            "Subject_type": subject,
            "Programme": programme,
            "Leba_publication_date": day,
            "EU_ref_num": f"EU.{entity}.1",
        }
    )
    row = [cells[name] if name != "Entity_logical_id" else entity for name in EU_COLUMNS]
    for name, value in values.items():
        row[EU_COLUMNS.index(name)] = value
    return ";".join(row)


def eu_text(rows: list[tuple[str, str, str, str, dict[str, str]]] = EU_ROWS) -> str:
    return "\r\n".join([";".join(EU_COLUMNS), *(eu_line(*r) for r in rows)]) + "\r\n"


EuRows = list[tuple[str, str, str, str, dict[str, str]]]


@pytest.fixture
def eu_lines() -> Callable[[EuRows | None], str]:
    """Builds EU CSV text from rows (the invented ones by default)."""
    return lambda rows=None: eu_text(EU_ROWS if rows is None else rows)


@pytest.fixture
def eu_file(tmp_path: Path) -> Path:
    path = tmp_path / "eu-fsf.csv"
    path.write_bytes(eu_text().encode("utf-8"))
    return path


OFAC_SDN = [
    '901,"EXAMPLE, John Quincy","individual","SDGT] [IRGC",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 02 Jan 1970; alt. DOB 1971; POB Lahore, Pakistan; nationality Pakistan; Gender Male; '
    "Passport A1234567 (Pakistan); National ID No. 12345-6789012-3 (Pakistan); "
    "a.k.a. 'Johnny Example'; Linked To: EXAMPLE TRADING COMPANY.\"",
    '902,"EXAMPLE TRADING COMPANY",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Website '
    "www.example.invalid; a.k.a. 'ETC'; this remark continues in the comments fi\"",
    '903,"SEA EXAMPLE","vessel","IRAN",-0- ,"9XYZ1","Crude Oil Tanker","25000","15000",'
    '"Panama","Example Shipping Ltd.","Vessel Registration Identification IMO 9074729."',
    '904,"EP-EXA","aircraft","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Aircraft Model IL-76"',
]
OFAC_ADD = [
    '901,1,-0- ,"Karachi","Pakistan",-0- ',
    '902,2,"1 Example Street","Pyongyang","Korea, North",-0- ',
]
OFAC_ALT = [
    '901,11,"aka","ABU TEST",-0- ',
    '902,12,"fka","OLD EXAMPLE CO",-0- ',
]
OFAC_COMMENTS = ['902,"le; Email Address info@example.invalid."']


def ofac_bytes(lines: list[str]) -> bytes:
    """As OFAC publishes them: CRLF line ends and a final 0x1A byte."""
    return ("\r\n".join(lines) + "\r\n").encode("ascii") + b"\x1a"


@pytest.fixture
def ofac_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ofac"
    folder.mkdir()
    for name, lines in (
        ("sdn.csv", OFAC_SDN),
        ("add.csv", OFAC_ADD),
        ("alt.csv", OFAC_ALT),
        ("sdn_comments.csv", OFAC_COMMENTS),
    ):
        (folder / name).write_bytes(ofac_bytes(lines))
    return folder


@pytest.fixture
def screening(tmp_path: Path) -> Iterator[ScreeningStore]:
    store = ScreeningStore.open(DataStore(tmp_path / "data"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def un_2018(reference_data: Path) -> Path:
    return reference_data / "sanctions" / "un" / "consolidated-2018-10-29.xml"


@pytest.fixture(scope="session")
def un_2026(reference_data: Path) -> Path:
    return reference_data / "sanctions" / "un" / "consolidated-2026-02-27.xml"
