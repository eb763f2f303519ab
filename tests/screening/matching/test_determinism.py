"""Two screening runs of the same names give the same results, whatever the process's hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LIST = Path(__file__).parent / "fixtures" / "mini-un.xml"


def test_identical_runs_in_processes_with_different_hash_seeds(tmp_path: Path) -> None:
    names = tmp_path / "in.csv"
    rows = ["name"] + [
        f"{a} {b}"
        for a in ("Karim", "Ivan", "Maria", "Hassan")
        for b in ("Hassan", "Petrovich", "Example", "Karim", "Ali")
    ]
    names.write_text("\n".join(rows) + "\n", encoding="utf-8")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}.jsonl"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ctcoop",
                "screen-batch",
                str(names),
                "--out",
                str(out),
                "--list-file",
                str(LIST),
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
