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
    for name in ("offences.yaml", "grounds.yaml", "checklist.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    text = (tmp_path / "grounds.yaml").read_text(encoding="utf-8")
    (tmp_path / "grounds.yaml").write_text(text.replace("decided_by:", "decided_bye:", 1))
    with pytest.raises(DataError) as caught:
        load(tmp_path)
    problem = caught.value.problems[0]
    assert problem.file.endswith("grounds.yaml") and problem.line is not None
    assert "did you mean 'decided_by'" in problem.fix


def test_an_unknown_article_is_reported(kb: KnowledgeBase, tmp_path: Path) -> None:
    for name in ("offences.yaml", "grounds.yaml", "checklist.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
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
