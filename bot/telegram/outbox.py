"""One unit of work per update, and the outbox its messages leave from.

While an update is handled, every message the handlers send or edit is captured instead of sent
(`CaptureSends`, a request middleware on the bot's session). When the handlers return, the captured
messages are written to the `outbox` table in the same transaction as the update's other effects (the
reader's request and tip, written in `Unit.session`) and as the mark that the inbox update is handled.
Only then are they delivered, in order, by `OutboxSender`.

So a crash before the commit leaves nothing done and the update is handled again; a crash after it
leaves messages that are delivered at the next start. A message is marked `sending` just before its
request leaves and `sent` after Telegram answers: one found `sending` after a crash, or cut by a network
error after the request left, may or may not have arrived, and since Telegram has no idempotency key it
is recorded `unknown` and never sent again. The sender keeps one request in flight per process, so a
kill leaves at most one message unknown.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import aiogram.methods
from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.types import InputFile, TelegramObject, Update
from aiogram.utils.serialization import deserialize_telegram_object_to_python
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import InboxUpdate, Notice, OutboxMessage, Reader, Tip, utcnow
from bot.services.privacy import LEAVE_NO_TRACE, leave_no_trace
from bot.telegram.metrics import OUTBOX_MESSAGES
from bot.telegram.sending import Delivery, outcome_of

log = logging.getLogger(__name__)

CARD = "card"
"""An outbox method of our own: post the tip's card in the checkers' chat, or edit the one there."""

SEND_TIMEOUT = 90.0
"""A message `sending` for longer than this was in flight in a process that died (aiogram gives up on a
request after 60 s): it is recorded `unknown`."""

MAX_ATTEMPTS = 6
"""Sends of one message that Telegram refused for now (429, its own 5xx) before it counts as failed."""

METHODS: dict[str, type[TelegramMethod]] = {
    cls.__api_method__: cls
    for cls in vars(aiogram.methods).values()
    if isinstance(cls, type) and issubclass(cls, TelegramMethod) and hasattr(cls, "__api_method__")
}

_CAPTURED_PREFIXES = ("send", "edit", "copy", "forward", "delete", "pin", "unpin", "setMessageReaction")
_PASSED = {"sendChatAction"}


def captured(method: TelegramMethod) -> bool:
    """Methods that change what a chat shows go through the outbox; reads and ephemeral answers don't."""
    name = method.__api_method__
    return name not in _PASSED and name.startswith(_CAPTURED_PREFIXES)


class Cards(Protocol):
    """The desk (bot/telegram/desk.py): renders a tip's card, then posts or edits it."""

    async def prepare_card(self, tip_id: int) -> Any: ...

    async def post_prepared(self, bot: Bot, card: Any, repost: bool = False) -> None: ...


@dataclass
class Outgoing:
    method: str
    payload: dict
    chat_id: int | None
    purpose: dict = field(default_factory=dict)


_unit: contextvars.ContextVar[Unit | None] = contextvars.ContextVar("tipline_unit", default=None)
_purpose: contextvars.ContextVar[dict | None] = contextvars.ContextVar("tipline_purpose", default=None)


def current_unit() -> Unit | None:
    """The unit of work of the update being handled, while it is still open."""
    unit = _unit.get()
    return unit if unit is not None and unit.open else None


@contextlib.contextmanager
def purpose(**what: int) -> Iterator[None]:
    """What the messages sent inside record once delivered, e.g. `purpose(notice=17)`."""
    token = _purpose.set(what)
    try:
        yield
    finally:
        _purpose.reset(token)


class Unit:
    """The unit of work of one update: its session, and the messages it will send."""

    def __init__(
        self, sessionmaker: async_sessionmaker, update_id: int | None, inbox_ids: Sequence[int] = ()
    ):
        self.sessionmaker = sessionmaker
        self.update_id = update_id
        self.inbox_ids = tuple(inbox_ids)
        """The inbox rows this update stands for (several for an album), marked handled on commit."""
        self.messages: list[Outgoing] = []
        self.open = True
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        """Writes that belong to the update (the reader's request and tip); committed with its messages."""
        if self._session is None:
            self._session = self.sessionmaker()
        return self._session

    def capture(self, method: TelegramMethod, bot: Bot) -> bool:
        """Keep the method for the outbox; False when it cannot be stored (an upload)."""
        payload = deserialize_telegram_object_to_python(method, default=bot.default)
        if _has_upload(method):
            return False
        payload.pop("method", None)
        chat = payload.get("chat_id")
        self.messages.append(
            Outgoing(
                method.__api_method__, payload, chat if isinstance(chat, int) else None, _purpose.get() or {}
            )
        )
        return True

    def card(self, tip_id: int, chat_id: int | None, repost: bool = False) -> None:
        """Post or refresh the tip's card after the commit (once per update, whatever asks for it)."""
        for message in self.messages:
            if message.method == CARD and message.payload["tip_id"] == tip_id:
                message.payload["repost"] = message.payload["repost"] or repost
                return
        self.messages.append(Outgoing(CARD, {"tip_id": tip_id, "repost": repost}, chat_id))

    async def commit(self) -> list[int]:
        """Write the messages and the inbox marks with the update's other effects; their outbox ids."""
        if self._session is None and not self.messages and not self.inbox_ids:
            return []
        session = self.session
        rows = [
            OutboxMessage(
                update_id=self.update_id,
                position=position,
                chat_id=m.chat_id,
                method=m.method,
                payload=m.payload,
                purpose=m.purpose,
                state="pending",
                attempts=0,
            )
            for position, m in enumerate(self.messages)
        ]
        session.add_all(rows)
        try:
            if self.inbox_ids:
                marked = await session.execute(
                    update(InboxUpdate)
                    .where(InboxUpdate.update_id.in_(self.inbox_ids), InboxUpdate.handled_at.is_(None))
                    .values(handled_at=utcnow(), next_attempt_at=None, error=None)
                )
                if marked.rowcount != len(self.inbox_ids):
                    raise AlreadyHandled(self.update_id)
            await session.commit()
        except IntegrityError as error:
            if "outbox" in str(error.orig):  # uq_outbox_update_position: its messages are written already
                raise AlreadyHandled(self.update_id) from error
            raise
        return [row.id for row in rows]

    async def close(self) -> None:
        self.open = False
        if self._session is not None:
            await self._session.close()


class AlreadyHandled(Exception):
    """Another process handled this update first: this unit's work is rolled back, nothing is sent."""


def _has_upload(method: TelegramMethod) -> bool:
    return any(isinstance(value, InputFile) for value in method.__dict__.values())


class CaptureSends(BaseRequestMiddleware):
    """Inside an open unit, messages go to the unit instead of Telegram; outside, requests pass."""

    async def __call__(
        self, make_request: NextRequestMiddlewareType, bot: Bot, method: TelegramMethod[Any]
    ) -> Any:
        unit = current_unit()
        if unit is None:
            return await make_request(bot, method)
        if captured(method) and unit.capture(method, bot):
            return None
        if isinstance(method, AnswerCallbackQuery):
            try:
                return await make_request(bot, method)
            except TelegramBadRequest as error:  # a redelivered press: the query has expired
                log.info("callback query not answered: %s", error)
                return False
        return await make_request(bot, method)


class UnitOfWork(BaseMiddleware):
    """Opens the update's unit (`uow` in handler data), commits it when the handlers return, then has
    its messages delivered; a failing handler rolls everything back and the error goes on to the inbox."""

    def __init__(self, sessionmaker: async_sessionmaker, sender: OutboxSender):
        self.sessionmaker = sessionmaker
        self.sender = sender

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        update_id = event.update_id if isinstance(event, Update) else None
        unit = Unit(self.sessionmaker, update_id, data.get("inbox_ids", ()))
        data["uow"] = unit
        token = _unit.set(unit)
        try:
            result = await handler(event, data)
            ids = await unit.commit()
        except AlreadyHandled:
            log.info("update %s was handled already; this attempt is rolled back", update_id)
            return None
        finally:
            _unit.reset(token)
            await unit.close()
        if ids:
            await self.sender.deliver(data["bot"], ids)
        return result


class OutboxSender:
    """Delivers outbox messages, one request in flight at a time, and records what became of each."""

    def __init__(self, sessionmaker: async_sessionmaker, cards: Cards | None = None):
        self.sessionmaker = sessionmaker
        self.cards = cards
        self._one = asyncio.Lock()
        self._stopping = False

    async def stop(self) -> None:
        """Claim nothing more, and wait for the request in flight to be answered and recorded."""
        self._stopping = True
        async with self._one:
            pass

    async def deliver(self, bot: Bot, ids: Sequence[int]) -> None:
        for row_id in ids:
            try:
                await self._deliver_one(bot, row_id)
            except Exception:  # noqa: BLE001 - recorded on the row; the sweep or the next start retries it
                log.exception("outbox message %s could not be delivered", row_id)

    async def deliver_pending(self, bot: Bot, older_than: float = 0.0) -> int:
        """Deliver the messages a previous run (or a failed attempt) left pending; how many were tried."""
        async with self.sessionmaker() as session:
            query = select(OutboxMessage.id).where(OutboxMessage.state == "pending")
            if older_than:
                cutoff = utcnow() - dt.timedelta(seconds=older_than)
                query = query.where(OutboxMessage.created_at < cutoff)
            ids = (await session.scalars(query.order_by(OutboxMessage.id))).all()
        await self.deliver(bot, ids)
        return len(ids)

    async def settle_stale(self, older_than: float = SEND_TIMEOUT) -> int:
        """Record as unknown the messages left `sending` by a process that died mid-request (claimed more
        than `older_than` seconds ago: 0 when no other process can be sending, as in polling mode)."""
        cutoff = utcnow() - dt.timedelta(seconds=older_than)
        async with self.sessionmaker() as session:
            stale = (
                await session.scalars(
                    select(OutboxMessage)
                    .where(OutboxMessage.state == "sending", OutboxMessage.claimed_at <= cutoff)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            for row in stale:
                row.state, row.error = "unknown", "in flight when its process stopped"
                await _card_again(session, row)
            await session.commit()
        if stale:
            OUTBOX_MESSAGES.labels("unknown").inc(len(stale))
            log.warning("%d outbox messages were in flight at a crash: recorded unknown", len(stale))
        return len(stale)

    async def keep_sending(self, bot: Bot, interval: float = 5.0) -> None:
        """Until cancelled: settle stale sends, deliver what is left pending."""
        while True:
            try:
                await self.settle_stale()
                await self.deliver_pending(bot, older_than=interval)
            except Exception:  # noqa: BLE001
                log.exception("outbox sweep failed; trying again in %.0fs", interval)
            await asyncio.sleep(interval)

    async def _claim(self, row_id: int) -> OutboxMessage | None:
        async with self.sessionmaker() as session:
            claimed = await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id, OutboxMessage.state == "pending")
                .values(state="sending", claimed_at=utcnow(), attempts=OutboxMessage.attempts + 1)
            )
            await session.commit()
            if claimed.rowcount != 1:
                return None
            return await session.get(OutboxMessage, row_id)

    async def _record(
        self, row: OutboxMessage, state: str, result: Any = None, error: str | None = None
    ) -> None:
        values: dict[str, Any] = {"state": state, "error": error}
        if state == "sent":
            values["sent_at"] = utcnow()
            message_id = getattr(result, "message_id", None)
            values["result"] = {"message_id": message_id} if message_id is not None else None
        async with self.sessionmaker() as session:
            await session.execute(update(OutboxMessage).where(OutboxMessage.id == row.id).values(**values))
            notice = (row.purpose or {}).get("notice")
            if state == "sent" and notice is not None:
                await session.execute(update(Notice).where(Notice.id == notice).values(sent_at=utcnow()))
            if state != "pending" and (row.purpose or {}).get(LEAVE_NO_TRACE):
                await leave_no_trace(session, row)
            await session.commit()
        OUTBOX_MESSAGES.labels(state).inc()

    async def _deliver_one(self, bot: Bot, row_id: int) -> None:
        while True:
            card = await self._prepare(row_id)
            async with self._one:
                if self._stopping:
                    return  # left pending: the next start delivers it
                row = await self._claim(row_id)
                if row is None:
                    return  # delivered already, or by another process
                try:
                    result = await self._send(bot, row, card)
                except Exception as error:  # noqa: BLE001 - classified below
                    outcome = outcome_of(error)
                else:
                    await self._record(row, "sent", result)
                    return
                if outcome.delivery is Delivery.RETRY and row.attempts < MAX_ATTEMPTS:
                    await self._record(row, "pending", error=outcome.reason)
                else:
                    await self._settle(row, outcome.delivery, outcome.reason)
                    return
            await asyncio.sleep(min(outcome.wait or 1.0, 30.0))

    async def _settle(self, row: OutboxMessage, delivery: Delivery, reason: str) -> None:
        state = {Delivery.SENT: "sent", Delivery.UNKNOWN: "unknown"}.get(delivery, "failed")
        if state != "sent":
            log.warning("outbox message %s to chat %s: %s (%s)", row.id, row.chat_id, state, reason)
        await self._record(row, state, error=reason)
        if state == "unknown" and row.method == CARD:
            async with self.sessionmaker() as session:
                await _card_again(session, row)
                await session.commit()
        if delivery is Delivery.BLOCKED and row.chat_id is not None:
            async with self.sessionmaker() as session:
                await session.execute(
                    update(Reader).where(Reader.chat_id == row.chat_id).values(active=False)
                )
                await session.commit()

    async def _prepare(self, row_id: int) -> Any:
        """A card is rendered before the send lock is taken (it asks the matcher for the nearest verdicts),
        so no reader's answer waits for it."""
        if self.cards is None:
            return None
        async with self.sessionmaker() as session:
            row = await session.get(OutboxMessage, row_id)
        if row is None or row.method != CARD or row.state != "pending":
            return None
        return await self.cards.prepare_card(row.payload["tip_id"])

    async def _send(self, bot: Bot, row: OutboxMessage, card: Any = None) -> Any:
        if row.method == CARD:
            if self.cards is not None:
                await self.cards.post_prepared(bot, card, row.payload.get("repost", False))
            return None
        method = METHODS[row.method].model_validate(row.payload, context={"bot": bot})
        return await bot(method)


async def _card_again(session: AsyncSession, row: OutboxMessage) -> None:
    """A card whose post may not have arrived, for a tip with no card on record, is posted once more: a
    card too many (at most one per crash) is better than a tip the checkers never see."""
    if row.method != CARD:
        return
    posted = await session.scalar(select(Tip.card_message_id).where(Tip.id == row.payload["tip_id"]))
    if posted is None:
        session.add(
            OutboxMessage(
                update_id=None,
                position=0,
                chat_id=row.chat_id,
                method=CARD,
                payload={"tip_id": row.payload["tip_id"], "repost": False},
                purpose={},
                state="pending",
                attempts=0,
            )
        )


async def outbox_counts(session: AsyncSession) -> dict[str, int]:
    """Outbox messages by state."""
    rows = await session.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state))
    return {state: count for state, count in rows.all()}
