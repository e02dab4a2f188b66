"""Long polling that never loses an update: each one is stored in the inbox before Telegram is told
it arrived, handled from there, and handled once even when Telegram delivers it again."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
import time
import weakref
from collections.abc import AsyncIterator, Sequence

from aiogram import Bot, Dispatcher
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
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.engine import HANDLED_AT_ONCE
from bot.db.models import InboxUpdate, OutboxMessage, Reader, utcnow
from bot.telegram.intake import (
    InboxWriter,
    Unreadable,
    event_of,
    first_line,
    inbox_row,
    next_offset,
    read_batch,
    sender_of,
    unread_batch,
)
from bot.telegram.metrics import INBOX_FAILURES, INBOX_WAIT_SECONDS
from bot.telegram.outbox import AlreadyHandled

log = logging.getLogger(__name__)


ALBUM_WINDOW = 1.5
"""Seconds to wait after an album's last part arrived: Telegram sends the parts within a second or two."""


def album_of(update: Update) -> tuple[int, str] | None:
    """(chat, media_group_id) of a message that is a part of an album."""
    message = update.message
    if message is None or not message.media_group_id:
        return None
    return message.chat.id, message.media_group_id


def chat_of(update: Update) -> int | None:
    """The chat an update happened in; for one without a chat (an inline query, a poll answer), its
    sender; None for a type aiogram does not know."""
    event = event_of(update)
    chat = getattr(event, "chat", None) or getattr(getattr(event, "message", None), "chat", None)
    if chat is not None:
        return chat.id
    return sender_of(update)


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
        backoff = 1.0
        while not self._stopping.is_set():
            self._fetch = asyncio.ensure_future(
                self.bot.get_updates(offset=offset, timeout=self.poll_timeout, allowed_updates=allowed)
            )
            unreadable: list[Unreadable] = []
            try:
                updates = await self._fetch
                after = updates[-1].update_id + 1 if updates else None
                backoff = 1.0
            except asyncio.CancelledError:
                if self._stopping.is_set():
                    break
                raise
            except ClientDecodeError as error:
                items = unread_batch(error)
                if items is None:
                    log.warning(
                        "getUpdates: an answer that is not JSON (%s), retrying in %.0fs",
                        first_line(error.original),
                        backoff,
                    )
                    await self._sleep(backoff)
                    backoff = min(backoff * 2, 30)
                    continue
                updates, unreadable = read_batch(items, self.bot)
                after = next_offset(items)
                backoff = 1.0
            except TelegramRetryAfter as error:
                log.warning("getUpdates: 429, waiting %ss", error.retry_after)
                await self._sleep(error.retry_after)
                continue
            except (TelegramUnauthorizedError, TelegramNotFound):
                raise  # the token was revoked or is wrong: `tipline run` says so in one line, exit status 2
            except TelegramConflictError as error:
                if "webhook" in error.message.lower():
                    raise  # a webhook is set: the same, until `tipline webhook delete`
                log.warning(
                    "getUpdates: 409, another process polls with this token (%s); retrying in %.0fs",
                    error.message,
                    backoff,
                )
                await self._sleep(backoff)
                backoff = min(backoff * 2, 30)
                continue
            except TelegramAPIError as error:  # a network error, a 5xx, or any other refusal
                log.warning("getUpdates failed (%s), retrying in %.0fs", error, backoff)
                await self._sleep(backoff)
                backoff = min(backoff * 2, 30)
                continue
            if not updates and not unreadable:
                continue
            try:
                updates = await self._store(updates, unreadable, "polling")
            except Exception:
                log.exception(
                    "could not store %d updates; fetching them again in %.0fs",
                    len(updates) + len(unreadable),
                    backoff,
                )
                await self._sleep(backoff)
                backoff = min(backoff * 2, 30)
                continue
            for item in updates:
                self._schedule(item)
            if after is None:  # nothing in the answer says which update it is: it can only be asked again
                log.warning("getUpdates: an answer without update ids; asking again in %.0fs", backoff)
                await self._sleep(backoff)
                backoff = min(backoff * 2, 30)
                continue
            offset = after
        await self.drain()

    async def drain(self) -> None:
        """Wait for the updates being handled."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

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
        now = utcnow()
        query = select(InboxUpdate).where(
            InboxUpdate.handled_at.is_(None),
            InboxUpdate.failed_at.is_(None),
            or_(InboxUpdate.next_attempt_at.is_(None), InboxUpdate.next_attempt_at <= now),
        )
        if older_than:
            query = query.where(InboxUpdate.received_at < now - dt.timedelta(seconds=older_than))
        async with self.sessionmaker() as session:
            rows = (await session.scalars(query.order_by(InboxUpdate.update_id))).all()
        rows = [row for row in rows if row.update_id not in self._in_flight]
        if rows:
            log.info("resuming %d stored updates", len(rows))
        for row in rows:
            self._schedule(Update.model_validate(row.payload, context={"bot": self.bot}))

    async def keep_sweeping(self, interval: float = 30.0, older_than: float = 60.0) -> None:
        """Every `interval` seconds, handle the stored updates left unhandled for `older_than` seconds
        (a replica that stored an update and died before handling it) or due again after a failure."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self._resume_stored(older_than)
            except Exception:  # noqa: BLE001
                log.exception("inbox sweep failed; trying again in %.0fs", interval)

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
                rows = (
                    await session.scalars(
                        select(InboxUpdate).where(
                            InboxUpdate.update_id.in_([u.update_id for u in items]),
                            InboxUpdate.handled_at.is_(None),
                            InboxUpdate.failed_at.is_(None),
                        )
                    )
                ).all()
                if not rows:
                    return None
                for row in rows:
                    row.attempts += 1
                await session.commit()
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
            except Exception as error:
                return await self._failed(lead, ids, attempts, error)
            async with self.sessionmaker() as session:  # the unit of work marked them, when there is one
                await session.execute(
                    update(InboxUpdate)
                    .where(InboxUpdate.update_id.in_(ids), InboxUpdate.handled_at.is_(None))
                    .values(handled_at=utcnow(), next_attempt_at=None, error=None)
                )
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
        now = utcnow()
        values: dict = {"error": reason}
        if final:
            values["failed_at"] = now
        else:
            values["next_attempt_at"] = now + dt.timedelta(seconds=delay)
        notice_ids: list[int] = []
        async with self.sessionmaker() as session:
            await session.execute(update(InboxUpdate).where(InboxUpdate.update_id.in_(ids)).values(**values))
            if final:
                notice = await self._failure_notice(session, lead)
                if notice is not None:
                    session.add(notice)
                    await session.flush()
                    notice_ids.append(notice.id)
            await session.commit()
        if notice_ids:
            await self.dispatcher["outbox"].deliver(self.bot, notice_ids)
        return None if final else delay

    async def _failure_notice(self, session: AsyncSession, lead: Update) -> OutboxMessage | None:
        """ "Sorry, something went wrong; your message is saved", in the reader's language."""
        message = lead.message or (lead.callback_query.message if lead.callback_query else None)
        if message is None or message.chat.type != "private":
            return None
        locales = self.dispatcher["locales"]
        reader = await session.scalar(select(Reader).where(Reader.chat_id == message.chat.id))
        user = lead.event.from_user if hasattr(lead.event, "from_user") else None
        lang = reader.language if reader else locales.resolve(user.language_code if user else None)
        return OutboxMessage(
            update_id=None,
            position=0,
            chat_id=message.chat.id,
            method="sendMessage",
            payload={
                "chat_id": message.chat.id,
                "text": locales[lang]("error-generic"),
                "parse_mode": "HTML",
            },
            purpose={},
            state="pending",
            attempts=0,
        )
