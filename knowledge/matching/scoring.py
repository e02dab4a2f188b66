"""The calibrated score: a choice model over the candidate verdicts and "none of them", on features
of each (message, phrasing) pair."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from knowledge.matching.decision import Thresholds
from knowledge.matching.query import Query

FEATURES = (
    "cosine",
    "cosine_gap",
    "word_query",
    "word_phrasing",
    "gram_query",
    "gram_phrasing",
    "fuzzy",
    "lexical_rel",
    "numbers_missing",
    "numbers_disjoint",
    "names_missing",
    "query_names_missing",
    "same_lang",
    "same_lang_unmatched",
)
"""Features of a (query, phrasing) pair."""
QUERY_FEATURES = ("bias", "short_query")
"""Features of the query alone; they set the weight of the answer "none of these"."""


@dataclass(frozen=True)
class ScoreModel:
    """A choice model over the candidate verdicts plus "none of them".

    A phrasing's logit is linear in FEATURES, a verdict's is the log-sum-exp of its phrasings',
    and "none" has a logit linear in QUERY_FEATURES; the softmax gives each verdict the
    probability that it is the one the message is about.
    """

    weights: tuple[float, ...]
    none: tuple[float, ...]

    def verdict_probabilities(
        self, features: np.ndarray, verdicts: np.ndarray, query_features: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(distinct verdict ids, their probabilities) for one query's candidate phrasings."""
        logits = features @ np.asarray(self.weights, dtype=np.float64)
        ids, group = np.unique(verdicts, return_inverse=True)
        top = np.full(len(ids), -np.inf)
        np.maximum.at(top, group, logits)
        total = np.zeros(len(ids))
        np.add.at(total, group, np.exp(logits - top[group]))
        verdict_logits = top + np.log(total)
        none = float(query_features @ np.asarray(self.none, dtype=np.float64))
        ceiling = max(float(verdict_logits.max()), none)
        odds = np.exp(verdict_logits - ceiling)
        return ids, odds / (odds.sum() + math.exp(none - ceiling))


HYBRID_MODEL = ScoreModel(
    weights=(
        53.823,
        34.212,
        2.331,
        -2.405,
        3.471,
        1.822,
        -0.61,
        4.301,
        -3.159,
        1.664,
        -0.241,
        -0.806,
        -2.03,
        -3.26,
    ),
    none=(47.73, 4.449),
)
"""Fitted by maximum likelihood (knowledge.evaluation.fit_score_model) on CheckThat! 2021 2A train
(ranking only) and the regional dev set (weight 3, with "none" for its negatives)."""
LEXICAL_MODEL = ScoreModel(
    weights=(
        0.0,
        0.0,
        6.612,
        2.119,
        6.928,
        1.565,
        -1.445,
        6.517,
        -3.379,
        1.48,
        -0.873,
        -0.681,
        -4.68,
        -2.023,
    ),
    none=(3.71, 8.828),
)
"""The same fit without embeddings, for the lexical-only mode."""


def query_features(query: Query, thresholds: Thresholds) -> np.ndarray:
    length = len(query.normalised)
    return np.array([1.0, float(length < thresholds.short_query_chars)])
