"""Defaults of the screening service, importable without loading the matching engine."""

DEFAULT_THRESHOLD = 0.70
"""The score from which a hit is reported as a match (see ctcoop.screening.matching.engine)."""

TARGET_SCHEMATA = frozenset({"Person", "Organization", "LegalEntity", "Vessel", "Airplane"})
"""The FollowTheMoney schemata a sanctions list names (the rest are addresses, identifiers...)."""
