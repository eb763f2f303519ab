"""Correlates of War IGO data v3 (IGO-year form): dated membership evidence, 1816-2014.

One row per organisation and year, one column per state (COW's short labels), coded
0 none, 1 full member, 2 associate, 3 observer, -9 missing, -1 state not in the system.
Consecutive years with the same code become one membership with year-precision dates.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from pathlib import Path

from ctcoop.kb.importers.common import Batch, problem
from ctcoop.kb.knowledge import KnowledgeBase

# COW organisation labels -> knowledge base ids (only those the knowledge base holds are imported)
ORGANIZATIONS = {
    "UN": "org:un",
    "ASEAN": "org:asean",
    "SAARC": "org:saarc",
    "EEC": "org:eu",
    "EU": "org:eu",
    "OAS": "org:oas",
    "OAU": "org:oau",
    "AU": "org:au",
    "LOAS": "org:las",
    "SCO": "org:sco",
    "ICAO": "org:icao",
    "IMO": "org:imo",
    "IAEA": "org:iaea",
    "UPU": "org:upu",
    "INTERPOL": "org:interpol",
    "WCO": "org:wco",
    "IMF": "org:imf",
    "IBRD": "org:world-bank",
}
ROLES = {"1": "member", "2": "associate", "3": "observer"}
CODES = {"0", "1", "2", "3"}  # -9 (missing) and -1 (not in the system) say nothing

# COW's column labels that no general-purpose name resolver reads (compact spellings). This maps
# the dataset's labels, not countries: the states themselves come from pycountry.
LABELS = {
    "antiguabarbuda": "ATG",
    "capeverde": "CPV",
    "congobrazz": "COG",
    "czechrep": "CZE",
    "domrepublic": "DOM",
    "egermany": "DDR",
    "etimor": "TLS",
    "eqguinea": "GNQ",
    "fyromacedonia": "MKD",
    "ivorycoast": "CIV",
    "marshallis": "MHL",
    "micronesiafs": "FSM",
    "nokorea": "PRK",
    "sokorea": "KOR",
    "saotome": "STP",
    "soafrica": "ZAF",
    "sosudan": "SSD",
    "solomonis": "SLB",
    "stkitts": "KNA",
    "stlucia": "LCA",
    "stvincent": "VCT",
    "wgermany": "DEU",
    "wsamoa": "WSM",
    "zaire": "COD",
    "syemen": "YMD",
    "nyemen": "YEM",
    "yugoslaviaserb": "SRB",
}
# Labels of entities ctcoop does not model as states, with the reason (reported, never dropped).
NOT_STATES = {
    "austriahungary": "Austria-Hungary (dissolved 1918)",
    "baden": "German state before 1871",
    "bavariaelect": "German state before 1871",
    "hanover": "German state before 1871",
    "hesseelect": "German state before 1871",
    "hessegrand": "German state before 1871",
    "mecklenburg": "German state before 1871",
    "saxony": "German state before 1871",
    "wurtenburg": "German state before 1871",
    "modena": "Italian state before 1861",
    "parma": "Italian state before 1861",
    "papalstates": "Italian state before 1870",
    "tuscany": "Italian state before 1861",
    "twosicilies": "Italian state before 1861",
    "svietnam": "Republic of Vietnam (1955-1975): no ISO code",
    "zanzibar": "merged into TZA 1964",
    "kosovo": "no ISO 3166 code in pycountry",
}
META = {
    "ioname",
    "orgname",
    "year",
    "sdate",
    "deaddate",
    "dead",
    "integrated",
    "replaced",
    "longorgname",
    "ionum",
    "igocode",
    "version",
    "accuracyofpre1965membershipdates",
    "sourcesandnotes",
    "imputed",
    "political",
    "social",
    "economic",
}


def import_cow(kb: KnowledgeBase, path: Path) -> Batch:
    batch = Batch(
        id="cow-igo",
        kind="cow",
        file=path,
        title="Correlates of War Intergovernmental Organizations data v3.0 (IGO-year)",
        body="Correlates of War Project (Pevehouse, Nordstrom, McManus & Jamison 2020)",
        date="2014",
        url="https://correlatesofwar.org/data-sets/igos/",
    )
    text = _read_text(batch, path)
    reader = csv.DictReader(io.StringIO(text))
    columns = {c: _state(kb, batch, c) for c in (reader.fieldnames or []) if c not in META}
    years: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    informative: dict[str, int] = defaultdict(int)  # the last year an organisation has codes for
    for row in reader:
        org = ORGANIZATIONS.get(row.get("ioname") or "")
        if org is None or org not in kb.organizations:
            continue
        try:
            year = int(row["year"])
        except (TypeError, ValueError):
            batch.problems.append(
                problem(
                    path,
                    reader.line_num,
                    "year",
                    f"{row.get('year')!r} is not a year",
                    "the file may be truncated",
                )
            )
            continue
        for column, state in columns.items():
            code = (row.get(column) or "").strip()
            if state is not None and code in CODES:
                years[(org, state)][year] = code
                informative[org] = max(informative[org], year)
    batch.fail_if_problems()
    for (org, state), by_year in sorted(years.items()):
        _runs(batch, org, state, by_year, informative[org])
    batch.scope = {"organizations": sorted({o for o, _ in years})}
    return batch


def _read_text(batch: Batch, path: Path) -> str:
    try:
        raw = path.read_bytes()
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        text = data.decode("utf-8")
    except (EOFError, OSError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        batch.problems.append(
            problem(
                path,
                None,
                None,
                f"cannot read the file ({exc}): it may be truncated",
                "download it again",
            )
        )
        batch.fail_if_problems()
        return ""
    if not text.endswith("\n"):
        batch.problems.append(
            problem(
                path,
                text.count("\n") + 1,
                None,
                "the last line is incomplete: the file looks truncated",
                "download it again",
            )
        )
        batch.fail_if_problems()
    return text


def _state(kb: KnowledgeBase, batch: Batch, label: str) -> str | None:
    if label in NOT_STATES:
        batch.unresolved.append({"name": label, "line": 1, "reason": NOT_STATES[label]})
        return None
    if label in LABELS:
        return LABELS[label]
    return batch.resolve(kb, label, 1)


def _runs(batch: Batch, org: str, state: str, by_year: dict[int, str], last_year: int) -> None:
    """Turn the years with a known code into memberships; missing years (-9) are skipped over."""
    known = sorted(by_year)
    start = 0
    while start < len(known):
        role = ROLES.get(by_year[known[start]])
        stop = start
        while stop + 1 < len(known) and by_year[known[stop + 1]] == by_year[known[start]]:
            stop += 1
        if role is not None:
            first, last = known[start], known[stop]
            following = known[stop + 1] if stop + 1 < len(known) else None
            open_end = following is None and last == last_year
            batch.memberships.append(
                {
                    "organization": org,
                    "member": state,
                    "role": role,
                    "from": str(first),
                    "until": None if open_end else str(following or last + 1),
                    "note": f"COW IGO v3: {role} in the years {first}-{last}"
                    + (f" (the data end in {last_year})" if open_end else ""),
                }
            )
        start = stop + 1
