"""``ctcoop``: a thin command line over the library.

Every command takes ``--json``; errors print one line and exit with the error's code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ctcoop.errors import CtcoopError, DataError

# name -> (help, example, arguments, handler name in ctcoop.cli.commands)
Arg = tuple[Sequence[str], dict[str, Any]]
ON: Arg = (
    ["--on"],
    {"metavar": "DATE", "help": "the date asked about, YYYY-MM-DD (default: today)"},
)

COMMANDS: dict[str, tuple[str, str, list[Arg], str]] = {
    "model": ("The three levels of the model, with counts.", "ctcoop model", [], "model"),
    "instrument": (
        "One instrument: dates, binding rule, provisions, sources.",
        "ctcoop instrument un-1999-terrorist-financing --json",
        [(["ident"], {"metavar": "ID"})],
        "instrument",
    ),
    "instruments": (
        "List instruments, filtered by level, kind, forum or measure.",
        "ctcoop instruments --level global --measure extradition",
        [(["--level"], {}), (["--kind"], {}), (["--forum"], {}), (["--measure"], {})],
        "instruments",
    ),
    "actor": (
        "A state, organisation, body or agency, with its memberships on a date.",
        "ctcoop actor Russia --on 2018-01-01",
        [(["text"], {"metavar": "NAME_OR_ID"}), ON],
        "actor",
    ),
    "search": (
        "Search ids, names and aliases.",
        "ctcoop search 'financing'",
        [(["text"], {"metavar": "TEXT"})],
        "search",
    ),
    "members": (
        "Members of an organisation on a date.",
        "ctcoop members org:sco --on 2018-01-01",
        [
            (["org"], {"metavar": "ORG"}),
            ON,
            (
                ["--roles"],
                {
                    "help": "comma-separated roles: member, observer, dialogue_partner, "
                    "suspended, associate (default: member)"
                },
            ),
        ],
        "members",
    ),
    "org-history": (
        "Every membership change of an organisation.",
        "ctcoop org-history org:eu",
        [(["org"], {"metavar": "ORG"})],
        "org_history",
    ),
    "status": (
        "Is a state bound by an instrument on a date? bound / not_bound / unknown, explained.",
        "ctcoop status PAK unsc-1373 --on 2010-01-01",
        [(["state"], {"metavar": "STATE"}), (["instrument_id"], {"metavar": "INSTRUMENT"}), ON],
        "status",
    ),
}

DATA_COMMANDS: dict[str, tuple[str, str, list[Arg], str]] = {
    "check": (
        "Validate the knowledge base; name file, line and field of every problem.",
        "ctcoop data check --data ./my-data",
        [],
        "data_check",
    ),
    "discrepancies": (
        "Where the paper differs from the authoritative record.",
        "ctcoop data discrepancies",
        [],
        "data_discrepancies",
    ),
}


def _add(sub: Any, name: str, spec: tuple[str, str, list[Arg], str]) -> None:
    help_text, example, args, handler = spec
    p = sub.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=f"example: {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for flags, options in args:
        p.add_argument(*flags, **options)
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="read the knowledge base from DIR instead of the shipped data",
    )
    p.set_defaults(handler=handler)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ctcoop",
        description="International counter-terrorism cooperation law: who is bound by what, when.",
        epilog="example: ctcoop status PAK un-1999-terrorist-financing --on 2010-01-01",
    )
    parser.add_argument("--version", action="version", version="ctcoop 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, spec in COMMANDS.items():
        _add(sub, name, spec)
    data = sub.add_parser(
        "data",
        help="Check and inspect the knowledge base's data.",
        description="Check and inspect the knowledge base's data.",
        epilog="example: ctcoop data check",
    )
    data_sub = data.add_subparsers(dest="data_command", metavar="COMMAND", required=True)
    for name, spec in DATA_COMMANDS.items():
        _add(data_sub, name, spec)
    return parser


def _run(args: argparse.Namespace) -> int:
    from ctcoop.cli import commands
    from ctcoop.kb import load_kb

    kb = load_kb(args.data)
    handler: Callable[..., Any] = getattr(commands, args.handler)
    skip = {"handler", "json", "data", "command", "data_command"}
    kwargs = {k: v for k, v in vars(args).items() if k not in skip}
    handler(kb, **kwargs).emit(args.json)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except DataError as exc:
        if getattr(args, "json", False):
            import json

            problems = [
                {
                    "file": p.file,
                    "line": p.line,
                    "field": p.field,
                    "message": p.message,
                    "fix": p.fix,
                }
                for p in exc.problems
            ]
            print(json.dumps({"ok": False, "problems": problems}, indent=2))
        else:
            print(f"ctcoop: error: {exc.summary()}", file=sys.stderr)
        return exc.exit_code
    except CtcoopError as exc:
        print(f"ctcoop: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
