"""When two tips are the same claim, so that readers' tips gather into one cluster on the desk."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from knowledge.gazetteer import Mentions, default_gazetteer
from knowledge.matching import numbers_in
from knowledge.normalise import matching_key, normalise

SAME_LANGUAGE_COSINE = 0.97
"""Same-language tips join on meaning only when nearly identical: e5 puts different claims about the
same place and time (water vs internet cut in Karaganda, a fine for parking on the pavement vs for no
winter tyres in Bishkek) above 0.95 when both are embedded as queries."""
SHARED_FACTS = 3
"""Tips in two languages that state at least this many of the same facts (places, dates, amounts, ...)
and none differently join at a cosine FACTS_RELIEF below the threshold."""
FACTS_RELIEF = 0.03
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
    """The tip's e5 query vector: the one the matcher computed for the post, so a tip costs no second
    embedding."""
    mentions: Mentions
    """The places, peoples, commodities, diseases, ... it names (knowledge.gazetteer)."""


def tip_claim(text: str, lang: str, vector: np.ndarray | None = None) -> TipClaim:
    prefix = text[:CLAIM_PREFIX]
    mentions = default_gazetteer().mentions(prefix, lang)
    return TipClaim(matching_key(prefix), numbers_in(normalise(prefix)), lang, vector, mentions)


def same_claim_score(probe: TipClaim, entry: TipClaim, threshold: float) -> float:
    """How surely `probe` is the claim of `entry`; 0 when it is not.

    Near-identical matching keys in any language, or a cosine of their query vectors of at least
    `threshold` across languages (less FACTS_RELIEF when they share SHARED_FACTS facts) and of
    max(threshold, SAME_LANGUAGE_COSINE) within one. Tips naming different numbers, or stating a fact
    of the gazetteer differently (another country, city, product, disease, ...), never join: a rumour
    with one fact changed is another rumour."""
    if probe.numbers and entry.numbers and probe.numbers != entry.numbers:
        return 0.0
    score = fuzz.ratio(probe.key, entry.key) / 100
    if score < LEXICAL_RATIO:
        if probe.vector is None or entry.vector is None:
            return 0.0
        cosine = float(entry.vector @ probe.vector)
        if probe.lang == entry.lang:
            needed = max(threshold, SAME_LANGUAGE_COSINE)
        elif shared_facts(probe.mentions, entry.mentions) >= SHARED_FACTS:
            needed = threshold - FACTS_RELIEF
        else:
            needed = threshold
        if cosine < needed:
            return 0.0
        score = cosine
    if default_gazetteer().disagreements(probe.mentions, entry.mentions):
        return 0.0
    return score


def shared_facts(first: Mentions, second: Mentions) -> int:
    """How many concepts and amounts of the gazetteer two texts both name."""
    return len(first.concepts & second.concepts) + len(first.amounts & second.amounts)


def nearest_claim(probe: TipClaim, entries: Iterable[tuple[int, TipClaim]], threshold: float) -> int | None:
    """The id of the entry scoring highest above 0, or None."""
    best, best_score = None, 0.0
    for tip_id, entry in entries:
        score = same_claim_score(probe, entry, threshold)
        if score > best_score:
            best, best_score = tip_id, score
    return best
