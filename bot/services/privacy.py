"""Readers' personal data: what the bot stores about a reader (/mydata), erasing it (/forget), and
the retention purge of old links between readers and their tips.

A reader's personal data is their `readers` row (chat id, user id, language, subscription, and with
TIPLINE_SHOW_READER_IDENTITY their name) and every row that carries their identity:

- `inbox` rows they caused, wherever they wrote (their private chat, a group `/check` or mention, an
  inline query, a button press): `user_id` is theirs, or `chat_id` is their private chat, or, for rows
  stored before `user_id` existed and for other people's updates that quote them (a reply carries the
  replied message's sender), the payload names them (see `names`);
- `raw_updates` (updates that could not be parsed, kept as text) whose body names them;
- `outbox` messages to their chat (they carry the texts sent to them), and sent messages elsewhere whose
  payload or Telegram's answer names them (a reply in a group carries the message it replied to);
- `notices` and `broadcast_recipients` of their chat;
- `requests` (reader_id, chat_id, message_id).

Erasing or purging keeps the tips themselves (their text, demand and verdicts) for the fact-checkers,
detached from the person: a request is kept with `reader_id` NULL, `chat_id` ANONYMOUS_CHAT and
`message_id` minus its own id (unique, so the (chat_id, message_id) constraint holds), which keeps the
statistics (tips received, answered). The pictures, links and channel origins of a tip (`image_prints`,
`post_links`, `post_origins`) point at the detached request and name the channel a post came from,
never the reader. `blocked_readers` keeps a blocked reader's chat id, so a block outlasts /forget.

"Names them" is one rule for every stored JSON text: a key `id`, `user_id`, `chat_id` or
`user_chat_id` whose value is exactly one of the reader's ids (`"from": {"id": 17, ...}`), not a longer
number nor a negative one. The database narrows the rows down portably (the JSON or text column cast to
text, `LIKE '%17%'`: the same SQL on SQLite, where JSON is stored as text, and on PostgreSQL, whose
`json::text` keeps the document as written), and the rule is applied in Python to those rows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Text, cast, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import (
    Broadcast,
    BroadcastRecipient,
    InboxUpdate,
    Notice,
    OutboxMessage,
    RawUpdate,
    Reader,
    Request,
    utcnow,
)

ANONYMOUS_CHAT = 0
"""The chat id of a request detached from its reader (no Telegram chat has id 0)."""

IDENTITY_KEYS = ("id", "user_id", "chat_id", "user_chat_id")
"""JSON keys whose value is a user's or a chat's id in Telegram's objects."""

SETTLED_OUTBOX = ("sent", "failed", "unknown")
"""Outbox states in which a message is history, no longer waiting for the sender."""

LEAVE_NO_TRACE = "erase"
"""An outbox purpose (`purpose(erase=1)`): the message confirms an erasure; see `leave_no_trace`."""


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
    raw_updates: int = 0
    outbox: int = 0
    tip_ids: list[int] = field(default_factory=list)
    """The tips whose requests were detached (their cards may name the reader: redraw them)."""

    @property
    def total(self) -> int:
        return (
            self.readers
            + self.requests
            + self.notices
            + self.broadcast_recipients
            + self.inbox
            + self.raw_updates
            + self.outbox
        )


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


def identity_pattern(ids: Iterable[int]) -> re.Pattern[str]:
    """Matches a JSON text in which one of `ids` is the value of an identity key (`"id": 17`)."""
    numbers = "|".join(str(int(i)) for i in sorted(set(ids)))
    keys = "|".join(IDENTITY_KEYS)
    return re.compile(rf'"(?:{keys})"\s*:\s*(?:{numbers})(?![0-9.eE])')


def names(pattern: re.Pattern[str], value: object) -> bool:
    """Whether a stored value (JSON already decoded, or text) names one of the pattern's ids."""
    if value is None:
        return False
    text = value if isinstance(value, str) else json.dumps(value)
    return pattern.search(text) is not None


def _may_name(column, ids: Iterable[int]):
    """SQL that keeps the rows whose column, as text, contains one of the ids' digits."""
    as_text = cast(column, Text)
    return or_(*(as_text.contains(str(int(i))) for i in ids))


async def erase(
    session: AsyncSession, reader: Reader, update_id: int | None = None, keep: Iterable[int] = ()
) -> Erased:
    """Erase a reader's personal data in `session` (see the module docstring); the caller commits.

    `update_id` is the update asking for the erasure: every stored update of theirs is deleted whatever
    its state (handled, waiting, failed), except those that arrived after it and are not handled yet (new
    contact, handled as such) and `keep`, the inbox rows of the asking update itself: its unit of work
    marks them handled, and they go with the confirmation once it is delivered (`leave_no_trace`)."""
    erased = Erased()
    chat_id = reader.chat_id
    ids = sorted({chat_id} | ({reader.user_id} if reader.user_id is not None else set()))
    pattern = identity_pattern(ids)

    mine = or_(Request.reader_id == reader.id, Request.chat_id == chat_id)
    tips = select(Request.tip_id).where(mine, Request.tip_id.is_not(None)).distinct().order_by(Request.tip_id)
    erased.tip_ids = list((await session.scalars(tips)).all())
    result = await session.execute(_detach(mine))
    erased.requests = result.rowcount or 0
    result = await session.execute(delete(Notice).where(Notice.chat_id == chat_id))
    erased.notices = result.rowcount or 0
    result = await session.execute(
        delete(BroadcastRecipient).where(
            or_(BroadcastRecipient.reader_id == reader.id, BroadcastRecipient.chat_id == chat_id)
        )
    )
    erased.broadcast_recipients = result.rowcount or 0

    candidates = await session.execute(
        select(InboxUpdate.update_id, InboxUpdate.payload).where(_may_name(InboxUpdate.payload, ids))
    )
    named = [row.update_id for row in candidates if names(pattern, row.payload)]
    theirs = or_(
        InboxUpdate.user_id.in_(ids), InboxUpdate.chat_id == chat_id, InboxUpdate.update_id.in_(named)
    )
    if update_id is not None:
        theirs &= ~((InboxUpdate.update_id > update_id) & InboxUpdate.handled_at.is_(None))
    if keep := list(keep):
        theirs &= InboxUpdate.update_id.not_in(keep)
    result = await session.execute(
        delete(InboxUpdate).where(theirs).execution_options(synchronize_session=False)
    )
    erased.inbox = result.rowcount or 0

    candidates = await session.execute(
        select(RawUpdate.id, RawUpdate.body).where(_may_name(RawUpdate.body, ids))
    )
    raw = [row.id for row in candidates if names(pattern, row.body)]
    if raw:
        result = await session.execute(delete(RawUpdate).where(RawUpdate.id.in_(raw)))
        erased.raw_updates = result.rowcount or 0

    candidates = await session.execute(
        select(OutboxMessage.id, OutboxMessage.payload, OutboxMessage.result).where(
            OutboxMessage.state.in_(SETTLED_OUTBOX),
            or_(_may_name(OutboxMessage.payload, ids), _may_name(OutboxMessage.result, ids)),
        )
    )
    sent = [row.id for row in candidates if names(pattern, row.payload) or names(pattern, row.result)]
    result = await session.execute(
        delete(OutboxMessage)
        .where(or_(OutboxMessage.chat_id.in_(ids), OutboxMessage.id.in_(sent)))
        .execution_options(synchronize_session=False)
    )
    erased.outbox = result.rowcount or 0

    result = await session.execute(delete(Reader).where(Reader.id == reader.id))
    erased.readers = result.rowcount or 0
    return erased


async def leave_no_trace(session: AsyncSession, message: OutboxMessage) -> None:
    """For the outbox, once a message sent with the purpose LEAVE_NO_TRACE (the confirmation of an
    erasure) is settled: delete it and the inbox rows of the update that asked for the erasure, the
    last rows that named the erased reader. The caller commits."""
    await session.execute(delete(OutboxMessage).where(OutboxMessage.id == message.id))
    if message.update_id is not None:
        await session.execute(delete(InboxUpdate).where(InboxUpdate.update_id == message.update_id))


async def erase_reader(
    sessionmaker: async_sessionmaker[AsyncSession], reader_id: int, update_id: int | None = None
) -> Erased:
    """`erase` in a transaction of its own."""
    async with sessionmaker() as session:
        reader = await session.get(Reader, reader_id)
        if reader is None:
            return Erased()
        erased = await erase(session, reader, update_id)
        await session.commit()
    return erased


async def purge_expired_links(
    sessionmaker: async_sessionmaker[AsyncSession], days: int, now: dt.datetime | None = None
) -> Erased:
    """Detach requests older than `days` from their readers, and delete older notices, recipients
    of broadcasts not sending, handled inbox updates, unparsed raw updates and delivered outbox messages.
    The `readers` rows stay (readers still talking to the bot); /forget erases those. Meant to run once a
    day."""
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
        result = await session.execute(delete(RawUpdate).where(RawUpdate.received_at < cutoff))
        erased.raw_updates = result.rowcount or 0
        result = await session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.created_at < cutoff, OutboxMessage.state.in_(SETTLED_OUTBOX)
            )
        )
        erased.outbox = result.rowcount or 0
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
