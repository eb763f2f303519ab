"""Settings of the service: an object passed in, never read at import."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path | None = None  # the local store of imported data (None: the default)
    kb_dir: Path | None = None  # the curated knowledge base (None: the shipped one)
    title: str = "ctcoop"
    missing_data: tuple[str, ...] = field(default=())  # what the UI says is not loaded
    exchange_policies: Path | None = None  # the exchange's sending policies (None: shipped)

    @classmethod
    def from_env(cls) -> Settings:
        data = os.environ.get("CTCOOP_DATA_DIR")
        kb = os.environ.get("CTCOOP_KB_DIR")
        policies = os.environ.get("CTCOOP_EXCHANGE_POLICIES")
        return cls(
            data_dir=Path(data) if data else None,
            kb_dir=Path(kb) if kb else None,
            exchange_policies=Path(policies) if policies else None,
        )
