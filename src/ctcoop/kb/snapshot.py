"""Snapshots of the built knowledge base, so that a command starts without parsing YAML."""

from __future__ import annotations

from pathlib import Path

from ctcoop.kb.knowledge import KnowledgeBase
from ctcoop.kb.store import DataStore


def _fingerprint(directory: Path, store: DataStore | None) -> str:
    """Changes whenever a data file, an import, any of ctcoop's code, the Python version or the
    version of a library whose objects the snapshot holds changes."""
    import hashlib
    import sys

    import ctcoop

    digest = hashlib.sha256(f"{sys.version}|{ctcoop.package_version()}".encode())
    folders = [directory] + ([store.imports] if store is not None else [])
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".yaml", ".csv", ".json"}:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    package = Path(ctcoop.__file__).parent
    for module in sorted(package.rglob("*.py")):  # the whole package: model, loader, importers
        stat = module.stat()
        digest.update(f"{module.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:24]


def _trusted(path: Path) -> bool:
    """Only a snapshot the user wrote, in a folder only the user can write, is unpickled."""
    import os
    import stat

    try:
        for item in (path, path.parent):
            info = item.stat()
            if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return False
    except OSError:
        return False
    return True


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
        if _trusted(path):
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
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.parent.chmod(0o700)
        for old in path.parent.glob("kb-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(kb, handle, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(path)
    except OSError:
        return  # a read-only folder only costs speed
