"""What a command is, as a record: the parser and the resident process read it; the handler
module is imported only when the command runs, so that every command starts fast."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

Arg = tuple[Sequence[str], dict[str, Any]]
"""An argparse argument: its flags and the keyword arguments of ``add_argument``."""


@dataclass(frozen=True)
class Command:
    """One command of ``ctcoop``.

    ``handler`` is ``"module:function"`` in :mod:`ctcoop.cli`; the function takes the knowledge
    base first, then exactly the parameters its signature declares (its own arguments, ``store``
    for the data store, ``kind`` and ``kb_dir`` from the command line). ``resident`` marks a
    command that only reads the knowledge base, so that a resident process may answer it
    (``ctcoop resident start``); one that writes, serves or screens always runs in its own
    process.
    """

    help: str
    example: str
    args: Sequence[Arg] = field(default_factory=tuple)
    handler: str = ""
    resident: bool = False


ANCHOR: Arg = (
    ["--anchor"],
    {
        "action": "append",
        "default": [],
        "metavar": "SEQ:HASH",
        "dest": "anchors",
        "help": "a head a previous `verify` printed: it must still be in the log (repeat)",
    },
)
"""A head of a hash-chained log recorded outside it (``ctcoop case|exchange verify``)."""
