"""Snapshots of the built knowledge base, so that a command starts without parsing YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctcoop.kb.knowledge import KnowledgeBase
from ctcoop.kb.store import DataStore


def _stamps(digest: Any, folder: Path, suffixes: tuple[str, ...]) -> None:
    """Feed the path, size and modification time of every file under ``folder`` ending in one of
    ``suffixes`` into ``digest``, in a stable order (``os.scandir``: one stat per file)."""
    import os

    stack = [str(folder)]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        for entry in reversed(entries):  # popped in name order
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
        for entry in entries:
            if entry.name.endswith(suffixes) and entry.is_file():
                info = entry.stat()
                digest.update(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}\n".encode())


def code_fingerprint() -> str:
    """Changes whenever any of ctcoop's code (model, loader, importers, law), the Python version
    or ctcoop's declared version changes."""
    import hashlib
    import sys

    import ctcoop

    digest = hashlib.sha256(f"{sys.version}|{ctcoop.package_version()}|{code_stamp()}".encode())
    return digest.hexdigest()[:24]


def code_stamp() -> str:
    """Changes whenever a module of ctcoop is added, removed or rewritten (the part of
    :func:`code_fingerprint` a running process can check cheaply, about a millisecond)."""
    import hashlib

    import ctcoop

    digest = hashlib.sha256()
    _stamps(digest, Path(ctcoop.__file__).parent, (".py",))
    return digest.hexdigest()[:24]


def data_fingerprint(directory: Path, store: DataStore | None) -> str:
    """Changes whenever a data file of ``directory`` or an import of ``store`` changes."""
    import hashlib

    digest = hashlib.sha256()
    for folder in [directory] + ([store.imports] if store is not None else []):
        _stamps(digest, folder, (".yaml", ".csv", ".json"))
    return digest.hexdigest()[:24]


def _fingerprint(directory: Path, store: DataStore | None) -> str:
    """The snapshot's key: the data and the code that built it from the data."""
    return f"{code_fingerprint()[:12]}{data_fingerprint(directory, store)[:12]}"


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
