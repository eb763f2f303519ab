"""Command specs of the screening commands (pure data, so that other commands start fast)."""

from __future__ import annotations

from pathlib import Path

from ctcoop.cli.spec import Arg, Command
from ctcoop.screening.defaults import DEFAULT_THRESHOLD

LIST_ARGS: list[Arg] = [
    (["--list"], {"metavar": "NAME", "help": "the stored list to screen against (default: un)"}),
    (
        ["--list-file"],
        {
            "type": Path,
            "metavar": "PATH",
            "help": "screen against this list file instead (UN XML, OFAC CSV folder, EU CSV)",
        },
    ),
    (
        ["--threshold"],
        {
            "type": float,
            "default": DEFAULT_THRESHOLD,
            "help": f"score from which a hit is a match (default: {DEFAULT_THRESHOLD})",
        },
    ),
]
SCHEMAS = "Person, Organization, Company, LegalEntity, Vessel"
SCHEMA: Arg = (
    ["--schema"],
    {
        "help": f"{SCHEMAS} (default: Person with --dob, else LegalEntity: persons, "
        "organisations and companies)"
    },
)

SCREEN_COMMANDS: dict[str, Command] = {
    "screen": Command(
        "Screen one name against a sanctions list: top hits, each explained.",
        "ctcoop screen 'Saddam Husein al-Tikriti' --dob 1937 --list-file consolidated.xml",
        [
            (["name"], {"metavar": "NAME"}),
            (["--dob"], {"help": "date of birth: YYYY, YYYY-MM or YYYY-MM-DD"}),
            (["--country"], {"help": "nationality or country, name or ISO code"}),
            SCHEMA,
            (["--limit"], {"type": int, "default": 10, "help": "hits to show (default 10)"}),
            (
                ["--state"],
                {
                    "metavar": "STATE",
                    "help": "the screening state: each hit then says "
                    "which resolution obliges it to freeze, since when",
                },
            ),
            (["--on"], {"metavar": "DATE", "help": "the date for the law link (default: today)"}),
            *LIST_ARGS,
        ],
        "screencmds:screen",
    ),
    "screen-batch": Command(
        "Screen a CSV of names (name,id,dob,country,schema); resumable; JSONL or CSV out.",
        "ctcoop screen-batch customers.csv --out hits.jsonl --list-file consolidated.xml",
        [
            (["path"], {"type": Path, "metavar": "IN.csv"}),
            (["--out"], {"type": Path, "required": True, "metavar": "OUT.jsonl|OUT.csv"}),
            (["--limit"], {"type": int, "default": 5, "help": "hits kept per row (default 5)"}),
            (
                ["--engine"],
                {
                    "choices": ["local", "dask"],
                    "default": "local",
                    "help": "local (one process, streamed) or dask (partitions in parallel)",
                },
            ),
            (["--workers"], {"type": int, "default": 2, "help": "dask worker processes"}),
            (
                ["--on-error"],
                {
                    "choices": ["skip", "stop"],
                    "default": "skip",
                    "help": "a row that cannot be screened: write it to OUT.rejects.csv and go on "
                    "(skip, the default), or stop the run",
                },
            ),
            (
                ["--encoding"],
                {
                    "metavar": "NAME",
                    "help": "the input's encoding when it has no byte-order mark (default UTF-8), "
                    "e.g. latin-1",
                },
            ),
            *LIST_ARGS,
        ],
        "screencmds:screen_batch",
    ),
    "compare": Command(
        "Score two names directly, with the explanation.",
        "ctcoop compare 'Usama bin Ladin' 'Osama bin Laden'",
        [
            (["name1"], {"metavar": "NAME1"}),
            (["name2"], {"metavar": "NAME2"}),
            (["--schema"], {"default": "Person", "help": SCHEMAS}),
            (["--threshold"], {"type": float, "default": DEFAULT_THRESHOLD}),
        ],
        "screencmds:compare",
    ),
    "compare-batch": Command(
        "Score the name pairs of a CSV (schema,name1,name2): adds score and match columns.",
        "ctcoop compare-batch pairs.csv --out scored.csv",
        [
            (["path"], {"type": Path, "metavar": "PAIRS.csv"}),
            (["--out"], {"type": Path, "required": True, "metavar": "OUT.csv"}),
            (["--threshold"], {"type": float, "default": DEFAULT_THRESHOLD}),
            (
                ["--encoding"],
                {"metavar": "NAME", "help": "the input's encoding without a byte-order mark"},
            ),
        ],
        "screencmds:compare_batch",
    ),
}
