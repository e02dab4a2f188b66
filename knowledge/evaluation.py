"""Measuring the matcher: loading evaluation files, running queries, computing metrics."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from knowledge.matching import Matcher, Phrasing, phrasings_from_records
from knowledge.statuses import FeedbackReason, FeedbackValue
from knowledge.verdicts import RecordError, record_from_dict


@dataclass(frozen=True)
class EvalQuery:
    id: str
    text: str
    gold: tuple[str, ...]
    kind: str = ""
    lang: str = "und"


@dataclass(frozen=True)
class Outcome:
    """What the matcher did with one evaluation query."""

    gold: tuple[str, ...]
    ranked: tuple[str, ...]
    action: str
    auto_id: str | None
    kind: str = ""
    lang: str = "und"
    latency_ms: float = 0.0
    top_score: float = 0.0


@dataclass
class EvalKnowledgeBase:
    """The verdicts of an evaluation file as the matcher's phrasings, with their numbers by external id."""

    phrasings: list[Phrasing]
    ids: dict[str, int] = field(default_factory=dict)

    @property
    def external(self) -> dict[int, str]:
        return {number: name for name, number in self.ids.items()}


def feedback_gold(value: str, reason: str | None, verdict: str) -> tuple[str, ...] | None:
    """A reader's feedback on an answer as an evaluation query's gold: 👍, or 👎 "the verdict is wrong"
    (the claim matched; the reader disputes the verdict), the verdict; 👎 "another claim", none; None for
    a 👎 that does not say whether the match was wrong (left out)."""
    if value == FeedbackValue.UP or reason == FeedbackReason.WRONG_VERDICT:
        return (verdict,)
    if reason == FeedbackReason.ANOTHER_CLAIM:
        return ()
    return None


def load_kb(path: str | Path) -> EvalKnowledgeBase:
    """Verdicts of a JSON Lines file as phrasings; metadata the matcher does not use (dates,
    ratings) is dropped from a record when it cannot be read."""
    ids: dict[str, int] = {}
    records = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            data = json.loads(line)
            try:
                records.append(record_from_dict(data, f"line {number}"))
            except RecordError:
                trimmed = {k: v for k, v in data.items() if k not in ("date", "rating", "url")}
                records.append(record_from_dict(trimmed, f"line {number}"))
    return EvalKnowledgeBase(phrasings_from_records(records, ids), ids)


def load_queries(path: str | Path) -> list[EvalQuery]:
    """Query lines `{"id", "text", "gold", "kind", "lang"}`; a bad line raises RecordError naming it
    (a file that is not UTF-8 text, or is too large, too)."""
    from knowledge.formats import decode, read_file

    out = []
    for number, line in enumerate(decode(read_file(path)).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            if not isinstance(d, dict) or not isinstance(d.get("text"), str) or "id" not in d:
                raise ValueError("a query needs an 'id' and a 'text'")
            gold = d.get("gold") or ()
            if not isinstance(gold, list | tuple):
                raise ValueError("'gold' must list verdict ids")
            out.append(
                EvalQuery(
                    str(d["id"]),
                    d["text"],
                    tuple(str(g) for g in gold),
                    str(d.get("kind") or ""),
                    str(d.get("lang") or "und"),
                )
            )
        except json.JSONDecodeError as error:
            raise RecordError(f"line {number}", f"not JSON ({error.msg})") from None
        except RecursionError:
            raise RecordError(f"line {number}", "JSON nested too deeply") from None
        except ValueError as error:
            raise RecordError(f"line {number}", str(error)) from None
    return out


def run_queries(
    matcher: Matcher, queries: Iterable[EvalQuery], external: dict[int, str], limit: int = 10
) -> list[Outcome]:
    """Run each query through find_verdicts and decide (one embedding, one ranking per query)."""
    outcomes = []
    for q in queries:
        start = time.perf_counter()
        ranked, decision = matcher.assess(q.text, limit)
        elapsed = (time.perf_counter() - start) * 1000
        names = tuple(external[m.verdict_id] for m in ranked[:limit])
        auto = external[decision.matches[0].verdict_id] if decision.action == "auto" else None
        outcomes.append(
            Outcome(
                q.gold,
                names,
                decision.action,
                auto,
                q.kind,
                q.lang,
                elapsed,
                ranked[0].score if ranked else 0.0,
            )
        )
    return outcomes


def average_precision(gold: Sequence[str], ranked: Sequence[str], k: int) -> float:
    """CheckThat! average precision over the top k, divided by the number of relevant items."""
    if not gold:
        return 0.0
    relevant = set(gold)
    hits, total = 0, 0.0
    for i, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant)


def reciprocal_rank(gold: Sequence[str], ranked: Sequence[str]) -> float:
    relevant = set(gold)
    for i, item in enumerate(ranked, start=1):
        if item in relevant:
            return 1.0 / i
    return 0.0


def success_at(gold: Sequence[str], ranked: Sequence[str], k: int) -> float:
    return float(bool(set(gold) & set(ranked[:k])))


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(values, q)) if len(values) else 0.0


def ranking_metrics(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """Ranking quality over the queries that have a gold verdict."""
    positives = [o for o in outcomes if o.gold]
    n = len(positives) or 1
    return {
        "queries": len(positives),
        "map@1": sum(average_precision(o.gold, o.ranked, 1) for o in positives) / n,
        "map@5": sum(average_precision(o.gold, o.ranked, 5) for o in positives) / n,
        "mrr": sum(reciprocal_rank(o.gold, o.ranked) for o in positives) / n,
        "p@1": sum(success_at(o.gold, o.ranked, 1) for o in positives) / n,
        "success@3": sum(success_at(o.gold, o.ranked, 3) for o in positives) / n,
    }


def decision_metrics(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """Auto-reply precision and recall, and auto-replies on queries no verdict answers."""
    autos = [o for o in outcomes if o.action == "auto"]
    correct = sum(1 for o in autos if o.auto_id in o.gold)
    positives = [o for o in outcomes if o.gold]
    negatives = [o for o in outcomes if not o.gold]
    return {
        "auto": len(autos),
        "auto_precision": correct / len(autos) if autos else 1.0,
        "auto_recall": correct / len(positives) if positives else 0.0,
        "false_auto_rate": (
            sum(1 for o in negatives if o.action == "auto") / len(negatives) if negatives else 0.0
        ),
        "negatives": len(negatives),
        "choose": sum(1 for o in outcomes if o.action == "choose"),
        "queue": sum(1 for o in outcomes if o.action == "queue"),
    }


def grouped(outcomes: Sequence[Outcome], attribute: str) -> dict[str, dict[str, float]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[getattr(o, attribute) or "-"].append(o)
    out = {}
    for name, members in sorted(groups.items()):
        row: dict[str, float] = {}
        if any(o.gold for o in members):
            ranking = ranking_metrics(members)
            row.update({k: ranking[k] for k in ("queries", "p@1", "success@3", "map@5")})
        decisions = decision_metrics(members)
        row.update({k: decisions[k] for k in ("auto", "auto_precision", "false_auto_rate")})
        row["size"] = len(members)
        out[name] = row
    return out


def summarise(outcomes: Sequence[Outcome]) -> dict:
    """All the figures `tipline eval` prints."""
    latencies = [o.latency_ms for o in outcomes]
    return {
        **ranking_metrics(outcomes),
        **decision_metrics(outcomes),
        "by_kind": grouped(outcomes, "kind") if any(o.kind for o in outcomes) else {},
        "by_lang": grouped(outcomes, "lang"),
        "latency_ms": {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95)},
    }


def format_summary(summary: dict) -> str:
    lines = []
    for key, value in summary.items():
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            lines.append(f"{key}:")
            for name, row in value.items():
                cells = "  ".join(f"{k}={_fmt(v)}" for k, v in row.items())
                lines.append(f"  {name:<26} {cells}")
        elif isinstance(value, dict):
            lines.append(f"{key}: " + "  ".join(f"{k}={_fmt(v)}" for k, v in value.items()))
        else:
            lines.append(f"{key}: {_fmt(value)}")
    return "\n".join(lines)


def _fmt(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


@dataclass
class CandidateTable:
    """Features of every candidate phrasing for a set of queries, for fitting the score model."""

    features: np.ndarray
    query_index: np.ndarray
    group: np.ndarray
    """Index of the (query, verdict) pair each candidate belongs to."""
    group_query: np.ndarray
    group_gold: np.ndarray
    query_features: np.ndarray
    query_positive: np.ndarray

    def concatenate(self, other: CandidateTable) -> CandidateTable:
        queries, groups = len(self.query_features), len(self.group_query)
        return CandidateTable(
            np.vstack([self.features, other.features]),
            np.concatenate([self.query_index, other.query_index + queries]),
            np.concatenate([self.group, other.group + groups]),
            np.concatenate([self.group_query, other.group_query + queries]),
            np.concatenate([self.group_gold, other.group_gold]),
            np.vstack([self.query_features, other.query_features]),
            np.concatenate([self.query_positive, other.query_positive]),
        )


def candidate_table(
    matcher: Matcher, queries: Sequence[EvalQuery], external: dict[int, str], semantic: bool = True
) -> CandidateTable:
    from knowledge.matching import prepare_query, query_features

    rows, query_index, group, group_query, group_gold, qf = [], [], [], [], [], []
    for i, q in enumerate(queries):
        prepared = prepare_query(q.text)
        vector = matcher.embed_query(q.text) if semantic else None
        qf.append(query_features(prepared, matcher.thresholds))
        seen: dict[int, int] = {}
        for candidate in matcher.candidates(prepared, vector):
            verdict = candidate.verdict_id
            if verdict not in seen:
                seen[verdict] = len(group_query)
                group_query.append(i)
                group_gold.append(external[verdict] in q.gold)
            rows.append(candidate.features)
            query_index.append(i)
            group.append(seen[verdict])
    return CandidateTable(
        np.array(rows),
        np.array(query_index, dtype=int),
        np.array(group, dtype=int),
        np.array(group_query, dtype=int),
        np.array(group_gold, dtype=bool),
        np.array(qf),
        np.array([bool(q.gold) for q in queries]),
    )


def choice_loss(
    table: CandidateTable,
    weights: np.ndarray,
    none: np.ndarray,
    query_weight: np.ndarray | None = None,
    closed: np.ndarray | None = None,
) -> float:
    """Mean negative log-likelihood of the gold verdict (or of "none" for negative queries).

    Queries marked `closed` come from a set where every query has an answer (CheckThat!); for
    them "none" is left out, so they teach ranking but not how often nothing applies."""
    logits = table.features @ weights
    groups = len(table.group_query)
    top = np.full(groups, -np.inf)
    np.maximum.at(top, table.group, logits)
    total = np.zeros(groups)
    np.add.at(total, table.group, np.exp(logits - top[table.group]))
    verdict = top + np.log(total)
    n = len(table.query_features)
    null = table.query_features @ none
    ceiling = null.copy()
    np.maximum.at(ceiling, table.group_query, verdict)
    partition = np.exp(null - ceiling)
    if closed is not None:
        partition[closed] = 0.0
    np.add.at(partition, table.group_query, np.exp(verdict - ceiling[table.group_query]))
    gold_mass = np.zeros(n)
    np.add.at(
        gold_mass,
        table.group_query[table.group_gold],
        np.exp(verdict - ceiling[table.group_query])[table.group_gold],
    )
    numerator = np.where(table.query_positive, gold_mass, np.exp(null - ceiling))
    usable = numerator > 0
    losses = np.log(partition[usable]) - np.log(numerator[usable])
    w = np.ones(n)[usable] if query_weight is None else query_weight[usable]
    return float((losses * w).sum() / w.sum())


def fit_score_model(
    table: CandidateTable,
    start,
    query_weight: np.ndarray | None = None,
    l2: float = 1e-3,
    closed: np.ndarray | None = None,
):
    """Fit a ScoreModel's weights by maximum likelihood, starting from `start`."""
    from scipy.optimize import minimize

    from knowledge.matching import ScoreModel

    d = table.features.shape[1]
    x0 = np.concatenate([start.weights, start.none])

    def objective(x: np.ndarray) -> float:
        return choice_loss(table, x[:d], x[d:], query_weight, closed) + l2 * float((x[:d] ** 2).sum())

    result = minimize(objective, x0, method="L-BFGS-B")
    return ScoreModel(
        tuple(round(float(v), 3) for v in result.x[:d]), tuple(round(float(v), 3) for v in result.x[d:])
    )
