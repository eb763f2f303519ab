"""The answer to "on what legal basis can A and B cooperate" as a short legal memo.

Built once from the legal-bases answer (:func:`ctcoop.interfaces.views.bases`) as plain parts, the
memo is then written as HTML (the pair's memo page, printable), PDF and DOCX with the same text: the
question, the short answer, the binding bases by level with their articles, what else was found
(not binding, not in force for both, of unknown status) with its caveats, and the sources.
"""

from __future__ import annotations

import datetime as dt

from ctcoop.interfaces.shapes import BasesView, BasisView, MemoEntryView, MemoView

LEVELS = ("bilateral", "regional", "global")


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
    from ctcoop.platform.documents import to_pdf as render

    return render(memo["title"], _lines(memo))


def to_docx(memo: MemoView) -> bytes:
    from ctcoop.platform.documents import to_docx as render

    return render(memo["title"], _lines(memo))
