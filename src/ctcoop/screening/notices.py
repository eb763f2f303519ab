"""What a list says of an entry besides its names: the person is reported deceased, or the entry
was delisted. Read from the list data only, never guessed:

- deceased: a ``deathDate`` property, or a sentence of the entry's ``notes`` (the UN's
  ``COMMENTS1``, OFAC's remarks, the EU's remark) that states the entry's own death and begins
  with it, in the forms lists use: "Reportedly deceased in <year>.", "Confirmed to have died on
  <date> in <place>.", "Died in <year>", "Believed status/location: deceased.", "As of <month>,
  reportedly killed in ...". A death said of someone else ("close associate of <name>
  (deceased)", "following the death of ...", "founded by now-deceased ...") is not the entry's
  and is not read.
- delisted: the designation's end date (the UN's ``DELISTED_ON``, a ``Sanction``'s ``endDate``),
  or a newer stored version of the same list without the entry (:func:`withdrawn`, used by the
  screening service).

Each notice quotes the list's own words (or the fact it rests on) and names where it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from followthemoney import EntityProxy

if TYPE_CHECKING:
    from ctcoop.interfaces.shapes import NoticeView

__all__ = ["Notice", "deceased", "delisted", "notices", "withdrawn"]

QUOTED = 200
"""At most this many characters of the list's words are quoted."""
_DEATH = re.compile(
    r"(?:^|[.;]\s*|\(\w\)\s*)"  # the start of the note, of a sentence, or of an item "(a) "
    r"((?:as of [^,.;]{1,40},\s*)?"
    r"(?:believed status/location:\s*)?"
    r"(?:(?:reportedly|reported(?: to have)?|confirmed(?: to have)?|believed(?: to have)?)\s+)?"
    r"(?:deceased|died|dead|killed)\b)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(  # a full stop before a capital, a semicolon, the next item "(b)", or
    r"\.(?=\s+[A-Z(]|\s*$)|;|\t|\s{2,}|(?=\s\(\w\)\s)|(?=\s+INTERPOL-UN)"  # the UN's link
)


@dataclass(frozen=True, slots=True)
class Notice:
    """One thing the list says of an entry: ``kind`` is ``deceased`` or ``delisted``."""

    kind: Literal["deceased", "delisted"]
    text: str  # the list's own words, or the fact the notice rests on
    source: str  # where it is read: a property, or the list version
    date: str | None = None  # when the list gives it as a date

    def to_json(self) -> NoticeView:
        return {"kind": self.kind, "text": self.text, "source": self.source, "date": self.date}


def _quote(text: str, start: int) -> str:
    end = _SENTENCE_END.search(text, start)
    words = " ".join(text[start : end.end() if end else len(text)].split())
    return words if len(words) <= QUOTED else words[: QUOTED - 1].rsplit(" ", 1)[0] + "…"


def deceased(entity: EntityProxy) -> Notice | None:
    """The entry reported deceased: its death date, or the first sentence of its notes that
    states its death; None when the list says neither."""
    for day in entity.get("deathDate", quiet=True):
        return Notice("deceased", f"Died {day}", "deathDate", day)
    for note in entity.get("notes", quiet=True):
        found = _DEATH.search(note)
        if found:
            return Notice("deceased", _quote(note, found.start(1)), "notes")
    return None


def delisted(sanctions: Iterable[EntityProxy]) -> Notice | None:
    """The designation's end date as the list states it (the UN's ``DELISTED_ON``)."""
    for sanction in sanctions:
        for day in sorted(sanction.get("endDate", quiet=True)):
            return Notice("delisted", f"Delisted on {day}", "endDate", day)
    return None


def notices(entity: EntityProxy, sanctions: Sequence[EntityProxy]) -> tuple[Notice, ...]:
    """Every notice the list data gives for ``entity`` (with its ``Sanction`` entities)."""
    return tuple(n for n in (deceased(entity), delisted(sanctions)) if n is not None)


def withdrawn(
    listed: Iterable[str], newer: set[str], list_name: str, version: int, published: str | None
) -> dict[str, Notice]:
    """A notice for each entry of ``listed`` that the newer version (``newer``: its entry ids)
    no longer has: delisted by that version."""
    when = f", published {published}" if published else ""
    text = f"Not in the newer {list_name} list (version {version}{when})"
    notice = Notice("delisted", text, f"{list_name} version {version}", published)
    return {ident: notice for ident in listed if ident not in newer}
