"""Broadcasts of verdicts to the subscribed readers: drafts, audiences, and the durable delivery engine.

Delivery policy (see README, "Broadcasts"). The rule: a request that may have arrived is never sent
again, and a recipient whose outcome is not known is `unknown`, shown as such, never counted delivered.

* One global pace for the whole bot: a token bucket at `TIPLINE_BROADCAST_RATE` messages a second
  (default 29, under Telegram's ~30/s), shared by the workers that send concurrently and by the
  progress-message edits. A 429 (`TelegramRetryAfter`) pauses the whole sender for `retry_after`
  seconds and the recipient is sent again afterwards; the session's per-request `RetryAfter`
  middleware is switched off for these sends (`NO_REQUEST_RETRY`), so the two never stack and the
  engine sees every answer as it came.
* Every failed send is classified by `bot.telegram.sending.outcome_of`: 403 -> `blocked` (the reader marked
  inactive; active again when they next write to the bot); Telegram's own 5xx and a connection that
  never opened (refused, no route: the request did not leave) -> retried with exponential backoff,
  `TIPLINE_BROADCAST_ATTEMPTS` times in all, then `failed`; a 4xx or a non-JSON error page (a proxy's
  HTML 502) -> `failed` for that one recipient; a timeout or a connection dropped after the request
  left -> `unknown`: Telegram may have delivered it, and there is no idempotency key to ask. A 401
  or 404 (the token is wrong or revoked: nothing can be sent to anyone) stops the run with the
  recipient still `pending`; the engine tries again at its next poll.
* Durability, at most once: a recipient is committed as `sending` immediately before its request
  leaves (after the rate limiter has granted it a slot, so nothing is waited for in between) and as
  `sent` with the message id as soon as the answer arrives. A crash leaves the recipients whose
  requests were in flight (at most one per worker) in `sending`; the next run records them as
  `unknown` and never sends to them again. Every other recipient is `pending` until its turn, so a
  restart resumes where it stopped. States: pending, sending, sent, blocked, failed, unknown.
* Several replicas: each runs an engine, but a broadcast has one sender at a time. A replica claims it
  with a lease in the database (`sender`, `sender_until`), renews the lease while it sends, and stops
  if another replica holds it; when a sender dies, its lease runs out and another replica takes the
  broadcast over (its in-flight recipients are then recovered as above). A restarted replica with the
  same `TIPLINE_REPLICA_ID` takes its own broadcast back at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import datetime as dt
import html
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import Message
from sqlalchemy import case, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import selectinload

from bot.db.models import Broadcast, BroadcastRecipient, Reader, Verdict, utcnow
from bot.i18n import Locales, Translator
from bot.telegram.sending import Delivery, SendOutcome, outcome_of
from bot.telegram.texts import rating_label, shorten, verdict_card
from knowledge.verdicts import LANGUAGES

log = logging.getLogger(__name__)

MAX_VERDICTS = 10
MESSAGE_LIMIT = 4096
STATES = ("pending", "sending", "sent", "blocked", "failed", "unknown")

NO_REQUEST_RETRY: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "tipline_no_request_retry", default=False
)
"""True in the engine's tasks: the session's `RetryAfter` middleware (bot/telegram/app.py) then leaves a 429
to the engine, which pauses the whole sender instead of retrying one request."""


# --- rate limiting ------------------------------------------------------------------------------


class Slot:
    """One granted send; `release()` when its answer (or error) is back."""

    __slots__ = ("answered_at", "clock")

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.answered_at: float | None = None
        self.clock = clock

    def release(self) -> None:
        if self.answered_at is None:
            self.answered_at = self.clock()


class RateLimiter:
    """A token bucket (`per_second`, holding at most `burst` tokens) with a shared pause.

    `acquire()` grants slots one at a time, in order, evenly spaced; `pause(seconds)` holds every
    caller until the pause is over (a 429's `retry_after` applies to the whole sender).

    Even spacing alone does not keep Telegram's count per second: requests reach the server with
    varying delays (a new connection, a slow commit), and at 29/s two arrivals 34 ms late or early
    make 31 in a second. So a slot is also held until the answer to the request `window` slots
    before it came back at least a second ago: then that request had arrived, and at most
    `window` (floor(per_second) + 1, i.e. 30 at 29/s) can arrive in any one second. It costs
    nothing while answers take less than 1/per_second."""

    def __init__(
        self,
        per_second: float,
        burst: int = 2,
        window: int | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ):
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.interval = 1.0 / per_second
        self.burst = max(1, burst)
        self.window = window or math.floor(per_second) + 1
        self._slots: deque[Slot] = deque(maxlen=self.window)
        self._next = 0.0
        self._paused_until = 0.0
        self._lock = asyncio.Lock()
        self.clock = clock
        self._sleep = sleep

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self.clock())

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self.clock() + seconds)

    async def acquire(self) -> Slot:
        async with self._lock:
            while True:
                now = self.clock()
                wait = max(self._paused_until, self._next) - now
                if len(self._slots) == self.window:
                    oldest = self._slots[0].answered_at
                    wait = max(wait, 0.005 if oldest is None else oldest + 1.0 - now)
                if wait <= 0:
                    break
                await self._sleep(wait)
            # up to `burst` slots may be taken back to back after an idle spell; with 2, a wake-up a
            # few ms late (the event loop is busy) does not push every later slot back
            self._next = max(self._next, now - (self.burst - 1) * self.interval) + self.interval
            slot = Slot(self.clock)
            self._slots.append(slot)
            return slot


# --- drafts, audiences, counts ------------------------------------------------------------------


@dataclass
class Counts:
    total: int = 0
    pending: int = 0
    sending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    unknown: int = 0
    """The request may have reached Telegram (in flight at a crash, or cut after it left): not resent."""

    @property
    def remaining(self) -> int:
        return self.pending + self.sending


def audience_language(default: str):  # noqa: ANN201
    """The language a reader gets: theirs when it is one of the eight, else the default."""
    return case((Reader.language.in_(LANGUAGES), Reader.language), else_=literal(default))


def audience_filter():  # noqa: ANN201
    return (Reader.subscribed.is_(True), Reader.active.is_(True))


async def set_subscription(sessionmaker: async_sessionmaker, reader_id: int, subscribed: bool) -> bool:
    """Subscribe or unsubscribe a reader; False when they already were in that state."""
    async with sessionmaker() as session:
        changed = await session.execute(
            update(Reader)
            .where(Reader.id == reader_id, Reader.subscribed.is_(not subscribed))
            .values(subscribed=subscribed)
        )
        await session.commit()
    return bool(changed.rowcount)


async def audience(sessionmaker: async_sessionmaker, default_language: str) -> dict[str, int]:
    """Subscribed, active readers per language they would get the broadcast in."""
    lang = audience_language(default_language)
    async with sessionmaker() as session:
        rows = await session.execute(select(lang, func.count()).where(*audience_filter()).group_by(lang))
        return dict(sorted(((code, n) for code, n in rows.all()), key=lambda item: (-item[1], item[0])))


async def resolve_verdicts(
    sessionmaker: async_sessionmaker, refs: Iterable[str]
) -> tuple[list[Verdict], list[str]]:
    """Verdicts named by external id or numeric id, in the order given; and the refs not found."""
    found: list[Verdict] = []
    missing: list[str] = []
    async with sessionmaker() as session:
        for ref in refs:
            verdict = await session.scalar(
                select(Verdict).where(Verdict.external_id == ref).options(selectinload(Verdict.claims))
            )
            if verdict is None and ref.isdigit():
                verdict = await session.scalar(
                    select(Verdict).where(Verdict.id == int(ref)).options(selectinload(Verdict.claims))
                )
            if verdict is None:
                missing.append(ref)
            elif all(v.id != verdict.id for v in found):
                found.append(verdict)
    return found, missing


async def load_verdicts(sessionmaker: async_sessionmaker, ids: Sequence[int]) -> list[Verdict]:
    async with sessionmaker() as session:
        rows = await session.scalars(
            select(Verdict).where(Verdict.id.in_(list(ids))).options(selectinload(Verdict.claims))
        )
        by_id = {v.id: v for v in rows.all()}
    return [by_id[i] for i in ids if i in by_id]


async def create_draft(
    sessionmaker: async_sessionmaker, editor_id: int, verdict_ids: Sequence[int]
) -> Broadcast:
    if not verdict_ids or len(verdict_ids) > MAX_VERDICTS:
        raise ValueError(f"a broadcast has 1 to {MAX_VERDICTS} verdicts")
    async with sessionmaker() as session:
        broadcast = Broadcast(editor_id=editor_id, verdict_ids=list(verdict_ids), status="draft")
        session.add(broadcast)
        await session.commit()
        return broadcast


async def start(
    sessionmaker: async_sessionmaker,
    broadcast_id: int,
    default_language: str,
    progress_chat_id: int | None = None,
    progress_message_id: int | None = None,
) -> int | None:
    """Draft -> sending: one `pending` recipient per subscribed, active reader, in one transaction.
    Returns the number of recipients, or None when the broadcast was not a draft (confirmed twice)."""
    async with sessionmaker() as session:
        now = utcnow()
        claimed = await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == "draft")
            .values(
                status="sending",
                started_at=now,
                progress_chat_id=progress_chat_id,
                progress_message_id=progress_message_id,
            )
        )
        if claimed.rowcount != 1:
            await session.rollback()
            return None
        readers = (
            select(
                literal(broadcast_id),
                Reader.id,
                Reader.chat_id,
                audience_language(default_language),
                literal("pending"),
                literal(0),
                literal(now),
            )
            .where(*audience_filter())
            .order_by(Reader.id)
        )
        await session.execute(
            insert(BroadcastRecipient).from_select(
                ["broadcast_id", "reader_id", "chat_id", "language", "state", "attempts", "updated_at"],
                readers,
            )
        )
        total = await session.scalar(
            select(func.count())
            .select_from(BroadcastRecipient)
            .where(BroadcastRecipient.broadcast_id == broadcast_id)
        )
        if not total:
            await session.execute(
                update(Broadcast).where(Broadcast.id == broadcast_id).values(status="done", finished_at=now)
            )
        await session.commit()
        return int(total or 0)


async def cancel(sessionmaker: async_sessionmaker, broadcast_id: int) -> bool:
    """A draft or a broadcast being sent is cancelled; recipients not yet sent to stay `pending`."""
    async with sessionmaker() as session:
        result = await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status.in_(("draft", "sending")))
            .values(status="cancelled", finished_at=utcnow())
        )
        await session.commit()
        return result.rowcount == 1


async def counts(sessionmaker: async_sessionmaker, broadcast_id: int) -> Counts:
    async with sessionmaker() as session:
        rows = await session.execute(
            select(BroadcastRecipient.state, func.count())
            .where(BroadcastRecipient.broadcast_id == broadcast_id)
            .group_by(BroadcastRecipient.state)
        )
        result = Counts()
        for state, n in rows.all():
            if state in STATES:
                setattr(result, state, n)
            result.total += n
        return result


async def broadcasts(sessionmaker: async_sessionmaker, broadcast_id: int | None = None) -> list[Broadcast]:
    async with sessionmaker() as session:
        query = select(Broadcast).order_by(Broadcast.id)
        if broadcast_id is not None:
            query = query.where(Broadcast.id == broadcast_id)
        return list((await session.scalars(query)).all())


# --- what readers get ---------------------------------------------------------------------------


class _ContentIn:
    """A Translator whose strings are in the reader's language but whose verdict text is in `lang`."""

    def __init__(self, t: Translator, lang: str):
        self._t = t
        self.lang = lang

    def __call__(self, key: str, **args: object) -> str:
        return self._t(key, **args)


def has_text_in(verdict: Verdict, lang: str) -> bool:
    if verdict.lang == lang or lang in (verdict.summaries or {}):
        return True
    return any(c.lang == lang and c.kind in ("claim", "phrasing") for c in verdict.claims)


def content_language(verdict: Verdict, lang: str, fallback: str) -> str:
    """The reader's language when the verdict has text in it, else the configured default when it
    has text in that, else the reader's (the card then shows the verdict's original text)."""
    if has_text_in(verdict, lang) or not has_text_in(verdict, fallback):
        return lang
    return fallback


def render(t: Translator, verdicts: Sequence[Verdict], fallback: str) -> str:
    """The broadcast message: an intro and the verdict cards, compact when the cards would not fit."""
    intro = t("broadcast-intro", count=len(verdicts))
    cards = [
        verdict_card(_ContentIn(t, content_language(v, t.lang, fallback)), v, intro=False) for v in verdicts
    ]  # type: ignore[arg-type]
    text = "\n\n".join([intro, *cards])
    if len(text) <= MESSAGE_LIMIT:
        return text
    lines = [intro]
    budget = (MESSAGE_LIMIT - len(intro)) // max(1, len(verdicts)) - 120
    for verdict in verdicts:
        claim = verdict.claim_in(content_language(verdict, t.lang, fallback))
        line = f"<b>{rating_label(t, verdict.rating)}</b> {html.escape(shorten(claim, max(60, budget)))}"
        if verdict.url:
            line += f'\n🔗 <a href="{html.escape(verdict.url)}">{t("card-read-more")}</a>'
        lines.append(line)
    return "\n\n".join(lines)[:MESSAGE_LIMIT]


def progress_text(t: Translator, broadcast_id: int, c: Counts, status: str) -> str:
    key = {"done": "broadcast-finished", "cancelled": "broadcast-stopped"}.get(status, "broadcast-progress")
    return t(
        key,
        id=str(broadcast_id),
        total=c.total,
        sent=c.sent,
        pending=c.remaining,
        blocked=c.blocked,
        failed=c.failed,
        unknown=c.unknown,
    )


# --- the engine ---------------------------------------------------------------------------------


def _message_id_in(error: BaseException | None) -> int | None:
    """The message id in an answer that said ok but did not parse (``ClientDecodeError``), if any."""
    data = error.data if isinstance(error, ClientDecodeError) else None
    result = data.get("result") if isinstance(data, dict) else None
    message_id = result.get("message_id") if isinstance(result, dict) else None
    return message_id if isinstance(message_id, int) else None


@dataclass
class _Recipient:
    id: int
    chat_id: int
    reader_id: int | None
    language: str
    attempts: int


class BroadcastEngine:
    """Delivers the broadcasts in `sending` state, one after another, durably (see the module doc)."""

    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker,
        locales: Locales,
        *,
        rate: float = 29.0,
        workers: int = 8,
        attempts: int = 3,
        backoff: float = 1.0,
        fallback_language: str = "en",
        progress_interval: float = 3.0,
        poll_interval: float = 2.0,
        limiter: RateLimiter | None = None,
        sender: str = "local",
        lease: float = 30.0,
    ):
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.locales = locales
        self.limiter = limiter or RateLimiter(rate)
        self.workers = max(1, workers)
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.fallback_language = fallback_language
        self.progress_interval = progress_interval
        self.poll_interval = poll_interval
        self.sender = sender
        self.lease = lease
        self._write_lock = asyncio.Lock()  # one engine write at a time: no SQLite busy waits
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._stop_current = asyncio.Event()

    @classmethod
    def from_settings(
        cls, bot: Bot, sessionmaker: async_sessionmaker, locales: Locales, settings
    ) -> BroadcastEngine:  # noqa: ANN001
        return cls(
            bot,
            sessionmaker,
            locales,
            rate=settings.broadcast_rate,
            workers=settings.broadcast_workers,
            attempts=settings.broadcast_attempts,
            fallback_language=settings.broadcast_language or settings.default_language,
            sender=settings.replica_id,
        )

    # -- control

    def wake(self) -> None:
        """A broadcast was started: look for it now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        """Stop after the sends in flight have been answered and recorded (graceful; for SIGTERM)."""
        self._stopping.set()
        self._stop_current.set()
        self._wake.set()

    async def serve(self) -> None:
        """Deliver every broadcast in `sending` state, now and whenever one is started, until stopped."""
        while not self._stopping.is_set():
            try:
                pending = await self._sending_ids()
                for broadcast_id in pending:
                    if self._stopping.is_set():
                        break
                    await self.run(broadcast_id)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("broadcast engine failed; retrying in %ss", self.poll_interval)
            if self._stopping.is_set():
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval)
            self._wake.clear()

    async def _sending_ids(self) -> list[int]:
        async with self.sessionmaker() as session:
            rows = await session.scalars(
                select(Broadcast.id).where(Broadcast.status == "sending").order_by(Broadcast.id)
            )
            return list(rows.all())

    # -- one broadcast

    async def run(self, broadcast_id: int) -> Counts:
        """Deliver one broadcast until no recipient is pending (or the engine is stopped)."""
        self._stop_current = asyncio.Event()
        if self._stopping.is_set():
            self._stop_current.set()
        async with self.sessionmaker() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
        if broadcast is None or broadcast.status != "sending" or not await self._hold(broadcast_id):
            return await counts(self.sessionmaker, broadcast_id)
        await self._recover(broadcast_id)
        verdicts = await load_verdicts(self.sessionmaker, broadcast.verdict_ids)
        texts: dict[str, str] = {}

        def text_for(lang: str) -> str:
            if lang not in texts:
                texts[lang] = render(self.locales[lang], verdicts, self.fallback_language)
            return texts[lang]

        queue: asyncio.Queue[_Recipient | None] = asyncio.Queue(maxsize=self.workers * 4)
        token = NO_REQUEST_RETRY.set(True)
        try:
            feeder = asyncio.create_task(self._feed(broadcast_id, queue))
            workers = [asyncio.create_task(self._work(queue, text_for)) for _ in range(self.workers)]
            progress = asyncio.create_task(self._progress(broadcast))
            holding = asyncio.create_task(self._keep_holding(broadcast_id))
            try:
                await asyncio.gather(feeder, *workers)
            finally:
                progress.cancel()
                holding.cancel()
                for task in (feeder, *workers):
                    task.cancel()
                await asyncio.gather(progress, holding, feeder, *workers, return_exceptions=True)
        finally:
            NO_REQUEST_RETRY.reset(token)
        result = await counts(self.sessionmaker, broadcast_id)
        status = await self._status(broadcast_id)
        if status == "sending" and result.remaining == 0:
            async with self._write_lock, self.sessionmaker() as session:
                await session.execute(
                    update(Broadcast)
                    .where(Broadcast.id == broadcast_id, Broadcast.status == "sending")
                    .values(status="done", finished_at=utcnow(), sender_until=None)
                )
                await session.commit()
            status = "done"
            log.info("broadcast %s done: %s", broadcast_id, result)
        if status in ("done", "cancelled"):
            await self._show_progress(broadcast, result, status)
        return result

    async def _hold(self, broadcast_id: int) -> bool:
        """Claim or renew the sender's lease on a broadcast; False while another replica holds it."""
        now = utcnow()
        async with self._write_lock, self.sessionmaker() as session:
            result = await session.execute(
                update(Broadcast)
                .where(
                    Broadcast.id == broadcast_id,
                    Broadcast.status == "sending",
                    or_(
                        Broadcast.sender.is_(None),
                        Broadcast.sender == self.sender,
                        Broadcast.sender_until.is_(None),
                        Broadcast.sender_until < now,
                    ),
                )
                .values(sender=self.sender, sender_until=now + dt.timedelta(seconds=self.lease))
            )
            await session.commit()
        return result.rowcount == 1

    async def _keep_holding(self, broadcast_id: int) -> None:
        while True:
            await asyncio.sleep(self.lease / 3)
            if not await self._hold(broadcast_id):
                log.warning("broadcast %s: another replica holds it now; stopping here", broadcast_id)
                self._stop_current.set()
                return

    async def _status(self, broadcast_id: int) -> str | None:
        async with self.sessionmaker() as session:
            return await session.scalar(select(Broadcast.status).where(Broadcast.id == broadcast_id))

    async def _recover(self, broadcast_id: int) -> None:
        """Recipients left `sending` by a crash had a request in flight that may have arrived: they are
        `unknown` and never sent again (see the module doc)."""
        async with self._write_lock, self.sessionmaker() as session:
            result = await session.execute(
                update(BroadcastRecipient)
                .where(BroadcastRecipient.broadcast_id == broadcast_id, BroadcastRecipient.state == "sending")
                .values(state="unknown", error="in flight at a crash", updated_at=utcnow())
            )
            await session.commit()
        if result.rowcount:
            log.warning(
                "broadcast %s: %d recipients were in flight at a crash; recorded as unknown, not resent",
                broadcast_id,
                result.rowcount,
            )

    async def _feed(self, broadcast_id: int, queue: asyncio.Queue) -> None:
        after = 0
        while not self._stop_current.is_set():
            async with self.sessionmaker() as session:
                rows = (
                    await session.execute(
                        select(
                            BroadcastRecipient.id,
                            BroadcastRecipient.chat_id,
                            BroadcastRecipient.reader_id,
                            BroadcastRecipient.language,
                            BroadcastRecipient.attempts,
                        )
                        .where(
                            BroadcastRecipient.broadcast_id == broadcast_id,
                            BroadcastRecipient.state == "pending",
                            BroadcastRecipient.id > after,
                        )
                        .order_by(BroadcastRecipient.id)
                        .limit(200)
                    )
                ).all()
            if not rows:
                break
            for row in rows:
                if self._stop_current.is_set():
                    break
                await queue.put(_Recipient(*row))
                after = row.id
        for _ in range(self.workers):
            await queue.put(None)

    async def _work(self, queue: asyncio.Queue, text_for) -> None:  # noqa: ANN001
        while True:
            recipient = await queue.get()
            if recipient is None:
                return
            if self._stop_current.is_set():
                continue  # drain the queue: the feeder is about to send the end markers
            await self._deliver(recipient, text_for(recipient.language))

    async def _write(self, recipient_id: int, only_if: str | None = None, **values: object) -> bool:
        async with self._write_lock, self.sessionmaker() as session:
            query = update(BroadcastRecipient).where(BroadcastRecipient.id == recipient_id)
            if only_if is not None:
                query = query.where(BroadcastRecipient.state == only_if)
            result = await session.execute(query.values(updated_at=utcnow(), **values))
            await session.commit()
            return result.rowcount == 1

    async def _deliver(self, r: _Recipient, text: str) -> None:
        """Send one recipient's message until it has an outcome; every outcome is recorded."""
        while True:
            slot = await self.limiter.acquire()
            if self._stop_current.is_set():
                slot.release()
                return  # still pending: the next run sends it
            r.attempts += 1
            try:
                if not await self._write(r.id, only_if="pending", state="sending", attempts=r.attempts):
                    return  # not pending any more (another engine got to it)
                message: Message | None = None
                failure: Exception | None = None
                try:
                    message = await self.bot(SendMessage(chat_id=r.chat_id, text=text))
                except Exception as error:  # noqa: BLE001 - each failure is this one recipient's outcome
                    failure = error
            finally:
                slot.release()  # also when cancelled; releasing twice keeps the first time
            if not await self._settle(r, message, failure):
                return

    async def _settle(self, r: _Recipient, message: Message | None, failure: Exception | None) -> bool:
        """Record a send's outcome; True when the recipient is to be sent again (still `pending`)."""
        outcome = SendOutcome(Delivery.SENT) if failure is None else outcome_of(failure)
        if outcome.delivery is Delivery.SENT:
            message_id = message.message_id if message is not None else _message_id_in(failure)
            await self._write(r.id, state="sent", sent_message_id=message_id, error=outcome.reason or None)
            return False
        if outcome.delivery is Delivery.BLOCKED:
            await self._write(r.id, state="blocked", error=outcome.reason)
            if r.reader_id is not None:
                async with self._write_lock, self.sessionmaker() as session:
                    await session.execute(update(Reader).where(Reader.id == r.reader_id).values(active=False))
                    await session.commit()
            return False
        if outcome.delivery is Delivery.UNKNOWN:
            log.warning(
                "broadcast: chat %s unknown (may have arrived, not resent): %s", r.chat_id, outcome.reason
            )
            await self._write(r.id, state="unknown", error=outcome.reason)
            return False
        if isinstance(failure, TelegramUnauthorizedError | TelegramNotFound):
            log.error(
                "broadcast: the Bot API refuses the bot's token (%s); stopping until it is fixed",
                outcome.reason,
            )
            self._stop_current.set()
            r.attempts -= 1  # nothing can be sent by anyone: the recipient waits, still pending
            await self._write(r.id, state="pending", attempts=r.attempts)
            return False
        if isinstance(failure, TelegramRetryAfter):
            log.warning("broadcast: 429, every send waits %ss", outcome.wait)
            self.limiter.pause(outcome.wait)
            r.attempts -= 1  # Telegram asked to wait; the recipient has lost nothing
            await self._write(r.id, state="pending", attempts=r.attempts)
            return True
        if outcome.delivery is Delivery.RETRY and r.attempts < self.attempts:
            await self._write(r.id, state="pending", error=outcome.reason)
            await asyncio.sleep(self.backoff * 2 ** (r.attempts - 1))
            return True
        await self._write(r.id, state="failed", error=outcome.reason)
        return False

    # -- progress

    async def _progress(self, broadcast: Broadcast) -> None:
        shown = None
        while True:
            await asyncio.sleep(self.progress_interval)
            status = await self._status(broadcast.id)
            if status != "sending":
                self._stop_current.set()  # cancelled by an editor
                return
            result = await counts(self.sessionmaker, broadcast.id)
            if result != shown:
                await self._show_progress(broadcast, result, "sending")
                shown = result

    async def _show_progress(self, broadcast: Broadcast, result: Counts, status: str) -> None:
        if broadcast.progress_chat_id is None or broadcast.progress_message_id is None:
            return
        async with self.sessionmaker() as session:
            lang = await session.scalar(
                select(Reader.language).where(Reader.chat_id == broadcast.progress_chat_id)
            )
        t = self.locales[lang or self.fallback_language]
        token = NO_REQUEST_RETRY.set(True)
        try:
            slot = await self.limiter.acquire()  # edits count towards the same 30 a second
            try:
                await self.bot(
                    EditMessageText(
                        chat_id=broadcast.progress_chat_id,
                        message_id=broadcast.progress_message_id,
                        text=progress_text(t, broadcast.id, result, status),
                    )
                )
            finally:
                slot.release()
        except TelegramRetryAfter as error:
            self.limiter.pause(error.retry_after)
        except Exception as error:  # noqa: BLE001 - the progress message is shown again at the next turn
            log.debug(
                "progress message of broadcast %s not updated: %s", broadcast.id, outcome_of(error).reason
            )
        finally:
            NO_REQUEST_RETRY.reset(token)
