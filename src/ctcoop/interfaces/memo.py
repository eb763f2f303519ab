"""The answer to "on what legal basis can A and B cooperate" as a short legal memo.

Built once from the legal-bases answer (:func:`ctcoop.interfaces.views.bases`) as plain parts, the
memo is then written as HTML (the pair's memo page, printable), PDF and DOCX with the same text: the
question, the short answer, the binding bases by level with their articles, what else was found
(not binding, not in force for both, of unknown status) with its caveats, and the sources.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ctcoop.interfaces.shapes import BasesView, BasisView, MemoEntryView, MemoView

LEVELS = ("bilateral", "regional", "global")
FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)
"""A Unicode font for the PDF when the system has one (Debian's fonts-dejavu-core); else the PDF
uses a built-in font and writes characters outside Latin-1 in their nearest plain form."""


def _entry(b: BasisView, names: dict[str, str]) -> MemoEntryView:
    articles = [f"art. {p['article']} ({p['strength']}): {p['summary']}" for p in b["provisions"]]
    status = "; ".join(f"{names.get(s, s)}: {v.replace('_', ' ')}" for s, v in b["status"].items())
    return {
        "instrument": b["instrument"],
        "title": b["title"],
        "level": b["level"],
        "kind": b["kind"],
        "status": status,
        "articles": articles,
        "caveats": list(b["caveats"]),
    }


def build(answer: BasesView, names: dict[str, str], version: str) -> MemoView:
    """The memo of a legal-bases answer; ``names`` gives the parties' names."""
    a, b = (names.get(p, p) for p in answer["parties"])
    measure = answer["measure"].replace("_", " ")
    binding = [x for x in answer["bases"] if x["binding"]]
    others = [x for x in answer["bases"] if not x["binding"]]
    unknown = sum(1 for x in others if x["in_force"] is None)
    if binding:
        best = answer["best_level"] or ""
        short = (
            f"Yes. {len(binding)} binding instrument(s) in force for both provide for {measure}; "
            f"the most specific level is {best}: "
            + "; ".join(x["title"] for x in binding if x["level"] == best)
            + "."
        )
    else:
        short = f"No binding instrument in force for both was found that provides for {measure}."
    if unknown:
        short += (
            f" {unknown} further instrument(s) could apply but a party's status is unknown in the "
            "data: see below."
        )
    return {
        "title": f"Legal basis for {measure}: {a} and {b}, {answer['on']}",
        "question": f"On what legal basis can {a} and {b} cooperate on {measure} on "
        f"{answer['on']}?",
        "short_answer": short,
        "binding": {
            level: [_entry(x, names) for x in binding if x["level"] == level] for level in LEVELS
        },
        "others": [_entry(x, names) for x in others],
        "sources": [
            ", ".join(
                part
                for part in (s["symbol"] or s["title"], s["body"], s["date"], s["url"] or "")
                if part
            )
            for s in answer["sources"].values()
        ],
        "note": f"Prepared by ctcoop {version} on {dt.date.today().isoformat()} from its "
        "knowledge base; every statement rests on the sources listed, which should be read "
        "before relying on it. Unknown means the data does not say, not that a state is not bound.",
    }


def _lines(memo: MemoView) -> list[tuple[str, str]]:
    """The memo as (style, text) lines: title, heading, text, item, small."""
    out: list[tuple[str, str]] = [("title", memo["title"]), ("heading", "Question")]
    out += [("text", memo["question"]), ("heading", "Short answer"), ("text", memo["short_answer"])]
    for level in LEVELS:
        entries = memo["binding"][level]
        if entries:
            out.append(("heading", f"Binding bases in force for both: {level} level"))
            out += _entry_lines(entries)
    if memo["others"]:
        out.append(("heading", "Also found: not binding, not in force for both, or unknown"))
        out += _entry_lines(memo["others"])
    out.append(("heading", "Sources"))
    out += [("item", s) for s in memo["sources"]]
    out.append(("small", memo["note"]))
    return out


def _entry_lines(entries: list[MemoEntryView]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for e in entries:
        out.append(("text", f"{e['title']} ({e['instrument']}), {e['kind']}. {e['status']}."))
        out += [("item", a) for a in e["articles"]]
        out += [("item", f"Caveat: {c}") for c in e["caveats"]]
    return out


def to_pdf(memo: MemoView) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(memo["title"])
    pdf.set_creator("ctcoop")
    font = next((f for f in FONTS if f.is_file()), None)
    family = "Helvetica"
    if font is not None:
        pdf.add_font("Memo", fname=str(font))
        family = "Memo"
    pdf.add_page()
    sizes = {"title": 15.0, "heading": 12.0, "text": 10.0, "item": 9.5, "small": 8.0}
    for style, text in _lines(memo):
        if font is None:
            text = _latin1(text)
        pdf.set_font(family, size=sizes[style])
        if style == "heading":
            pdf.ln(3)
        indent = 6 if style == "item" else 0
        pdf.set_x(pdf.l_margin + indent)
        prefix = "- " if style == "item" else ""
        pdf.multi_cell(pdf.epw - indent, sizes[style] * 0.5, prefix + text)
        pdf.ln(1.5)
    return bytes(pdf.output())


def _latin1(text: str) -> str:
    plain = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"'}
    plain |= {"\u201d": '"', "\u2026": "...", "\u00a0": " "}
    text = "".join(plain.get(c, c) for c in text)
    return text.encode("latin-1", "replace").decode("latin-1")


def to_docx(memo: MemoView) -> bytes:
    import io

    from docx import Document

    doc = Document()
    doc.core_properties.title = memo["title"]
    doc.core_properties.author = "ctcoop"
    for style, text in _lines(memo):
        if style == "title":
            doc.add_heading(text, level=1)
        elif style == "heading":
            doc.add_heading(text, level=2)
        elif style == "item":
            doc.add_paragraph(text, style="List Bullet")
        else:
            paragraph = doc.add_paragraph(text)
            if style == "small":
                paragraph.runs[0].italic = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
