"""The question bank: it covers the resolutions' paragraphs the knowledge base records, its
measures are theirs, and the loader names every bad entry (file, line, field, fix)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctcoop.errors import DataError, InputError
from ctcoop.kb import KnowledgeBase
from ctcoop.monitoring.bank import DATA, Score, bank, load, score

RESOLUTIONS = ("unsc-1373", "unsc-1624", "unsc-2178", "unsc-2396", "unsc-2462")


def test_every_recorded_paragraph_is_asked_or_said_why_not(kb: KnowledgeBase) -> None:
    b = bank(kb)
    for resolution in RESOLUTIONS:
        asked = {p for q in b.questions if q.resolution == resolution for p in q.paragraphs}
        skipped = {p for n in b.not_assessed if n.resolution == resolution for p in n.paragraphs}
        recorded = {p.article for p in kb.instrument(resolution).provisions}
        assert recorded == asked | skipped and not asked & skipped, resolution
        for p in kb.instrument(resolution).provisions:
            # what is not asked is what is not addressed to states
            assert (p.article in skipped) == (not p.between_states), p.article


def test_a_question_has_its_paragraphs_measures(kb: KnowledgeBase) -> None:
    b = bank(kb)
    q = b.question("1373-1c")
    provision = next(p for p in kb.instrument("unsc-1373").provisions if p.article == "OP 1(c)")
    assert q.measures == provision.measures and q.section == "counter_financing"
    per_instrument = [q for q in b.questions if q.id.startswith("1373-3d/")]
    assert [q.party_to for q in per_instrument] == list(kb.sets["set:universal-19"].instruments)
    assert all("{instrument}" not in q.text for q in per_instrument)


def _bank_with(tmp_path: Path, old: str, new: str) -> Path:
    text = DATA.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "questions.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "field", "says"),
    [
        ('paragraphs: ["OP 1(a)"]', 'paragraphs: ["OP 99"]', "paragraphs", "no paragraph 'OP 99'"),
        (
            "section: counter_financing\n    text: Does the State prevent",
            "section: finance\n    text: Does the State prevent",
            "section",
            "unknown section",
        ),
        ("    fatf: [R.5]\n", "    fatf: [R.7]\n", "fatf", "R.7 not among"),
        (
            "  - id: 1373-1a\n    instrument",
            "  - id: 1373-1a\n    instrumnet: x\n    instrument",
            "instrumnet",
            "unknown field",
        ),
        (
            "each_party_to: set:universal-19",
            "each_party_to: set:universal-99",
            "derive",
            "unknown set",
        ),
        ('paragraphs: ["OP 7", "OP 8", "OP 9"]', 'paragraphs: ["OP 77"]', "paragraphs", "'OP 77'"),
    ],
)
def test_the_loader_names_a_bad_entry(
    kb: KnowledgeBase, tmp_path: Path, old: str, new: str, field: str, says: str
) -> None:
    with pytest.raises(DataError) as caught:
        load(kb, _bank_with(tmp_path, old, new))
    problems = caught.value.problems
    assert any(p.field == field and says in p.message and p.line for p in problems), problems


def test_the_scale_takes_names_and_numbers() -> None:
    assert score("2") is Score.PARTIAL and score("Full") is Score.FULL and score(0) is Score.NONE
    assert [s.points for s in Score] == [0, 1, 2, 3, 4]
    assert Score.PARTIAL.shortfall and not Score.SUBSTANTIAL.shortfall
    for bad in ("5", "-1", "good", ""):
        with pytest.raises(InputError, match="not a step of the scale"):
            score(bad)
