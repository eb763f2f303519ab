"""Command specs of ``ctcoop exchange`` (pure data, like the other specs)."""

from __future__ import annotations

from pathlib import Path

from ctcoop.cli.spec import ANCHOR, Arg, Command

DB: Arg = (
    ["--db"],
    {
        "metavar": "URL",
        "help": "the exchange database (default: $CTCOOP_EXCHANGE_DB or "
        "exchange.sqlite in the data store)",
    },
)
KEY: Arg = (
    ["--key-file"],
    {
        "type": Path,
        "metavar": "FILE",
        "help": "the key of the message bodies (default: "
        "$CTCOOP_EXCHANGE_KEY); make one with `ctcoop exchange key`",
    },
)
USER: Arg = (
    ["--user"],
    {"metavar": "NAME", "help": "who acts, for the log (default: $CTCOOP_USER or the login name)"},
)
POLICIES: Arg = (
    ["--policies"],
    {
        "type": Path,
        "metavar": "FILE",
        "help": "the sending policies (default: $CTCOOP_EXCHANGE_POLICIES or the shipped examples)",
    },
)
AS: Arg = (
    ["--as"],
    {"dest": "agency", "required": True, "metavar": "AGENCY", "help": "the agency acting"},
)
MESSAGE: Arg = (["message_id"], {"metavar": "MESSAGE"})
STORE = [DB, KEY, USER]

EXCHANGE_COMMANDS: dict[str, Command] = {
    "key": Command(
        "Print a new key for the message bodies (keep it apart from the database).",
        "ctcoop exchange key > exchange.key",
        [],
        "exchangecmds:exchange_key",
    ),
    "agency": Command(
        "Register an agency: its state, kind and the channels it may use.",
        "ctcoop exchange agency deu-bka --state DEU --kind police --name 'Bundeskriminalamt'",
        [
            (["ident"], {"metavar": "ID"}),
            (["--state"], {"required": True, "metavar": "STATE"}),
            (
                ["--kind"],
                {
                    "dest": "agency_kind",
                    "required": True,
                    "metavar": "KIND",
                    "help": "police, intelligence, "
                    "financial_intelligence_unit, prosecution, border",
                },
            ),
            (["--name"], {"required": True, "metavar": "NAME"}),
            (
                ["--channel"],
                {
                    "dest": "channels",
                    "action": "append",
                    "default": [],
                    "metavar": "CHANNEL",
                    "help": "bilateral (default), europol, interpol, aseanapol, rats; repeat",
                },
            ),
            *STORE,
        ],
        "exchangecmds:exchange_agency",
    ),
    "user": Command(
        "Add a user to an agency: officer, supervisor or auditor; the password is read from "
        "standard input or $CTCOOP_PASSWORD, never from the command line.",
        "printf '%s' \"$PASSWORD\" | ctcoop exchange user anna --agency deu-bka --role officer",
        [
            (["username"], {"metavar": "USERNAME"}),
            (["--agency"], {"required": True, "metavar": "AGENCY"}),
            (["--role"], {"required": True, "choices": ["officer", "supervisor", "auditor"]}),
            DB,
            KEY,
        ],
        "exchangecmds:exchange_user",
    ),
    "agencies": Command(
        "The registered agencies.",
        "ctcoop exchange agencies",
        [DB, KEY],
        "exchangecmds:exchange_agencies",
    ),
    "send": Command(
        "Send a STIX 2.1 bundle; each recipient gets it only if the gate finds a legal basis.",
        "ctcoop exchange send --from pak-fia --to ind-nia --purpose information_exchange "
        "--handling H0 --tlp amber --evaluation B2 --bundle report.json",
        [
            (["--from"], {"dest": "sender", "required": True, "metavar": "AGENCY"}),
            (
                ["--to"],
                {
                    "dest": "recipients",
                    "action": "append",
                    "required": True,
                    "metavar": "AGENCY",
                    "help": "a recipient agency; repeat",
                },
            ),
            (
                ["--purpose"],
                {
                    "required": True,
                    "metavar": "MEASURE",
                    "help": "a measure of the vocabulary, e.g. information_exchange",
                },
            ),
            (["--handling"], {"required": True, "metavar": "CODE", "help": "H0, H1, H2, H3"}),
            (["--restriction"], {"metavar": "TEXT", "help": "the restrictions of H3"}),
            (
                ["--tlp"],
                {
                    "required": True,
                    "metavar": "TLP",
                    "help": "clear, green, amber, amber+strict, red",
                },
            ),
            (
                ["--evaluation"],
                {
                    "required": True,
                    "metavar": "XN",
                    "help": "source reliability A/B/C/X and information accuracy 1-4, e.g. B2",
                },
            ),
            (
                ["--data"],
                {
                    "action": "append",
                    "default": [],
                    "metavar": "CATEGORY",
                    "help": "personal, financial_messaging, passenger_records; repeat",
                },
            ),
            (["--retain-until"], {"metavar": "DATE"}),
            (["--channel"], {"default": "bilateral", "metavar": "CHANNEL"}),
            (["--on"], {"metavar": "DATE", "help": "the date of sending (default: today)"}),
            (
                ["--override"],
                {
                    "metavar": "JUSTIFICATION",
                    "help": "deliver where the gate "
                    "refuses, for this written reason (a supervisor's act; logged)",
                },
            ),
            (["--bundle"], {"required": True, "type": Path, "metavar": "FILE"}),
            POLICIES,
            *STORE,
        ],
        "exchangecmds:exchange_send",
    ),
    "inbox": Command(
        "The messages sent to an agency, delivered or refused, with their codes.",
        "ctcoop exchange inbox ind-nia",
        [(["agency"], {"metavar": "AGENCY"}), DB, KEY],
        "exchangecmds:exchange_inbox",
    ),
    "outbox": Command(
        "The messages an agency sent: to whom, delivered or refused, and why.",
        "ctcoop exchange outbox deu-bka",
        [(["agency"], {"metavar": "AGENCY"}), DB, KEY],
        "exchangecmds:exchange_outbox",
    ),
    "show": Command(
        "A message as an agency that holds it sees it: codes, legal basis, body (logged).",
        "ctcoop exchange show bundle--… --as ind-nia",
        [MESSAGE, AS, *STORE],
        "exchangecmds:exchange_show",
    ),
    "ask": Command(
        "Ask the provider's permission: judicial use (H1) or onward transfer (H2).",
        "ctcoop exchange ask bundle--… --as usa-fbi --for onward --detail 'to share with …'",
        [
            MESSAGE,
            AS,
            (["--for"], {"dest": "use", "required": True, "choices": ["judicial", "onward"]}),
            (["--detail"], {"default": "", "metavar": "TEXT"}),
            *STORE,
        ],
        "exchangecmds:exchange_ask",
    ),
    "permit": Command(
        "Answer a permission request as the provider (--refuse to refuse).",
        "ctcoop exchange permit 1 --as deu-bka",
        [
            (["request"], {"type": int, "metavar": "REQUEST"}),
            AS,
            (["--refuse"], {"action": "store_true"}),
            *STORE,
        ],
        "exchangecmds:exchange_permit",
    ),
    "forward": Command(
        "Pass a received message on (H2 needs permission); the gate decides again.",
        "ctcoop exchange forward bundle--… --as usa-fbi --to ind-nia",
        [
            MESSAGE,
            AS,
            (
                ["--to"],
                {"dest": "recipients", "action": "append", "required": True, "metavar": "AGENCY"},
            ),
            (["--on"], {"metavar": "DATE"}),
            POLICIES,
            *STORE,
        ],
        "exchangecmds:exchange_forward",
    ),
    "revoke": Command(
        "Withdraw a message as its provider: erased everywhere, every copy passed on too.",
        "ctcoop exchange revoke bundle--… --as deu-bka --reason 'source withdrew'",
        [MESSAGE, AS, (["--reason"], {"required": True, "metavar": "TEXT"}), *STORE],
        "exchangecmds:exchange_revoke",
    ),
    "purge": Command(
        "Erase the bodies of messages past their retention date (the log keeps their trace).",
        "ctcoop exchange purge",
        [(["--on"], {"metavar": "DATE"}), *STORE],
        "exchangecmds:exchange_purge",
    ),
    "log": Command(
        "Who did what with a message (or with all), from the hash-chained log.",
        "ctcoop exchange log bundle--…",
        [(["message_id"], {"nargs": "?", "metavar": "MESSAGE"}), DB, KEY],
        "exchangecmds:exchange_log",
    ),
    "verify": Command(
        "Check the log's hash chain and the heads recorded earlier; name the first broken "
        "entry; print the head to record.",
        "ctcoop exchange verify --anchor 42:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",  # noqa: E501
        [ANCHOR, DB, KEY],
        "exchangecmds:exchange_verify",
    ),
}
