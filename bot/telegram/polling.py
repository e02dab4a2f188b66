"""Long polling that never loses an update: each one is stored in the inbox before Telegram is told
it arrived, handled from there, and handled once even when Telegram delivers it again."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import time
from collections.abc import Sequence

from aiogram import Bot, Dispatcher
from aiogram.enums import ChatType
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramConflictError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from aiogram.types import Update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.engine import HANDLED_AT_ONCE
from bot.db.inbox import due_updates, mark_handled, record_failure, start_attempt
from bot.db.models import utcnow
from bot.db.outbox import Outgoing, add_messages
from bot.db.readers import reader_by_chat
from bot.services.schedule import pause, repeat
from bot.services.unit_of_work import AlreadyHandled
from bot.telegram.chat_locks import ChatLocks
from bot.telegram.intake import (
    Batch,
    InboxWriter,
    Unreadable,
    album_of,
    chat_of,
    first_line,
    inbox_row,
    next_offset,
    read_batch,
    unread_batch,
)
from bot.telegram.metrics import INBOX_FAILURES, INBOX_WAIT_SECONDS

log = logging.getLogger(__name__)


ALBUM_WINDOW = 1.5
"""Seconds to wait after an album's last part arrived: Telegram sends the parts within a second or two."""


class Backoff:
    """Seconds to wait after a failure: 1, doubled after each failure in a row up to 30; 1 again after a
    success."""

    def __init__(self) -> None:
        self.seconds = 1.0

    def reset(self) -> None:
        self.seconds = 1.0

    def next(self) -> float:
        """The wait now; the next one is doubled."""
        seconds, self.seconds = self.seconds, min(self.seconds * 2, 30)
        return seconds


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
        max_attempts: int = 5,
        isolation: BaseEventIsolation | None = None,
        concurrency: int = HANDLED_AT_ONCE,
        retry_delay: float = 2.0,
        album_window: float = ALBUM_WINDOW,
    ):
        self.bot = bot
        self.dispatcher = dispatcher
        self.engine = engine
        self.sessionmaker = sessionmaker
        self.poll_timeout = poll_timeout
        self.max_attempts = max_attempts
        """Attempts at an update whose handler raises before it is kept as failed."""
        self.retry_delay = retry_delay
        """Seconds before the second attempt; doubled for each one after."""
        self.album_window = album_window
        self._albums: dict[tuple[int, str], list[Update]] = {}
        self._album_timers: dict[tuple[int, str], asyncio.TimerHandle] = {}
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
        """Poll until stopped. An answer that does not read as a whole (an older or newer Bot API shape)
        is read one update at a time: the unreadable ones are kept raw, confirmed and skipped. An answer
        that is not JSON (a proxy's error page) is retried like a network error. Raises what Telegram
        will not serve until someone acts: a revoked token (401), a webhook set (409)."""
        await self._resume_stored()
        allowed = self.dispatcher.resolve_used_update_types()
        offset: int | None = None
        backoff = Backoff()
        while not self._stopping.is_set():
            batch = await self._fetch_batch(offset, allowed, backoff)
            if batch is None or (not batch.updates and not batch.unreadable):
                continue
            try:
                updates = await self._store(batch.updates, batch.unreadable, "polling")
            except Exception:
                wait = backoff.next()
                count = len(batch.updates) + len(batch.unreadable)
                log.exception("could not store %d updates; fetching them again in %.0fs", count, wait)
                await self._sleep(wait)
                continue
            for item in updates:
                self._schedule(item)
            if batch.after is None:  # no update id in the answer to confirm: it can only be asked again
                wait = backoff.next()
                log.warning("getUpdates: an answer without update ids; asking again in %.0fs", wait)
                await self._sleep(wait)
                continue
            offset = batch.after
        await self.drain()

    async def _fetch_batch(self, offset: int | None, allowed: list[str], backoff: Backoff) -> Batch | None:
        """One getUpdates; None when it brought nothing to store (stopped, or a failure waited out)."""
        self._fetch = asyncio.ensure_future(
            self.bot.get_updates(offset=offset, timeout=self.poll_timeout, allowed_updates=allowed)
        )
        try:
            updates = await self._fetch
        except asyncio.CancelledError:
            if self._stopping.is_set():
                return None
            raise
        except ClientDecodeError as error:
            return await self._read_one_by_one(error, backoff)
        except TelegramRetryAfter as error:
            log.warning("getUpdates: 429, waiting %ss", error.retry_after)
            await self._sleep(error.retry_after)
            return None
        except (TelegramUnauthorizedError, TelegramNotFound):
            raise  # the token was revoked or is wrong: `tipline run` says so in one line, exit status 2
        except TelegramConflictError as error:
            if "webhook" in error.message.lower():
                raise  # a webhook is set: the same, until `tipline webhook delete`
            wait = backoff.next()
            log.warning(
                "getUpdates: 409, another process polls with this token (%s); retrying in %.0fs",
                error.message,
                wait,
            )
            await self._sleep(wait)
            return None
        except TelegramAPIError as error:  # a network error, a 5xx, or any other refusal
            wait = backoff.next()
            log.warning("getUpdates failed (%s), retrying in %.0fs", error, wait)
            await self._sleep(wait)
            return None
        backoff.reset()
        return Batch(updates, [], updates[-1].update_id + 1 if updates else None)

    async def _read_one_by_one(self, error: ClientDecodeError, backoff: Backoff) -> Batch | None:
        """A getUpdates answer aiogram could not read as a whole, read one update at a time; None when it
        is not JSON at all (then waited out)."""
        items = unread_batch(error)
        if items is None:
            wait = backoff.next()
            log.warning(
                "getUpdates: an answer that is not JSON (%s), retrying in %.0fs",
                first_line(error.original),
                wait,
            )
            await self._sleep(wait)
            return None
        updates, unreadable = read_batch(items, self.bot)
        backoff.reset()
        return Batch(updates, unreadable, next_offset(items))

    async def drain(self) -> None:
        """Wait for the updates being handled."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _sleep(self, seconds: float) -> None:
        await pause(self._stopping, seconds)

    async def accept(
        self, updates: list[Update], unreadable: Sequence[Unreadable] = (), source: str = "webhook"
    ) -> None:
        """Store updates in the inbox and the unreadable ones in raw_updates (raises when that fails), and
        start handling the updates; a webhook answers 200 only after this returns."""
        for item in await self._store(updates, list(unreadable), source):
            self._schedule(item)

    async def resume(self) -> None:
        """Handle the stored updates a previous run left unhandled."""
        await self._resume_stored()

    @functools.cached_property
    def _writer(self) -> InboxWriter:
        return InboxWriter(self.engine, self.sessionmaker)

    async def _store(
        self, updates: list[Update], unreadable: Sequence[Unreadable] = (), source: str = "polling"
    ) -> list[Update]:
        """Store updates in the inbox, together with those of concurrent callers; an update that would not
        fit it (an id beyond 64 bits) is kept raw with the unreadable ones, each logged the first time it
        is kept. Returns the updates stored in the inbox (or stored there before)."""
        rows: list[dict] = []
        stored: list[Update] = []
        raw = list(unreadable)
        for item in updates:
            row = inbox_row(item, chat_of(item))
            if isinstance(row, Unreadable):
                raw.append(row)
            else:
                rows.append(row)
                stored.append(item)
        for item in await self._writer.store(rows, raw, source):
            log.warning(
                "update %s could not be read as one (%s): kept in raw_updates and skipped",
                item.update_id or "without an update_id",
                item.error,
            )
        return stored

    async def _resume_stored(self, older_than: float = 0.0) -> None:
        received_before = utcnow() - dt.timedelta(seconds=older_than) if older_than else None
        async with self.sessionmaker() as session:
            rows = await due_updates(session, received_before)
        rows = [row for row in rows if row.update_id not in self._in_flight]
        if rows:
            log.info("resuming %d stored updates", len(rows))
        for row in rows:
            self._schedule(Update.model_validate(row.payload, context={"bot": self.bot}))

    async def keep_sweeping(
        self, stopping: asyncio.Event, interval: float = 30.0, older_than: float = 60.0
    ) -> None:
        """Every `interval` seconds until `stopping` is set, handle the stored updates left unhandled for
        `older_than` seconds (a replica that stored an update and died before handling it) or due again
        after a failure."""
        await repeat(lambda: self._resume_stored(older_than), interval, stopping, what="inbox sweep")

    def _schedule(self, item: Update) -> None:
        """Handle a stored update; the parts of an album wait `album_window` seconds after the last one
        arrived and are handled together."""
        if item.update_id in self._in_flight:
            return
        self._in_flight.add(item.update_id)
        group = album_of(item)
        if group is None:
            self._start([item])
            return
        self._albums.setdefault(group, []).append(item)
        timer = self._album_timers.pop(group, None)
        if timer is not None:
            timer.cancel()
        self._album_timers[group] = asyncio.get_running_loop().call_later(
            self.album_window, self._album_ready, group
        )

    def _album_ready(self, group: tuple[int, str]) -> None:
        self._album_timers.pop(group, None)
        self._start(sorted(self._albums.pop(group, []), key=lambda u: u.message.message_id))

    def _start(self, items: list[Update]) -> None:
        if not items:
            return
        task = asyncio.create_task(self._run(items, time.perf_counter()))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, items: list[Update], scheduled: float) -> None:
        """Attempt the update until it is handled or kept as failed, waiting longer after each failure."""
        try:
            while True:
                delay = await self._attempt(items, scheduled)
                if delay is None:
                    return
                await self._sleep(delay)
                if self._stopping.is_set():
                    return  # its next attempt is stored: the next start or another replica makes it
        except Exception:
            log.exception("update %s is left in the inbox; the sweep tries it again", items[0].update_id)
        finally:
            for item in items:
                self._in_flight.discard(item.update_id)

    async def _attempt(self, items: list[Update], scheduled: float) -> float | None:
        """One attempt; the seconds to wait before the next one, or None when there is none to make."""
        lead = next((u for u in items if u.message and u.message.caption), items[0])
        chat = chat_of(lead) or 0
        key = StorageKey(bot_id=self.bot.id, chat_id=chat, user_id=chat, destiny="inbox")
        async with self._local.lock(key), self.isolation.lock(key), self._handling:
            async with self.sessionmaker() as session:
                rows = await start_attempt(session, [u.update_id for u in items])
            if not rows:
                return None
            attempts = max(row.attempts for row in rows)
            ids = sorted(row.update_id for row in rows)
            live = [u for u in items if u.update_id in ids]
            if lead.update_id not in ids:
                lead = live[0]
            INBOX_WAIT_SECONDS.observe(time.perf_counter() - scheduled)
            data: dict = {"inbox_ids": ids}
            if album_of(lead) is not None:
                data["album"] = [u.message for u in live]
            try:
                await self.dispatcher.feed_update(self.bot, lead, **data)
            except AlreadyHandled:
                return None
            except Exception as error:  # noqa: BLE001 - any handler failure is retried with backoff, never lost
                return await self._failed(lead, ids, attempts, error)
            async with self.sessionmaker() as session:  # the unit of work marked them, when there is one
                await mark_handled(session, ids)
                await session.commit()
            return None

    async def _failed(self, lead: Update, ids: list[int], attempts: int, error: Exception) -> float | None:
        """Record a failed attempt: retried after a growing delay, kept as failed after the last one (the
        reader is told their message is saved)."""
        final = attempts >= self.max_attempts
        log.error(
            "update %s failed (attempt %d of %d)%s",
            lead.update_id,
            attempts,
            self.max_attempts,
            ": kept as failed (tipline inbox failed / replay)" if final else "",
            exc_info=error,
        )
        INBOX_FAILURES.labels("yes" if final else "no").inc()
        delay = min(self.retry_delay * 2 ** (attempts - 1), 300.0)
        reason = f"{type(error).__name__}: {error}"[:2000]
        notice_ids: list[int] = []
        async with self.sessionmaker() as session:
            await record_failure(
                session, ids, reason, None if final else utcnow() + dt.timedelta(seconds=delay)
            )
            notice = await self._failure_notice(session, lead) if final else None
            if notice is not None:
                rows = add_messages(session, None, [notice])
                await session.flush()
                notice_ids = [row.id for row in rows]
            await session.commit()
        if notice_ids:
            await self.dispatcher["outbox"].deliver(self.bot, notice_ids)
        return None if final else delay

    async def _failure_notice(self, session: AsyncSession, lead: Update) -> Outgoing | None:
        """ "Sorry, something went wrong; your message is saved", in the reader's language."""
        message = lead.message or (lead.callback_query.message if lead.callback_query else None)
        if message is None or message.chat.type != ChatType.PRIVATE:
            return None
        locales = self.dispatcher["locales"]
        reader = await reader_by_chat(session, message.chat.id)
        user = lead.event.from_user if hasattr(lead.event, "from_user") else None
        lang = reader.language if reader else locales.resolve(user.language_code if user else None)
        text = locales[lang]("error-generic")
        payload = {"chat_id": message.chat.id, "text": text, "parse_mode": "HTML"}
        return Outgoing("sendMessage", payload, message.chat.id)
