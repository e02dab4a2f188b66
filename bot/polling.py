"""Long polling that never loses an update: each one is stored in the inbox before Telegram is told
it arrived, handled from there, and handled once even when Telegram delivers it again."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
import weakref
from collections.abc import AsyncIterator

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from aiogram.types import Update
from aiogram.utils.serialization import deserialize_telegram_object_to_python
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.database import insert_ignoring_duplicates
from bot.metrics import INBOX_WAIT_SECONDS
from bot.models import InboxUpdate, utcnow

log = logging.getLogger(__name__)


def chat_of(update: Update) -> int | None:
    event = update.event
    chat = getattr(event, "chat", None) or getattr(getattr(event, "message", None), "chat", None)
    if chat is not None:
        return chat.id
    user = getattr(event, "from_user", None)
    return user.id if user else None


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


class InboxPoller:
    """Polls getUpdates (or accepts webhook updates), stores them in the inbox, and handles them one chat
    at a time: `isolation` locks a chat while one of its updates is handled; with Redis
    (RedisEventIsolation) the lock holds across replicas, so an update two replicas both received is
    handled by one of them, after the other has marked it handled."""

    def __init__(
        self,
        bot: Bot,
        dispatcher: Dispatcher,
        engine: AsyncEngine,
        sessionmaker: async_sessionmaker,
        poll_timeout: int = 25,
        max_attempts: int = 3,
        isolation: BaseEventIsolation | None = None,
        concurrency: int = 8,
    ):
        self.bot = bot
        self.dispatcher = dispatcher
        self.engine = engine
        self.sessionmaker = sessionmaker
        self.poll_timeout = poll_timeout
        self.max_attempts = max_attempts
        self.isolation = isolation or ChatLocks()
        self._local = ChatLocks()
        """Taken first: one update per chat in this process waits for `isolation` (with Redis, a lock that
        is polled), however many of that chat's updates are queued here."""
        self._handling = asyncio.Semaphore(concurrency)
        """Updates handled at once (each holds database connections and CPU); the rest wait their turn."""
        self._in_flight: set[int] = set()
        self._tasks: set[asyncio.Task] = set()
        self._stopping = asyncio.Event()
        self._fetch: asyncio.Future | None = None

    def stop(self) -> None:
        """Stop polling at once; updates being handled are finished first."""
        self._stopping.set()
        if self._fetch is not None:
            self._fetch.cancel()

    async def run(self) -> None:
        await self._resume_stored()
        allowed = self.dispatcher.resolve_used_update_types()
        offset: int | None = None
        backoff = 1.0
        while not self._stopping.is_set():
            self._fetch = asyncio.ensure_future(
                self.bot.get_updates(offset=offset, timeout=self.poll_timeout, allowed_updates=allowed)
            )
            try:
                updates = await self._fetch
                backoff = 1.0
            except asyncio.CancelledError:
                if self._stopping.is_set():
                    break
                raise
            except TelegramRetryAfter as error:
                log.warning("getUpdates: 429, waiting %ss", error.retry_after)
                await self._sleep(error.retry_after)
                continue
            except (TelegramNetworkError, TelegramServerError) as error:
                log.warning("getUpdates failed (%s), retrying in %.0fs", error, backoff)
                await self._sleep(backoff)
                backoff = min(backoff * 2, 30)
                continue
            if not updates:
                continue
            try:
                await self._store(updates)
            except Exception:
                log.exception(
                    "could not store %d updates; fetching them again in %.0fs", len(updates), backoff
                )
                await self._sleep(backoff)
                backoff = min(backoff * 2, 30)
                continue
            offset = updates[-1].update_id + 1
            for item in updates:
                self._schedule(item)
        await self.drain()

    async def drain(self) -> None:
        """Wait for the updates being handled."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def accept(self, updates: list[Update]) -> None:
        """Store updates in the inbox (raises when that fails) and start handling them; a webhook
        answers 200 only after this returns."""
        await self._store(updates)
        for item in updates:
            self._schedule(item)

    async def resume(self) -> None:
        """Handle the stored updates a previous run left unhandled."""
        await self._resume_stored()

    async def _store(self, updates: list[Update]) -> None:
        rows = [
            {
                "update_id": u.update_id,
                "chat_id": chat_of(u),
                "payload": deserialize_telegram_object_to_python(u),
                "received_at": utcnow(),
                "attempts": 0,
            }
            for u in updates
        ]
        async with self.sessionmaker() as session:
            await session.execute(insert_ignoring_duplicates(self.engine, InboxUpdate.__table__, rows))
            await session.commit()

    async def _resume_stored(self, older_than: float = 0.0) -> None:
        query = select(InboxUpdate).where(InboxUpdate.handled_at.is_(None))
        if older_than:
            query = query.where(InboxUpdate.received_at < utcnow() - dt.timedelta(seconds=older_than))
        async with self.sessionmaker() as session:
            rows = (await session.scalars(query.order_by(InboxUpdate.update_id))).all()
        rows = [row for row in rows if row.update_id not in self._in_flight]
        if rows:
            log.info("resuming %d stored updates", len(rows))
        for row in rows:
            self._schedule(Update.model_validate(row.payload, context={"bot": self.bot}))

    async def keep_sweeping(self, interval: float = 30.0, older_than: float = 60.0) -> None:
        """Every `interval` seconds, handle the stored updates left unhandled for `older_than` seconds:
        a failed attempt, or a replica that stored an update and died before handling it."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self._resume_stored(older_than)
            except Exception:  # noqa: BLE001
                log.exception("inbox sweep failed; trying again in %.0fs", interval)

    def _schedule(self, item: Update) -> None:
        if item.update_id in self._in_flight:
            return
        self._in_flight.add(item.update_id)
        task = asyncio.create_task(self._handle(item, time.perf_counter()))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, item: Update, scheduled: float) -> None:
        chat = chat_of(item) or 0
        key = StorageKey(bot_id=self.bot.id, chat_id=chat, user_id=chat, destiny="inbox")
        try:
            async with self._local.lock(key), self.isolation.lock(key), self._handling:
                async with self.sessionmaker() as session:
                    row = await session.get(InboxUpdate, item.update_id)
                    if row is None or row.handled_at is not None:
                        return
                    row.attempts += 1
                    await session.commit()
                    attempts = row.attempts
                INBOX_WAIT_SECONDS.observe(time.perf_counter() - scheduled)
                try:
                    await self.dispatcher.feed_update(self.bot, item)
                    done = True
                except Exception:
                    log.exception("update %s failed (attempt %d)", item.update_id, attempts)
                    done = attempts >= self.max_attempts
                if done:
                    async with self.sessionmaker() as session:
                        await session.execute(
                            update(InboxUpdate)
                            .where(InboxUpdate.update_id == item.update_id)
                            .values(handled_at=utcnow())
                        )
                        await session.commit()
        except Exception:
            log.exception("update %s is left in the inbox; the sweep tries it again", item.update_id)
        finally:
            self._in_flight.discard(item.update_id)
