"""Assessments on SQLite and (when $CTCOOP_TEST_POSTGRES_URL names a server) PostgreSQL: answers
are versioned and read as of a moment, derived answers never replace a user's, imports are all
or nothing, and every change is in the log shared with casework."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from ctcoop.casework.store import CaseStore
from ctcoop.errors import InputError, NotFoundError
from ctcoop.kb import KnowledgeBase
from ctcoop.monitoring import service
from ctcoop.monitoring.store import AssessmentStore

ON = dt.date(2014, 6, 30)


def check_versions_and_as_of(kb: KnowledgeBase, store: AssessmentStore) -> None:
    a = service.new_assessment(kb, store, "alice", "Pakistan", ON)
    assert a.state == "PAK" and a.on == ON
    service.answer(kb, store, "alice", a.id, "1373-1b", "partial", note="first look")
    first = store.history(a.id, "1373-1b")[0].recorded_at
    service.answer(kb, store, "bob", a.id, "1373-1b", "4", note="law amended")
    assert store.answers(a.id)["1373-1b"].score == "full"
    assert store.answers(a.id, first)["1373-1b"].score == "partial"
    assert store.answers(a.id, "2000-01-01T00:00:00.000000+00:00") == {}
    assert [v.recorded_by for v in store.history(a.id, "1373-1b")] == ["alice", "bob"]
    with pytest.raises(NotFoundError):
        store.get("asm-nothere")


def check_derived_never_replaces_a_user_answer(kb: KnowledgeBase, store: AssessmentStore) -> None:
    a = service.new_assessment(kb, store, "alice", "PAK", ON)
    service.answer(kb, store, "alice", a.id, "1373-3c", "limited", note="arrangements unused")
    recorded = {r.question for r in service.derive_into(kb, store, "alice", a.id)}
    assert "1373-3d/iaea-1980-cppnm" in recorded and "1373-3c" not in recorded
    assert store.answers(a.id)["1373-3c"].score == "limited"
    assert store.answers(a.id)["1373-3d/iaea-1980-cppnm"].derived
    assert service.derive_into(kb, store, "alice", a.id) == []  # nothing new the second time


def check_bad_imports_change_nothing(kb: KnowledgeBase, store: AssessmentStore) -> None:
    a = service.new_assessment(kb, store, "alice", "PAK", ON)
    before = (len(store.history(a.id)), len(store.log()))
    bad = [
        (b"question,score\n1373-1a,2\n1373-9z,3\n", "answers.csv:3"),
        (b"question,score\n1373-1a,2\n1373-1b,7\n", "not a step of the scale"),
        (b"question,score,colour\n1373-1a,2,red\n", "unknown column 'colour'"),
        (b"question,score\n1373-1a,2,extra\n", "more cells than the header"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"score\n2\n", "lacks question"),
    ]
    for content, says in bad:
        with pytest.raises(InputError, match=says):
            service.import_answers(kb, store, "alice", a.id, "answers.csv", content)
    with pytest.raises(InputError, match="answer 2"):
        service.import_answers(
            kb,
            store,
            "alice",
            a.id,
            "a.yaml",
            b"- {question: 1373-1a, score: 1}\n- {question: 1373-1a, scor: 1}\n",
        )
    assert (len(store.history(a.id)), len(store.log())) == before
    good = b"question,score,note,assistance,evidence_url\n1373-1a,substantial,FIU set up,,https://example.org/law\n"
    assert len(service.import_answers(kb, store, "alice", a.id, "answers.csv", good)) == 1
    made = store.answers(a.id)["1373-1a"]
    assert made.score == "substantial" and made.evidence[0]["url"] == "https://example.org/law"


def check_fatf_ratings(kb: KnowledgeBase, store: AssessmentStore) -> None:
    header = (
        "country,date,"
        + ",".join(f"R.{n}" for n in range(1, 41))
        + ","
        + ",".join(f"IO.{n}" for n in range(1, 12))
    )
    row = ["Pakistan", "2013-10"] + ["LC"] * 40 + ["Moderate"] * 11
    row[2 + 4] = "PC"  # R.5
    bad = row.copy()
    bad[2 + 5] = "XX"
    with pytest.raises(InputError, match=r"r\.csv:3: R\.6 = 'XX'"):
        service.import_fatf(
            kb, store, "alice", "r.csv", f"{header}\n{','.join(row)}\n{','.join(bad)}\n".encode()
        )
    assert store.fatf("PAK", ON) is None
    service.import_fatf(kb, store, "alice", "r.csv", f"{header}\n{','.join(row)}\n".encode())
    found = store.fatf("PAK", ON)
    assert (
        found is not None and found.ratings["R.5"] == "PC" and found.ratings["IO.9"] == "Moderate"
    )
    assert store.fatf("PAK", dt.date(2012, 1, 1)) is None  # assessed later
    data = service.report(kb, store, "PAK", ON)
    beside = {b["question"]: b["items"] for b in data["fatf"]["beside"]}
    assert beside["1373-1b"] == {"R.5": "PC"} and beside["1373-1c"] == {"R.6": "LC"}


def check_the_log_is_shared_with_casework(kb: KnowledgeBase, store: AssessmentStore) -> None:
    a = service.new_assessment(kb, store, "alice", "PAK", ON)
    service.answer(kb, store, "alice", a.id, "1373-1a", "2")
    cases = CaseStore(store.url)
    try:
        assert cases.verify().broken is None
        with store.engine.begin() as connection:
            connection.execute(
                text("UPDATE audit_log SET actor = 'mallory' WHERE action = 'assessment.answer'")
            )
        checked = cases.verify()
        broken = checked.broken
        assert checked.entries == 2
        entry = next(e for e in store.log(a.id) if e.action == "assessment.answer")
        assert broken is not None and broken.seq == entry.seq
    finally:
        cases.close()


CHECKS = [
    check_versions_and_as_of,
    check_derived_never_replaces_a_user_answer,
    check_bad_imports_change_nothing,
    check_fatf_ratings,
    check_the_log_is_shared_with_casework,
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_sqlite(
    kb: KnowledgeBase, tmp_path: Path, check: Callable[[KnowledgeBase, AssessmentStore], None]
) -> None:
    store = AssessmentStore(f"sqlite:///{tmp_path / 'casework.sqlite'}")
    try:
        check(kb, store)
    finally:
        store.close()


@pytest.fixture
def postgres(postgres_url: str) -> Iterator[AssessmentStore]:
    store = AssessmentStore(postgres_url)
    yield store
    store.close()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_postgresql(
    kb: KnowledgeBase,
    postgres: AssessmentStore,
    check: Callable[[KnowledgeBase, AssessmentStore], None],
) -> None:
    assert postgres.engine.dialect.name == "postgresql"
    check(kb, postgres)
