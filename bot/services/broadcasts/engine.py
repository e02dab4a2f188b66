"""The durable delivery engine: sends the broadcasts in `sending` state, each recipient at most once.

Delivery policy (see README, "Nothing lost, nothing doubled"). The rule: a request that may have arrived
is never sent again, and a recipient whose outcome is not known is `unknown`, shown as such, never
counted delivered. The engine speaks to Telegram through a `Messenger` (bot/telegram/broadcaster.py),
which sends one message and says what it came to (an `Attempt`).

* One global pace for the whole bot: a token bucket at `TIPLINE_BROADCAST_RATE` messages a second
  (default 29, under Telegram's ~30/s), shared by the workers that send concurrently and by the
  progress-message edits. A 429 pauses the whole sender for `retry_after` seconds and the recipient is
  sent again afterwards; the messenger switches the session's per-request `RetryAfter` middleware off
  for these sends, so the two never stack and the engine sees every answer as it came.
* Every failed send is classified by the messenger (`bot.telegram.sending.outcome_of`): 403 ->
  `blocked` (the reader marked inactive; active again when they next write to the bot); Telegram's own
  5xx and a connection that never opened (refused, no route: the request did not leave) -> retried
  with exponential backoff, `TIPLINE_BROADCAST_ATTEMPTS` times in all, then `failed`; a 4xx or a
  non-JSON error page (a proxy's HTML 502) -> `failed` for that one recipient; a timeout or a
  connection dropped after the request left -> `unknown`: Telegram may have delivered it, and there is
  no idempotency key to ask. A refused token (401 or 404: nothing can be sent to anyone) stops the run
  with the recipient still `pending`; the engine tries again at its next poll.
* Durability, at most once: a recipient is committed as `sending` immediately before its request
  leaves (after the rate limiter has granted it a slot, so nothing is waited for in between) and as
  `sent` with the message id as soon as the answer arrives. A crash leaves the recipients whose
  requests were in flight (at most one per worker) in `sending`; the next run records them as
  `unknown` and never sends to them again. Every other recipient is `pending` until its turn, so a
  restart resumes where it stopped. States: knowledge.statuses.MessageState.
* Several replicas: each runs an engine, but a broadcast has one sender at a time. A replica claims it
  with a lease in the database (`sender`, `sender_until`), renews the lease while it sends, and stops
  if another replica holds it; when a sender dies, its lease runs out and another replica takes the
  broadcast over (its in-flight recipients are then recovered as above). A restarted replica with the
  same `TIPLINE_REPLICA_ID` takes its own broadcast back at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.db import broadcasts as db
from bot.db.models import Broadcast, utcnow
from bot.db.readers import mark_inactive
from bot.db.subscriptions import language_of_chat
from bot.services.broadcasts.drafts import RecipientCounts, load_verdicts, recipient_counts
from bot.services.broadcasts.limiter import RateLimiter
from bot.services.broadcasts.messenger import Attempt, Messenger
from bot.services.schedule import pause
from bot.settings import Settings
from knowledge.statuses import BroadcastStatus, MessageState

log = logging.getLogger(__name__)


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
        messenger: Messenger,
        sessionmaker: async_sessionmaker,
        *,
        rate: float = 29.0,
        workers: int = 8,
        attempts: int = 3,
        backoff: float = 1.0,
        progress_interval: float = 3.0,
        poll_interval: float = 2.0,
        limiter: RateLimiter | None = None,
        sender: str = "local",
        lease: float = 30.0,
    ):
        self.messenger = messenger
        self.sessionmaker = sessionmaker
        self.limiter = limiter or RateLimiter(rate)
        self.workers = max(1, workers)
        self.attempts = max(1, attempts)
        self.backoff = backoff
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
        cls, messenger: Messenger, sessionmaker: async_sessionmaker, settings: Settings
    ) -> BroadcastEngine:
        return cls(
            messenger,
            sessionmaker,
            rate=settings.broadcast_rate,
            workers=settings.broadcast_workers,
            attempts=settings.broadcast_attempts,
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
                async with self.sessionmaker() as session:
                    sending = await db.ids_sending(session)
                for broadcast_id in sending:
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

    # -- one broadcast

    async def run(self, broadcast_id: int) -> RecipientCounts:
        """Deliver one broadcast until no recipient is pending (or the engine is stopped)."""
        self._stop_current = asyncio.Event()
        if self._stopping.is_set():
            self._stop_current.set()
        async with self.sessionmaker() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
        if (
            broadcast is None
            or broadcast.status != BroadcastStatus.SENDING
            or not await self._hold(broadcast_id)
        ):
            return await recipient_counts(self.sessionmaker, broadcast_id)
        await self._recover(broadcast_id)
        await self._send_all(broadcast)
        result = await recipient_counts(self.sessionmaker, broadcast_id)
        status = await self._status(broadcast_id)
        if status == BroadcastStatus.SENDING and result.remaining == 0:
            async with self._write_lock, self.sessionmaker() as session:
                await db.mark_done(session, broadcast_id, utcnow())
                await session.commit()
            status = BroadcastStatus.DONE
            log.info("broadcast %s done: %s", broadcast_id, result)
        if status in (BroadcastStatus.DONE, BroadcastStatus.CANCELLED):
            await self._show_progress(broadcast, result, status)
        return result

    async def _send_all(self, broadcast: Broadcast) -> None:
        """The feeder, the workers, the progress message and the lease, until every worker is done."""
        verdicts = await load_verdicts(self.sessionmaker, broadcast.verdict_ids)
        texts: dict[str, str] = {}

        def text_for(lang: str) -> str:
            if lang not in texts:
                texts[lang] = self.messenger.broadcast_text(lang, verdicts)
            return texts[lang]

        queue: asyncio.Queue[_Recipient | None] = asyncio.Queue(maxsize=self.workers * 4)
        feeder = asyncio.create_task(self._feed(broadcast.id, queue))
        workers = [asyncio.create_task(self._work(queue, text_for)) for _ in range(self.workers)]
        sent = asyncio.Event()
        """Set when the workers are done: the progress and the lease finish their turn and return."""
        progress = asyncio.create_task(self._progress(broadcast, sent))
        holding = asyncio.create_task(self._keep_holding(broadcast.id, sent))
        try:
            await asyncio.gather(feeder, *workers)
        finally:
            sent.set()
            for task in (feeder, *workers):
                task.cancel()
            await asyncio.gather(progress, holding, feeder, *workers, return_exceptions=True)

    async def _hold(self, broadcast_id: int) -> bool:
        """Claim or renew the sender's lease on a broadcast; False while another replica holds it."""
        now = utcnow()
        async with self._write_lock, self.sessionmaker() as session:
            held = await db.hold_lease(
                session, broadcast_id, self.sender, now, now + dt.timedelta(seconds=self.lease)
            )
            await session.commit()
        return held

    async def _keep_holding(self, broadcast_id: int, sent: asyncio.Event) -> None:
        while not await pause(sent, self.lease / 3):
            if not await self._hold(broadcast_id):
                log.warning("broadcast %s: another replica holds it now; stopping here", broadcast_id)
                self._stop_current.set()
                return

    async def _status(self, broadcast_id: int) -> str | None:
        async with self.sessionmaker() as session:
            return await db.status_of(session, broadcast_id)

    async def _recover(self, broadcast_id: int) -> None:
        """Recipients left `sending` by a crash had a request in flight that may have arrived: they are
        `unknown` and never sent again (see the module doc)."""
        async with self._write_lock, self.sessionmaker() as session:
            recovered = await db.mark_in_flight_unknown(session, broadcast_id, utcnow())
            await session.commit()
        if recovered:
            log.warning(
                "broadcast %s: %d recipients were in flight at a crash; recorded as unknown, not resent",
                broadcast_id,
                recovered,
            )

    async def _feed(self, broadcast_id: int, queue: asyncio.Queue) -> None:
        after = 0
        while not self._stop_current.is_set():
            async with self.sessionmaker() as session:
                rows = await db.pending_recipients(session, broadcast_id, after)
            if not rows:
                break
            for row in rows:
                if self._stop_current.is_set():
                    break
                await queue.put(_Recipient(*row))
                after = row.id
        for _ in range(self.workers):
            await queue.put(None)

    async def _work(self, queue: asyncio.Queue, text_for: Callable[[str], str]) -> None:
        while True:
            recipient = await queue.get()
            if recipient is None:
                return
            if self._stop_current.is_set():
                continue  # drain the queue: the feeder is about to send the end markers
            await self._deliver(recipient, text_for(recipient.language))

    async def _write(self, recipient_id: int, only_if: str | None = None, **values: object) -> bool:
        async with self._write_lock, self.sessionmaker() as session:
            written = await db.set_recipient(session, recipient_id, utcnow(), only_if, **values)
            await session.commit()
            return written

    async def _deliver(self, r: _Recipient, text: str) -> None:
        """Send one recipient's message until it has an outcome; every outcome is recorded."""
        while True:
            slot = await self.limiter.acquire()
            if self._stop_current.is_set():
                slot.release()
                return  # still pending: the next run sends it
            r.attempts += 1
            try:
                if not await self._write(
                    r.id, only_if=MessageState.PENDING, state=MessageState.SENDING, attempts=r.attempts
                ):
                    return  # not pending any more (another engine got to it)
                attempt = await self.messenger.send(r.chat_id, text)
            finally:
                slot.release()  # also when cancelled; releasing twice keeps the first time
            if not await self._settle(r, attempt):
                return

    async def _settle(self, r: _Recipient, attempt: Attempt) -> bool:
        """Record a send's outcome; True when the recipient is to be sent again (still `pending`)."""
        if attempt.state is MessageState.SENT:
            await self._write(
                r.id,
                state=MessageState.SENT,
                sent_message_id=attempt.message_id,
                error=attempt.reason or None,
            )
            return False
        if attempt.state is MessageState.BLOCKED:
            await self._write(r.id, state=MessageState.BLOCKED, error=attempt.reason)
            if r.reader_id is not None:
                async with self._write_lock, self.sessionmaker() as session:
                    await mark_inactive(session, r.chat_id)
                    await session.commit()
            return False
        if attempt.state is MessageState.UNKNOWN:
            log.warning(
                "broadcast: chat %s unknown (may have arrived, not resent): %s", r.chat_id, attempt.reason
            )
            await self._write(r.id, state=MessageState.UNKNOWN, error=attempt.reason)
            return False
        if attempt.token_refused:
            log.error(
                "broadcast: the Bot API refuses the bot's token (%s); stopping until it is fixed",
                attempt.reason,
            )
            self._stop_current.set()
            r.attempts -= 1  # nothing can be sent by anyone: the recipient waits, still pending
            await self._write(r.id, state=MessageState.PENDING, attempts=r.attempts)
            return False
        if attempt.rate_limited:
            log.warning("broadcast: 429, every send waits %ss", attempt.wait)
            self.limiter.pause(attempt.wait)
            r.attempts -= 1  # Telegram asked to wait; the recipient has lost nothing
            await self._write(r.id, state=MessageState.PENDING, attempts=r.attempts)
            return True
        if attempt.state is MessageState.PENDING and r.attempts < self.attempts:
            await self._write(r.id, state=MessageState.PENDING, error=attempt.reason)
            await asyncio.sleep(self.backoff * 2 ** (r.attempts - 1))
            return True
        await self._write(r.id, state=MessageState.FAILED, error=attempt.reason)
        return False

    # -- progress

    async def _progress(self, broadcast: Broadcast, sent: asyncio.Event) -> None:
        shown = None
        while not await pause(sent, self.progress_interval):
            status = await self._status(broadcast.id)
            if status != BroadcastStatus.SENDING:
                self._stop_current.set()  # cancelled by an editor
                return
            result = await recipient_counts(self.sessionmaker, broadcast.id)
            if result != shown:
                await self._show_progress(broadcast, result, BroadcastStatus.SENDING)
                shown = result

    async def _show_progress(self, broadcast: Broadcast, result: RecipientCounts, status: str) -> None:
        if broadcast.progress_chat_id is None or broadcast.progress_message_id is None:
            return
        async with self.sessionmaker() as session:
            lang = await language_of_chat(session, broadcast.progress_chat_id)
        text = self.messenger.progress_text(lang, broadcast.id, result, status)
        slot = await self.limiter.acquire()  # edits count towards the same 30 a second
        try:
            attempt = await self.messenger.edit(
                broadcast.progress_chat_id, broadcast.progress_message_id, text
            )
        finally:
            slot.release()
        if attempt.rate_limited:
            self.limiter.pause(attempt.wait)
        elif attempt.state is not MessageState.SENT:  # shown again at the next turn
            log.debug("progress message of broadcast %s not updated: %s", broadcast.id, attempt.reason)
