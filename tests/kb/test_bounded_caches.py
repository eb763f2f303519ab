"""Memory that does not grow with questions: the law layer's memo, the API's answer cache, and a
start-up snapshot that is only read from where the user alone can write."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

from ctcoop.api.answers import AnswerCache
from ctcoop.kb import KnowledgeBase, load_kb
from ctcoop.kb.knowledge import Memo
from ctcoop.kb.paths import shipped_data_dir
from ctcoop.kb.snapshot import _fingerprint, load_kb_cached
from ctcoop.kb.store import DataStore
from ctcoop.law.bases import bases
from ctcoop.model import Measure

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_memo_keeps_the_most_recent_entries_only() -> None:
    memo = Memo(limit=3)
    for key in "abcd":
        memo[key] = key.upper()
    assert len(memo) == 3 and memo.get("a") is None
    memo.get("b")  # used: kept
    memo["e"] = "E"
    assert memo.get("b") == "B" and memo.get("c") is None


def test_a_date_sweep_does_not_grow_the_memo_past_its_limit() -> None:
    kb = load_kb()
    kb.memo = Memo(limit=2_000)
    day = dt.date(1995, 1, 1)
    for n in range(120):
        bases(kb, "IND", "PAK", Measure.EXTRADITION, day + dt.timedelta(days=90 * n))
    assert len(kb.memo) == 2_000


def test_answer_cache_is_bounded_in_bytes() -> None:
    cache = AnswerCache(limit=1_000, max_bytes=10_000)
    for n in range(100):
        cache.get(("answer", n), lambda n=n: {"n": n, "text": "x" * 1_000})
    assert cache.size <= 10_000 and len(cache._items) < 100


def test_snapshot_is_read_only_from_a_folder_the_user_alone_can_write(tmp_path: Path) -> None:
    store = DataStore(tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    planted: KnowledgeBase = load_kb(FIXTURES / "kb" / "good")  # a different knowledge base
    path = cache / f"kb-{_fingerprint(shipped_data_dir(), store)}.pickle"
    path.write_bytes(pickle.dumps(planted))
    path.chmod(0o600)
    trusted = load_kb_cached(None, store)
    assert len(trusted.instruments) == len(planted.instruments)  # ours: it is used
    path.write_bytes(pickle.dumps(planted))
    cache.chmod(0o777)  # anyone could have written it: never unpickled, rebuilt instead
    rebuilt = load_kb_cached(None, store)
    assert len(rebuilt.instruments) > len(planted.instruments)
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
