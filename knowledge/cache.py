"""Objects that take long to build and come out the same in every process (the language identifier, the
gazetteer), kept as pickles between processes: a one-shot command such as `tipline check` would
otherwise spend most of its time building them again."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

LOGGER = logging.getLogger(__name__)

CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tipline"

T = TypeVar("T")


def stamp_of(files: Iterable[Path], *extra: str) -> str:
    """A short name for the files' sizes and modification times and `extra` (versions, settings)."""
    parts = [*extra]
    for path in files:
        stat = Path(path).stat()
        parts.append(f"{Path(path).name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def built_once(name: str, stamp: str, build: Callable[[], T]) -> T:
    """The object `build()` makes, read from CACHE_DIR when a copy with this name and stamp is there,
    else built and written there (a copy that cannot be read or written is built again, never fatal)."""
    cached = CACHE_DIR / f"{name}-{stamp}.pickle"
    try:
        with cached.open("rb") as file:
            return pickle.load(file)
    except Exception:  # noqa: BLE001 - missing, partly written or from another version: build it again
        pass
    built = build()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}")
        with partial.open("wb") as file:
            pickle.dump(built, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cached)
    except OSError as error:
        LOGGER.debug("%s not cached in %s: %s", name, CACHE_DIR, error)
    return built
