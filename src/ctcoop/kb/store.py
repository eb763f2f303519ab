"""The local data store: imported facts, one JSON file per import, written atomically.

Layout of the data directory (platform default from platformdirs; ``--data-dir`` or
``CTCOOP_DATA_DIR`` override it)::

    imports/<batch-id>.json     one import: its source (file, hash, time), facts, unresolved names
    downloads/                  files fetched by ``ctcoop data update``

A batch is written to a temporary file in the same folder and moved into place with
``os.replace``: an interrupted or failed import leaves the previous state untouched. Re-importing
the same kind of record for the same instrument or organisation replaces that batch.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctcoop.errors import DataError, Problem

ENV = "CTCOOP_DATA_DIR"
FORMAT = 1


def default_data_dir() -> Path:
    """``$CTCOOP_DATA_DIR``, or the platform's user data folder for ctcoop."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("ctcoop", appauthor=False))


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class DataStore:
    """A folder of imported facts."""

    root: Path

    @property
    def imports(self) -> Path:
        return self.root / "imports"

    @property
    def downloads(self) -> Path:
        return self.root / "downloads"

    def save(self, batch: dict[str, Any]) -> Path:
        batch = {"format": FORMAT, **batch}
        path = self.imports / f"{batch['id']}.json"
        atomic_write(path, json.dumps(batch, ensure_ascii=False, indent=1, sort_keys=True))
        return path

    def batch(self, batch_id: str) -> dict[str, Any] | None:
        """The stored import ``batch_id``, or None (an unreadable one counts as absent)."""
        path = self.imports / f"{batch_id}.json"
        try:
            found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None
        return found

    def batches(self) -> Iterator[dict[str, Any]]:
        if not self.imports.is_dir():
            return
        for path in sorted(self.imports.glob("*.json")):
            try:
                batch = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise DataError(
                    [
                        Problem(
                            str(path),
                            None,
                            None,
                            f"unreadable import: {exc}",
                            "delete the file and import again",
                        )
                    ]
                ) from None
            if batch.get("format") != FORMAT:
                raise DataError(
                    [
                        Problem(
                            str(path),
                            None,
                            "format",
                            "unknown store format",
                            "delete the file and import again",
                        )
                    ]
                )
            yield batch

    def remove(self, batch_id: str) -> bool:
        path = self.imports / f"{batch_id}.json"
        if path.exists():
            path.unlink()
            return True
        return False
