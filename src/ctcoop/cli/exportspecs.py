"""Command specs of ``ctcoop export`` and ``ctcoop cite`` (pure data, like the other specs)."""

from __future__ import annotations

from pathlib import Path

from ctcoop.cli.spec import Arg, Command

OUT: Arg = (["--out"], {"dest": "out_path", "required": True, "type": Path, "metavar": "PATH"})
BASE: Arg = (
    ["--base"],
    {
        "metavar": "URI",
        "help": "the base of the URIs (default: $CTCOOP_RDF_BASE or https://w3id.org/ctcoop/id/)",
    },
)

EXPORT_COMMANDS: dict[str, Command] = {
    "rdf": Command(
        "The knowledge base as RDF (Turtle, JSON-LD or N-Triples), with the provenance of every "
        "fact; --check validates it against the SHACL shapes.",
        "ctcoop export rdf --format turtle --out ctcoop.ttl",
        [
            (["--format"], {"choices": ["turtle", "jsonld", "nt"], "default": "turtle"}),
            OUT,
            BASE,
            (["--check"], {"action": "store_true", "help": "validate against the shapes"}),
        ],
        "exportcmds:export_rdf",
    ),
    "shapes": Command(
        "The SHACL shapes of the RDF export (Turtle).",
        "ctcoop export shapes --out shapes.ttl",
        [OUT, BASE],
        "exportcmds:export_shapes",
    ),
    "csv": Command(
        "The knowledge base as a Frictionless data package: CSV tables and datapackage.json.",
        "ctcoop export csv --out ctcoop-data/",
        [OUT],
        "exportcmds:export_csv",
    ),
    "ftm": Command(
        "Organisations, public bodies, memberships and (from the loaded sanctions lists) "
        "designated entities as FollowTheMoney JSON lines.",
        "ctcoop export ftm --out ctcoop.ftm.json",
        [OUT],
        "exportcmds:export_ftm",
    ),
}

CITE = Command(
    "Cite a source of the knowledge base as BibTeX or CSL-JSON.",
    "ctcoop cite src:un-s-res-1373 --format bibtex",
    [
        (["source"], {"metavar": "SOURCE-ID"}),
        (["--format"], {"choices": ["bibtex", "csl-json"], "default": "bibtex"}),
    ],
    "exportcmds:cite",
)
