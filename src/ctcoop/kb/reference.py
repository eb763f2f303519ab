"""The shared reference data (../shared/data): find it, and import what the engine can use."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ctcoop.kb.knowledge import KnowledgeBase
from ctcoop.kb.store import DataStore

ENV = "CTCOOP_REFERENCE_DATA"
UNTC = {
    "18-5.csv": "un-1979-hostages",
    "18-7.csv": "un-1973-protected-persons",
    "18-9.csv": "un-1997-terrorist-bombings",
    "18-11.csv": "un-1999-terrorist-financing",
    "18-15.csv": "un-2005-nuclear-terrorism",
    "18-12.csv": "un-2000-untoc",
    "18-14.csv": "un-2003-uncac",
}
FILES = {
    **{f"treaties/untc-chapter18-2014/{name}": ("untc", inst) for name, inst in UNTC.items()},
    "treaties/unoda-2018/treatydata.json": ("unoda", None),
    "igo/cow-igo-v3-igo-year.csv.gz": ("cow", None),
}


def find_reference_data(start: Path | None = None) -> Path | None:
    """``$CTCOOP_REFERENCE_DATA``, or ``../shared/data`` beside the project, when it exists."""
    env = os.environ.get(ENV)
    candidates = [Path(env)] if env else []
    base = (start or Path.cwd()).resolve()
    candidates += [base.parent / "shared" / "data", base / "shared" / "data"]
    return next((c for c in candidates if c.is_dir()), None)


@dataclass
class ReferenceImport:
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def import_reference(kb: KnowledgeBase, store: DataStore, folder: Path) -> ReferenceImport:
    """Import every reference file the engine uses; a file already imported is left as it is."""
    from ctcoop.kb.importers import run_import
    from ctcoop.kb.importers.common import sha256

    done = {i.sha256 for i in kb.imports}
    report = ReferenceImport()
    for relative, (kind, instrument) in FILES.items():
        path = folder / relative
        if not path.is_file():
            report.missing.append(relative)
            continue
        if sha256(path) in done:
            report.unchanged.append(relative)
            continue
        run_import(kb, store, kind, path, instrument=instrument)
        report.imported.append(relative)
    return report
