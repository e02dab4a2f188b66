"""One unit of work per update, and the outbox its messages leave from.

While an update is handled, every message the handlers send or edit is captured instead of sent
(`CaptureSends`, a request middleware on the bot's session) into the update's unit of work
(bot/services/unit_of_work.py), which `UnitOfWork` opens. When the handlers return, the captured
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
import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, Protocol

import aiogram.methods
from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.types import InputFile, TelegramObject, Update
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.db import outbox as queries
from bot.db.models import OutboxMessage, utcnow
from bot.db.outbox import CARD
from bot.db.readers import mark_inactive
from bot.services.privacy import LEAVE_NO_TRACE, leave_no_trace
from bot.services.schedule import repeat
from bot.services.unit_of_work import AlreadyHandled, Unit, current_unit, handling
from bot.telegram.metrics import OUTBOX_MESSAGES
from bot.telegram.sending import Delivery, outcome_of
from bot.telegram.serialization import to_python
from knowledge.statuses import MessageState

log = logging.getLogger(__name__)

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


def capture(unit: Unit, method: TelegramMethod, bot: Bot) -> bool:
    """Keep the method in the unit, for the outbox; False when it cannot be stored (an upload)."""
    if _has_upload(method):
        return False
    payload = to_python(method, bot)
    chat = payload.get("chat_id")
    unit.send(method.__api_method__, payload, chat if isinstance(chat, int) else None)
    return True


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
        if captured(method) and capture(unit, method, bot):
            return None
        if isinstance(method, AnswerCallbackQuery):
            try:
                return await make_request(bot, method)
            except TelegramBadRequest as error:  # a redelivered press: the query has expired
                log.info("callback query not answered: %s", error)
                return False
        return await make_request(bot, method)


class UnitOfWork(BaseMiddleware):
    """Opens the update's unit (`uow` in handler data, `OutboxSender.unit`), commits it when the handlers
    return, then has its messages delivered; a failing handler rolls everything back and the error goes on
    to the inbox."""

    def __init__(self, sender: OutboxSender):
        self.sender = sender

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        update_id = event.update_id if isinstance(event, Update) else None
        try:
            async with self.sender.unit(data["bot"], update_id, data.get("inbox_ids", ())) as unit:
                data["uow"] = unit
                result = await handler(event, data)
        except AlreadyHandled:
            log.info("update %s was handled already; this attempt is rolled back", update_id)
            return None
        return result


SETTLED = {Delivery.SENT: MessageState.SENT, Delivery.UNKNOWN: MessageState.UNKNOWN}
"""The state a message ends in after a send that will not be retried (any other outcome: failed)."""


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

    @contextlib.asynccontextmanager
    async def unit(
        self, bot: Bot, update_id: int | None = None, inbox_ids: Sequence[int] = ()
    ) -> AsyncIterator[Unit]:
        """A unit of work: what is written and sent inside is committed together when the block ends, then
        delivered; an error inside rolls all of it back (AlreadyHandled: another process committed the
        update first)."""
        unit = Unit(self.sessionmaker, update_id, inbox_ids)
        try:
            with handling(unit):
                yield unit
                ids = await unit.commit()
        finally:
            await unit.close()
        if ids:
            await self.deliver(bot, ids)

    async def deliver(self, bot: Bot, ids: Sequence[int]) -> None:
        cards = {}
        if self.cards is not None and ids:
            async with self.sessionmaker() as session:
                cards = await queries.card_tips(session, list(ids))
        for row_id in ids:
            try:
                await self._deliver_one(bot, row_id, cards.get(row_id))
            except Exception:
                log.exception("outbox message %s could not be delivered", row_id)

    async def deliver_pending(self, bot: Bot, older_than: float = 0.0) -> int:
        """Deliver the messages a previous run (or a failed attempt) left pending; how many were tried."""
        cutoff = utcnow() - dt.timedelta(seconds=older_than) if older_than else None
        async with self.sessionmaker() as session:
            ids = await queries.pending_ids(session, cutoff)
        await self.deliver(bot, ids)
        return len(ids)

    async def settle_stale(self, older_than: float = SEND_TIMEOUT) -> int:
        """Record as unknown the messages left `sending` by a process that died mid-request (claimed more
        than `older_than` seconds ago: 0 when no other process can be sending, as in polling mode)."""
        cutoff = utcnow() - dt.timedelta(seconds=older_than)
        async with self.sessionmaker() as session:
            stale = await queries.settle_stale(session, cutoff)
            await session.commit()
        if stale:
            OUTBOX_MESSAGES.labels(MessageState.UNKNOWN).inc(len(stale))
            log.warning("%d outbox messages were in flight at a crash: recorded unknown", len(stale))
        return len(stale)

    async def keep_sending(self, bot: Bot, stopping: asyncio.Event, interval: float = 5.0) -> None:
        """Until `stopping` is set: settle stale sends, deliver what is left pending."""

        async def sweep() -> None:
            await self.settle_stale()
            await self.deliver_pending(bot, older_than=interval)

        await repeat(sweep, interval, stopping, what="outbox sweep", at_once=True)

    async def _claim(self, row_id: int) -> OutboxMessage | None:
        async with self.sessionmaker() as session:
            return await queries.claim(session, row_id)

    async def _record(
        self, row: OutboxMessage, state: MessageState, result: Any = None, error: str | None = None
    ) -> None:
        async with self.sessionmaker() as session:
            await queries.record_state(session, row, state, result, error)
            if state != MessageState.PENDING and (row.purpose or {}).get(LEAVE_NO_TRACE):
                await leave_no_trace(session, row)
            await session.commit()
        OUTBOX_MESSAGES.labels(state).inc()

    async def _deliver_one(self, bot: Bot, row_id: int, card_tip: int | None) -> None:
        """Deliver one message; `card_tip`: the tip, when it is a CARD."""
        while True:
            card = await self._prepare(card_tip)
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
                    await self._record(row, MessageState.SENT, result)
                    return
                if outcome.delivery is Delivery.RETRY and row.attempts < MAX_ATTEMPTS:
                    await self._record(row, MessageState.PENDING, error=outcome.reason)
                else:
                    await self._settle(row, outcome.delivery, outcome.reason)
                    return
            await asyncio.sleep(min(outcome.wait or 1.0, 30.0))

    async def _settle(self, row: OutboxMessage, delivery: Delivery, reason: str) -> None:
        state = SETTLED.get(delivery, MessageState.FAILED)
        if state != MessageState.SENT:
            log.warning("outbox message %s to chat %s: %s (%s)", row.id, row.chat_id, state, reason)
        await self._record(row, state, error=reason)
        if state == MessageState.UNKNOWN and row.method == CARD:
            async with self.sessionmaker() as session:
                await queries.card_again(session, row)
                await session.commit()
        if delivery is Delivery.BLOCKED and row.chat_id is not None:
            async with self.sessionmaker() as session:
                await mark_inactive(session, row.chat_id)
                await session.commit()

    async def _prepare(self, card_tip: int | None) -> Any:
        """A card is rendered before the send lock is taken (it asks the matcher for the nearest verdicts),
        so no reader's answer waits for it."""
        if self.cards is None or card_tip is None:
            return None
        return await self.cards.prepare_card(card_tip)

    async def _send(self, bot: Bot, row: OutboxMessage, card: Any = None) -> Any:
        if row.method == CARD:
            if self.cards is not None:
                await self.cards.post_prepared(bot, card, row.payload.get("repost", False))
            return None
        method = METHODS[row.method].model_validate(row.payload, context={"bot": bot})
        return await bot(method)
