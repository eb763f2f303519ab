"""Name comparison: reordering, missing parts, typos, initials, scripts, contradictions."""

from __future__ import annotations

import pytest

from ctcoop.screening.matching import DEFAULT_THRESHOLD, compare
from ctcoop.screening.matching.align import compare_names
from ctcoop.screening.matching.names import analyze

MATCHES = [
    # the same name, other forms
    ("Vladimir Putin", "Vladimir Putin", "Person"),
    ("VLADIMIR PUTIN", "vladimir putin", "Person"),
    ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan", "Person"),
    # reordering, commas
    ("Putin, Vladimir", "Vladimir Putin", "Person"),
    ("SALEK, ABDULHAI", "ABDULHAI SALEK", "Person"),
    # a missing middle name or patronymic
    ("Vladimir Vladimirovich Putin", "Vladimir Putin", "Person"),
    ("Sergey Lavrov", "Sergey Viktorovich Lavrov", "Person"),
    # typos
    ("Vladimir Pulin", "Vladimir Putin", "Person"),
    ("Vladmir Putin", "Vladimir Putin", "Person"),
    ("Donlad Trump", "Donald Trump", "Person"),
    ("ATTIIQULLAH AKHUND", "ATTIQULLAH AKHUND", "Person"),
    # written together or apart
    ("VladimirPutin", "Vladimir Putin", "Person"),
    ("Abdurrahman Wahid", "Abdul Rahman Wahid", "Person"),
    # initials and titles
    ("V. Putin", "Vladimir Putin", "Person"),
    ("Dr. Angela Merkel", "Angela Merkel", "Person"),
    # transliteration variants
    ("Usama bin Ladin", "Osama bin Laden", "Person"),
    ("Moammar Qaddafi", "Muammar Gaddafi", "Person"),
    # across scripts
    ("Владимир Путин", "Vladimir Putin", "Person"),
    ("Сергей Лавров", "Sergey Lavrov", "Person"),
    ("Ангела Меркель", "Angela Merkel", "Person"),
    ("أسامة بن لادن", "Usama bin Laden", "Person"),
    ("صدام حسين", "Saddam Hussein", "Person"),
    ("محمد بن سلمان", "Mohammed bin Salman", "Person"),
    ("习近平", "Xi Jinping", "Person"),
    ("毛泽东", "Mao Zedong", "Person"),
    ("Vladimir Putin", "Владимир Путин", "Person"),
    # organisations
    ("Siemens AG", "Siemens Aktiengesellschaft", "Company"),
    ("The World Bank", "World Bank", "Organization"),
    ("Procter & Gamble Co.", "Procter and Gamble Company", "Company"),
]

NON_MATCHES = [
    ("Vladimir Putin", "Dmitry Medvedev", "Person"),
    ("Vladimir Putin", "Vladimir Pozner", "Person"),
    ("Barack Obama", "Michelle Obama", "Person"),
    ("Sergey Viktorovich Lavrov", "Sergey Borisovich Lavrov", "Person"),
    ("BARZAN IBRAHIM HASSAN AL-MOSULI", "BARZAN IBRAHIM HASSAN AL-TIKRITI", "Person"),
    ("N.N.", "Nursultan Nazarbayev", "Person"),
    ("Walijan Abdul Ghafoor Haqqani", "Walijan", "Person"),
    ("Владимир Путин", "Vladimir Pozner", "Person"),
    ("习近平", "Li Keqiang", "Person"),
    ("Bank of China Limited", "Bank of America Corporation", "Company"),
]


@pytest.mark.parametrize(("a", "b", "schema"), MATCHES)
def test_matches(a: str, b: str, schema: str) -> None:
    score, explanations = compare(a, b, schema)
    assert score >= DEFAULT_THRESHOLD, explanations
    assert explanations and explanations[0].startswith("name_match")


@pytest.mark.parametrize(("a", "b", "schema"), NON_MATCHES)
def test_non_matches(a: str, b: str, schema: str) -> None:
    score, explanations = compare(a, b, schema)
    assert score < DEFAULT_THRESHOLD, explanations


@pytest.mark.parametrize(("a", "b", "schema"), MATCHES[:10] + NON_MATCHES[:5])
def test_scores_are_in_unit_interval_and_symmetric_enough(a: str, b: str, schema: str) -> None:
    forward, _ = compare(a, b, schema)
    backward, _ = compare(b, a, schema)
    assert 0.0 <= forward <= 1.0
    assert (forward >= DEFAULT_THRESHOLD) == (backward >= DEFAULT_THRESHOLD)


def test_identical_names_score_one() -> None:
    assert compare("Hans Friedrich", "Hans Friedrich")[0] == 1.0


def test_explanation_names_the_contradiction() -> None:
    score = compare_names(
        analyze("Sergey Viktorovich Lavrov", "PER"), analyze("Sergey Borisovich Lavrov", "PER")
    )
    text = score.explain()
    assert "unmatched on both sides" in text
    assert "viktorovich" in text and "borisovich" in text


def test_explanation_names_the_missing_part_and_the_typo() -> None:
    text = compare_names(
        analyze("Vladimir Pulin", "PER"), analyze("Vladimir Putin", "PER")
    ).explain()
    assert "'pulin'~'putin' spelling 0.80" in text
    text = compare_names(
        analyze("Sergey Lavrov", "PER"), analyze("Sergey V Lavrov", "PER")
    ).explain()
    assert "only on one side: v" in text


def test_weak_alias_is_marked() -> None:
    text = compare_names(
        analyze("Abu Karim", "PER"), analyze("Abu Karim", "PER", weak=True)
    ).explain()
    assert "(weak alias)" in text


def test_a_typo_costs_less_than_a_different_name() -> None:
    typo, _ = compare("Vladimir Pitin", "Vladimir Putin")
    other, _ = compare("Vladimir Ivanov", "Vladimir Putin")
    assert typo > other
