"""States from libraries: ISO 3166 (pycountry), name resolution (countrynames), UN membership.

No country table is typed by hand here: codes and names come from pycountry, spelling variants
from countrynames, admission dates to the UN from ``data/states/un-members.csv`` (a sourced list),
and the successions of historical states from ``data/states/historical.yaml``.
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from ctcoop.errors import Problem
from ctcoop.model import Interval, Membership, PartialDate, Role, State, Succession

UN = "org:un"


def _fold(text: str) -> str:
    """Case, accents and punctuation folded away (``Côte d'Ivoire`` -> ``cote d ivoire``);
    letters of other scripts kept, so that a name in them is not folded to nothing."""
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def iso_states() -> dict[str, State]:
    """Current ISO 3166-1 countries and the historical ISO 3166-3 ones, keyed by alpha-3."""
    import pycountry

    states: dict[str, State] = {}
    for c in pycountry.countries:
        states[c.alpha_3] = State(
            id=c.alpha_3,
            name=getattr(c, "common_name", None) or c.name,
            official_name=getattr(c, "official_name", None),
            alpha2=c.alpha_2,
        )
    for h in pycountry.historic_countries:
        if h.alpha_3 not in states:
            states[h.alpha_3] = State(id=h.alpha_3, name=h.name, historical=True)
    return states


def with_successions(
    states: dict[str, State],
    successions: Iterable[tuple[str, Interval, tuple[Succession, ...], tuple[str, ...]]],
) -> dict[str, State]:
    out = dict(states)
    for ident, existed, successors, sources in successions:
        base = out.get(ident) or State(id=ident, name=ident, historical=True)
        out[ident] = State(
            id=base.id,
            name=base.name,
            official_name=base.official_name,
            alpha2=base.alpha2,
            historical=base.historical or existed.end is not None,
            existed=existed,
            successors=successors,
            sources=sources,
        )
    return out


def read_un_members(
    path: Path, label: str, problems: list[Problem]
) -> list[tuple[Membership, int]]:
    """Read the sourced list of UN admission dates into memberships of ``org:un``."""
    out: list[tuple[Membership, int]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"state", "admitted", "source"} - set(reader.fieldnames or ())
        if missing:
            problems.append(
                Problem(
                    label,
                    1,
                    None,
                    f"missing columns {sorted(missing)}",
                    "the header must be state,admitted,source,note",
                )
            )
            return out
        for number, row in enumerate(reader, start=2):
            state, admitted, source = (row.get(k) or "" for k in ("state", "admitted", "source"))
            try:
                start = PartialDate.parse(admitted)
            except ValueError:
                problems.append(
                    Problem(
                        label, number, "admitted", f"{admitted!r} is not a date", "write YYYY-MM-DD"
                    )
                )
                continue
            if not source.strip():
                problems.append(
                    Problem(
                        label,
                        number,
                        "source",
                        "every fact needs a source",
                        "name a source id declared in a YAML 'sources:' section",
                    )
                )
                continue
            member = Membership(
                UN,
                state.strip(),
                Role.MEMBER,
                Interval(start, None),
                (source.strip(),),
                note=(row.get("note") or None),
            )
            out.append((member, number))
    return out


class StateNames:
    """Resolves names and codes ("Russia", "RU", "RUS", "Ivory Coast", "USSR") to state ids."""

    def __init__(self, states: dict[str, State]) -> None:
        self._states = states
        self._alpha2 = {s.alpha2: s.id for s in states.values() if s.alpha2}
        self._alpha4: dict[str, str] = {}  # ISO 3166-3 alpha-4 -> alpha-3, filled when needed
        self._alpha4_ready = False
        self._names: dict[str, str] = {}
        self._compact: dict[str, str] = {}
        for s in states.values():
            for name in (s.name, s.official_name):
                if name:
                    self._names.setdefault(_fold(name), s.id)
                    self._compact.setdefault(_fold(name).replace(" ", ""), s.id)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one instance per knowledge base
    def resolve(self, text: str) -> str | None:
        raw = text.strip()
        if raw.upper() in self._states and len(raw) == 3:
            return raw.upper()
        if len(raw) == 2 and raw.upper() in self._alpha2:
            return self._alpha2[raw.upper()]
        folded = _fold(raw)
        if folded in self._names:
            return self._names[folded]
        return self._from_countrynames(raw) or self._compact.get(folded.replace(" ", ""))

    def _from_countrynames(self, raw: str) -> str | None:
        import countrynames

        try:
            code = countrynames.to_code_3(raw, fuzzy=False)
        except KeyError:  # countrynames maps some names to codes it cannot convert (e.g. ZR)
            return None
        if code is None:
            return None
        if not self._alpha4_ready:
            import pycountry

            self._alpha4.update({h.alpha_4: h.alpha_3 for h in pycountry.historic_countries})
            self._alpha4_ready = True
        code = self._alpha4.get(code, code)
        return code if code in self._states else None

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        import difflib

        folded = _fold(text)
        close = difflib.get_close_matches(folded, list(self._names), n=limit, cutoff=0.6)
        return [f"{self._names[c]} ({self._states[self._names[c]].name})" for c in close]
