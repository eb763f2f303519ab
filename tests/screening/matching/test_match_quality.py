"""Quality on the real reference data (skipped when ../shared/data is absent)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from ctcoop.screening.matching import DEFAULT_THRESHOLD, Matcher, compare


def test_f1_on_the_development_pairs(reference_data: Path) -> None:
    counts: Counter[tuple[bool, bool]] = Counter()
    with (reference_data / "names" / "cases-dev.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            score, _ = compare(row["name1"], row["name2"], row["schema"])
            counts[(score >= DEFAULT_THRESHOLD, row["is_match"] == "true")] += 1
    tp, fp, fn = counts[(True, True)], counts[(True, False)], counts[(False, True)]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.85


@pytest.fixture(scope="module")
def un_matcher(reference_data: Path) -> Matcher:
    from ctcoop.screening.lists.un import parse_un

    path = reference_data / "sanctions" / "un" / "consolidated-2026-02-27.xml"
    return Matcher(parse_un(path).entities)


@pytest.mark.parametrize(
    ("query", "reference"),
    [
        ({"name": "SADDAM HUSEIN AL-TIKRITI", "dob": "1937"}, "IQi.001"),
        ({"name": "صدام حسين التكريتي"}, "IQi.001"),
        ({"name": "TIKRITI, Saddam Hussein"}, "IQi.001"),
        ({"name": "Умаров Доку Хаматович"}, "QDi.290"),
        ({"name": "DOKU KHAMATOVICH UMAROV"}, "QDi.290"),
    ],
)
def test_finds_un_listed_people(un_matcher: Matcher, query: dict[str, str], reference: str) -> None:
    hits = [h for h in un_matcher.screen(query) if h.match]
    assert reference in {h.reference_number for h in hits}
