"""One place that renders documents: a title and a list of styled lines, to PDF (fpdf2; DejaVu
Sans when the system has it, so that any script prints) and DOCX (python-docx). Used by the legal
memo, the casework requests and the monitoring reports; also to a standalone HTML page.

Styles: ``title``, ``heading``, ``text``, ``item`` (a bullet) and ``small`` (italic notes).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

__all__ = ["FONTS", "Line", "to_docx", "to_html", "to_pdf"]

Line = tuple[str, str]
"""(style, text)."""

FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)
SIZES = {"title": 15.0, "heading": 12.0, "text": 10.0, "item": 9.5, "small": 8.0}


def to_pdf(title: str, lines: Sequence[Line]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(title)
    pdf.set_creator("ctcoop")
    font = next((f for f in FONTS if f.is_file()), None)
    family = "Helvetica"
    if font is not None:
        pdf.add_font("Body", fname=str(font))
        family = "Body"
    pdf.add_page()
    for style, text in lines:
        if font is None:
            text = _latin1(text)
        pdf.set_font(family, size=SIZES[style])
        if style == "heading":
            pdf.ln(3)
        indent = 6 if style == "item" else 0
        pdf.set_x(pdf.l_margin + indent)
        prefix = "- " if style == "item" else ""
        pdf.multi_cell(pdf.epw - indent, SIZES[style] * 0.5, prefix + text)
        pdf.ln(1.5)
    return bytes(pdf.output())


def _latin1(text: str) -> str:
    plain = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"'}
    plain |= {"\u201d": '"', "\u2026": "...", "\u00a0": " "}
    text = "".join(plain.get(c, c) for c in text)
    return text.encode("latin-1", "replace").decode("latin-1")


def to_docx(title: str, lines: Sequence[Line]) -> bytes:
    from docx import Document

    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = "ctcoop"
    for style, text in lines:
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


def to_html(title: str, lines: Sequence[Line]) -> bytes:
    """A standalone HTML page (no scripts, no outside resources), the text escaped."""
    from html import escape

    tags = {"title": "h1", "heading": "h2", "text": "p", "small": "p class=small"}
    body: list[str] = []
    in_list = False
    for style, text in lines:
        if (style == "item") != in_list:
            body.append("<ul>" if style == "item" else "</ul>")
            in_list = style == "item"
        tag = "li" if style == "item" else tags[style]
        body.append(f"<{tag}>{escape(text)}</{tag.split()[0]}>")
    if in_list:
        body.append("</ul>")
    css = (
        "body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}"
        ".small{font-size:.85em;font-style:italic;color:#555}"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{css}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    ).encode()
