"""A minimal PDF writer for tests: text drawn at given positions, as status-list tables are.

Depositaries publish their lists as PDF tables drawn as text; the tests build files in that
layout (columns at fixed positions, a header line, rows, page breaks) without any PDF library.
"""

from __future__ import annotations

from pathlib import Path

Line = list[tuple[float, str]]  # (x in points, text) per cell


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(path: Path, pages: list[list[Line]], *, truncate: bool = False) -> Path:
    """One page per list of lines; each line's cells at their x, lines 14 points apart."""
    objects: list[bytes] = [b"", b""]  # catalog and page tree, filled in below
    font = len(objects) + 1
    objects.append(b"<< /Type /Font /Subtype /Type1 /Name /F1 /BaseFont /Helvetica >>")
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 9 Tf"]
        y = 800.0
        for line in lines:
            for x, text in line:
                ops.append(f"1 0 0 1 {x:.1f} {y:.1f} Tm ({_escape(text)}) Tj")
            y -= 14
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, content)
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out[: len(out) // 2]) if truncate else bytes(out))
    return path


def table(columns: list[float], header: list[str], rows: list[list[str]]) -> list[Line]:
    """A header line and rows, each cell at its column's x (empty cells are left out)."""
    lines: list[Line] = [[(x, h) for x, h in zip(columns, header, strict=True) if h]]
    for row in rows:
        lines.append([(x, c) for x, c in zip(columns, row, strict=True) if c])
    return lines
