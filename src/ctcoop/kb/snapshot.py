"""Snapshots of the built knowledge base, so that a command starts without parsing YAML."""

from __future__ import annotations

from pathlib import Path

from ctcoop.kb.knowledge import KnowledgeBase
from ctcoop.kb.store import DataStore


def _fingerprint(directory: Path, store: DataStore | None) -> str:
    """Changes whenever a data file, an import or ctcoop itself changes."""
    import hashlib

    from ctcoop import __version__

    digest = hashlib.sha256(__version__.encode())
    folders = [directory] + ([store.imports] if store is not None else [])
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".yaml", ".csv", ".json"}:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    for module in Path(__file__).parent.glob("*.py"):  # the loader's own code
        digest.update(f"{module.name}:{module.stat().st_mtime_ns}".encode())
    return digest.hexdigest()[:24]


def load_kb_cached(data_dir: Path | None = None, store: DataStore | None = None) -> KnowledgeBase:
    """:func:`load_kb`, with a snapshot in the data store's ``cache/`` folder for fast start-up.

    The snapshot is keyed by a fingerprint of every data file and import, so an edit or a new
    import is always seen. It is ctcoop's own file in the user's own folder; a damaged one is
    ignored and rebuilt.
    """
    import pickle

    from ctcoop.kb.paths import shipped_data_dir

    directory = data_dir or shipped_data_dir()
    if store is None or not directory.is_dir():
        from ctcoop.kb.loader import load_kb

        return load_kb(data_dir, store)
    path = store.root / "cache" / f"kb-{_fingerprint(directory, store)}.pickle"
    try:
        with path.open("rb") as handle:
            kb = pickle.load(handle)
        if isinstance(kb, KnowledgeBase):
            return kb
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    from ctcoop.kb.loader import load_kb

    kb = load_kb(data_dir, store)
    _save_snapshot(path, kb)
    return kb


def _save_snapshot(path: Path, kb: KnowledgeBase) -> None:
    import os
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("kb-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(kb, handle, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(path)
    except OSError:
        return  # a read-only folder only costs speed
