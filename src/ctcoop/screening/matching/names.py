"""Names analysed once, compared many times: tokens with their Latin form, skeleton and symbols.

A name is analysed when a list is indexed and when a query arrives, never per comparison.
Symbols come from rigour's name tagger (``rigour.names.analyze_names``): ``NAME:Q…`` marks
a given name known to Wikidata in any script (``محمد``, ``Muhammad`` and ``Mohammed`` share
one), ``ORGCLS:…`` a legal form (``AG`` and ``Aktiengesellschaft``), ``LOC:…`` a place.

The parts of a person's name are tagged one at a time (:func:`person_part`): what rigour says
of one part of a person's name does not depend on the parts around it (checked on the 70,859
parts of the UN list's names and 20,000 of yente's benchmark names). Building rigour's person
tagger costs seconds per process, so the parts of a list's names are kept with its persisted
index (:func:`person_parts`, :func:`learn_person_parts`): a query made of parts the list knows
is analysed without the tagger, with the same result.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rigour.names import (
    NamePartTag,
    NameTypeTag,
    analyze_names,
    remove_org_prefixes,
    remove_person_prefixes,
    replace_org_types_compare,
)

from ctcoop.screening.matching.normalize import (
    PARTICLES,
    TITLES,
    script_class,
    skeleton,
    split_tokens,
    to_latin,
)

__all__ = [
    "Kind",
    "NameForm",
    "PartInfo",
    "Token",
    "analyze",
    "learn_person_parts",
    "name_keys",
    "name_type",
    "person_part",
    "person_parts",
    "warm_person_tagger",
]

Kind = Literal["name", "particle", "title", "legal", "number", "initial"]
NameType = Literal["PER", "ORG", "OBJ"]

#: How much each kind of token counts in a name (a full name part counts 1).
KIND_WEIGHTS: dict[str, float] = {
    "name": 1.0,
    "particle": 0.15,
    "title": 0.2,
    "legal": 0.3,
    "number": 1.0,
    "initial": 0.5,
}
_SYMBOL_KINDS = frozenset({"NAME", "NICK", "ORGCLS", "LOC", "NUM", "SYMBOL"})
_ORG_SCHEMATA = frozenset(
    {"Organization", "Company", "LegalEntity", "PublicBody", "Airline", "Bank"}
)
_OBJ_SCHEMATA = frozenset({"Vessel", "Airplane", "Vehicle", "Asset", "Security"})
_HALF_PARTS = frozenset(
    {"abd", "bd", "abu", "abou", "umm", "lah", "llah", "lh", "din", "deen", "uddin"}
)
"""Halves of compound names (``Abd al-…``, ``…ullah``, ``…uddin``, ``Abu …``): half a part each."""
_ROMAN = re.compile(r"^(?=[ivx])x{0,3}(ix|iv|v?i{0,3})$")
_TAGS = {"PER": NameTypeTag.PER, "ORG": NameTypeTag.ORG, "OBJ": NameTypeTag.OBJ}
_STOP, _NUM, _LEGAL = NamePartTag.STOP.value, NamePartTag.NUM.value, NamePartTag.LEGAL.value

PartInfo = tuple[frozenset[str], str]
"""What rigour says of one part of a person's name: its symbols and its tag (``""``: none)."""
LEXICON_MAX = 200_000
"""At most this many parts are remembered from persisted indexes (one list's worth is ~10,000)."""
_LEXICON: dict[str, PartInfo] = {}


@dataclass(frozen=True, slots=True, eq=False)
class Token:
    """One part of a name (compared and hashed by identity: analysed once, cached)."""

    text: str
    latin: str
    skel: str
    script: str
    kind: Kind
    weight: float
    symbols: frozenset[str]


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name ready for comparison."""

    original: str
    type: NameType
    tokens: tuple[Token, ...]
    script: str
    weak: bool = False
    keys: frozenset[str] = frozenset()
    """Blocking keys (see :func:`name_keys`): two names that share none are not compared."""

    @property
    def joined(self) -> str:
        """The Latin form of the significant tokens, without spaces."""
        return "".join(t.latin for t in self.tokens if t.kind in ("name", "number", "initial"))


def name_type(schema: str) -> NameType:
    """``PER`` for people, ``ORG`` for organisations and companies, ``OBJ`` for vessels..."""
    if schema in _ORG_SCHEMATA:
        return "ORG"
    if schema in _OBJ_SCHEMATA:
        return "OBJ"
    return "PER"


@lru_cache(maxsize=32768)
def analyze(text: str, type_: NameType = "PER", weak: bool = False) -> NameForm:
    """Analyse one name: split, transliterate, tag and weigh its parts."""
    cleaned = _prepare(text, type_)
    parts = split_tokens(cleaned) or split_tokens(text)
    symbols, tags = _symbols(parts, type_)
    tokens = tuple(
        _token(part, type_, symbols.get(i, frozenset()), tags.get(i))
        for i, part in enumerate(parts)
    )
    return NameForm(text, type_, tokens, script_class(text), weak, name_keys(tokens))


def name_keys(tokens: tuple[Token, ...]) -> frozenset[str]:
    """The blocking keys of a name: for each significant part its Latin form, its first four
    letters, its consonant skeleton and its name symbols; the whole name without spaces."""
    keys: set[str] = set()
    for token in tokens:
        if token.kind not in ("name", "number"):
            continue
        if len(token.latin) >= 2:
            keys.add("t:" + token.latin)
            keys.add("p:" + token.latin[:4])
        if len(token.skel) >= 2:
            keys.add("s:" + token.skel)
        keys.update("y:" + s for s in token.symbols if s.startswith("[NAME"))
    joined = "".join(t.latin for t in tokens if t.kind in ("name", "number", "initial"))
    if len(joined) >= 4:
        keys.add("j:" + joined)
    return frozenset(keys)


def _prepare(text: str, type_: NameType) -> str:
    if type_ == "PER":
        return remove_person_prefixes(text)
    if type_ == "ORG":
        return replace_org_types_compare(remove_org_prefixes(text.casefold()))
    return text


def _symbols(parts: list[str], type_: NameType) -> tuple[dict[int, frozenset[str]], dict[int, str]]:
    if type_ == "PER":
        found: dict[int, frozenset[str]] = {}
        tags: dict[int, str] = {}
        for i, part in enumerate(parts):
            found[i], tags[i] = person_part(part)
        return {i: s for i, s in found.items() if s}, tags
    return _name_symbols(parts, type_)


def person_part(part: str) -> PartInfo:
    """The symbols and tag rigour gives one part of a person's name."""
    known = _LEXICON.get(part)
    return known if known is not None else _tag_person_part(part)


def person_parts(parts: Iterable[str]) -> dict[str, PartInfo]:
    """What rigour says of each of ``parts``: a lexicon to persist beside a list's index."""
    return {part: person_part(part) for part in parts}


def learn_person_parts(lexicon: Mapping[str, PartInfo]) -> None:
    """Remember what rigour said of these parts (from a persisted index), so that a query made
    of them needs no tagger. Bounded: past :data:`LEXICON_MAX` parts the older ones go."""
    if len(_LEXICON) + len(lexicon) > LEXICON_MAX:
        _LEXICON.clear()
    _LEXICON.update(itertools.islice(lexicon.items(), LEXICON_MAX))


def warm_person_tagger() -> None:
    """Build rigour's person-name tagger now (seconds, once per process) rather than at the
    first query with a part no persisted lexicon knows: before forking workers, say."""
    _name_symbols(["warm"], "PER")


@lru_cache(maxsize=65536)
def _tag_person_part(part: str) -> PartInfo:
    found, tags = _name_symbols([part], "PER")
    return found.get(0, frozenset()), tags.get(0, "")


def _name_symbols(
    parts: list[str], type_: NameType
) -> tuple[dict[int, frozenset[str]], dict[int, str]]:
    if not parts:
        return {}, {}
    names = analyze_names(
        _TAGS[type_], [" ".join(parts)], rewrite=False, consolidate=False, phonetics=False
    )
    found: dict[int, set[str]] = {}
    tags: dict[int, str] = {}
    for name in names:
        if len(name.parts) != len(parts):
            return {}, {}
        tags = {p.index: p.tag.value for p in name.parts}
        for span in name.spans:
            if len(span.parts) == 1 and span.symbol.category.value in _SYMBOL_KINDS:
                found.setdefault(span.parts[0].index, set()).add(str(span.symbol))
    return {i: frozenset(s) for i, s in found.items()}, tags


@lru_cache(maxsize=131072)
def _token(part: str, type_: NameType, syms: frozenset[str], tag: str | None) -> Token:
    """One token, interned: the same part in many names is one object."""
    latin = to_latin(part)
    kind = _kind(part, latin, type_, tag, syms)
    if kind == "name" and type_ == "PER":
        syms = frozenset(s for s in syms if s.startswith(("[NAME", "[NICK")))
    weight = KIND_WEIGHTS[kind] * (0.5 if latin in _HALF_PARTS else 1.0)
    return Token(
        text=part,
        latin=latin,
        skel=skeleton(latin),
        script=script_class(part),
        kind=kind,
        weight=weight,
        symbols=syms,
    )


def _kind(part: str, latin: str, type_: NameType, tag: str | None, syms: frozenset[str]) -> Kind:
    if latin in PARTICLES or tag == _STOP:
        return "particle"
    if latin.isdigit() or (type_ != "PER" and (tag == _NUM or _ROMAN.match(latin))):
        return "number"
    if type_ == "PER":
        if latin in TITLES:
            return "title"
        if len(latin) == 1 and part.isascii():
            return "initial"
        return "name"
    if tag == _LEGAL or any(s.startswith("[ORGCLS") for s in syms):
        return "legal"
    return "name"
