"""Command specs of ``ctcoop assess`` (pure data, like the other specs): implementation
monitoring of resolutions 1373, 1624, 2178, 2396 and 2462."""

from __future__ import annotations

from pathlib import Path

from ctcoop.cli.casespecs import DB, USER
from ctcoop.cli.spec import Arg, Command

ON: Arg = (["--on"], {"required": True, "metavar": "DATE", "help": "the date assessed, YYYY-MM-DD"})
ASSESSMENT: Arg = (["assessment"], {"metavar": "ASSESSMENT"})
STATE: Arg = (["state"], {"metavar": "STATE"})
AS_OF: Arg = (
    ["--as-of"],
    {
        "metavar": "WHEN",
        "help": "show the answers as recorded by then (YYYY-MM-DD or an ISO timestamp, UTC)",
    },
)

ASSESS_COMMANDS: dict[str, Command] = {
    "questions": Command(
        "The question bank: each question, its resolution and paragraphs, section, measures, "
        "FATF Recommendations and how the knowledge base derives it.",
        "ctcoop assess questions --resolution 1373 --json",
        [
            (["--resolution"], {"metavar": "NUMBER", "help": "e.g. 1373 (or unsc-1373)"}),
            (["--section"], {"metavar": "SECTION"}),
        ],
        "assesscmds:assess_questions",
    ),
    "new": Command(
        "Start an assessment of a state on a date.",
        "ctcoop assess new PAK --on 2014-06-30",
        [STATE, ON, (["--title"], {"metavar": "TEXT"}), DB, USER],
        "assesscmds:assess_new",
    ),
    "list": Command(
        "The stored assessments.",
        "ctcoop assess list --state PAK",
        [(["--state"], {"metavar": "STATE"}), DB],
        "assesscmds:assess_list",
    ),
    "answer": Command(
        "Answer a question of an assessment on the five-step scale (0 none, 1 limited, "
        "2 partial, 3 substantial, 4 full), with a note, evidence and any assistance needed.",
        "ctcoop assess answer asm-1a2b3c4d 1373-1b --score partial --note 'no offence for "
        "financing an individual terrorist'",
        [
            ASSESSMENT,
            (["question"], {"metavar": "QUESTION"}),
            (["--score"], {"metavar": "STEP", "help": "0-4 or none, limited, partial, ..."}),
            (["--note"], {"metavar": "TEXT"}),
            (["--assistance"], {"metavar": "TEXT", "help": "a technical-assistance need"}),
            (
                ["--evidence-url"],
                {"action": "append", "default": [], "metavar": "URL", "help": "repeat"},
            ),
            (
                ["--evidence-file"],
                {
                    "action": "append",
                    "default": [],
                    "type": Path,
                    "metavar": "FILE",
                    "help": "recorded by name and SHA-256; repeat",
                },
            ),
            (
                ["--evidence-fact"],
                {"action": "append", "default": [], "metavar": "TEXT", "help": "repeat"},
            ),
            DB,
            USER,
        ],
        "assesscmds:assess_answer",
    ),
    "derive": Command(
        "The answers the knowledge base decides for a state on a date, explained; the rest "
        "left unanswered. --into records them in an assessment (never over a user's answer).",
        "ctcoop assess derive PAK --on 2014-06-30 --json",
        [STATE, ON, (["--into"], {"metavar": "ASSESSMENT"}), DB, USER],
        "assesscmds:assess_derive",
    ),
    "show": Command(
        "An assessment's answers (as of a moment), or one question's history.",
        "ctcoop assess show asm-1a2b3c4d --as-of 2026-01-31",
        [ASSESSMENT, AS_OF, (["--history"], {"metavar": "QUESTION"}), DB],
        "assesscmds:assess_show",
    ),
    "report": Command(
        "The overview of a state's implementation on a date: fast facts, sections, top "
        "shortfalls, priority recommendations, technical-assistance needs.",
        "ctcoop assess report PAK --on 2014-06-30 --format pdf --out pak.pdf",
        [
            STATE,
            ON,
            (["--format"], {"choices": ["json", "html", "pdf"], "default": "json"}),
            (["--out"], {"dest": "out_path", "type": Path, "metavar": "FILE"}),
            AS_OF,
            DB,
        ],
        "assesscmds:assess_report",
    ),
    "compare": Command(
        "States by sections: an organisation's members (org:saarc) or listed states (PAK,IND).",
        "ctcoop assess compare org:saarc --on 2014-06-30",
        [(["target"], {"metavar": "TARGET"}), ON, DB],
        "assesscmds:assess_compare",
    ),
    "import": Command(
        "Import answers into an assessment (CSV: question,score,note,assistance,evidence_url; "
        "or YAML), or FATF ratings (--fatf; CSV: country,date,R.1..R.40,IO.1..IO.11). All rows "
        "are checked before any is stored.",
        "ctcoop assess import answers.csv --into asm-1a2b3c4d",
        [
            (["file"], {"type": Path, "metavar": "FILE"}),
            (["--into"], {"metavar": "ASSESSMENT"}),
            (["--fatf"], {"action": "store_true", "help": "the file holds FATF ratings"}),
            DB,
            USER,
        ],
        "assesscmds:assess_import",
    ),
    "log": Command(
        "The history of an assessment (or of all), from the hash-chained log shared with "
        "casework (`ctcoop case verify` checks it).",
        "ctcoop assess log asm-1a2b3c4d",
        [(["assessment"], {"nargs": "?", "metavar": "ASSESSMENT"}), DB],
        "assesscmds:assess_log",
    ),
}
