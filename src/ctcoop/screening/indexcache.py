"""The screening index, built once per list version and persisted beside it in the data store.

Analysing a list's names (and building rigour's person-name tagger to do it) takes seconds; a
new process that finds the index here reads it in a fraction of one. The file
``<data dir>/cache/screening-index-<key>.pickle`` holds the matcher's records, candidate index,
entities and the rigour lexicon of the list's person-name parts (``matching.engine.Prepared``).

What keeps it right:

- the key covers the list versions (id, list, file hash), ctcoop's version and matching code,
  Python and the versions of the libraries whose results or objects the file holds; another
  key is another file, and the key is checked again inside the file;
- it is written to a temporary file and moved into place, in a folder only the user may write
  (0700), and read only from such a folder and only when the user owns it (the knowledge-base
  snapshot's rule, ``kb.snapshot._trusted``); a damaged or foreign file is rebuilt;
- at most :data:`KEEP` files are kept (the most recently used), so old versions do not pile up.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ctcoop.screening.defaults import DEFAULT_THRESHOLD

if TYPE_CHECKING:
    from ctcoop.kb.store import DataStore
    from ctcoop.screening.matching.engine import Matcher, Prepared
    from ctcoop.screening.store import ListVersion, ScreeningStore

__all__ = ["KEEP", "IndexCache", "index_key", "matcher_for_versions"]

FORMAT = 1
"""The layout of the persisted file; raised when it changes."""
KEEP = 3
"""Persisted indexes kept (one per active set of list versions; older ones are removed)."""
LIBRARIES = ("rigour", "followthemoney", "rapidfuzz", "normality")
PREFIX = "screening-index-"


def index_key(versions: Sequence[ListVersion]) -> str:
    """The key of the index of ``versions``: changes with any of them, with ctcoop's version or
    matching code, with Python, or with a library the index depends on."""
    from importlib.metadata import PackageNotFoundError, version

    import ctcoop
    from ctcoop.screening import matching

    digest = hashlib.sha256(f"{FORMAT}|{sys.version}|{ctcoop.package_version()}".encode())
    for library in LIBRARIES:
        try:
            digest.update(f"|{library}={version(library)}".encode())
        except PackageNotFoundError:
            digest.update(f"|{library}=none".encode())
    package = Path(matching.__file__).parent
    for module in sorted(package.glob("*.py")):
        info = module.stat()
        digest.update(f"|{module.name}:{info.st_size}:{info.st_mtime_ns}".encode())
    for v in versions:
        digest.update(f"|{v.list_name}:{v.id}:{v.sha256}".encode())
    return digest.hexdigest()[:32]


class IndexCache:
    """The persisted indexes in one folder (the data store's ``cache/``)."""

    def __init__(self, folder: Path, keep: int = KEEP) -> None:
        self.folder = folder
        self.keep = keep

    @classmethod
    def of(cls, store: DataStore) -> IndexCache:
        return cls(store.root / "cache")

    def path(self, key: str) -> Path:
        return self.folder / f"{PREFIX}{key}.pickle"

    def has(self, key: str) -> bool:
        """Whether an index is stored under ``key`` where it would be trusted."""
        from ctcoop.kb.snapshot import _trusted

        path = self.path(key)
        return path.exists() and _trusted(path)

    def load(self, key: str) -> Prepared | None:
        """The index stored under ``key``, or None when there is none, it is not the user's own
        in a folder only the user can write, or it is damaged (then it is removed)."""
        from ctcoop.kb.snapshot import _trusted
        from ctcoop.screening.matching.engine import Prepared

        path = self.path(key)
        if not path.exists() or not _trusted(path):
            return None
        try:
            with path.open("rb") as handle:
                header, prepared = pickle.load(handle)
            if header == {"format": FORMAT, "key": key} and isinstance(prepared, Prepared):
                os.utime(path)  # the most recently used is kept longest
                return prepared
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
        except (TypeError, ValueError, IndexError, KeyError):  # a truncated or foreign pickle
            pass
        path.unlink(missing_ok=True)
        return None

    def save(self, key: str, prepared: Prepared) -> Path | None:
        """Write the index atomically; None when the folder cannot be written (only speed is
        lost). Older indexes beyond :attr:`keep` are removed."""
        path = self.path(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.folder.chmod(0o700)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=PREFIX, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    header = {"format": FORMAT, "key": key}
                    pickle.dump((header, prepared), handle, protocol=pickle.HIGHEST_PROTOCOL)
                Path(tmp).replace(path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self.prune()
        except OSError:
            return None
        return path

    def prune(self) -> None:
        """Remove all but the :attr:`keep` most recently used indexes, and temporary files left
        by an interrupted write (an hour old: another process may be writing one now)."""
        import time

        found = sorted(
            self.folder.glob(f"{PREFIX}*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True
        )
        for old in found[self.keep :]:
            old.unlink(missing_ok=True)
        for stray in self.folder.glob(f"{PREFIX}*.tmp"):
            if stray.stat().st_mtime < time.time() - 3600:
                stray.unlink(missing_ok=True)

    def files(self) -> list[Path]:
        return sorted(self.folder.glob(f"{PREFIX}*.pickle"))


def matcher_for_versions(
    screening: ScreeningStore,
    versions: Sequence[ListVersion],
    threshold: float = DEFAULT_THRESHOLD,
    cache: IndexCache | None = None,
) -> Matcher:
    """The matcher over the entities of ``versions``: read from ``cache`` when it holds a sound
    index of exactly these versions, else built from the stored entities and persisted there."""
    from ctcoop.screening.matching.engine import Matcher

    key = index_key(versions)
    prepared = cache.load(key) if cache is not None else None
    if prepared is not None:
        return Matcher.from_prepared(prepared, threshold=threshold)
    entities = [e for v in versions for e in screening.entities(v.id)]
    matcher = Matcher(entities, threshold=threshold)
    if cache is not None:
        cache.save(key, matcher.prepared())
    return matcher
