"""Explanations: the chain of sourced facts behind a conclusion."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Step:
    """One link in an explanation: a statement and the sources that make it."""

    text: str
    sources: tuple[str, ...] = ()
