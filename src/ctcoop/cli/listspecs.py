"""Command specs of ``ctcoop lists`` (pure data: the parser is built without importing the
handlers, so that every other command starts fast)."""

from __future__ import annotations

from pathlib import Path

from ctcoop.cli.spec import Arg, Command

DB: Arg = (
    ["--db"],
    {
        "metavar": "URL",
        "help": "the screening database (default: $CTCOOP_SCREENING_DB or screening.sqlite in "
        "the data store); e.g. postgresql://user@host/db",
    },
)

LISTS_COMMANDS: dict[str, Command] = {
    "load": Command(
        "Load a sanctions list file as a new version (the UN XML, OFAC CSVs, EU CSV).",
        "ctcoop lists load consolidated.xml --list un",
        [
            (["path"], {"type": Path, "metavar": "FILE"}),
            (
                ["--list"],
                {
                    "dest": "kind",
                    "choices": ["un", "ofac", "eu"],
                    "help": "the list's format (default: detected from the file)",
                },
            ),
            DB,
            (
                ["--max-bytes"],
                {
                    "type": int,
                    "metavar": "N",
                    "help": "refuse files larger than this (default 50 MB, or "
                    "$CTCOOP_LIST_MAX_BYTES)",
                },
            ),
            (
                ["--activate"],
                {
                    "action": "store_true",
                    "help": "make it the active version even if an active one was published later",
                },
            ),
            (
                ["--published"],
                {
                    "metavar": "DATE",
                    "help": "the publication date, for files that state none (OFAC)",
                },
            ),
            (
                ["--accept-shrink"],
                {
                    "metavar": "REASON",
                    "help": "make it active even though it lists over 20%% fewer than the active "
                    "version; the reason is kept with it",
                },
            ),
        ],
        "listcmds:lists_load",
    ),
    "list": Command(
        "The stored versions of each list: publication date, hash, counts, which is active.",
        "ctcoop lists list --list un",
        [
            (
                ["--list"],
                {
                    "dest": "list_name",
                    "metavar": "NAME",
                    "help": "only this list: un, ofac-sdn, ofac-cons, eu",
                },
            ),
            DB,
        ],
        "listcmds:lists_list",
    ),
    "diff": Command(
        "Designations added, removed and amended between two versions (default: the two latest).",
        "ctcoop lists diff 1 2",
        [
            (
                ["versions"],
                {
                    "nargs": "*",
                    "type": int,
                    "metavar": "OLD NEW",
                    "help": "two version ids (default: the two latest of --list)",
                },
            ),
            (
                ["--list"],
                {
                    "dest": "list_name",
                    "default": "un",
                    "metavar": "NAME",
                    "help": "the list whose two latest versions to compare (default: un)",
                },
            ),
            DB,
            (
                ["--limit"],
                {"type": int, "default": 50, "help": "rows per table when printing (JSON has all)"},
            ),
        ],
        "listcmds:lists_diff",
    ),
    "law": Command(
        "The resolutions behind a UN sanctions regime, and which oblige a state to freeze.",
        "ctcoop lists law Al-Qaida --state PAK --on 2026-02-27",
        [
            (["regime"], {"metavar": "REGIME", "help": "a UN_LIST_TYPE, e.g. Al-Qaida, DPRK"}),
            (["--state"], {"required": True, "metavar": "STATE"}),
            (["--on"], {"metavar": "DATE", "help": "YYYY-MM-DD (default: today)"}),
        ],
        "listcmds:lists_law",
    ),
    "rescreen": Command(
        "Re-screen everything screened before against what a new version adds or amends.",
        "ctcoop lists rescreen --list un",
        [
            (
                ["--new"],
                {
                    "type": int,
                    "metavar": "VERSION",
                    "help": "the new version (default: the active one of --list)",
                },
            ),
            (
                ["--old"],
                {
                    "type": int,
                    "metavar": "VERSION",
                    "help": "the version to compare with (default: the one before)",
                },
            ),
            (["--list"], {"dest": "list_name", "default": "un", "metavar": "NAME"}),
            (["--threshold"], {"type": float, "help": "score from which a match is a hit"}),
            DB,
        ],
        "listcmds:lists_rescreen",
    ),
}

LISTED = ("Person", "Organization", "LegalEntity", "Vessel", "Airplane")
