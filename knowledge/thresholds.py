"""Thresholds learnt from a newsroom's own traffic (`tipline eval --suggest-thresholds` on the queries
`tipline feedback export` writes, or any labelled set): the automatic-answer threshold that keeps the
automatic answers right at a target precision, with confidence, and the suggest threshold whose choices
still hold the right verdict for most of the posts the automatic answers leave."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from scipy.stats import binomtest

AUTO_GRID = tuple(round(0.30 + 0.01 * i, 2) for i in range(70))
"""The automatic-answer thresholds tried: 0.30 to 0.99."""
SUGGEST_GRID = tuple(round(0.05 + 0.01 * i, 2) for i in range(60))
"""The suggest thresholds tried: 0.05 to 0.64."""
CHOICES = 3


@dataclass(frozen=True)
class Labelled:
    """One labelled query: the verdicts that answer it (none: no verdict does), its ranking as (verdict,
    score), and the verdict each threshold of AUTO_GRID answers it with automatically (None: no answer)."""

    gold: frozenset[str]
    ranked: tuple[tuple[str, float], ...]
    auto: tuple[str | None, ...]


@dataclass(frozen=True)
class Point:
    threshold: float
    precision: float
    """Automatic answers (or offers of choices) that were right."""
    lower: float
    """The precision's one-sided lower confidence bound (Wilson)."""
    recall: float
    """Queries a verdict answers that got it (automatically, or among the choices)."""
    answered: int
    """Automatic answers (or offers) made."""


@dataclass(frozen=True)
class Suggestion:
    auto: Point | None
    """None: no threshold of the grid keeps the automatic answers at the target with that confidence."""
    suggest: Point | None
    """None: no threshold of the grid gives the choices that recall."""
    auto_curve: tuple[Point, ...]
    suggest_curve: tuple[Point, ...]

    def as_json(self) -> dict:
        return {
            "auto": asdict(self.auto) if self.auto else None,
            "suggest": asdict(self.suggest) if self.suggest else None,
        }


def precision_lower_bound(right: int, answered: int, confidence: float) -> float:
    """The one-sided lower bound of right / answered at `confidence` (Wilson's interval); 0 without
    answers."""
    if not answered:
        return 0.0
    interval = binomtest(right, answered).proportion_ci(confidence_level=2 * confidence - 1, method="wilson")
    return float(interval.low)


def _point(threshold: float, right: int, made: int, answerable: int, confidence: float) -> Point:
    return Point(
        threshold,
        right / made if made else 1.0,
        precision_lower_bound(right, made, confidence),
        right / answerable if answerable else 0.0,
        made,
    )


def auto_curve(samples: Sequence[Labelled], confidence: float = 0.9) -> list[Point]:
    """Precision and recall of the automatic answers at each threshold of AUTO_GRID."""
    answerable = sum(1 for s in samples if s.gold)
    points = []
    for i, threshold in enumerate(AUTO_GRID):
        answered = [s for s in samples if s.auto[i] is not None]
        right = sum(1 for s in answered if s.auto[i] in s.gold)
        points.append(_point(threshold, right, len(answered), answerable, confidence))
    return points


def suggest_curve(samples: Sequence[Labelled], auto_index: int, confidence: float = 0.9) -> list[Point]:
    """Of the queries not answered automatically at AUTO_GRID[auto_index]: at each suggest threshold, how
    often the choices offered (the first CHOICES verdicts scoring at least that) hold a right one, and
    the share of the answerable ones whose choices do."""
    left = [s for s in samples if s.auto[auto_index] is None]
    answerable = sum(1 for s in left if s.gold)
    points = []
    for threshold in SUGGEST_GRID:
        offers = [[v for v, score in s.ranked[:CHOICES] if score >= threshold] for s in left]
        made = [(s, offer) for s, offer in zip(left, offers, strict=True) if offer]
        right = sum(1 for s, offer in made if s.gold.intersection(offer))
        points.append(_point(threshold, right, len(made), answerable, confidence))
    return points


def strictest_with_most_recall(points: Sequence[Point]) -> Point | None:
    """Of `points`, those with the most recall, and of these the highest threshold: thresholds the data
    cannot tell apart are taken as strict as costs nothing on it."""
    if not points:
        return None
    most = max(p.recall for p in points)
    return max((p for p in points if p.recall == most), key=lambda p: p.threshold)


def suggest_thresholds(
    samples: Sequence[Labelled], target: float = 0.98, confidence: float = 0.9, choice_recall: float = 0.8
) -> Suggestion:
    """The automatic-answer threshold whose answers are right at `target` or more with `confidence`
    (the lower bound, not the point estimate: a few hundred queries are a small sample) with the most
    recall; below it, the highest suggest threshold whose choices hold the right verdict for at least
    `choice_recall` of the answerable posts left."""
    autos = auto_curve(samples, confidence)
    auto = strictest_with_most_recall([p for p in autos if p.answered and p.lower >= target])
    index = AUTO_GRID.index(auto.threshold) if auto is not None else len(AUTO_GRID) - 1
    offers = suggest_curve(samples, index, confidence)
    suggest = max((p for p in offers if p.recall >= choice_recall), key=lambda p: p.threshold, default=None)
    return Suggestion(auto, suggest, tuple(autos), tuple(offers))
