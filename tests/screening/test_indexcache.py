"""The screening index persisted per list version: built at load, reused by a new store, rebuilt
when damaged or keyed otherwise, never read from a folder others may write, bounded in number."""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from followthemoney import EntityProxy

from ctcoop.kb.store import DataStore
from ctcoop.screening import indexcache
from ctcoop.screening.indexcache import IndexCache, index_key
from ctcoop.screening.matching import Matcher, engine, names
from ctcoop.screening.matching.normalize import split_tokens
from ctcoop.screening.matching.record import Record
from ctcoop.screening.store import ListVersion, ScreeningStore

FIXTURES = Path(__file__).parent / "fixtures"
MINI = Path(__file__).parent / "matching" / "fixtures" / "mini-un.xml"
QUERIES = [
    {"name": "Karim Hassan"},
    {"name": "Kareem Hasan", "dob": "1970"},
    {"name": "Ivan Petrovich"},
    {"name": "Maria Exampel"},
    {"name": "Northern Star Trading", "schema": "Organization"},
]


@pytest.fixture
def data(tmp_path: Path) -> DataStore:
    return DataStore(tmp_path / "data")


@pytest.fixture
def loaded(data: DataStore) -> Iterator[tuple[ScreeningStore, ListVersion]]:
    screening = ScreeningStore.open(data)
    version = screening.load(MINI).version
    yield screening, version
    screening.close()


LISTED_PARTS = [{"name": "Karim Hassan"}, {"name": "Kareem Hasan"}, {"name": "Ivan Petrovich"}]


def _hits(
    matcher: Matcher, queries: list[dict[str, str]] = QUERIES
) -> list[list[tuple[str, float]]]:
    return [[(str(h.entity.id), h.score) for h in matcher.screen(q)] for q in queries]


def _no_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, analysing a listed entity (not a query) fails the test."""
    real = engine.prepare

    def only_queries(entity: EntityProxy) -> Record:
        assert entity.id == "query", f"the listed entity {entity.id} was analysed again"
        return real(entity)

    monkeypatch.setattr(engine, "prepare", only_queries)


def test_load_persists_the_index_and_a_new_store_reads_it(
    data: DataStore, loaded: tuple[ScreeningStore, ListVersion], monkeypatch: pytest.MonkeyPatch
) -> None:
    screening, version = loaded
    cache = IndexCache.of(data)
    assert cache.files() == [cache.path(index_key([version]))]
    assert (cache.folder.stat().st_mode & 0o777) == 0o700
    fresh = _hits(Matcher(screening.entities(version.id)))
    _no_analysis(monkeypatch)
    again = ScreeningStore.open(data)
    try:
        active = again.active("un")
        assert active is not None
        assert _hits(again.matcher([active])) == fresh
    finally:
        again.close()


def test_a_query_of_listed_parts_needs_no_tagger(
    loaded: tuple[ScreeningStore, ListVersion], monkeypatch: pytest.MonkeyPatch
) -> None:
    screening, version = loaded
    expected = _hits(screening.matcher([version]), LISTED_PARTS)
    names._tag_person_part.cache_clear()
    names.analyze.cache_clear()
    real = names._name_symbols

    def person_tagger_refused(parts: list[str], type_: names.NameType) -> object:
        assert type_ != "PER", f"rigour's person tagger asked about {parts}"
        return real(parts, type_)

    monkeypatch.setattr(names, "_name_symbols", person_tagger_refused)
    names._LEXICON.clear()
    matcher = screening.matcher([version])  # read back: the list's parts are known again
    assert _hits(matcher, LISTED_PARTS) == expected


def test_person_parts_are_tagged_alike_alone_and_in_their_name(
    loaded: tuple[ScreeningStore, ListVersion],
) -> None:
    """What the lexicon relies on: rigour tags a part of a person's name the same way alone."""
    screening, version = loaded
    texts = [
        name.original
        for record in screening.matcher([version]).records
        for name in record.names
        if name.type == "PER"
    ]
    assert texts
    for text in texts:
        parts = split_tokens(names._prepare(text, "PER"))
        whole = names._name_symbols(parts, "PER")
        alone = [names._name_symbols([p], "PER") for p in parts]
        assert whole[0] == {i: a[0][0] for i, a in enumerate(alone) if a[0].get(0)}, text
        assert whole[1] == {i: a[1][0] for i, a in enumerate(alone)}, text


Damage = Callable[[Path], None]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"not a pickle"), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:100]), id="truncated"),
        pytest.param(lambda p: p.write_bytes(pickle.dumps(({"format": 1}, None))), id="foreign"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
    ],
)
def test_a_damaged_index_is_rebuilt(
    data: DataStore, loaded: tuple[ScreeningStore, ListVersion], damage: Damage
) -> None:
    screening, version = loaded
    path = IndexCache.of(data).path(index_key([version]))
    before = path.read_bytes()
    expected = _hits(screening.matcher([version]))
    damage(path)
    assert _hits(screening.matcher([version])) == expected
    assert IndexCache.of(data).load(index_key([version])) is not None  # written again, sound
    assert len(path.read_bytes()) == len(before)


def test_an_index_under_another_key_is_not_used(
    data: DataStore, loaded: tuple[ScreeningStore, ListVersion], monkeypatch: pytest.MonkeyPatch
) -> None:
    _screening, version = loaded
    cache = IndexCache.of(data)
    key = index_key([version])
    other = dataclasses.replace(version, sha256="0" * 64)  # another file under the same id
    assert index_key([other]) != key
    cache.path(index_key([other])).write_bytes(cache.path(key).read_bytes())  # header says key
    assert cache.load(index_key([other])) is None
    monkeypatch.setattr(indexcache, "FORMAT", indexcache.FORMAT + 1)  # a new layout: a new key
    assert index_key([version]) != key and cache.load(index_key([version])) is None


@pytest.mark.parametrize("mode", [0o770, 0o757, 0o775])
def test_not_read_from_a_folder_others_may_write(
    data: DataStore, loaded: tuple[ScreeningStore, ListVersion], mode: int
) -> None:
    _screening, version = loaded
    cache = IndexCache.of(data)
    key = index_key([version])
    assert cache.load(key) is not None
    cache.folder.chmod(mode)
    try:
        assert not cache.has(key)
        assert cache.load(key) is None
    finally:
        cache.folder.chmod(0o700)


def test_not_read_when_others_may_write_the_file(
    data: DataStore, loaded: tuple[ScreeningStore, ListVersion]
) -> None:
    _screening, version = loaded
    cache = IndexCache.of(data)
    path = cache.path(index_key([version]))
    path.chmod(0o666)
    assert cache.load(index_key([version])) is None


def test_at_most_keep_indexes_are_kept(
    data: DataStore, loaded: tuple[ScreeningStore, ListVersion]
) -> None:
    screening, version = loaded
    folder = IndexCache.of(data).folder
    prepared = screening.matcher([version]).prepared()
    for n in range(5):
        IndexCache(folder, keep=10).save(f"key{n}", prepared)
    for age, path in enumerate(sorted(folder.glob("screening-index-*.pickle"), reverse=True)):
        os.utime(path, ns=(10**18 - age * 10**9, 10**18 - age * 10**9))  # key4 the newest
    cache = IndexCache(folder, keep=2)
    cache.prune()
    assert cache.files() == [cache.path("key3"), cache.path("key4")]


def test_a_store_without_a_data_store_persists_nothing(tmp_path: Path) -> None:
    screening = ScreeningStore(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        version = screening.load(MINI).version
        assert screening.index_cache is None
        assert len(screening.matcher([version])) == 4
        assert not (tmp_path / "cache").exists()
    finally:
        screening.close()
