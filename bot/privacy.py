"""Readers' personal data: what the bot stores about a reader (/mydata), erasing it (/forget), and
the retention purge of old links between readers and their tips.

A reader's personal data is their `readers` row (chat id, user id, language, subscription) and every
row that ties a chat to something: `requests` (reader_id, chat_id, message_id), `notices`,
`broadcast_recipients` and the raw updates in `inbox`. Erasing or purging keeps the tips themselves
(their text, demand and verdicts) for the fact-checkers, detached from the person: a request is kept
with `reader_id` NULL, `chat_id` ANONYMOUS_CHAT and `message_id` minus its own id (unique, so the
(chat_id, message_id) constraint holds), which keeps the statistics (tips received, answered).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Broadcast, BroadcastRecipient, InboxUpdate, Notice, Reader, Request, utcnow

ANONYMOUS_CHAT = 0
"""The chat id of a request detached from its reader (no Telegram chat has id 0)."""


@dataclass
class ReaderData:
    """What the bot stores about one reader, as /mydata shows it."""

    language: str
    language_chosen: bool
    subscribed: bool
    first_seen: dt.datetime
    last_seen: dt.datetime
    messages: int
    """Messages of theirs the bot keeps a link to (requests)."""
    tip_ids: list[int] = field(default_factory=list)
    """Reference numbers of the tips they sent."""
    notices: int = 0


@dataclass
class Erased:
    """How many rows an erasure or a purge removed or detached, by table."""

    readers: int = 0
    requests: int = 0
    notices: int = 0
    broadcast_recipients: int = 0
    inbox: int = 0

    @property
    def total(self) -> int:
        return self.readers + self.requests + self.notices + self.broadcast_recipients + self.inbox


async def reader_data(sessionmaker: async_sessionmaker[AsyncSession], reader_id: int) -> ReaderData | None:
    async with sessionmaker() as session:
        reader = await session.get(Reader, reader_id)
        if reader is None:
            return None
        mine = or_(Request.reader_id == reader.id, Request.chat_id == reader.chat_id)
        messages = await session.scalar(select(func.count()).select_from(Request).where(mine))
        tip_ids = (
            await session.scalars(
                select(Request.tip_id)
                .where(mine, Request.tip_id.is_not(None))
                .distinct()
                .order_by(Request.tip_id)
            )
        ).all()
        notices = await session.scalar(
            select(func.count()).select_from(Notice).where(Notice.chat_id == reader.chat_id)
        )
        return ReaderData(
            language=reader.language,
            language_chosen=reader.language_chosen,
            subscribed=reader.subscribed,
            first_seen=reader.created_at,
            last_seen=reader.last_seen_at,
            messages=messages or 0,
            tip_ids=list(tip_ids),
            notices=notices or 0,
        )


def _detach(where) -> update:
    """Detach the matching requests from their readers; the tips and their demand stay."""
    return (
        update(Request)
        .where(where)
        .values(reader_id=None, chat_id=ANONYMOUS_CHAT, message_id=-Request.id)
        .execution_options(synchronize_session=False)
    )


async def erase_reader(
    sessionmaker: async_sessionmaker[AsyncSession], reader_id: int, update_id: int | None = None
) -> Erased:
    """Erase a reader's personal data in one transaction (see the module docstring).

    Raw updates of their chat are deleted once handled; `update_id` (the update asking for the
    erasure, still being handled) is deleted too. Updates not handled yet stay to be handled.
    """
    erased = Erased()
    async with sessionmaker() as session:
        reader = await session.get(Reader, reader_id)
        if reader is None:
            return erased
        chat_id = reader.chat_id
        result = await session.execute(
            _detach(or_(Request.reader_id == reader.id, Request.chat_id == chat_id))
        )
        erased.requests = result.rowcount or 0
        result = await session.execute(delete(Notice).where(Notice.chat_id == chat_id))
        erased.notices = result.rowcount or 0
        result = await session.execute(
            delete(BroadcastRecipient).where(
                or_(BroadcastRecipient.reader_id == reader.id, BroadcastRecipient.chat_id == chat_id)
            )
        )
        erased.broadcast_recipients = result.rowcount or 0
        handled = InboxUpdate.handled_at.is_not(None)
        if update_id is not None:
            handled = or_(handled, InboxUpdate.update_id == update_id)
        result = await session.execute(delete(InboxUpdate).where(InboxUpdate.chat_id == chat_id, handled))
        erased.inbox = result.rowcount or 0
        result = await session.execute(delete(Reader).where(Reader.id == reader.id))
        erased.readers = result.rowcount or 0
        await session.commit()
    return erased


async def purge_expired_links(
    sessionmaker: async_sessionmaker[AsyncSession], days: int, now: dt.datetime | None = None
) -> Erased:
    """Detach requests older than `days` from their readers, and delete older notices, recipients
    of broadcasts not sending and handled raw updates. The `readers` rows stay (readers still talking to
    the bot); /forget erases those. Meant to run once a day."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    erased = Erased()
    async with sessionmaker() as session:
        result = await session.execute(
            _detach((Request.created_at < cutoff) & (Request.chat_id != ANONYMOUS_CHAT))
        )
        erased.requests = result.rowcount or 0
        result = await session.execute(delete(Notice).where(Notice.created_at < cutoff))
        erased.notices = result.rowcount or 0
        finished = select(Broadcast.id).where(Broadcast.status != "sending", Broadcast.created_at < cutoff)
        result = await session.execute(
            delete(BroadcastRecipient).where(BroadcastRecipient.broadcast_id.in_(finished))
        )
        erased.broadcast_recipients = result.rowcount or 0
        result = await session.execute(
            delete(InboxUpdate).where(InboxUpdate.received_at < cutoff, InboxUpdate.handled_at.is_not(None))
        )
        erased.inbox = result.rowcount or 0
        await session.commit()
    return erased


async def keep_retention(
    sessionmaker: async_sessionmaker[AsyncSession], days: int, every: float = 86400
) -> None:
    """Purge expired reader links at once and then every `every` seconds, until cancelled."""
    while True:
        try:
            erased = await purge_expired_links(sessionmaker, days)
            logging.getLogger(__name__).info("retention: %s", erased)
        except Exception:  # noqa: BLE001 - a failed purge is retried at the next round
            logging.getLogger(__name__).exception("retention purge failed")
        await asyncio.sleep(every)
