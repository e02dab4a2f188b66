"""When two tips are the same claim, so that readers' tips gather into one cluster on the desk."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from knowledge.matching import numbers_in
from knowledge.normalise import matching_key, normalise

SAME_LANGUAGE_COSINE = 0.95
"""Same-language tips join on meaning only when nearly identical: e5 puts different claims about
the same place and time (water vs internet cut in Karaganda) above 0.9."""
LEXICAL_RATIO = 0.90
"""Fuzzy ratio of matching keys at or above which two tips are the same claim, in any mode."""
CLAIM_PREFIX = 1500
"""How much of a tip's text its claim is read from."""


@dataclass
class TipClaim:
    """What the clustering compares of one tip."""

    key: str
    numbers: frozenset[str]
    lang: str
    vector: np.ndarray | None


def tip_claim(text: str, lang: str, vector: np.ndarray | None = None) -> TipClaim:
    return TipClaim(
        matching_key(text[:CLAIM_PREFIX]), numbers_in(normalise(text[:CLAIM_PREFIX])), lang, vector
    )


def same_claim_score(probe: TipClaim, query: np.ndarray | None, entry: TipClaim, threshold: float) -> float:
    """How surely `probe` (with its query vector, if any) is the claim of `entry`; 0 when it is not.

    Near-identical matching keys in any language, or a cosine of at least `threshold` across languages
    (max(threshold, SAME_LANGUAGE_COSINE) within one); tips naming different numbers never join."""
    if probe.numbers and entry.numbers and probe.numbers != entry.numbers:
        return 0.0
    score = fuzz.ratio(probe.key, entry.key) / 100
    if score >= LEXICAL_RATIO:
        return score
    if query is None or entry.vector is None:
        return 0.0
    cosine = float(entry.vector @ query)
    needed = max(threshold, SAME_LANGUAGE_COSINE) if probe.lang == entry.lang else threshold
    return cosine if cosine >= needed else 0.0


def nearest_claim(
    probe: TipClaim, query: np.ndarray | None, entries: Iterable[tuple[int, TipClaim]], threshold: float
) -> int | None:
    """The id of the entry scoring highest above 0, or None."""
    best, best_score = None, 0.0
    for tip_id, entry in entries:
        score = same_claim_score(probe, query, entry, threshold)
        if score > best_score:
            best, best_score = tip_id, score
    return best
