"""The legal analysis of a case on the shipped knowledge base: candidate bases, offences recorded
in each, the chosen basis, grounds of refusal and what is missing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from ctcoop.casework.analysis import analyse
from ctcoop.casework.model import Case, CaseKind, CaseOffence, Direction, person_entity
from ctcoop.casework.vocab import DATA, check, load, vocabulary
from ctcoop.errors import DataError, InputError
from ctcoop.kb import KnowledgeBase


def case(**changes: object) -> Case:
    base = {
        "id": "case-test",
        "kind": CaseKind.EXTRADITION,
        "direction": Direction.OUTGOING,
        "requesting": "IND",
        "requested": "PAK",
        "on": dt.date(2010, 1, 1),
        "offences": (CaseOffence("terrorist_bombing", "2009-05-01", "Mumbai"),),
        "persons": (person_entity("Test Person"),),
    }
    return Case(**(base | changes))  # type: ignore[arg-type]


def test_the_shipped_vocabulary_names_provisions_the_knowledge_base_holds(
    kb: KnowledgeBase,
) -> None:
    vocab = vocabulary()
    assert "terrorist_bombing" in vocab.offences and len(vocab.grounds) == 10
    assert check(kb, vocab) == []


def test_a_misspelt_field_in_the_vocabulary_is_an_error(tmp_path: Path) -> None:
    for path in DATA.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    text = (tmp_path / "grounds.yaml").read_text(encoding="utf-8")
    (tmp_path / "grounds.yaml").write_text(text.replace("decided_by:", "decided_bye:", 1))
    with pytest.raises(DataError) as caught:
        load(tmp_path)
    problem = caught.value.problems[0]
    assert problem.file.endswith("grounds.yaml") and problem.line is not None
    assert "did you mean 'decided_by'" in problem.fix


def test_an_unknown_article_is_reported(kb: KnowledgeBase, tmp_path: Path) -> None:
    for path in DATA.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    text = (tmp_path / "offences.yaml").read_text(encoding="utf-8")
    (tmp_path / "offences.yaml").write_text(text.replace('article: "II"}', 'article: "IX"}', 1))
    problems = check(kb, load(tmp_path))
    assert [p.message for p in problems] == [
        "airport_violence: icao-1988-airports-protocol has no provision 'IX' in the knowledge base"
    ]


def test_india_pakistan_bombing_rests_on_the_saarc_convention(kb: KnowledgeBase) -> None:
    analysis = analyse(kb, case())
    data = analysis.to_json()
    ids = [b["instrument"] for b in data["bases"]]
    assert "saarc-1987-convention" in ids and "un-1997-terrorist-bombings" in ids
    assert data["chosen"]["instrument"] == "saarc-1987-convention"
    assert "every offence of the case is recorded" in data["reason"]
    saarc = next(b for b in data["bases"] if b["instrument"] == "saarc-1987-convention")
    assert saarc["offences"] == [
        {"offence": "terrorist_bombing", "status": "recorded", "articles": ["I"]}
    ]
    grounds = {g["ground"]: g for g in data["grounds"]}
    assert grounds["political_offence"]["status"] == "excluded"
    assert [c["article"] for c in grounds["political_offence"]["citations"]] == ["I"]
    assert grounds["nationality"]["status"] == "national_law"  # SAARC art. IV: prosecute
    assert grounds["death_penalty"]["status"] == "not_recorded"
    assert "bank_secrecy" not in grounds  # a ground of mutual legal assistance only


def test_the_1997_convention_excludes_the_political_offence_and_keeps_non_discrimination(
    kb: KnowledgeBase,
) -> None:
    data = analyse(kb, case(basis="un-1997-terrorist-bombings")).to_json()
    assert data["chosen"]["instrument"] == "un-1997-terrorist-bombings"
    assert data["reason"].startswith("chosen by the user")
    grounds = {g["ground"]: g for g in data["grounds"]}
    assert grounds["political_offence"]["status"] == "excluded"
    assert [c["article"] for c in grounds["political_offence"]["citations"]] == ["11"]
    assert grounds["non_discrimination"]["status"] == "preserved"
    assert [c["article"] for c in grounds["non_discrimination"]["citations"]] == ["12"]
    assert all(c["sources"] for g in data["grounds"] for c in g["citations"])


def test_an_offence_not_recorded_in_the_regional_convention(kb: KnowledgeBase) -> None:
    # financing is in SAARC's 2004 Protocol, not its 1987 Convention
    data = analyse(
        kb, case(offences=(CaseOffence("terrorist_financing", "2009-05-01", "Delhi"),))
    ).to_json()
    saarc = next(b for b in data["bases"] if b["instrument"] == "saarc-1987-convention")
    assert saarc["offences"][0]["status"] == "not_recorded"
    assert "check its scope" in data["reason"] or "recorded" in data["reason"]


def test_what_is_missing_depends_on_the_kind(kb: KnowledgeBase) -> None:
    extradition = {m["id"] for m in analyse(kb, case()).to_json()["missing"]}
    assert {"facts", "law", "penalty", "warrant", "person_identity"} <= extradition
    assert "assistance" not in extradition and "basis" not in extradition
    mla = analyse(kb, case(kind=CaseKind.MLA_EVIDENCE)).to_json()
    assert {"assistance", "purpose"} <= {m["id"] for m in mla["missing"]}
    assert "penalty" not in {m["id"] for m in mla["missing"]}
    assert any(g["ground"] == "bank_secrecy" for g in mla["grounds"])


def test_a_basis_that_is_no_candidate_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="not a candidate basis"):
        analyse(kb, case(basis="eu-2017-directive-terrorism"))


def test_the_1931_treaty_brings_its_own_ground_requirement_and_time_limit(
    kb: KnowledgeBase,
) -> None:
    """Between the United States and Pakistan the 1931 treaty is the basis (47 Stat. 2124-2125):
    art. 4 keeps the ne bis in idem refusal, art. 9 asks for evidence justifying committal for
    trial, art. 11 frees the person unless that evidence comes within two months."""
    made = case(
        requesting="USA",
        requested="PAK",
        on=dt.date(2012, 1, 1),
        apprehended=dt.date(2011, 12, 31),
        offences=(CaseOffence("murder", "2011-06-01", "New York"),),
    )
    data = analyse(kb, made).to_json()
    assert data["chosen"]["instrument"] == "us-pak-1931-extradition"
    assert "check its scope" in data["reason"]  # the treaty's list of crimes is not modelled
    grounds = {g["ground"]: g for g in data["grounds"]}
    assert grounds["ne_bis_in_idem"]["status"] == "preserved"
    assert [c["article"] for c in grounds["ne_bis_in_idem"]["citations"]] == ["4"]
    assert grounds["ne_bis_in_idem"]["citations"][0]["sources"] == ["src:uspak-statutes-1931-p2124"]
    evidence = next(m for m in data["missing"] if m["id"] == "committal_evidence")
    assert (evidence["instrument"], evidence["article"]) == ("us-pak-1931-extradition", "9")
    [limit] = data["deadlines"]
    assert (limit["article"], limit["from"], limit["due"]) == ("11", "2011-12-31", "2012-02-29")
    # without the date of the arrest the limit is named but not counted
    assert (
        analyse(kb, case(requesting="USA", requested="PAK", on=dt.date(2012, 1, 1))).to_json()[
            "deadlines"
        ][0]["due"]
        is None
    )
    # another basis asks for none of it
    saarc = analyse(kb, case()).to_json()
    assert "committal_evidence" not in {m["id"] for m in saarc["missing"]}
    assert saarc["deadlines"] == []


def test_a_bad_time_limit_is_an_error(tmp_path: Path) -> None:
    for path in DATA.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    text = (tmp_path / "deadlines.yaml").read_text(encoding="utf-8")
    (tmp_path / "deadlines.yaml").write_text(text.replace("months: 2", "months: two"))
    with pytest.raises(DataError) as caught:
        load(tmp_path)
    assert caught.value.problems[0].field == "months"
    assert "whole number" in caught.value.problems[0].fix


def test_months_are_added_to_the_day() -> None:
    from ctcoop.casework.model import add_months

    assert add_months(dt.date(2011, 12, 31), 2) == dt.date(2012, 2, 29)
    assert add_months(dt.date(2013, 12, 31), 2) == dt.date(2014, 2, 28)
    assert add_months(dt.date(2012, 11, 15), 14) == dt.date(2014, 1, 15)
