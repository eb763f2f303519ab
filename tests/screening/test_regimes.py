"""The law link: every UN regime maps to instruments of the knowledge base, and regime_law says
which oblige a state to freeze, from when."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ctcoop.errors import NotFoundError
from ctcoop.kb import KnowledgeBase, load_kb
from ctcoop.screening.regimes import regime, regime_law, regimes


def test_every_instrument_and_source_exists(kb: KnowledgeBase) -> None:
    for found in regimes(kb).values():
        assert found.sources
        for source in found.sources:
            assert source in kb.sources, (found.list_type, source)
        for link in found.resolutions:
            assert link.instrument in kb.instruments, (found.list_type, link.instrument)
            assert link.role
        if found.committee:
            assert kb.has_actor(found.committee)


def test_every_list_type_in_the_snapshots_has_a_regime(reference_data: Path) -> None:
    for path in sorted((reference_data / "sanctions" / "un").glob("consolidated-*.xml")):
        types = {e.text for e in ET.parse(path).getroot().iter("UN_LIST_TYPE")}
        known = set(regimes(load_kb()))
        assert types <= known, (path.name, types - known)


@pytest.mark.parametrize(
    ("name", "state", "on", "first", "since", "all_ids"),
    [
        (
            "Al-Qaida",
            "PAK",
            "2026-02-27",
            "unsc-2368",
            "2017-07-20",
            {"unsc-1267", "unsc-1333", "unsc-1390", "unsc-1989", "unsc-2253", "unsc-2368"},
        ),
        (
            "Al-Qaida",
            "PAK",
            "2012-01-01",
            "unsc-1989",
            "2011-06-17",
            {"unsc-1267", "unsc-1333", "unsc-1390", "unsc-1989"},
        ),
        (
            "Taliban",
            "AFG",
            "2026-02-27",
            "unsc-2255",
            "2015-12-21",
            {"unsc-1267", "unsc-1390", "unsc-1988", "unsc-2255"},
        ),
        (
            "Al-Qaida",
            "SSD",
            "2012-01-01",
            "unsc-1989",
            "2011-07-14",  # a UN member since then
            {"unsc-1267", "unsc-1333", "unsc-1390", "unsc-1989"},
        ),
        ("DPRK", "CHN", "2026-02-27", "unsc-1718", "2006-10-14", {"unsc-1718"}),
        ("Iran", "DEU", "2026-02-27", "unsc-1737", "2025-09-28", {"unsc-1737"}),  # snapback
        ("Iran", "DEU", "2010-01-01", "unsc-1737", "2006-12-23", {"unsc-1737"}),
        ("Iraq", "JOR", "2026-02-27", "unsc-1483", "2003-05-22", {"unsc-1483"}),
        ("Libya", "TUN", "2026-02-27", "unsc-1970", "2011-02-26", {"unsc-1970"}),
        ("DRC", "RWA", "2026-02-27", "unsc-1596", "2005-04-18", {"unsc-1596"}),
        ("CAR", "TCD", "2026-02-27", "unsc-2134", "2014-01-28", {"unsc-2134"}),
        ("Somalia", "KEN", "2026-02-27", "unsc-1844", "2008-11-20", {"unsc-1844"}),
        ("Sudan", "EGY", "2026-02-27", "unsc-1591", "2005-03-29", {"unsc-1591"}),
        ("SouthSudan", "UGA", "2026-02-27", "unsc-2206", "2015-03-03", {"unsc-2206"}),
        ("Yemen", "SAU", "2026-02-27", "unsc-2140", "2014-02-26", {"unsc-2140"}),
        ("Haiti", "DOM", "2026-02-27", "unsc-2653", "2022-10-21", {"unsc-2653"}),
    ],
)
def test_freeze_obligations(
    kb: KnowledgeBase, name: str, state: str, on: str, first: str, since: str, all_ids: set[str]
) -> None:
    law = regime_law(kb, name, state, dt.date.fromisoformat(on))
    assert law.obligations[0].instrument == first
    assert law.obligations[0].since == since
    assert {o.instrument for o in law.obligations} == all_ids
    assert all(o.status.status.value == "bound" for o in law.obligations)
    assert all(o.provisions for o in law.obligations)


def test_the_statement_a_hit_can_make(kb: KnowledgeBase) -> None:
    law = regime_law(kb, "Al-Qaida", "Pakistan", dt.date(2026, 2, 27))
    statements = [o.sentence() for o in law.obligations]
    assert "unsc-2253 obliges PAK to freeze since 2015-12-17" in statements
    assert law.to_json()["obligations"][0]["statement"] == statements[0]


@pytest.mark.parametrize(
    ("name", "on", "note"),
    [
        ("GB", "2026-02-27", "imposes no assets freeze"),  # a travel ban only
        ("Haiti", "2018-10-29", "no instrument recorded"),  # before resolution 2653
        ("Iran", "2018-10-29", "no instrument recorded"),  # 1737 terminated 2016-2025
        ("Al-Qaida", "1998-01-01", "no instrument recorded"),  # before resolution 1267
    ],
)
def test_no_obligation(kb: KnowledgeBase, name: str, on: str, note: str) -> None:
    law = regime_law(kb, name, "PAK", dt.date.fromisoformat(on))
    assert law.obligations == ()
    assert any(note in n for n in law.notes)


def test_regime_names_are_forgiving(kb: KnowledgeBase) -> None:
    assert regime(kb, "south sudan").list_type == "SouthSudan"
    assert regime(kb, "al-qaida").list_type == "Al-Qaida"
    with pytest.raises(NotFoundError):
        regime(kb, "Atlantis")


def test_resolutions_agree_with_their_documents(kb: KnowledgeBase) -> None:
    """Each regime resolution's adoption date, symbol and source document say the same."""
    for found in regimes(kb).values():
        for link in found.resolutions:
            inst = kb.instrument(link.instrument)
            number = inst.id.removeprefix("unsc-")
            assert inst.symbol == f"S/RES/{number} ({str(inst.adopted)[:4]})"
            document = kb.sources[f"src:un-s-res-{number}"]
            assert str(document.date) == str(inst.adopted)
            assert document.symbol == inst.symbol


def test_regimes_are_checked_like_other_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A regime naming an unknown resolution, or with a misspelt field, fails `data check`."""
    import shutil

    from ctcoop.cli.main import main
    from ctcoop.kb.paths import shipped_data_dir

    copy = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), copy)
    regimes_file = copy / "global" / "regimes.yaml"
    text = regimes_file.read_text(encoding="utf-8")
    regimes_file.write_text(
        text.replace("instrument: unsc-1333", "instrument: unsc-13333", 1).replace(
            "committee:", "comittee:", 1
        ),
        encoding="utf-8",
    )
    code = main(["data", "check", "--kb", str(copy), "--data-dir", str(tmp_path / "s")])
    err = capsys.readouterr().err
    assert code == 3
    assert "'unsc-13333' is not a known instrument" in err
    assert "unknown field 'comittee'" in err and "did you mean 'committee'" in err
