"""Aligning the parts of two names, in any order and any script, and scoring the alignment.

1. Every part of one name is compared with every part of the other
   (:func:`token_similarity`): the same Latin form; a known variant of the same given name
   (rigour's name symbols, across scripts); an initial against a name that starts with it;
   the edit distance between the Latin forms (transpositions count once); and, when either
   side was written in another script, the edit distance between consonant skeletons.
2. Parts are paired greedily, best pair first, so word order does not matter. Two parts of
   one name written as one word in the other (``SergeiLavrov``, ``Patr ushev``) are joined.
3. The score is the weighted mean of the paired similarities. Parts left over count
   against it: little when only one name has them (a missing middle name), much more when
   both names have parts that pair with nothing (``… AL-MOSULI`` against ``… AL-TIKRITI``:
   the names contradict each other).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from ctcoop.screening.matching.names import NameForm, Token
from ctcoop.screening.matching.normalize import skeleton

__all__ = ["NameConfig", "NameScore", "compare_names", "token_similarity"]

_SIGNIFICANT = ("name", "number")


@dataclass(frozen=True, slots=True)
class NameConfig:
    """The weights of name comparison (tuned on the development pairs, see the benchmark)."""

    pair_floor: float = 0.55
    """Part similarity at or below which two parts are not paired at all."""
    pair_full: float = 0.95
    """Part similarity from which a pair counts fully."""
    curve: float = 0.7
    """Exponent of the similarity curve between the floor and the full score."""
    symbol_score: float = 0.92
    initial_score: float = 0.85
    skeleton_score: float = 0.95
    extra_query: float = 0.4
    """Weight of a query part with no counterpart, when the other name has none left over."""
    extra_result: float = 0.15
    """Weight of a listed part with no counterpart, when the query has none left over."""
    conflict: float = 0.6
    """Factor for each part on each side that pairs with nothing: a contradiction."""
    number_conflict: float = 0.8
    """Factor when a number appears in one name only, or differs (``Trust I``, ``Trust II``)."""
    single_cap: float = 0.72
    """Ceiling when a single name part is all that two longer names share."""
    join_min: float = 0.86


DEFAULT_CONFIG = NameConfig()


@dataclass(frozen=True, slots=True)
class NameScore:
    """The score of two names and the pairs behind it (the explanation is built on demand)."""

    score: float
    query: NameForm
    result: NameForm
    pairs: tuple[tuple[tuple[int, ...], tuple[int, ...], float, str], ...] = ()
    extras: tuple[Token, ...] = ()
    conflicts: tuple[Token, ...] = ()

    def explain(self) -> str:
        """One line a compliance officer can read."""
        qt, rt = self.query.tokens, self.result.tokens
        bits = [
            f"'{' '.join(qt[i].text for i in qs)}'~'{' '.join(rt[j].text for j in rs)}' "
            f"{how} {sim:.2f}"
            for qs, rs, sim, how in self.pairs
        ]
        if self.conflicts:
            bits.append("unmatched on both sides: " + ", ".join(t.text for t in self.conflicts))
        if self.extras:
            bits.append("only on one side: " + ", ".join(t.text for t in self.extras))
        head = f"name '{self.query.original}' vs '{self.result.original}'"
        if self.result.weak:
            head += " (weak alias)"
        return f"{head}: {self.score:.2f} [" + "; ".join(bits) + "]"


def token_similarity(a: Token, b: Token, config: NameConfig = DEFAULT_CONFIG) -> tuple[float, str]:
    """How alike two name parts are, in [0, 1], and how that was found."""
    if config is DEFAULT_CONFIG:
        return _cached_similarity(a, b)
    return _similarity(a, b, config)


@lru_cache(maxsize=1 << 18)
def _cached_similarity(a: Token, b: Token) -> tuple[float, str]:
    return _similarity(a, b, DEFAULT_CONFIG)


def _similarity(a: Token, b: Token, config: NameConfig) -> tuple[float, str]:
    if a.latin == b.latin or a.text == b.text:
        return 1.0, "same"
    if a.kind == "initial" or b.kind == "initial":
        return _initial(a, b, config)
    if a.kind == "number" or b.kind == "number":
        return 0.0, "number"
    best, how = _edit_similarity(a.latin, b.latin), "spelling"
    shared = a.symbols and b.symbols and not a.symbols.isdisjoint(b.symbols)
    if shared and config.symbol_score > best:
        best, how = config.symbol_score, "name variant"
    if a.script != "latin" or b.script != "latin":
        sk = _skeleton_similarity(a.skel, b.skel) * config.skeleton_score
        if sk > best:
            best, how = sk, "sound"
        if a.script == b.script:
            same = _edit_similarity(a.text, b.text)
            if same > best:
                best, how = same, "spelling"
    return best, how


def _initial(a: Token, b: Token, config: NameConfig) -> tuple[float, str]:
    short, other = (a, b) if len(a.latin) <= len(b.latin) else (b, a)
    if short.kind == "initial" and other.latin[:1] == short.latin[:1]:
        return config.initial_score, "initial"
    return 0.0, "initial"


def _edit_similarity(a: str, b: str) -> float:
    """1 - edit distance / length; when both share an ending (``-ovich``, ``-uddin``,
    ``-dottir``), only what comes before it is compared, so the ending adds nothing."""
    longest = max(len(a), len(b))
    if not longest:
        return 0.0
    sim = 1.0 - OSA.distance(a, b) / longest
    if sim < 0.5 or a[-3:] != b[-3:]:
        return sim
    common = _common_suffix(a, b)
    if min(len(a), len(b)) - common >= 3:
        stem_a, stem_b = a[:-common], b[:-common]
        stem = 1.0 - OSA.distance(stem_a, stem_b) / max(len(stem_a), len(stem_b))
        if stem < 0.5:
            sim = min(sim, stem)
    return sim


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _skeleton_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return {1: 0.8, 2: 0.9}.get(len(a), 1.0)
    longest = max(len(a), len(b))
    if longest < 3:
        return 0.0
    return 1.0 - Levenshtein.distance(a, b) / longest


def _curve(sim: float, config: NameConfig) -> float:
    if sim >= config.pair_full:
        return sim
    span = config.pair_full - config.pair_floor
    return float(max(0.0, (sim - config.pair_floor) / span) ** config.curve) * config.pair_full


@dataclass(slots=True)
class _Pair:
    qs: tuple[int, ...]
    rs: tuple[int, ...]
    sim: float
    how: str


def compare_names(
    query: NameForm, result: NameForm, config: NameConfig = DEFAULT_CONFIG
) -> NameScore:
    """Score two names in [0, 1]: align their parts and weigh what is left over."""
    qt, rt = query.tokens, result.tokens
    if not qt or not rt:
        return NameScore(0.0, query, result)
    sims = [[token_similarity(a, b, config) for b in rt] for a in qt]
    pairs = _joins(qt, rt, sims, config)
    pairs += _greedy(qt, rt, sims, pairs, config)
    return _score(query, result, pairs, config)


def _greedy(
    qt: tuple[Token, ...],
    rt: tuple[Token, ...],
    sims: list[list[tuple[float, str]]],
    joined: list[_Pair],
    config: NameConfig,
) -> list[_Pair]:
    used_q = {i for p in joined for i in p.qs}
    used_r = {j for p in joined for j in p.rs}
    candidates: list[tuple[float, int, int, int, str]] = []
    for i in range(len(qt)):
        for j in range(len(rt)):
            sim, how = sims[i][j]
            if sim > config.pair_floor:
                candidates.append((sim, -abs(i - j), i, j, how))
    candidates.sort(reverse=True)
    pairs: list[_Pair] = []
    for sim, _, i, j, how in candidates:
        if i in used_q or j in used_r:
            continue
        used_q.add(i)
        used_r.add(j)
        pairs.append(_Pair((i,), (j,), sim, how))
    return pairs


def _joins(
    qt: tuple[Token, ...],
    rt: tuple[Token, ...],
    sims: list[list[tuple[float, str]]],
    config: NameConfig,
) -> list[_Pair]:
    """Pair a part of one name with two neighbouring parts of the other written apart."""
    row_best = [max(cell[0] for cell in row) for row in sims]
    col_best = [max(sims[i][j][0] for i in range(len(qt))) for j in range(len(rt))]
    found: list[_Pair] = []
    used_q: set[int] = set()
    used_r: set[int] = set()
    for one, two, best, used_one, used_two, flip in (
        (qt, rt, row_best, used_q, used_r, False),
        (rt, qt, col_best, used_r, used_q, True),
    ):
        if len(two) < 2:
            continue
        for i, token in enumerate(one):
            if best[i] >= config.join_min or token.kind not in _SIGNIFICANT or len(token.latin) < 4:
                continue
            pair = _join_one(token, two, used_two, best[i], config)
            if pair is not None and i not in used_one:
                span, sim = pair
                used_one.add(i)
                used_two.update(span)
                qs, rs = (span, (i,)) if flip else ((i,), span)
                found.append(_Pair(qs, rs, sim, "written together"))
    return found


def _join_one(
    token: Token, two: tuple[Token, ...], used: set[int], single: float, config: NameConfig
) -> tuple[tuple[int, ...], float] | None:
    """Two neighbouring parts (a particle between them allowed: ``Jalal al-Din``) that
    together spell ``token``: by spelling, or by sound when the scripts differ."""
    size = len(token.latin)
    for j in range(len(two) - 1):
        k = j + 1
        while k < len(two) - 1 and two[k].kind == "particle":
            k += 1
        span = tuple(range(j, k + 1))
        if any(i in used for i in span) or two[j].kind == "particle":
            continue
        latin = "".join(two[i].latin for i in span)
        sim = 0.0
        if abs(len(latin) - size) <= 0.25 * size:
            sim = _edit_similarity(token.latin, latin)
        if token.script != "latin" or any(two[i].script != "latin" for i in span):
            sound = _skeleton_similarity(token.skel, skeleton(latin)) * config.skeleton_score
            sim = max(sim, sound if len(token.skel) >= 3 else 0.0)
        if sim >= config.join_min and sim > single:
            return span, sim
    return None


def _score(query: NameForm, result: NameForm, pairs: list[_Pair], config: NameConfig) -> NameScore:
    qt, rt = query.tokens, result.tokens
    total = weight = 0.0
    matched_names = matched_initials = 0
    for p in pairs:
        w = max(sum(qt[i].weight for i in p.qs), sum(rt[j].weight for j in p.rs))
        total += _curve(p.sim, config) * w
        weight += w
        kinds = [qt[i].kind for i in p.qs] + [rt[j].kind for j in p.rs]
        if "initial" in kinds:
            matched_initials += 1
        elif any(k in _SIGNIFICANT for k in kinds):
            matched_names += max(len(p.qs), len(p.rs))
    used_q = {i for p in pairs for i in p.qs}
    used_r = {j for p in pairs for j in p.rs}
    left_q = [t for i, t in enumerate(qt) if i not in used_q]
    left_r = [t for j, t in enumerate(rt) if j not in used_r]
    sig_q = [t for t in left_q if t.kind == "name"]
    sig_r = [t for t in left_r if t.kind == "name"]
    conflicts = min(len(sig_q), len(sig_r))
    conflict_tokens = sig_q[:conflicts] + sig_r[:conflicts]
    numbers = [t for t in left_q + left_r if t.kind == "number"]
    conflict_tokens += numbers
    extras_q = [t for t in left_q if not any(t is c for c in conflict_tokens)]
    extras_r = [t for t in left_r if not any(t is c for c in conflict_tokens)]
    weight += sum(t.weight for t in extras_q) * config.extra_query
    weight += sum(t.weight for t in extras_r) * config.extra_result
    extras = extras_q + extras_r
    score = total / weight if weight else 0.0
    score *= config.conflict**conflicts * config.number_conflict ** min(1, len(numbers))
    if matched_names == 0:
        score = min(score, 0.5)
    elif matched_names + matched_initials == 1 and (_count(qt) > 1 or _count(rt) > 1):
        score = min(score, config.single_cap)
    return NameScore(
        score=round(min(1.0, score), 4),
        query=query,
        result=result,
        pairs=tuple((p.qs, p.rs, p.sim, p.how) for p in pairs),
        extras=tuple(extras),
        conflicts=tuple(conflict_tokens),
    )


def _count(tokens: tuple[Token, ...]) -> int:
    return sum(1 for t in tokens if t.kind in _SIGNIFICANT)
