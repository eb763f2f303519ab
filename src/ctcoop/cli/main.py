"""``ctcoop``: a thin command line over the library.

Every command takes ``--json``; errors print one line and exit with the error's code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ctcoop.cli.spec import Arg, Command
from ctcoop.errors import CtcoopError, DataError

ON: Arg = (
    ["--on"],
    {"metavar": "DATE", "help": "the date asked about, YYYY-MM-DD (default: today)"},
)

COMMANDS: dict[str, Command] = {
    "model": Command(
        "The three levels of the model, with counts.", "ctcoop model", [], "commands:model"
    ),
    "instrument": Command(
        "One instrument: dates, binding rule, provisions, sources.",
        "ctcoop instrument un-1999-terrorist-financing --json",
        [(["ident"], {"metavar": "ID"})],
        "commands:instrument",
        resident=True,
    ),
    "instruments": Command(
        "List instruments, filtered by level, kind, forum or measure.",
        "ctcoop instruments --level global --measure extradition",
        [(["--level"], {}), (["--kind"], {}), (["--forum"], {}), (["--measure"], {})],
        "commands:instruments",
        resident=True,
    ),
    "actor": Command(
        "A state, organisation, body or agency, with its memberships on a date.",
        "ctcoop actor Russia --on 2018-01-01",
        [(["text"], {"metavar": "NAME_OR_ID"}), ON],
        "commands:actor",
        resident=True,
    ),
    "search": Command(
        "Search ids, names and aliases.",
        "ctcoop search 'financing'",
        [(["text"], {"metavar": "TEXT"})],
        "commands:search",
        resident=True,
    ),
    "members": Command(
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
        "commands:members",
        resident=True,
    ),
    "org-history": Command(
        "Every membership change of an organisation.",
        "ctcoop org-history org:eu",
        [(["org"], {"metavar": "ORG"})],
        "commands:org_history",
        resident=True,
    ),
    "status": Command(
        "Is a state bound by (or committed to) an instrument on a date? bound / not_bound, "
        "committed / not_committed for a political commitment, or unknown; explained.",
        "ctcoop status PAK unsc-1373 --on 2010-01-01",
        [(["state"], {"metavar": "STATE"}), (["instrument_id"], {"metavar": "INSTRUMENT"}), ON],
        "commands:status",
        resident=True,
    ),
    "basis": Command(
        "On what legal basis can A and B cooperate on a measure on a date, at each level?",
        "ctcoop basis IND PAK --measure extradition --on 2010-01-01",
        [
            (["a"], {"metavar": "A"}),
            (["b"], {"metavar": "B"}),
            (["--measure"], {"required": True, "metavar": "M"}),
            ON,
            (
                ["--binding-only"],
                {"action": "store_true", "help": "only binding bases in force for both"},
            ),
        ],
        "lawcmds:basis",
        resident=True,
    ),
    "obligations": Command(
        "What binds a state on a date, by level and measure, with the provisions.",
        "ctcoop obligations PAK --on 2010-01-01 --measure asset_freezing",
        [(["state"], {"metavar": "STATE"}), ON, (["--measure"], {"metavar": "M"})],
        "lawcmds:obligations",
        resident=True,
    ),
    "gaps": Command(
        "Gaps: for a state, an organisation, or a pair of states (A B).",
        "ctcoop gaps org:saarc --on 2010-01-01",
        [(["subjects"], {"nargs": "+", "metavar": "STATE|ORG|A B"}), ON],
        "lawcmds:gaps",
        resident=True,
    ),
    "serve": Command(
        "Serve the web UI and the REST API (imports the reference data first when present).",
        "ctcoop serve --host 127.0.0.1 --port 8000",
        [
            (["--host"], {"default": "127.0.0.1"}),
            (["--port"], {"type": int, "default": 8000}),
            (
                ["--reference-data"],
                {
                    "metavar": "DIR",
                    "help": "folder of the shared reference "
                    "data (default: $CTCOOP_REFERENCE_DATA or ../shared/data)",
                },
            ),
        ],
        "lawcmds:serve",
    ),
    "coverage": Command(
        "For a measure and a date, the best level of legal basis for every pair of states.",
        "ctcoop coverage --measure extradition --on 2010-01-01 --states IND,PAK,USA,DEU",
        [
            (["--measure"], {"required": True, "metavar": "M"}),
            ON,
            (["--states"], {"help": "comma-separated states (default: all UN members)"}),
            (["--csv"], {"action": "store_true", "help": "print the matrix as CSV"}),
        ],
        "lawcmds:coverage",
        resident=True,
    ),
}

INSTRUMENTS_ARG: Arg = (
    ["--instruments"],
    {"required": True, "metavar": "ID,...", "help": "comma-separated instrument or set ids"},
)
STATS_COMMANDS: dict[str, Command] = {
    "parties": Command(
        "How many states were parties to each instrument, to all, to any, on a date.",
        "ctcoop stats parties --instruments set:universal-12 --on 2008-12-31 --all",
        [
            INSTRUMENTS_ARG,
            ON,
            (
                ["--all"],
                {
                    "action": "store_true",
                    "dest": "show_all",
                    "help": "list the UN members party to all",
                },
            ),
            (
                ["--any"],
                {
                    "action": "store_true",
                    "dest": "show_any",
                    "help": "list the UN members party to any",
                },
            ),
        ],
        "lawcmds:stats_parties",
        resident=True,
    ),
    "consents": Command(
        "Consents (ratifications, accessions, ...) deposited per year for a set of instruments.",
        "ctcoop stats consents --instruments set:universal-12 --from 1991 --to 2010",
        [
            INSTRUMENTS_ARG,
            (["--from"], {"dest": "start", "type": int, "required": True}),
            (["--to"], {"dest": "end", "type": int, "required": True}),
        ],
        "lawcmds:stats_consents",
        resident=True,
    ),
    "members": Command(
        "Members of an organisation at the end of each year.",
        "ctcoop stats members org:asean --from 1967 --to 2025",
        [
            (["org"], {"metavar": "ORG"}),
            (["--from"], {"dest": "start", "type": int, "required": True}),
            (["--to"], {"dest": "end", "type": int, "required": True}),
        ],
        "lawcmds:stats_members",
        resident=True,
    ),
}

DATA_COMMANDS: dict[str, Command] = {
    "check": Command(
        "Validate the knowledge base; name file, line and field of every problem.",
        "ctcoop data check --kb ./my-data",
        [],
        "datacmds:data_check",
    ),
    "discrepancies": Command(
        "Where the paper differs from the authoritative record.",
        "ctcoop data discrepancies",
        [],
        "datacmds:data_discrepancies",
    ),
    "status": Command(
        "Per instrument: how many UN members have a known status, from which source.",
        "ctcoop data status --on 2014-07-01",
        [ON],
        "datacmds:data_status",
    ),
    "coverage": Command(
        "Status of every UN member in the instruments given, as a table; with --universal, "
        "bound / not bound / unknown among the UN members for each of the nineteen universal "
        "instruments, and where the figures come from.",
        "ctcoop data coverage --universal --on 2012-06-30",
        [
            (["--instruments"], {"help": "comma-separated instrument ids (or a set:...)"}),
            (
                ["--universal"],
                {
                    "action": "store_true",
                    "help": "summarise the nineteen universal instruments (set:universal-19)",
                },
            ),
            ON,
            (["--states"], {"help": "comma-separated states (default: all UN members)"}),
            (["--csv"], {"action": "store_true", "help": "print CSV"}),
        ],
        "datacmds:data_coverage",
    ),
    "conflicts": Command(
        "Where imported records and the curated data disagree, and which is used.",
        "ctcoop data conflicts",
        [],
        "datacmds:data_conflicts",
    ),
    "imports": Command(
        "The imports in the local data store: source, file hash, time, unresolved names.",
        "ctcoop data imports",
        [],
        "datacmds:data_imports",
    ),
    "update": Command(
        "Download the current UN Treaty Collection status pages and UN list, and import them.",
        "ctcoop data update",
        [
            (["--no-lists"], {"action": "store_true", "help": "skip the UN sanctions list"}),
            (["--timeout"], {"type": float, "default": 20.0, "help": "seconds per request"}),
        ],
        "datacmds:data_update",
    ),
}

RESIDENT_COMMANDS: dict[str, Command] = {
    "start": Command(
        "Start a resident process that keeps the knowledge base in memory and answers the "
        "read-only commands (basis, status, members, ...) of later calls.",
        "ctcoop resident start --idle 3600",
        [
            (
                ["--idle"],
                {
                    "type": float,
                    "default": 1800.0,
                    "metavar": "SECONDS",
                    "help": "exit after this long without a request (default: 1800)",
                },
            )
        ],
        "resident:resident_start",
    ),
    "stop": Command(
        "Stop the resident process.", "ctcoop resident stop", [], "resident:resident_stop"
    ),
    "status": Command(
        "Whether a resident process runs, since when, and how many answers it gave.",
        "ctcoop resident status",
        [],
        "resident:resident_status",
    ),
}

FILE: Arg = (["path"], {"type": Path, "metavar": "FILE"})
ACCEPT_SHRINK: Arg = (
    ["--accept-shrink"],
    {
        "metavar": "REASON",
        "help": "replace an earlier import even though this one has over 20%% fewer facts; the "
        "reason is kept with the import",
    },
)
IMPORT_COMMANDS: dict[str, Command] = {
    "untc": Command(
        "Import a UN Treaty Collection status table (CSV, or the HTML page).",
        "ctcoop data import untc 18-11.csv --instrument un-1999-terrorist-financing",
        [
            FILE,
            (["--instrument"], {"required": True, "metavar": "ID"}),
            (
                ["--as-of"],
                {
                    "metavar": "DATE",
                    "help": "the date the record is complete to (default: its latest action)",
                },
            ),
        ],
        "datacmds:data_import",
    ),
    **{
        kind: Command(
            f"Import {who}'s status list of one instrument ({form}).",
            f"ctcoop data import {kind} {example}",
            [
                FILE,
                (["--instrument"], {"required": True, "metavar": "ID"}),
                (
                    ["--as-of"],
                    {
                        "metavar": "DATE",
                        "help": "the date the list is complete to (default: the 'as at' date "
                        "it states, else its latest action)",
                    },
                ),
                *(
                    [
                        (
                            ["--section"],
                            {
                                "metavar": "HEADING",
                                "help": "the instrument's section heading in the compilation "
                                "(default: SUA 1988, SUA PROT 1988, SUA 2005 or SUA PROT 2005)",
                            },
                        )
                    ]
                    if kind == "imo"
                    else []
                ),
            ],
            "datacmds:data_import",
        )
        for kind, who, form, example in (
            ("icao", "ICAO", "PDF or HTML", "hague-en.pdf --instrument icao-1970-hague"),
            (
                "imo",
                "IMO",
                "the Status of IMO Treaties PDF",
                "status.pdf --instrument imo-1988-sua",
            ),
            ("iaea", "the IAEA", "PDF or HTML", "cppnm_status.pdf --instrument iaea-1980-cppnm"),
            (
                "oas",
                "the OAS",
                "the HTML page",
                "a-66.html --instrument oas-2002-inter-american-convention",
            ),
            ("au", "the AU", "PDF or HTML", "oau-1999.pdf --instrument oau-1999-convention"),
        )
    },
    "unoda": Command(
        "Import the UNODA treaties database harvest (JSON).",
        "ctcoop data import unoda treatydata.json",
        [FILE],
        "datacmds:data_import",
    ),
    "cow": Command(
        "Import Correlates of War IGO membership (IGO-year CSV, gzipped or not).",
        "ctcoop data import cow cow-igo-v3-igo-year.csv.gz",
        [FILE],
        "datacmds:data_import",
    ),
    "csv": Command(
        "Import a generic participation CSV: state,instrument,action,date,source.",
        "ctcoop data import csv icao-parties.csv --name icao-2024 --body ICAO",
        [
            FILE,
            (["--name"], {"help": "a name for this list (default: the file name)"}),
            (["--body"], {"help": "who published the record"}),
        ],
        "datacmds:data_import",
    ),
}


def _add(sub: Any, name: str, command: Command) -> None:
    p = sub.add_parser(
        name,
        allow_abbrev=False,
        help=command.help,
        description=command.help,
        epilog=f"example: {command.example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for flags, options in command.args:
        p.add_argument(*flags, **options)
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.add_argument(
        "--kb",
        type=Path,
        metavar="DIR",
        help="read the curated knowledge base from DIR instead of the shipped data",
    )
    p.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="the local store of imported data (default: $CTCOOP_DATA_DIR or the platform's "
        "user data folder)",
    )
    p.set_defaults(handler=command.handler, resident=command.resident)


class _Version(argparse.Action):
    """``--version``: the package's declared version, read only when asked for."""

    def __call__(self, parser: Any, *_args: Any, **_kw: Any) -> None:
        from ctcoop import package_version

        print(f"ctcoop {package_version()}")  # to standard output, as argparse's own action
        parser.exit()


def _group(sub: Any, name: str, commands: dict[str, Command], **text: str) -> None:
    """A command group (``ctcoop NAME COMMAND``) and its commands."""
    group = sub.add_parser(name, allow_abbrev=False, **text)
    group_sub = group.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)
    for command, spec in commands.items():
        _add(group_sub, command, spec)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ctcoop",
        allow_abbrev=False,
        description="International counter-terrorism cooperation law: who is bound by what, when.",
        epilog="example: ctcoop status PAK un-1999-terrorist-financing --on 2010-01-01",
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, default=argparse.SUPPRESS, help="print the version"
    )
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
    from ctcoop.cli.listspecs import LISTS_COMMANDS
    from ctcoop.cli.screenspecs import SCREEN_COMMANDS

    for name, spec in SCREEN_COMMANDS.items():
        _add(sub, name, spec)

    from ctcoop.cli.casespecs import ACCOUNT_COMMANDS, CASE_COMMANDS

    _group(
        sub,
        "case",
        CASE_COMMANDS,
        help="Extradition and mutual legal assistance casework.",
        description="Cases of extradition and mutual legal assistance: open one, check its "
        "legal basis and grounds of refusal, give what it lacks, move it on, draft the request, "
        "and read or verify its hash-chained log.",
        epilog="example: ctcoop case new --kind extradition --requesting IND --requested PAK "
        "--offence terrorist_bombing --offence-date 2009-05-01 --person NAME",
    )
    _group(
        sub,
        "account",
        ACCOUNT_COMMANDS,
        help="Authorities and users of casework.",
        description="The authorities that use casework and their users (officer, reviewer, "
        "viewer): add and list them.",
        epilog="example: ctcoop account authority ind-mha --state IND --name 'Ministry of Home "
        "Affairs'",
    )
    from ctcoop.cli.exportspecs import CITE, EXPORT_COMMANDS

    _group(
        sub,
        "export",
        EXPORT_COMMANDS,
        help="Open data out: RDF with its shapes, a CSV data package, FollowTheMoney.",
        description="Publish the knowledge base as linked data (Turtle, JSON-LD, N-Triples; "
        "SHACL shapes), as a Frictionless data package of CSV tables, or as FollowTheMoney "
        "entities.",
        epilog="example: ctcoop export rdf --format turtle --out ctcoop.ttl --check",
    )
    _add(sub, "cite", CITE)
    from ctcoop.cli.assessspecs import ASSESS_COMMANDS

    _group(
        sub,
        "assess",
        ASSESS_COMMANDS,
        help="Implementation monitoring of resolutions 1373, 1624, 2178, 2396 and 2462.",
        description="Assess how a state implements the Security Council's counter-terrorism "
        "resolutions, question by question on a five-step scale: answers the knowledge base "
        "decides are derived and explained, the rest entered or imported; every change is "
        "versioned and logged; reports, comparisons and user-supplied FATF ratings.",
        epilog="example: ctcoop assess derive PAK --on 2014-06-30",
    )
    from ctcoop.cli.exchangespecs import EXCHANGE_COMMANDS

    _group(
        sub,
        "exchange",
        EXCHANGE_COMMANDS,
        help="Information exchange between agencies, gated by the legal basis.",
        description="Agencies send STIX 2.1 bundles with handling codes, TLP and evaluation; a "
        "message reaches a recipient only on a binding legal basis that meets the sender's "
        "policy; permissions, onward transfer, revocation and retention; a hash-chained log.",
        epilog="example: ctcoop exchange send --from pak-fia --to ind-nia --purpose "
        "information_exchange --handling H0 --tlp amber --evaluation B2 --bundle report.json",
    )
    _group(
        sub,
        "lists",
        LISTS_COMMANDS,
        help="Sanctions lists: load, list versions, diff, law, re-screen.",
        description="Sanctions lists: load a version, list the stored versions, compare two, "
        "show the law behind a regime, re-screen after an update.",
        epilog="example: ctcoop lists load consolidated.xml",
    )
    resident = sub.add_parser(
        "resident",
        allow_abbrev=False,
        help="A resident process that answers read-only commands fast.",
        description="Start, stop or ask after the resident process: it keeps the knowledge "
        "base in memory and answers basis, status, members and the other read-only commands, "
        "as they would be answered on their own.",
        epilog="example: ctcoop resident start",
    )
    resident_sub = resident.add_subparsers(
        dest="resident_command", metavar="COMMAND", required=True
    )
    for name, spec in RESIDENT_COMMANDS.items():
        _add(resident_sub, name, spec)
    stats = sub.add_parser(
        "stats",
        allow_abbrev=False,
        help="Statistics over time.",
        description="Statistics over time: parties, consents, members.",
        epilog="example: ctcoop stats parties --instruments set:universal-12 --on 2008-12-31",
    )
    stats_sub = stats.add_subparsers(dest="stats_command", metavar="COMMAND", required=True)
    for name, spec in STATS_COMMANDS.items():
        _add(stats_sub, name, spec)
    imp = data_sub.add_parser(
        "import",
        help="Import real participation or membership data.",
        description="Import real participation or membership data into the local data store.",
        epilog="example: ctcoop data import untc "
        "18-11.csv --instrument un-1999-terrorist-financing",
    )
    imp_sub = imp.add_subparsers(dest="import_command", metavar="KIND", required=True)
    for name, command in IMPORT_COMMANDS.items():
        _add(imp_sub, name, replace(command, args=[*command.args, ACCEPT_SHRINK]))
    return parser


# What a handler may ask for besides its own arguments, by parameter name: the data store, the
# import kind, the --kb folder. A handler gets exactly the parameters its signature declares.
CONTEXT = {"kind": "import_command", "kb_dir": "kb"}
# What every command's namespace holds besides its own options.
_GENERAL = frozenset({"handler", "resident", "json", "kb", "data_dir", "command"})


def resolve(handler: str) -> Callable[..., Any]:
    """``"lawcmds:basis"`` -> the function ``basis`` of ``ctcoop.cli.lawcmds`` (imported now)."""
    import importlib

    module, _, name = handler.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(f"ctcoop.cli.{module}"), name)
    return found


def _run(args: argparse.Namespace, load: Callable[..., Any]) -> int:
    import inspect

    from ctcoop.kb.store import DataStore, default_data_dir

    handler = resolve(args.handler)
    store = DataStore(args.data_dir or default_data_dir())
    values = {k.replace("-", "_"): v for k, v in vars(args).items()}
    kwargs: dict[str, Any] = {}
    for name in inspect.signature(handler).parameters:
        if name == "kb":
            kwargs[name] = load(args.kb, store)
        elif name == "store":
            kwargs[name] = store
        elif name in CONTEXT:
            kwargs[name] = values.get(CONTEXT[name])
        elif name in values:
            kwargs[name] = values[name]
    if any(p.kind is p.VAR_KEYWORD for p in inspect.signature(handler).parameters.values()):
        # a handler taking **fields gets its command's own options not named in its signature
        # (those derived from a shape declared elsewhere, e.g. a case's text fields)
        kwargs |= {
            k: v
            for k, v in values.items()
            if k not in kwargs and k not in _GENERAL and not k.endswith("_command")
        }
    handler(**kwargs).emit(args.json)
    return 0


def execute(args: argparse.Namespace, load: Callable[..., Any] | None = None) -> int:
    """Run the parsed command; ``load(kb_dir, store)`` gives the knowledge base (by default
    from the snapshot, see :func:`ctcoop.kb.snapshot.load_kb_cached`). Errors print one line
    (or, with ``--json``, the problems as JSON) and give the error's exit code."""
    if load is None:
        from ctcoop.kb.snapshot import load_kb_cached

        load = load_kb_cached
    try:
        return _run(args, load)
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


def main(argv: Sequence[str] | None = None) -> int:
    return execute(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
