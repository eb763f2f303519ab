"""``ctcoop export`` and ``ctcoop cite`` (specs in :mod:`ctcoop.cli.exportspecs`)."""

from __future__ import annotations

import json
from pathlib import Path

from ctcoop.cli.output import Output, out, write_out
from ctcoop.errors import DataError, NotFoundError, Problem
from ctcoop.kb import KnowledgeBase
from ctcoop.kb.store import DataStore


def export_rdf(
    kb: KnowledgeBase,
    out_path: Path,
    format: str = "turtle",
    base: str | None = None,
    check: bool = False,
) -> Output:
    from ctcoop.opendata.rdf import Publisher, base_uri, serialize

    publisher = Publisher(kb, base_uri(base))
    g = publisher.build()
    if check:
        from ctcoop.opendata.shapes import check as validate

        report = validate(g, publisher.base)
        if not report.conforms:
            raise DataError(
                [
                    Problem(v["focus"], None, v["path"], v["message"], "fix the data it comes from")
                    for v in report.violations
                ]
            )
    content = serialize(g, format)
    target = write_out(out_path, content)
    data = {"out": str(target), "format": format, "triples": len(g), "bytes": len(content)}
    data["checked"] = check
    note = " (conforms to the shapes)" if check else ""
    return out(data, f"wrote {len(g):,} triples to {target}{note}")


def export_shapes(kb: KnowledgeBase, out_path: Path, base: str | None = None) -> Output:
    from ctcoop.opendata.rdf import Publisher, base_uri
    from ctcoop.opendata.shapes import shapes

    g = shapes(Publisher(kb, base_uri(base)).base)
    content = g.serialize(format="turtle", encoding="utf-8")
    target = write_out(out_path, content)
    return out({"out": str(target), "triples": len(g)}, f"wrote the shapes to {target}")


def export_csv(kb: KnowledgeBase, out_path: Path) -> Output:
    from ctcoop.opendata.tables import package

    files = package(kb)
    written = [str(write_out(out_path / name, content)) for name, content in files.items()]
    return out(
        {"out": str(out_path), "files": written},
        f"wrote {len(written)} files to {out_path} (validate: frictionless validate "
        f"{out_path / 'datapackage.json'})",
    )


def export_ftm(kb: KnowledgeBase, store: DataStore, out_path: Path) -> Output:
    from ctcoop.opendata.ftm import entities

    lines = [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entities(kb, store)]
    content = ("\n".join(lines) + "\n").encode() if lines else b""
    target = write_out(out_path, content)
    return out(
        {"out": str(target), "entities": len(lines)}, f"wrote {len(lines):,} entities to {target}"
    )


def cite(kb: KnowledgeBase, source: str, format: str = "bibtex") -> Output:
    from ctcoop.opendata.cite import bibtex, csl

    found = kb.sources.get(source) or kb.sources.get(f"src:{source}")
    if found is None:
        import difflib

        close = difflib.get_close_matches(source, list(kb.sources), n=3)
        raise NotFoundError("source", source, close)
    item = csl(found)
    text = (
        bibtex(found)
        if format == "bibtex"
        else json.dumps([item], indent=2, ensure_ascii=False) + "\n"
    )
    return Output(item if format == "csl-json" else {"bibtex": text, "csl": item}, [], [], raw=text)
