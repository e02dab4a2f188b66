"""The full matcher beside its own embedding used alone, for same-language and cross-language queries.

One run embeds each query once and ranks it twice: the full ranking (candidates, score model) and the
ranking of the matcher's embedding alone (verdicts by their best phrasing's cosine). A query is
cross-language when its language (the query file's `lang`, else detected) is none of the languages of
its gold verdict's phrasings. Both rankings get success@10 and MAP@5 side by side; the full matcher
should never fall below its own semantic signal, in either group.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from knowledge.evaluation import (
    EvalKnowledgeBase,
    EvalQuery,
    Outcome,
    average_precision,
    decision_metrics,
    success_at,
)
from knowledge.matching import Matcher, query_language
from knowledge.normalise import normalise

GROUPS = ("same_lang", "cross_lang")


@dataclass(frozen=True)
class PairedOutcome:
    """A query's outcome with the full matcher, and its embedding-only ranking."""

    outcome: Outcome
    embedding_ranked: tuple[str, ...]
    group: str
    """'same_lang' or 'cross_lang' (for a query without gold: by the full ranking's first verdict)."""


def verdict_languages(kb: EvalKnowledgeBase) -> dict[str, frozenset[str]]:
    """The languages of each verdict's phrasings, by external id."""
    external = kb.external
    languages: dict[str, set[str]] = defaultdict(set)
    for phrasing in kb.phrasings:
        languages[external[phrasing.verdict_id]].add(phrasing.lang)
    return {name: frozenset(langs) for name, langs in languages.items()}


def language_of(query: EvalQuery) -> str:
    """The evaluation query's language as given, else as the matcher reads it."""
    return query.lang if query.lang and query.lang != "und" else query_language(normalise(query.text))


def language_group(language: str, verdicts: Iterable[str], languages: dict[str, frozenset[str]]) -> str:
    """'same_lang' when `language` is among the languages of any of `verdicts`, else 'cross_lang'."""
    known = set().union(*(languages.get(v, frozenset()) for v in verdicts)) if verdicts else set()
    return "same_lang" if language in known or not known else "cross_lang"


def run_paired(
    matcher: Matcher,
    queries: Iterable[EvalQuery],
    external: dict[int, str],
    languages: dict[str, frozenset[str]],
    limit: int = 10,
) -> list[PairedOutcome]:
    """Each query through the full matcher and through its embedding alone, with one embedding."""
    out = []
    for q in queries:
        start = time.perf_counter()
        ranked, decision, semantic = matcher.assess_with_baseline(q.text, limit)
        elapsed = (time.perf_counter() - start) * 1000
        names = tuple(external[m.verdict_id] for m in ranked[:limit])
        auto = external[decision.matches[0].verdict_id] if decision.action == "auto" else None
        outcome = Outcome(
            q.gold, names, decision.action, auto, q.kind, q.lang, elapsed, ranked[0].score if ranked else 0.0
        )
        basis = q.gold or names[:1]
        group = language_group(language_of(q), basis, languages)
        out.append(PairedOutcome(outcome, tuple(external[m.verdict_id] for m in semantic[:limit]), group))
    return out


def ranking_pair(members: Sequence[PairedOutcome]) -> dict[str, float]:
    """success@10, MAP@5 and P@1 of the full ranking and of the embedding alone, over queries with gold."""
    positives = [p for p in members if p.outcome.gold]
    n = len(positives) or 1
    row: dict[str, float] = {"queries": len(positives)}
    for name, ranking in (("full", lambda p: p.outcome.ranked), ("embedding", lambda p: p.embedding_ranked)):
        row[f"success@10_{name}"] = sum(success_at(p.outcome.gold, ranking(p), 10) for p in positives) / n
        row[f"map@5_{name}"] = sum(average_precision(p.outcome.gold, ranking(p), 5) for p in positives) / n
        row[f"p@1_{name}"] = sum(success_at(p.outcome.gold, ranking(p), 1) for p in positives) / n
    return row


def paired_summary(paired: Sequence[PairedOutcome]) -> dict[str, dict[str, float]]:
    """Per group ('same_lang', 'cross_lang', 'all'): the ranking pair and the full matcher's decisions
    (auto precision and recall over the group's positives, false automatic answers on its negatives)."""
    out = {}
    for group in (*GROUPS, "all"):
        members = [p for p in paired if group == "all" or p.group == group]
        if not members:
            continue
        row = ranking_pair(members)
        decisions = decision_metrics([p.outcome for p in members])
        row.update({k: decisions[k] for k in ("auto", "auto_precision", "auto_recall", "false_auto_rate")})
        row["negatives"] = decisions["negatives"]
        out[group] = row
    return out


def below_embedding(summary: dict[str, dict[str, float]]) -> list[str]:
    """The groups and measures where the full matcher ranks below its embedding alone."""
    return [
        f"{group} {measure}"
        for group, row in summary.items()
        if group != "all" and row["queries"]
        for measure in ("success@10", "map@5")
        if row[f"{measure}_full"] + 1e-9 < row[f"{measure}_embedding"]
    ]


def format_paired(summary: dict[str, dict[str, float]]) -> str:
    """A table: one line per group, full and embedding-only figures side by side."""
    lines = [
        f"{'':<12} {'queries':>7}  {'success@10 full/emb':>19}  {'MAP@5 full/emb':>15}  {'P@1 full/emb':>13}"
        f"  {'auto prec/recall':>16}  false auto"
    ]
    for group, row in summary.items():
        lines.append(
            f"{group:<12} {row['queries']:>7}  "
            f"{row['success@10_full']:>9.3f}/{row['success@10_embedding']:<9.3f}  "
            f"{row['map@5_full']:>7.3f}/{row['map@5_embedding']:<7.3f}  "
            f"{row['p@1_full']:>6.3f}/{row['p@1_embedding']:<6.3f}  "
            f"{row['auto_precision']:>7.3f}/{row['auto_recall']:<8.3f}  "
            f"{row['false_auto_rate']:.3f} of {row['negatives']}"
        )
    return "\n".join(lines)
