"""Text normalisation for names: scripts, transliteration to Latin, phonetic skeletons.

Every name token is kept in three forms:

- ``latin``: lower-case ASCII. Cyrillic, Greek, Han, Hangul, ... go through rigour's
  transliteration (``rigour.text.ascii_text``, which falls back on ``normality.ascii_text``);
  Arabic and Persian go through :data:`ARABIC` below, written for names: it keeps the letters
  that carry vowels (alif, waw, ya) as vowels, so that ``محمد`` becomes ``mhmd`` and ``سلمان``
  becomes ``salman``.
- ``skeleton``: the consonants of ``latin`` folded into broad sound classes (``q k c g`` are one
  class, ``t d th dh`` another, ``s z sh ts`` another, ``kh`` joins ``h``), vowels and the
  semi-vowels ``w y`` dropped, doubled letters collapsed. Scripts that do not write short
  vowels (Arabic, Hebrew) can only be compared with Latin this way: ``حسين`` and ``Hussein``
  share the skeleton ``hsn``.
- the original form, casefolded, for comparing two names written in the same script.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rigour.names import tokenize_name
from rigour.text import ascii_text
from rigour.text.scripts import text_scripts

__all__ = [
    "ARABIC",
    "PARTICLES",
    "TITLES",
    "script_class",
    "skeleton",
    "split_tokens",
    "to_latin",
]

#: Arabic-script letters (Arabic, Persian, Urdu, Pashto) to Latin, for names. (RUF001 flags
#: letters that look like Latin ones: here they are Arabic on purpose.)
ARABIC: dict[str, str] = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i",  # noqa: RUF001
    "ب": "b", "ت": "t", "ة": "a", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "dh", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "u", "ي": "i", "ى": "a", "پ": "p", "چ": "ch", "ژ": "zh",  # noqa: RUF001
    "گ": "g", "ک": "k", "ی": "i", "ۀ": "a", "ہ": "h", "ھ": "h", "ۃ": "a", "ے": "e",  # noqa: RUF001
    "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n", "ټ": "t", "ډ": "d", "ړ": "r", "ږ": "zh",
    "ښ": "sh", "ځ": "dz", "څ": "ts", "ڼ": "n", "ې": "e", "ۍ": "ai",
}  # fmt: skip
_ARABIC_CONSONANT_AT_START = {"و": "w", "ي": "y", "ی": "y"}

#: Name particles: articles and filiation words that carry little identity.
PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "bin",
        "ibn",
        "ben",
        "bint",
        "binti",
        "bte",
        "de",
        "da",
        "di",
        "du",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "la",
        "le",
        "wa",
        "y",
        "dos",
        "das",
        "do",
        "des",
        "ter",
        "bn",
        "bnt",
        "abn",
    ]
)
#: Titles and honorifics that are sometimes written as part of a name.
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "president",
        "prasident",
        "haji",
        "hajji",
        "hadji",
        "mullah",
        "mulla",
        "mollah",
        "maulavi",
        "mawlawi",
        "maulvi",
        "molvi",
        "qari",
        "hafiz",
        "sheikh",
        "shaikh",
        "shaykh",
        "sheik",
        "imam",
        "emir",
        "amir",
        "sayyid",
        "sayyed",
        "sir",
        "general",
        "col",
        "colonel",
        "capt",
        "captain",
    ]
)
_ARABIC_ARTICLE = "ال"
_ALLAH = frozenset({"الله", "اللہ", "اللة", "اله"})
_ABD_PREFIX = re.compile(r"^(abd)(?:ul|el|al|oul|ool|ur|ar|er|us|ush|un|ud|ut|uz|ul)(.*)$")
_DIGRAPHS = (
    ("sch", "s"), ("tch", "c"), ("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "c"),
    ("th", "t"), ("dh", "t"), ("ph", "f"), ("zh", "j"), ("dj", "j"), ("ts", "s"), ("tz", "s"),
    ("ck", "k"), ("x", "ks"),
)  # fmt: skip
_CLASSES = str.maketrans("bpfvtdszqkgcjhlmnr", "bbffttsskkkkjhlmnr", "aeiouwy'")


def script_class(text: str) -> str:
    """``latin``, ``abjad`` (Arabic, Hebrew, Syriac: short vowels unwritten) or ``other``."""
    scripts = text_scripts(text)
    if not scripts or scripts <= {"Latin"}:
        return "latin"
    if scripts & {"Arabic", "Hebrew", "Syriac", "Thaana"}:
        return "abjad"
    return "other"


@lru_cache(maxsize=65536)
def to_latin(token: str) -> str:
    """One token in any script as lower-case ASCII letters and digits."""
    if token.isascii():
        return token.lower()
    if any("\u0600" <= ch <= "\u06ff" for ch in token):
        return _arabic_to_latin(token)
    return "".join(ch for ch in ascii_text(token).lower() if ch.isalnum())


def _arabic_to_latin(token: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(token):
        if i == 0 and ch in _ARABIC_CONSONANT_AT_START:
            out.append(_ARABIC_CONSONANT_AT_START[ch])
        elif ch in ARABIC:
            out.append(ARABIC[ch])
        elif ch.isascii() and ch.isalnum():
            out.append(ch.lower())
        elif unicodedata.category(ch).startswith("L"):
            out.append(ascii_text(ch).lower())
    return "".join(out)


@lru_cache(maxsize=65536)
def skeleton(latin: str) -> str:
    """Consonant classes of a Latin token, vowels dropped, repeats collapsed."""
    s = latin
    for digraph, single in _DIGRAPHS:
        if digraph in s:
            s = s.replace(digraph, single)
    s = s.translate(_CLASSES)
    out: list[str] = []
    for ch in s:
        if ch.isalpha() and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


def split_tokens(text: str) -> list[str]:
    """Casefolded name tokens in order. Arabic ``ال`` and Latin ``abdul...`` are split so that
    ``عبدالرحمن``, ``Abdul Rahman``, ``Abdurrahman`` and ``Abd al-Rahman`` line up."""
    text = text.replace("?", "").replace("ـ", "")
    out: list[str] = []
    for token in tokenize_name(text.casefold()):
        out.extend(_split_token(token))
    return out


def _split_token(token: str) -> list[str]:
    if token.startswith("عبدال") and len(token) > 5:
        rest = token[3:]
        return ["عبد", rest] if rest in _ALLAH else ["عبد", "ال", token[5:]]
    if token.startswith(_ARABIC_ARTICLE) and len(token) > 3 and token not in _ALLAH:
        return ["ال", token[2:]]
    if token.startswith("abd") and len(token) > 3:
        match = _ABD_PREFIX.match(token)
        if match:
            rest = match.group(2)
            return ["abd", "al", rest] if len(rest) > 2 else ["abd", "al"]
    return [token]
