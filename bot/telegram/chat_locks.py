"""The per-chat locks of one process: while one of a chat's updates is handled, the chat's next waits."""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey


class ChatLocks(BaseEventIsolation):
    """Per-chat locks in this process, forgotten once no update holds or waits for them (aiogram's
    SimpleEventIsolation keeps one for every chat it has ever seen)."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[StorageKey, asyncio.Lock] = weakref.WeakValueDictionary()

    @contextlib.asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        async with lock:
            yield

    async def close(self) -> None:
        pass
