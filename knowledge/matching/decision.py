"""From a ranking to what the bot does: answer automatically, offer a choice, or queue the tip."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from knowledge.matching.facts import facts_disagree, facts_replaced
from knowledge.matching.query import Query
from knowledge.normalise import normalise, script_of, to_key
from knowledge.statuses import Trust

LEARNT = "tip"
"""The kind of a phrasing learnt from readers (a reader's pick, a checker's link of a tip)."""
DISPUTED = "disputed"
"""A learnt phrasing that readers said answered them wrongly: it never answers automatically."""


@dataclass(frozen=True)
class Match:
    verdict_id: int
    score: float
    text: str
    lang: str
    kind: str = "claim"
    """The matched phrasing's kind (a claim, a title, LEARNT, DISPUTED...)."""


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds on the calibrated score; defaults measured on the evaluation sets."""

    auto: float = 0.65
    """At or above: answer automatically (with an embedder), never when the facts of the message and the
    verdict disagree (facts_disagree: country, place, commodity, disease, drug, amount... in any of the
    region's languages); below `unchecked_auto` only after the checks described there."""
    suggest: float = 0.30
    """At or above: offer as "is it one of these?"."""
    auto_margin: float = 0.30
    """The runner-up verdict must score at least this much lower for an automatic answer."""
    short_query_chars: int = 24
    """Normalised queries shorter than this never auto-reply unless near-exact."""
    short_query_words: int = 3
    near_exact: float = 0.93
    """Fuzzy ratio of matching keys (0..1) at which a short query counts as a repeat of a phrasing."""
    cross_script_auto: float = 0.80
    """Auto threshold when the query's script differs from the matched phrasing's."""
    lexical_only_auto: float = 0.99
    """Auto threshold when the matcher runs without an embedder (weaker across languages)."""
    choices: int = 3
    unchecked_auto: float = 0.95
    """At or above: auto-reply without the checks below. Between `auto` and this, with an embedder, the
    embedding cosine of the message and the verdict's best phrasing must reach `auto_cosine` and, when
    both are in the same language, their numbers and capitalised names must agree (facts_replaced;
    across languages the gazetteer check covers them, the names do not meet through the key)."""
    auto_cosine: float = 0.85
    """See `unchecked_auto` (multilingual-e5-small puts loosely related texts at cosine 0.80-0.85)."""


PARTNER_TIE = 0.05
"""A partner's verdict scoring less than this above an own verdict is a tie, which the own one wins."""


def answering_ranking(ranked: list[Match], trust: Mapping[int, Trust]) -> list[Match]:
    """The ranking a reader is answered from, given the trust of partners' verdicts (by verdict id; own
    verdicts are not in it): those kept for search only left out, and those an own verdict ties dropped."""
    if not trust:
        return ranked
    kept = [m for m in ranked if trust.get(m.verdict_id) != Trust.OFF]
    own = [m.score for m in kept if m.verdict_id not in trust]
    best_own = max(own, default=None)
    if best_own is None:
        return kept
    return [m for m in kept if m.verdict_id not in trust or m.score >= best_own + PARTNER_TIE]


@dataclass(frozen=True)
class Decision:
    action: Literal["auto", "choose", "queue"]
    matches: tuple[Match, ...]


def decide_action(
    query: Query,
    ranked: list[Match],
    thresholds: Thresholds,
    semantic: bool,
    cosine: float | None = None,
    trust: Mapping[int, Trust] | None = None,
) -> Decision:
    """auto, choose or queue for a prepared query and its ranking (`semantic`: whether the ranking
    used a query embedding; `cosine`: the best verdict's embedding cosine to the message, when known;
    `trust`: of partners' verdicts, by verdict id; one trusted to SUGGEST is offered at most)."""
    t = thresholds
    if not ranked:
        return Decision("queue", ())
    best = ranked[0]
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    near_exact = fuzz.ratio(query.key, to_key(normalise(best.text))) / 100 >= t.near_exact
    short = len(query.normalised) < t.short_query_chars or len(query.normalised.split()) < t.short_query_words
    threshold = t.auto if semantic else max(t.auto, t.lexical_only_auto)
    if script_of(normalise(best.text)) != query.script:
        threshold = max(threshold, t.cross_script_auto)
    clear = best.score >= threshold and best.score - runner_up >= t.auto_margin
    if clear and (best.kind == DISPUTED or (trust or {}).get(best.verdict_id) == Trust.SUGGEST):
        clear = False
    if clear and facts_disagree(query, best.text, best.lang):
        clear = False
    if clear and best.score < t.unchecked_auto:
        # below the sure band the embedding must agree closely, and within a language the names too
        if semantic and cosine is not None and cosine < t.auto_cosine:
            clear = False
        elif query.lang == best.lang and facts_replaced(query, best.text):
            clear = False
    if clear and (not short or near_exact):
        return Decision("auto", (best,))
    offered = tuple(m for m in ranked[: t.choices] if m.score >= t.suggest)
    if offered:
        return Decision("choose", offered)
    return Decision("queue", tuple(ranked[: t.choices]))
