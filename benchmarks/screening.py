"""Screening benchmark: ctcoop's matcher beside nomenklatura's logic-v2, in one run, one list.

Run with ``make bench`` (or ``python benchmarks/screening.py [--quick]``). Prints the tables and
rewrites the section between ``<!-- screening:start -->`` and ``<!-- screening:end -->`` in
docs/benchmarks.md. Needs the reference data (../shared/data or $CTCOOP_REFERENCE_DATA) and,
for the comparison, nomenklatura (an optional benchmark dependency, pinned in pyproject).

What is measured, all against the UN Consolidated List of 2026-02-27:

- name pairs: precision, recall and F1 at each engine's default threshold on
  names/cases-dev.csv (the development set: ctcoop was tuned on it);
- typo and reordering recall: the UN-listed people of yente's candidate-generation benchmark,
  as given (untreated) and with typos and reordered names (treated), queried with their name,
  year of birth and nationality; a query counts as found when the listed person it was made
  from is among the matches;
- false alerts: queries with at least one match, per 1,000, on yente's synthetic negatives;
- cross-script recall: each listed person queried by the name the list gives in its original
  script (Arabic, Cyrillic), against the list with those names removed;
- speed: queries per second in one process against the whole list, and per-query p50/p99;
- start-up, batches and repeatability (benchmarks/screening_runs.py): the first query of a new
  process after ``lists load``, local against distributed batch screening of 10,000 names, and
  two runs of the same names compared row for row.

logic-v2 has no index of its own (yente gets candidates from Elasticsearch). For the quality
figures it scores the same candidates ctcoop's index proposes, twice as many as ctcoop scores
(100), so that candidate generation does not decide the comparison; for speed it is measured
both on those candidates and scoring the whole list (what one process without a search
cluster has to do).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LV2_THRESHOLD = 0.7  # yente's default match threshold
LV2_CANDIDATES = 100

Row = tuple[str, str, str, str]
NOTES = [
    "How these were measured:",
    "",
    "- cases-dev.csv is the development set: ctcoop's weights and its threshold were tuned on "
    "it, so its F1 there is a development figure, not an evaluation.",
    "- logic-v2 has no index of its own (yente asks Elasticsearch for candidates). For the "
    "recall and alert figures it scores the 100 best candidates of ctcoop's index for each "
    "query (ctcoop scores 50), so both engines see the same entries; its cross-script recall "
    "here profits from that index's consonant-skeleton keys.",
    "- Negatives with an impossible date of birth (e.g. 1974-01-32) are queried without it.",
    "- Recall counts a query as found when the listed person it was made from is among the "
    "matches; the person is known by the exact name of the untreated query.",
    "",
]


def reference() -> Path | None:
    path = Path(os.environ.get("CTCOOP_REFERENCE_DATA", ROOT.parent / "shared" / "data"))
    return path if path.is_dir() else None


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------- the list


def load_un(path: Path) -> list[Any]:
    """The list as FollowTheMoney entities, read by ctcoop's own UN parser."""
    from ctcoop.screening.lists.un import parse_un

    return list(parse_un(path).entities)


def original_script(entity: Any) -> list[str]:
    from ctcoop.screening.lists.common import original_script_names

    return original_script_names(entity)


def strip_original(entity: Any) -> Any:
    from ctcoop.screening.lists.common import without_original_script

    return without_original_script(entity)


def script_of(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            return unicodedata.name(ch, "OTHER").split()[0].title()
    return "Other"


# ---------------------------------------------------------------- logic-v2


class LogicV2:
    """nomenklatura's logic-v2 in-process, with a fresh entity id for every query."""

    def __init__(self) -> None:
        from nomenklatura.matching import get_algorithm
        from nomenklatura.matching.types import ScoringConfig

        self.algorithm = get_algorithm("logic-v2")
        self.config = ScoringConfig.defaults()
        self.counter = 0
        import nomenklatura

        self.version = getattr(nomenklatura, "__version__", "?")

    def fresh(self, entity: Any) -> Any:
        """A copy with a unique id: nomenklatura caches name analysis by entity id."""
        from followthemoney.helpers import combine_names

        self.counter += 1
        copy = entity.clone()
        copy.id = f"lv2-q-{self.counter}"
        return combine_names(copy) if not copy.get("name", quiet=True) else copy

    def score(self, query: Any, result: Any) -> float:
        assert self.algorithm is not None
        return float(self.algorithm.compare(query, result, self.config).score)

    def screen(self, query: Any, results: Iterable[Any]) -> list[tuple[str, float]]:
        fresh = self.fresh(query)
        return [(str(r.id), self.score(fresh, r)) for r in results]


def lv2_available() -> bool:
    try:
        import nomenklatura  # noqa: F401
    except ImportError:
        return False
    return True


# ---------------------------------------------------------------- measures


def prf(pairs: Iterable[tuple[bool, bool]]) -> tuple[float, float, float, int]:
    counts = Counter(pairs)
    tp, fp, fn = counts[(True, True)], counts[(True, False)], counts[(False, True)]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, sum(counts.values())


def bench_pairs(ref: Path, lv2: LogicV2 | None) -> list[Row]:
    from followthemoney import model

    from ctcoop.screening.matching import DEFAULT_THRESHOLD, compare

    rows = read_csv(ref / "names" / "cases-dev.csv")
    ours: list[tuple[bool, bool]] = []
    theirs: list[tuple[bool, bool]] = []
    groups: dict[str, list[tuple[bool, bool, bool]]] = defaultdict(list)
    for n, row in enumerate(rows):
        gold = row["is_match"].strip().lower() == "true"
        score, _ = compare(row["name1"], row["name2"], row["schema"])
        mine = score >= DEFAULT_THRESHOLD
        ours.append((mine, gold))
        other = False
        if lv2 is not None:
            left, right = model.make_entity(row["schema"]), model.make_entity(row["schema"])
            left.id, right.id = f"pair-{n}-a", f"pair-{n}-b"
            left.add("name", row["name1"])
            right.add("name", row["name2"])
            other = lv2.score(left, right) >= LV2_THRESHOLD
            theirs.append((other, gold))
        groups[row["case_group"]].append((mine, other, gold))
    p, r, f, n_pairs = prf(ours)
    out = [
        (
            f"name pairs, cases-dev.csv ({n_pairs} pairs): precision / recall / **F1**",
            f"{p:.3f} / {r:.3f} / **{f:.3f}**",
            _lv2_prf(theirs),
            "F1 ≥ 0.85",
        )
    ]
    for group, items in sorted(groups.items()):
        a = prf((m, g) for m, _, g in items)
        b = prf((o, g) for _, o, g in items) if lv2 else None
        out.append(
            (
                f"  of which `{group}` ({len(items)} pairs): F1",
                f"{a[2]:.3f}",
                f"{b[2]:.3f}" if b else "n/a",
                "",
            )
        )
    return out


def _lv2_prf(theirs: list[tuple[bool, bool]]) -> str:
    if not theirs:
        return "n/a"
    p, r, f, _ = prf(theirs)
    return f"{p:.3f} / {r:.3f} / **{f:.3f}**"


def _key(text: str) -> str:
    return " ".join(text.casefold().replace(",", " ").split())


def truth_ids(entities: Sequence[Any], rows: list[dict[str, str]]) -> list[set[str]]:
    """For each untreated query, the listed people whose name or alias it is exactly."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        if entity.schema.name != "Person":
            continue
        for prop in ("name", "alias", "weakAlias", "previousName"):
            for value in entity.get(prop, quiet=True):
                by_name[_key(value)].add(str(entity.id))
    return [by_name.get(_key(row["full_name"]), set()) for row in rows]


def query_of(row: dict[str, str]) -> dict[str, str]:
    query = {"name": row["full_name"], "schema": "Person"}
    dob = row.get("date_of_birth") or ""
    if dob and _valid_date(dob):  # the negatives hold a few impossible dates (1974-01-32)
        query["dob"] = dob
    if row.get("nationality"):
        query["country"] = row["nationality"]
    return query


def _valid_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text) if len(text) == 10 else int(text[:4])
    except ValueError:
        return False
    return True


class Run:
    """One engine's results on a set of queries: found, alerts, per-query times."""

    def __init__(self) -> None:
        self.found = 0
        self.total = 0
        self.alerts = 0
        self.times: list[float] = []

    def recall(self) -> str:
        return f"{self.found / self.total:.3f} ({self.found}/{self.total})" if self.total else "n/a"

    def per_thousand(self) -> str:
        if not self.total:
            return "n/a"
        return f"{1000 * self.alerts / self.total:.1f} ({self.alerts}/{self.total})"


def run_queries(
    matcher: Any,
    lv2: LogicV2 | None,
    queries: list[dict[str, str]],
    truths: list[set[str]] | None,
    lv2_sample: int | None = None,
) -> tuple[Run, Run]:
    from ctcoop.screening.matching.record import query_entity

    ours, theirs = Run(), Run()
    sample = set(range(len(queries)))
    if lv2_sample is not None and lv2_sample < len(queries):
        sample = set(random.Random(7).sample(range(len(queries)), lv2_sample))
    for n, query in enumerate(queries):
        truth = truths[n] if truths else set()
        start = time.perf_counter()
        hits = matcher.screen(query, limit=10)
        ours.times.append(time.perf_counter() - start)
        matched = {str(h.entity.id) for h in hits if h.match}
        _count(ours, matched, truth, truths is not None)
        if lv2 is None or n not in sample:
            continue
        entity = query_entity(query)
        record_numbers = matcher.index.candidates(_names(matcher, entity), LV2_CANDIDATES)
        results = [matcher.entities[i] for i in record_numbers]
        start = time.perf_counter()
        scored = lv2.screen(entity, results)
        theirs.times.append(time.perf_counter() - start)
        _count(theirs, {i for i, s in scored if s >= LV2_THRESHOLD}, truth, truths is not None)
    return ours, theirs


def _names(matcher: Any, entity: Any) -> Any:
    from ctcoop.screening.matching.record import prepare

    return prepare(entity).names


def _count(run: Run, matched: set[str], truth: set[str], with_truth: bool) -> None:
    run.total += 1
    run.alerts += bool(matched)
    if with_truth:
        run.found += bool(matched & truth) if truth else bool(matched)


def bench_positives(ref: Path, entities: list[Any], matcher: Any, lv2: LogicV2 | None) -> list[Row]:
    names = ref / "names"
    untreated = read_csv(names / "yente-positives-un-untreated.csv")
    treated = read_csv(names / "yente-positives-un-treated.csv")
    truths = truth_ids(entities, untreated)
    known = sum(1 for t in truths if t)
    out: list[Row] = []
    for label, rows in (
        ("as listed (untreated)", untreated),
        ("typos, reordering (treated)", treated),
    ):
        ours, theirs = run_queries(matcher, lv2, [query_of(r) for r in rows], truths)
        out.append(
            (
                f"UN-listed people, {label}: recall",
                ours.recall(),
                theirs.recall() if lv2 else "n/a",
                "≥ 0.98" if "typos" in label else "",
            )
        )
    out.append(
        (
            f"  ({known} of {len(untreated)} queries tied to one listed person by exact name; "
            "the rest count as found on any match)",
            "",
            "",
            "",
        )
    )
    return out


def bench_negatives(
    ref: Path, matcher: Any, lv2: LogicV2 | None, limit: int | None, lv2_sample: int
) -> tuple[list[Row], list[float]]:
    rows = read_csv(ref / "names" / "yente-negatives-us.csv")
    if limit is not None:
        rows = rows[:limit]
    ours, theirs = run_queries(matcher, lv2, [query_of(r) for r in rows], None, lv2_sample)
    row = (
        "synthetic negatives (yente-negatives-us.csv): queries with a match per 1,000",
        ours.per_thousand(),
        theirs.per_thousand() + (f", sample of {theirs.total}" if lv2 else "") if lv2 else "n/a",
        "≤ 5",
    )
    return [row], ours.times


def bench_name_alone(ref: Path, entities: list[Any], matcher: Any, limit: int) -> list[Row]:
    """A name and nothing else, screened as a Person (the default until 2026-12) and without a
    schema (now LegalEntity: persons, organisations and companies), side by side."""
    people = read_csv(ref / "names" / "yente-positives-un-untreated.csv")
    negatives = read_csv(ref / "names" / "yente-negatives-us.csv")[:limit]
    organisations = [e for e in entities if e.schema.name == "Organization"]
    sets = {
        "UN-listed organisations by their listed name: recall": (
            [{"name": e.first("name")} for e in organisations],
            [{str(e.id)} for e in organisations],
        ),
        "UN-listed people as listed (untreated), name only: recall": (
            [{"name": r["full_name"]} for r in people],
            truth_ids(entities, people),
        ),
        f"synthetic negatives, name only ({len(negatives):,}): queries with a match per 1,000": (
            [{"name": r["full_name"]} for r in negatives],
            None,
        ),
    }
    out: list[Row] = []
    for label, (queries, truths) in sets.items():
        for schema in ("Person", None):
            asked = [q | {"schema": schema} if schema else q for q in queries]
            ours, _ = run_queries(matcher, None, asked, truths)
            value = ours.recall() if truths is not None else ours.per_thousand()
            how = "as a Person" if schema else "no schema (LegalEntity)"
            out.append((f"{label} — {how}", value, "n/a", ""))
    return out


def bench_cross_script(entities: list[Any], lv2: LogicV2 | None) -> list[Row]:
    from ctcoop.screening.matching import Matcher

    stripped = [
        strip_original(e) if e.schema.name in ("Person", "Organization") else e for e in entities
    ]
    matcher = Matcher(stripped)
    per_script: dict[str, tuple[Run, Run]] = {}
    for entity in entities:
        if entity.schema.name != "Person":
            continue
        for name in original_script(entity):
            script = script_of(name)
            ours, theirs = per_script.setdefault(script, (Run(), Run()))
            q = {"name": name, "schema": "Person"}
            a, b = run_queries(matcher, lv2, [q], [{str(entity.id)}])
            for run, part in ((ours, a), (theirs, b)):
                run.found += part.found
                run.total += part.total
    out: list[Row] = []
    total_ours, total_theirs = Run(), Run()
    for script, (ours, theirs) in sorted(per_script.items(), key=lambda kv: -kv[1][0].total):
        out.append(
            (f"  of which {script} script", ours.recall(), theirs.recall() if lv2 else "n/a", "")
        )
        for total, part in ((total_ours, ours), (total_theirs, theirs)):
            total.found += part.found
            total.total += part.total
    head = (
        "UN-listed people queried by their original-script name, list without those names: recall",
        total_ours.recall(),
        total_theirs.recall() if lv2 else "n/a",
        "≥ 0.80",
    )
    return [head, *out]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_speed(
    ref: Path, matcher: Any, lv2: LogicV2 | None, n_exhaustive: int, n_candidates: int
) -> list[Row]:
    from ctcoop.screening.matching.record import query_entity

    rows = read_csv(ref / "names" / "yente-negatives-us.csv")[:2000]
    rows += read_csv(ref / "names" / "yente-positives-un-treated.csv")
    queries = [query_of(r) for r in rows]
    random.Random(11).shuffle(queries)
    times: list[float] = []
    start = time.perf_counter()
    for query in queries:
        t0 = time.perf_counter()
        matcher.screen(query, limit=10)
        times.append(time.perf_counter() - t0)
    ours_qps = len(queries) / (time.perf_counter() - start)
    out = [
        (
            f"throughput, {len(queries):,} queries (negatives + treated positives), whole list "
            f"({len(matcher):,} entries), 1 process",
            f"{ours_qps:,.0f} queries/s; p50 {1000 * statistics.median(times):.2f} ms, "
            f"p99 {1000 * percentile(times, 0.99):.2f} ms",
            "",
            "≥ 20x logic-v2",
        )
    ]
    if lv2 is None:
        return out
    sample = queries[:n_exhaustive]
    lv_times: list[float] = []
    for query in sample:
        entity = query_entity(query)
        t0 = time.perf_counter()
        lv2.screen(entity, matcher.entities)
        lv_times.append(time.perf_counter() - t0)
    lv_qps = len(sample) / sum(lv_times)
    out[0] = (
        out[0][0],
        out[0][1],
        (
            f"{lv_qps:,.2f} queries/s scoring every entry ({len(sample)} queries); "
            f"p50 {1000 * statistics.median(lv_times):.0f} ms, "
            f"p99 {1000 * percentile(lv_times, 0.99):.0f} ms"
        ),
        f"{ours_qps / lv_qps:,.0f}x logic-v2 (target ≥ 20x)",
    )
    cand_times: list[float] = []
    for query in queries[:n_candidates]:
        entity = query_entity(query)
        numbers = matcher.index.candidates(_names(matcher, entity), 50)
        results = [matcher.entities[i] for i in numbers]
        t0 = time.perf_counter()
        lv2.screen(entity, results)
        cand_times.append(time.perf_counter() - t0)
    cand_qps = len(cand_times) / sum(cand_times)
    out.append(
        (
            "  logic-v2 scoring only ctcoop's 50 candidates per query (index time not counted)",
            "",
            f"{cand_qps:,.1f} queries/s; p50 {1000 * statistics.median(cand_times):.0f} ms, "
            f"p99 {1000 * percentile(cand_times, 0.99):.0f} ms",
            f"{ours_qps / cand_qps:,.0f}x logic-v2",
        )
    )
    return out


def bench_runs(ref: Path, matcher: Any, quick: bool) -> list[str]:
    """The first query after ``lists load``, local against Dask, and two runs row for row."""
    import tempfile

    import screening_runs as runs

    list_path = ref / "sanctions" / "un" / "consolidated-2026-02-27.xml"
    rows = read_csv(ref / "names" / "yente-positives-un-treated.csv")
    rows += read_csv(ref / "names" / "yente-negatives-us.csv")
    count = 2000 if quick else 10_000
    first = runs.bench_first_query(list_path)
    print(runs.table(first), file=sys.stderr)
    with tempfile.TemporaryDirectory() as folder:
        names = Path(folder) / "names.csv"
        runs.write_names(rows[:count], names, query_of)
        batches = runs.bench_batches(list_path, names, count, matcher)
    return [
        "### First query after `lists load`, in a new process",
        "",
        runs.table(first),
        "",
        "### Local and distributed batch screening; two runs row for row",
        "",
        runs.table(batches),
        "",
        *runs.NOTES,
        "",
    ]


def table(rows: list[Row]) -> str:
    lines = ["| what | ctcoop | logic-v2 | target / ratio |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def write_doc(section: str) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from run import write_section

    write_section("screening", "Screening", section)


def timed(label: str, func: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    value = func()
    print(f"[{time.perf_counter() - start:7.1f} s] {label}", file=sys.stderr)
    if isinstance(value, list) and value and isinstance(value[0], tuple) and len(value[0]) == 4:
        print(table(value), file=sys.stderr)
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 negatives, fewer timings")
    parser.add_argument("--no-write", action="store_true", help="print only, do not edit docs")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    ref = reference()
    if ref is None:
        print("reference data not found; set CTCOOP_REFERENCE_DATA", file=sys.stderr)
        return 1
    from ctcoop.screening.matching import Matcher

    list_path = ref / "sanctions" / "un" / "consolidated-2026-02-27.xml"
    entities = timed("read the UN list", lambda: load_un(list_path))
    timed("warm up rigour's name tagger", lambda: Matcher([]).screen({"name": "warm up"}))
    matcher = timed("index the list (ctcoop)", lambda: Matcher(entities))
    lv2: LogicV2 | None = LogicV2() if lv2_available() else None
    if lv2 is not None:
        from ctcoop.screening.matching.record import query_entity

        warm = query_entity({"name": "Usama bin Ladin"})
        timed("warm up logic-v2", lambda: lv2.screen(warm, matcher.entities[:50]))
    negatives = 5000 if args.quick else None
    sections = {
        "Name pairs": timed("name pairs", lambda: bench_pairs(ref, lv2)),
        "Typos and reordering": timed(
            "positives", lambda: bench_positives(ref, entities, matcher, lv2)
        ),
        "False alerts": timed(
            "negatives",
            lambda: bench_negatives(ref, matcher, lv2, negatives, 1000 if args.quick else 2000)[0],
        ),
        "A name alone": timed(
            "name alone",
            lambda: bench_name_alone(ref, entities, matcher, 2000 if args.quick else 10000),
        ),
        "Across scripts": timed("cross-script", lambda: bench_cross_script(entities, lv2)),
        "Speed": timed(
            "speed",
            lambda: bench_speed(
                ref, matcher, lv2, 10 if args.quick else 30, 100 if args.quick else 300
            ),
        ),
    }
    runs = timed("start-up, batches, repeatability", lambda: bench_runs(ref, matcher, args.quick))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lv2_label = f"nomenklatura {lv2.version} logic-v2" if lv2 else "logic-v2 not installed"
    body = [
        f"Measured {dt.date.today()} on {machine}; list: UN Consolidated List 2026-02-27 "
        f"({len(matcher):,} entries); ctcoop threshold 0.70, {lv2_label} threshold "
        f"{LV2_THRESHOLD}.",
        "",
    ]
    for title, rows in sections.items():
        body += [f"### {title}", "", table(rows), ""]
    body += runs
    body += NOTES
    text = "\n".join(body)
    print(text)
    if not args.no_write:
        write_doc(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
