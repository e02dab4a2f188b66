"""Thresholds learnt from labelled queries (knowledge/thresholds.py): the automatic answers kept right at
the target with confidence, the strictest of the thresholds the data cannot tell apart, and the choices'
recall. The measured example on the regional set is in tests/cli/test_feedback_cli.py."""

from __future__ import annotations

from knowledge.thresholds import AUTO_GRID, Labelled, precision_lower_bound, suggest_thresholds


def labelled(score: float, right: bool, offered: tuple[tuple[str, float], ...] = ()) -> Labelled:
    """A query whose best verdict scores `score`: answered automatically at every threshold up to it
    (rightly or not); `offered`: the ranking below the best."""
    best = "v1"
    gold = frozenset({best}) if right else frozenset()
    return Labelled(gold, ((best, score), *offered), tuple(best if t <= score else None for t in AUTO_GRID))


def test_the_threshold_sits_above_the_wrong_answers_as_strictly_as_costs_nothing():
    samples = [labelled(0.9, True)] * 100 + [labelled(0.52, False)] + [labelled(0.45, True)] * 5
    suggestion = suggest_thresholds(samples, target=0.98, confidence=0.9)
    assert suggestion.auto is not None
    # 0.45 adds five right answers and a wrong one (105 of 106 is not 0.98 with confidence); 0.53 to 0.90
    # answer the same 100 right ones, and the strictest of them is taken
    assert suggestion.auto.threshold == 0.9
    assert suggestion.auto.answered == 100 and suggestion.auto.precision == 1.0


def test_a_right_answer_lower_down_is_worth_a_lower_threshold_only_above_the_wrong_one():
    samples = [labelled(0.9, True)] * 100 + [labelled(0.52, False)] + [labelled(0.6, True)] * 5
    suggestion = suggest_thresholds(samples, target=0.98, confidence=0.9)
    assert suggestion.auto.threshold == 0.6
    assert suggestion.auto.answered == 105


def test_a_few_wrong_answers_among_many_are_kept_when_the_bound_allows():
    samples = [labelled(0.9, True)] * 1000 + [labelled(0.5, False)] * 2 + [labelled(0.5, True)] * 100
    suggestion = suggest_thresholds(samples, target=0.98, confidence=0.9)
    assert suggestion.auto.threshold == 0.5 and suggestion.auto.precision < 1.0
    assert suggestion.auto.lower >= 0.98


def test_too_few_queries_certify_nothing():
    samples = [labelled(0.9, True)] * 40
    assert suggest_thresholds(samples, target=0.98, confidence=0.9).auto is None
    assert precision_lower_bound(40, 40, 0.9) < 0.98 <= precision_lower_bound(200, 200, 0.9)


def test_the_suggest_threshold_is_the_highest_giving_the_choices_their_recall():
    right_low = [labelled(0.2, True)] * 8 + [labelled(0.35, True)] * 2  # never automatic at >= 0.36
    samples = [labelled(0.95, True)] * 400 + right_low + [labelled(0.4, False, (("v2", 0.1),))] * 5
    suggestion = suggest_thresholds(samples, target=0.98, choice_recall=0.8)
    assert suggestion.auto.threshold == 0.95
    assert suggestion.suggest.threshold == 0.2 and suggestion.suggest.recall == 1.0
    assert suggest_thresholds(samples, choice_recall=0.2).suggest.threshold == 0.35
