"""Citations of the sources, as CSL-JSON (for Zotero, Pandoc, citeproc) and BibTeX.

A Security Council or General Assembly resolution and an EU act (an address on EUR-Lex) are
legislation; any other source is a document of the body that issued it. Authors are the issuing
bodies, written as institutions (``{{...}}`` in BibTeX, ``literal`` in CSL-JSON), never split
into given and family names.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from ctcoop.model import PartialDate, Source

__all__ = ["FORMATS", "bibtex", "csl", "kind_of", "page_citation"]

FORMATS = ("bibtex", "csl-json")
LEGISLATION = re.compile(r"^(S|A)/RES/")
BIBTEX_SPECIAL = str.maketrans(
    {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
     "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
)  # fmt: skip


def kind_of(source: Source) -> str:
    """``legislation`` (a UN resolution, an EU act) or ``document``."""
    if source.symbol and LEGISLATION.match(source.symbol):
        return "legislation"
    if source.url and "eur-lex.europa.eu" in source.url:
        return "legislation"
    return "document"


def _parts(d: PartialDate) -> list[int]:
    return [v for v in (d.year, d.month, d.day) if v is not None]


def csl(source: Source) -> dict[str, Any]:
    """A CSL-JSON item."""
    item: dict[str, Any] = {
        "id": source.id,
        "type": "legislation" if kind_of(source) == "legislation" else "document",
        "title": source.title,
        "author": [{"literal": source.body}],
        "issued": {"date-parts": [_parts(source.date)]},
    }
    if kind_of(source) == "legislation":
        item["authority"] = source.body
    else:
        item["publisher"] = source.body
    if source.symbol:
        item["number"] = source.symbol
    if source.url:
        item["URL"] = source.url
    if source.retrieved:
        with contextlib.suppress(ValueError):  # a retrieval note that is not a date
            item["accessed"] = {"date-parts": [_parts(PartialDate.parse(source.retrieved[:10]))]}
    return item


def _key(ident: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", ident.removeprefix("src:")).strip("-") or "source"


def _field(value: str) -> str:
    return value.translate(BIBTEX_SPECIAL)


def bibtex(source: Source) -> str:
    """A BibTeX entry (``@misc``; read by BibTeX and biblatex alike)."""
    fields: list[tuple[str, str]] = [
        ("title", "{" + _field(source.title) + "}"),
        ("author", "{" + _field(source.body) + "}"),
        ("year", str(source.date.year)),
    ]
    if source.date.month is not None:
        fields.append(("month", str(source.date.month)))
    fields.append(("date", str(source.date)))
    if source.symbol:
        fields.append(("number", _field(source.symbol)))
        fields.append(("note", f"UN document symbol {_field(source.symbol)}"
                       if "/" in source.symbol else _field(source.symbol)))  # fmt: skip
    if source.url:
        fields.append(("url", source.url.replace("%", r"\%").replace("#", r"\#")))
        fields.append(("howpublished", r"\url{" + source.url.replace("%", r"\%") + "}"))
    if source.retrieved:
        fields.append(("urldate", source.retrieved[:10]))
    kind = "legislation" if kind_of(source) == "legislation" else "document"
    fields.append(("keywords", kind))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{_key(source.id)},\n{body}\n}}\n"


def page_citation(title: str, url: str, version: str, accessed: str) -> str:
    """How to cite a page of ctcoop."""
    return f"ctcoop {version}, “{title}”, {url} (accessed {accessed})."
