"""Command specs of ``ctcoop case`` (pure data, like the other specs). The options of the case's
text fields are derived from :data:`ctcoop.casework.model.TEXT_FIELDS`, declared once there."""

from __future__ import annotations

from pathlib import Path

from ctcoop.cli.spec import ANCHOR, Arg, Command

DB: Arg = (
    ["--db"],
    {
        "metavar": "URL",
        "help": "the casework database (default: $CTCOOP_CASEWORK_DB or casework.sqlite in the "
        "data store); e.g. postgresql://user@host/db",
    },
)
USER: Arg = (
    ["--user"],
    {
        "metavar": "NAME",
        "help": "who makes the change, for the log (default: $CTCOOP_USER or the login name)",
    },
)
CASE: Arg = (["case_id"], {"metavar": "CASE"})


def _text_fields() -> list[Arg]:
    from ctcoop.casework.model import TEXT_FIELDS  # plain data; imports nothing heavy

    return [
        (["--" + name.replace("_", "-")], {"dest": name, "metavar": "TEXT", "help": what})
        for name, what in TEXT_FIELDS.items()
    ]


CONTENT: list[Arg] = [
    (
        ["--offence"],
        {
            "action": "append",
            "default": [],
            "metavar": "ID",
            "help": "an offence of the vocabulary (`ctcoop case offences`); repeat",
        },
    ),
    (
        ["--offence-date"],
        {
            "action": "append",
            "default": [],
            "metavar": "DATE",
            "help": "the date of the conduct, one per --offence in order",
        },
    ),
    (
        ["--offence-place"],
        {
            "action": "append",
            "default": [],
            "metavar": "PLACE",
            "help": "the place of the conduct, one per --offence",
        },
    ),
    (
        ["--conduct"],
        {
            "action": "append",
            "default": [],
            "metavar": "TEXT",
            "help": "the conduct alleged, one per --offence",
        },
    ),
    (
        ["--person"],
        {
            "action": "append",
            "default": [],
            "metavar": "NAME",
            "help": "a person concerned; repeat",
        },
    ),
    (
        ["--person-dob"],
        {
            "action": "append",
            "default": [],
            "metavar": "DATE",
            "help": "date of birth, one per --person in order",
        },
    ),
    (
        ["--person-nationality"],
        {
            "action": "append",
            "default": [],
            "metavar": "COUNTRY",
            "help": "nationality, one per --person",
        },
    ),
    (
        ["--person-id"],
        {
            "action": "append",
            "default": [],
            "metavar": "NUMBER",
            "help": "an identity document's number, one per --person",
        },
    ),
    (
        ["--person-location"],
        {
            "action": "append",
            "default": [],
            "metavar": "PLACE",
            "help": "where the person is thought to be, one per --person",
        },
    ),
]

CASE_COMMANDS: dict[str, Command] = {
    "new": Command(
        "Open a case: an extradition or mutual legal assistance request between two states.",
        "ctcoop case new --kind extradition --requesting IND --requested PAK "
        "--offence terrorist_bombing --offence-date 2009-05-01 --person 'NAME'",
        [
            (
                ["--kind"],
                {
                    "dest": "case_kind",
                    "required": True,
                    "metavar": "KIND",
                    "help": "extradition, provisional_arrest, mla_evidence, "
                    "mla_search_seizure, mla_service, mla_proceeds, "
                    "mla_electronic_evidence, mla_video_hearing",
                },
            ),
            (["--requesting"], {"required": True, "metavar": "STATE"}),
            (["--requested"], {"required": True, "metavar": "STATE"}),
            (
                ["--on"],
                {
                    "metavar": "DATE",
                    "help": "the date of the request, for the legal analysis (default: today)",
                },
            ),
            (
                ["--direction"],
                {
                    "default": "outgoing",
                    "choices": ["outgoing", "incoming"],
                    "help": "incoming: a request this authority received",
                },
            ),
            (
                ["--basis"],
                {
                    "metavar": "INSTRUMENT",
                    "help": "the instrument the request rests "
                    "on (default: the most specific binding basis covering the offences)",
                },
            ),
            (
                ["--authority"],
                {
                    "metavar": "ID",
                    "help": "the authority that holds the case (see `ctcoop account`)",
                },
            ),
            (
                ["--counterpart"],
                {
                    "metavar": "ID",
                    "help": "the other side's authority, when it "
                    "uses this service too: it may read the case",
                },
            ),
            (["--due"], {"metavar": "DATE", "help": "when the next step is due"}),
            (
                ["--apprehended"],
                {
                    "metavar": "DATE",
                    "help": "when the person was arrested (the "
                    "time limits of the basis run from it)",
                },
            ),
            *CONTENT,
            *_text_fields(),
            DB,
            USER,
        ],
        "casecmds:case_new",
    ),
    "edit": Command(
        "Give a case what it lacks: text fields, persons, offences, the date.",
        "ctcoop case edit case-1a2b3c4d --facts 'On 1 May 2009 ...' --penalty 'life imprisonment'",
        [
            CASE,
            (["--on"], {"metavar": "DATE"}),
            (["--due"], {"metavar": "DATE", "help": "when the next step is due"}),
            (
                ["--apprehended"],
                {
                    "metavar": "DATE",
                    "help": "when the person was arrested (the "
                    "time limits of the basis run from it)",
                },
            ),
            *CONTENT,
            *_text_fields(),
            DB,
            USER,
        ],
        "casecmds:case_edit",
    ),
    "list": Command(
        "The cases, with their state.",
        "ctcoop case list --state draft",
        [
            (["--state"], {"metavar": "STATE"}),
            (
                ["--overdue"],
                {"action": "store_true", "help": "only open cases past their due date"},
            ),
            DB,
        ],
        "casecmds:case_list",
    ),
    "show": Command(
        "A case: its parties, persons, offences, fields, attachments and state.",
        "ctcoop case show case-1a2b3c4d",
        [CASE, DB],
        "casecmds:case_show",
    ),
    "check": Command(
        "The legal analysis of a case: bases, offences within each, the chosen basis, grounds "
        "of refusal, and what is missing.",
        "ctcoop case check case-1a2b3c4d --json",
        [CASE, DB],
        "casecmds:case_check",
    ),
    "choose": Command(
        "Choose the instrument a case rests on (--default: back to ctcoop's choice).",
        "ctcoop case choose case-1a2b3c4d un-1997-terrorist-bombings",
        [
            CASE,
            (["basis"], {"nargs": "?", "metavar": "INSTRUMENT"}),
            (["--default"], {"action": "store_true", "help": "clear the choice"}),
            DB,
            USER,
        ],
        "casecmds:case_choose",
    ),
    "advance": Command(
        "Move a case on: draft, ready, sent, acknowledged, info_requested, executed, "
        "partly_executed, refused, withdrawn.",
        "ctcoop case advance case-1a2b3c4d --to ready",
        [
            CASE,
            (["--to"], {"required": True, "metavar": "STATE"}),
            (["--note"], {"metavar": "TEXT"}),
            DB,
            USER,
        ],
        "casecmds:case_advance",
    ),
    "attach": Command(
        "Attach a file to a case (stored with its SHA-256).",
        "ctcoop case attach case-1a2b3c4d warrant.pdf",
        [CASE, (["file"], {"type": Path, "metavar": "FILE"}), DB, USER],
        "casecmds:case_attach",
    ),
    "draft": Command(
        "Write the request as DOCX or PDF.",
        "ctcoop case draft case-1a2b3c4d --format pdf --out request.pdf",
        [
            CASE,
            (["--format"], {"required": True, "choices": ["docx", "pdf"]}),
            (["--out"], {"dest": "out_path", "required": True, "type": Path, "metavar": "FILE"}),
            DB,
        ],
        "casecmds:case_draft",
    ),
    "log": Command(
        "The history of a case (or of all), from the hash-chained log.",
        "ctcoop case log case-1a2b3c4d",
        [(["case_id"], {"nargs": "?", "metavar": "CASE"}), DB],
        "casecmds:case_log",
    ),
    "verify": Command(
        "Check the log's hash chain and the heads recorded earlier; name the first broken "
        "entry; print the head to record.",
        "ctcoop case verify --anchor 42:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",  # noqa: E501
        [ANCHOR, DB],
        "casecmds:case_verify",
    ),
    "offences": Command(
        "The offence vocabulary and where each offence is defined.",
        "ctcoop case offences",
        [],
        "casecmds:case_offences",
    ),
}


ACCOUNT_COMMANDS: dict[str, Command] = {
    "authority": Command(
        "Add an authority (a national body of one state) that may use casework.",
        "ctcoop account authority ind-mha --state IND --name 'Ministry of Home Affairs'",
        [
            (["ident"], {"metavar": "ID"}),
            (["--state"], {"required": True, "metavar": "STATE"}),
            (["--name"], {"required": True, "metavar": "NAME"}),
            DB,
        ],
        "casecmds:account_authority",
    ),
    "user": Command(
        "Add a user to an authority, with a role (officer, reviewer, viewer); the password is "
        "read from standard input or $CTCOOP_PASSWORD, never from the command line.",
        "printf '%s' \"$PASSWORD\" | ctcoop account user asha --authority ind-mha --role officer",
        [
            (["username"], {"metavar": "USERNAME"}),
            (["--authority"], {"required": True, "metavar": "ID"}),
            (["--role"], {"required": True, "choices": ["officer", "reviewer", "viewer"]}),
            DB,
        ],
        "casecmds:account_user",
    ),
    "list": Command(
        "The authorities and their users.",
        "ctcoop account list",
        [DB],
        "casecmds:account_list",
    ),
}
