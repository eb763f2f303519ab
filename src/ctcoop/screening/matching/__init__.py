"""Name matching for sanctions screening: across scripts, word orders, typos and initials.

``Matcher(entities).match(query)`` screens a query against a list; ``compare(a, b)`` scores
two names. Scores are in [0, 1]; :data:`DEFAULT_THRESHOLD` (0.70) separates matches.
"""

from ctcoop.screening.matching.engine import DEFAULT_THRESHOLD, Hit, Matcher, compare

__all__ = ["DEFAULT_THRESHOLD", "Hit", "Matcher", "compare"]
