"""What a list says of an entry besides its names: deceased (its own death, in its words) and
delisted (an end date, or a newer version without it); read from small invented lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from followthemoney import EntityProxy, model

from ctcoop.screening.lists import load_list
from ctcoop.screening.matching import Matcher
from ctcoop.screening.notices import deceased, delisted, notices, withdrawn

FIXTURES = Path(__file__).parent / "fixtures"


def person(notes: str | None = None, **props: str) -> EntityProxy:
    entity = model.make_entity("Person")
    entity.id = "p1"
    entity.add("name", "Jane Example")
    entity.add("notes", notes)
    for prop, value in props.items():
        entity.add(prop, value)
    return entity


@pytest.mark.parametrize(
    ("notes", "quoted"),
    [
        ("Reportedly deceased in 2005.", "Reportedly deceased in 2005."),
        (
            "Confirmed to have died on 4 Mar. 2016 in Atlantis. INTERPOL-UN link: https://x",
            "Confirmed to have died on 4 Mar. 2016 in Atlantis.",
        ),
        ("Father's name is Example. Died in 2001", "Died in 2001"),
        ("Believed status/location: deceased.", "Believed status/location: deceased."),
        (
            "As of June 2019, reportedly killed in a raid in Atlantis.",
            "As of June 2019, reportedly killed in a raid in Atlantis.",
        ),
        (
            "Reported to have died in Springfield on 3 June 2012.",
            "Reported to have died in Springfield on 3 June 2012.",
        ),
        ("Review concluded in 2009.Reportedly Deceased.", "Reportedly Deceased."),
        ("((a) Died in 2001\t (b) SOME OTHER REMARK)", "Died in 2001"),
        (
            "Reportedly deceased as at 2 April 2013 INTERPOL-UN Security Council",
            "Reportedly deceased as at 2 April 2013",
        ),
        # someone else's death is not the entry's
        ("Close associate of John Doe (deceased).", None),
        ("Founded by now-deceased Richard Roe.", None),
        ("Leader of the group following the death of its former leader.", None),
        ("Held in detention and has been sentenced to death.", None),
        ("His forces killed civilians in May 2010.", None),
        ("He used the identity of a man who allegedly died in Atlantis in 2004.", None),
        (None, None),
    ],
)
def test_deceased_reads_the_entrys_own_death(notes: str | None, quoted: str | None) -> None:
    found = deceased(person(notes))
    assert (found.text if found else None) == quoted
    assert found is None or (found.kind, found.source, found.date) == ("deceased", "notes", None)


def test_a_death_date_is_a_dated_notice() -> None:
    found = deceased(person(deathDate="2011-09-30"))
    assert found is not None and (found.source, found.date) == ("deathDate", "2011-09-30")


def test_a_long_sentence_is_cut_at_a_word() -> None:
    found = deceased(person("Reportedly killed " + "in a very long place name " * 20))
    assert found is not None and found.text.endswith("…") and len(found.text) <= 200


def test_an_end_date_is_a_delisting() -> None:
    sanction = model.make_entity("Sanction")
    sanction.id = "p1-sanction"
    sanction.add("entity", "p1")
    assert delisted([sanction]) is None
    sanction.add("endDate", "2020-02-02")
    found = delisted([sanction])
    assert found is not None and (found.kind, found.date) == ("delisted", "2020-02-02")
    assert [n.kind for n in notices(person("Reportedly deceased."), [sanction])] == [
        "deceased",
        "delisted",
    ]


def test_withdrawn_marks_only_the_entries_the_newer_version_lacks() -> None:
    found = withdrawn(["a", "b"], {"b", "c"}, "UN", 2, "2020-01-15")
    assert set(found) == {"a"}
    assert found["a"].text == "Not in the newer UN list (version 2, published 2020-01-15)"
    assert found["a"].to_json()["source"] == "UN version 2"


def test_the_un_list_gives_both_to_the_hits(tmp_path: Path) -> None:
    """COMMENTS1 and DELISTED_ON of the UN list reach the hits, their JSON and nothing else."""
    text = (FIXTURES / "un-v1.xml").read_text(encoding="utf-8")
    text = text.replace(
        "<COMMENTS1>Invented for tests.</COMMENTS1>",
        "<COMMENTS1>Associate of Someone Else (deceased). Reportedly deceased in 2015.</COMMENTS1>",
        1,
    ).replace(
        "<LISTED_ON>2011-01-01-05:00</LISTED_ON>",
        "<LISTED_ON>2011-01-01-05:00</LISTED_ON><DELISTED_ON>2020-02-02</DELISTED_ON>",
    )
    path = tmp_path / "un.xml"
    path.write_text(text, encoding="utf-8")
    matcher = Matcher(load_list(path, "un").entities)
    john = matcher.screen({"name": "John Quincy Example"})[0].as_json()
    maria = matcher.screen({"name": "Maria Testova"})[0].as_json()
    company = matcher.screen({"name": "Example Trading Company", "schema": "Organization"})[0]
    assert [(n["kind"], n["text"]) for n in john["notices"]] == [
        ("deceased", "Reportedly deceased in 2015.")
    ]
    assert [(n["kind"], n["date"]) for n in maria["notices"]] == [("delisted", "2020-02-02")]
    assert company.notices == ()
