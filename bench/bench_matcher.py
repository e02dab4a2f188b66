"""Speed and memory of the matcher on synthetic knowledge bases of 1k, 10k and 100k verdicts.

    python bench/bench_matcher.py [--sizes 1000 10000 100000] [--queries 200] [--no-hybrid] [--no-bm25s]

Verdict texts are CheckThat! claims and titles (cycled, with a few words of another claim appended so
that no two are alike), one phrasing per verdict, with random unit vectors standing in for stored
passage embeddings. Queries are the CheckThat! dev tweets. Runs pinned to one CPU core.

Beside the matcher, a plain `bm25s` query over the same texts (tokenised, top 10; `pip install bm25s`), one
query at a time as the bot asks them: the lexical decide()'s p95 is printed as a ratio of bm25s's (the
target is at most 1.2). bm25s only ranks; decide() also reads the facts and decides.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.matching import Matcher, Phrasing  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "checkthat-2021-2a"
"""CheckThat! 2021 2A, in the shared data beside the repository (../shared/data)."""


def claim_texts() -> list[str]:
    texts = []
    with open(DATA / "kb.jsonl", encoding="utf-8") as lines:
        for line in lines:
            d = json.loads(line)
            texts.extend(t for t in (d.get("claim"), d.get("title")) if t)
    return texts


def synthetic_kb(size: int, texts: list[str], dim: int, rng: np.random.Generator) -> list[Phrasing]:
    words = " ".join(texts[:3000]).split()
    vectors = rng.standard_normal((size, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    out = []
    for i in range(size):
        extra = " ".join(words[j] for j in rng.integers(0, len(words), 3)) if i >= len(texts) else ""
        out.append(Phrasing(i + 1, "en", f"{texts[i % len(texts)]} {extra}".strip(), vector=vectors[i]))
    return out


def percentiles(samples: list[float]) -> str:
    a = np.array(samples) * 1000
    return f"p50 {np.percentile(a, 50):6.1f} ms  p95 {np.percentile(a, 95):6.1f} ms  max {a.max():6.1f} ms"


def time_queries(matcher: Matcher, queries: list[str]) -> list[float]:
    matcher.decide(queries[0])
    samples = []
    for q in queries:
        start = time.perf_counter()
        matcher.decide(q)
        samples.append(time.perf_counter() - start)
    return samples


def bm25s_latencies(texts: list[str], queries: list[str]) -> tuple[float, list[float]] | None:
    """(build seconds, per-query seconds) of a plain bm25s index over `texts`; None without bm25s."""
    try:
        import bm25s
    except ImportError:
        return None
    start = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords=None, show_progress=False), show_progress=False)
    build = time.perf_counter() - start
    k = min(10, len(texts))

    def query(text: str) -> None:
        tokens = bm25s.tokenize([text], stopwords=None, return_ids=False, show_progress=False)
        if tokens[0]:
            retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)

    query(queries[0])
    samples = []
    for q in queries:
        began = time.perf_counter()
        query(q)
        samples.append(time.perf_counter() - began)
    return build, samples


def p95(samples: list[float]) -> float:
    return float(np.percentile(np.array(samples), 95))


def index_megabytes(matcher: Matcher) -> float:
    """Bytes held in the matcher's arrays: sparse postings, dense vectors, id and mask arrays."""
    total = 0
    for segment in matcher._segments:
        for space in (segment.grams, segment.words):
            for m in (space.bm25, space.presence):
                total += m.data.nbytes + m.indices.nbytes + m.indptr.nbytes
            total += space.terms.nbytes
        if segment.vectors is not None:
            total += segment.vectors.nbytes
        total += segment.verdict_ids.nbytes + segment.alive.nbytes
        total += segment.gram_idf_total.nbytes + segment.word_idf_total.nbytes
    return total / 2**20


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-hybrid", action="store_true", help="skip the runs with real query embeddings")
    parser.add_argument("--no-bm25s", action="store_true", help="skip the plain bm25s query beside")
    parser.add_argument("--all-cores", action="store_true", help="do not pin the process to one core")
    parser.add_argument(
        "--trace-memory", action="store_true", help="also trace allocations of a lexical build"
    )
    args = parser.parse_args(argv)
    missing = [path for path in (DATA / "kb.jsonl", DATA / "queries-dev.jsonl") if not path.exists()]
    if missing:
        print(
            f"bench_matcher: {missing[0]} is missing; this benchmark needs the CheckThat! 2021 2A data "
            "in ../shared/data/checkthat-2021-2a beside the repository",
            file=sys.stderr,
        )
        return 2
    if not args.all_cores and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    embedder = None
    if not args.no_hybrid:
        from knowledge.embeddings import default_embedder

        embedder = default_embedder()
    dim = embedder.dim if embedder else 384
    texts = claim_texts()
    with open(DATA / "queries-dev.jsonl", encoding="utf-8") as lines:
        queries = [json.loads(line)["text"] for line in lines][: args.queries]
    rng = np.random.default_rng(7)

    print(f"{'verdicts':>9}  {'mode':<8} {'build':>7}  {'index MB':>8}  decide() latency")
    for size in args.sizes:
        kb = synthetic_kb(size, texts, dim, rng)
        lexical_p95 = None
        for mode, matcher in (("lexical", Matcher()), ("hybrid", Matcher(embedder) if embedder else None)):
            if matcher is None:
                continue
            start = time.perf_counter()
            matcher.add(kb)
            build = time.perf_counter() - start
            samples = time_queries(matcher, queries)
            lexical_p95 = p95(samples) if mode == "lexical" else lexical_p95
            latency = percentiles(samples)
            print(f"{size:>9}  {mode:<8} {build:6.2f}s  {index_megabytes(matcher):8.0f}  {latency}")
            del matcher
        plain = None if args.no_bm25s else bm25s_latencies([p.text for p in kb], queries)
        if plain is not None:
            build, samples = plain
            print(f"{size:>9}  {'bm25s':<8} {build:6.2f}s  {'':>8}  {percentiles(samples)}")
            ratio = lexical_p95 / p95(samples)
            print(f"{'':>9}  lexical decide p95 / bm25s p95: {ratio:.2f} (target: at most 1.2)")
        elif not args.no_bm25s:
            print(f"{'':>9}  (bm25s is not installed: pip install bm25s, for the side-by-side query)")
        print(f"{'':>9}  max RSS so far {rss_mb():.0f} MB")
    if args.trace_memory:
        tracemalloc.start()
        Matcher().add(synthetic_kb(args.sizes[-1], texts, dim, rng))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"tracemalloc peak while building {args.sizes[-1]} (lexical): {peak / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
