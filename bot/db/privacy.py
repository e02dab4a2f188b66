"""The queries behind readers' privacy, table by table: what /mydata reads about a reader, what /forget
erases and the retention purge deletes or detaches, and who sent a tip (the readers a tip's requests
link to). The rules (what counts as a reader's data, see bot/services/privacy.py) decide which rows;
these functions only read, delete or detach them. The caller owns the session and commits.

"May name" narrows the rows portably: the JSON or text column cast to text, `LIKE '%17%'` (the same SQL
on SQLite, where JSON is stored as text, and on PostgreSQL, whose `json::text` keeps the document as
written); the caller applies the exact rule to the rows it gets back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Text, Update, cast, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Broadcast,
    BroadcastRecipient,
    Feedback,
    InboxUpdate,
    Notice,
    OutboxMessage,
    RawUpdate,
    Reader,
    Request,
    StatusNotice,
)
from bot.db.readers import reader_by_id  # noqa: F401 - what /mydata and the cards look up
from knowledge.statuses import BroadcastStatus, MessageState

ANONYMOUS_CHAT = 0
"""The chat id of a request detached from its reader (no Telegram chat has id 0)."""

SETTLED_OUTBOX = (MessageState.SENT, MessageState.FAILED, MessageState.UNKNOWN)
"""Outbox states in which a message is history, no longer waiting for the sender."""


def _requests_of(reader: Reader) -> ColumnElement[bool]:
    return or_(Request.reader_id == reader.id, Request.chat_id == reader.chat_id)


async def request_count(session: AsyncSession, reader: Reader) -> int:
    """The reader's messages the bot keeps a link to."""
    count = await session.scalar(select(func.count()).select_from(Request).where(_requests_of(reader)))
    return count or 0


async def tip_ids_of(session: AsyncSession, reader: Reader) -> list[int]:
    """The tips the reader sent, lowest reference number first."""
    query = (
        select(Request.tip_id)
        .where(_requests_of(reader), Request.tip_id.is_not(None))
        .distinct()
        .order_by(Request.tip_id)
    )
    return list((await session.scalars(query)).all())


async def notice_count(session: AsyncSession, chat_id: int) -> int:
    """The verdicts, corrections and status messages the chat was sent."""
    total = 0
    for table in (Notice, StatusNotice):
        total += (
            await session.scalar(select(func.count()).select_from(table).where(table.chat_id == chat_id)) or 0
        )
    return total


async def feedback_count(session: AsyncSession, chat_id: int) -> int:
    return (
        await session.scalar(select(func.count()).select_from(Feedback).where(Feedback.chat_id == chat_id))
        or 0
    )


async def delete_feedback_of(session: AsyncSession, chat_id: int) -> int:
    return (await session.execute(delete(Feedback).where(Feedback.chat_id == chat_id))).rowcount or 0


async def delete_feedback_before(session: AsyncSession, cutoff: dt.datetime) -> int:
    """Feedback last changed before `cutoff` (the retention of links between readers and what they sent)."""
    return (await session.execute(delete(Feedback).where(Feedback.updated_at < cutoff))).rowcount or 0


async def tip_senders(session: AsyncSession, tip_id: int, limit: int) -> list[Reader]:
    """The readers who sent a tip, lowest reader numbers (first contact) first, at most `limit`."""
    first = (
        select(Request.reader_id)
        .where(Request.tip_id == tip_id, Request.reader_id.is_not(None))
        .group_by(Request.reader_id)
        .order_by(Request.reader_id)
        .limit(limit)
        .subquery()
    )
    rows = await session.scalars(
        select(Reader).where(Reader.id.in_(select(first.c.reader_id))).order_by(Reader.id)
    )
    return list(rows.all())


def _detach(where: ColumnElement[bool]) -> Update:
    """Detach the matching requests from their readers, and erase the words kept on them (a post
    answered at once or with choices); the tips and their demand stay."""
    return (
        update(Request)
        .where(where)
        .values(reader_id=None, chat_id=ANONYMOUS_CHAT, message_id=-Request.id, text=None, payload=None)
        .execution_options(synchronize_session=False)
    )


async def detach_requests_of(session: AsyncSession, reader: Reader) -> int:
    result = await session.execute(_detach(_requests_of(reader)))
    return result.rowcount or 0


async def detach_requests_before(session: AsyncSession, cutoff: dt.datetime) -> int:
    """Detach every request made before `cutoff` that is not detached yet."""
    older = (Request.created_at < cutoff) & (Request.chat_id != ANONYMOUS_CHAT)
    result = await session.execute(_detach(older))
    return result.rowcount or 0


async def delete_notices_of(session: AsyncSession, chat_id: int) -> int:
    """The chat's verdicts, corrections and status messages."""
    erased = 0
    for table in (Notice, StatusNotice):
        erased += (await session.execute(delete(table).where(table.chat_id == chat_id))).rowcount or 0
    return erased


async def delete_recipients_of(session: AsyncSession, reader: Reader) -> int:
    """The reader's rows among broadcasts' recipients."""
    theirs = or_(BroadcastRecipient.reader_id == reader.id, BroadcastRecipient.chat_id == reader.chat_id)
    result = await session.execute(delete(BroadcastRecipient).where(theirs))
    return result.rowcount or 0


def _may_name(column: Any, ids: Iterable[int]) -> ColumnElement[bool]:
    """SQL that keeps the rows whose column, as text, contains one of the ids' digits."""
    as_text = cast(column, Text)
    return or_(*(as_text.contains(str(int(i))) for i in ids))


async def inbox_payloads_naming(session: AsyncSession, ids: Sequence[int]) -> list[tuple[int, Any]]:
    """(update_id, payload) of the inbox rows that may name one of `ids`."""
    rows = await session.execute(
        select(InboxUpdate.update_id, InboxUpdate.payload).where(_may_name(InboxUpdate.payload, ids))
    )
    return [(row.update_id, row.payload) for row in rows]


async def delete_inbox_of(
    session: AsyncSession,
    ids: Sequence[int],
    chat_id: int,
    named: Sequence[int],
    asked_by: int | None = None,
    keep: Sequence[int] = (),
) -> int:
    """Delete the inbox rows sent by one of `ids`, in the private chat `chat_id`, or listed in `named`;
    except, when `asked_by` (an update id) is given, those that arrived after it and are not handled
    yet, and the rows in `keep`."""
    theirs = or_(
        InboxUpdate.user_id.in_(ids), InboxUpdate.chat_id == chat_id, InboxUpdate.update_id.in_(named)
    )
    if asked_by is not None:
        theirs &= ~((InboxUpdate.update_id > asked_by) & InboxUpdate.handled_at.is_(None))
    if keep:
        theirs &= InboxUpdate.update_id.not_in(keep)
    result = await session.execute(
        delete(InboxUpdate).where(theirs).execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


async def raw_bodies_naming(session: AsyncSession, ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, body) of the unparsed updates that may name one of `ids`."""
    rows = await session.execute(select(RawUpdate.id, RawUpdate.body).where(_may_name(RawUpdate.body, ids)))
    return [(row.id, row.body) for row in rows]


async def delete_raw_updates(session: AsyncSession, raw_ids: Sequence[int]) -> int:
    if not raw_ids:
        return 0
    result = await session.execute(delete(RawUpdate).where(RawUpdate.id.in_(raw_ids)))
    return result.rowcount or 0


async def settled_outbox_naming(session: AsyncSession, ids: Sequence[int]) -> list[tuple[int, Any, Any]]:
    """(id, payload, result) of the settled outbox messages whose payload or result may name one of `ids`."""
    rows = await session.execute(
        select(OutboxMessage.id, OutboxMessage.payload, OutboxMessage.result).where(
            OutboxMessage.state.in_(SETTLED_OUTBOX),
            or_(_may_name(OutboxMessage.payload, ids), _may_name(OutboxMessage.result, ids)),
        )
    )
    return [(row.id, row.payload, row.result) for row in rows]


async def delete_outbox_of(session: AsyncSession, chat_ids: Sequence[int], message_ids: Sequence[int]) -> int:
    """Delete the outbox messages to one of `chat_ids`, and those whose id is in `message_ids`."""
    result = await session.execute(
        delete(OutboxMessage)
        .where(or_(OutboxMessage.chat_id.in_(chat_ids), OutboxMessage.id.in_(message_ids)))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


async def delete_reader(session: AsyncSession, reader_id: int) -> int:
    result = await session.execute(delete(Reader).where(Reader.id == reader_id))
    return result.rowcount or 0


async def delete_outbox_message(session: AsyncSession, message_id: int) -> None:
    await session.execute(delete(OutboxMessage).where(OutboxMessage.id == message_id))


async def delete_inbox_update(session: AsyncSession, update_id: int) -> None:
    await session.execute(delete(InboxUpdate).where(InboxUpdate.update_id == update_id))


async def delete_notices_before(session: AsyncSession, cutoff: dt.datetime) -> int:
    erased = 0
    for table in (Notice, StatusNotice):
        erased += (await session.execute(delete(table).where(table.created_at < cutoff))).rowcount or 0
    return erased


async def delete_finished_recipients_before(session: AsyncSession, cutoff: dt.datetime) -> int:
    """The recipients of broadcasts created before `cutoff` and no longer sending."""
    finished = select(Broadcast.id).where(
        Broadcast.status != BroadcastStatus.SENDING, Broadcast.created_at < cutoff
    )
    result = await session.execute(
        delete(BroadcastRecipient).where(BroadcastRecipient.broadcast_id.in_(finished))
    )
    return result.rowcount or 0


async def delete_handled_inbox_before(session: AsyncSession, cutoff: dt.datetime) -> int:
    result = await session.execute(
        delete(InboxUpdate).where(InboxUpdate.received_at < cutoff, InboxUpdate.handled_at.is_not(None))
    )
    return result.rowcount or 0


async def delete_raw_updates_before(session: AsyncSession, cutoff: dt.datetime) -> int:
    result = await session.execute(delete(RawUpdate).where(RawUpdate.received_at < cutoff))
    return result.rowcount or 0


async def delete_settled_outbox_before(session: AsyncSession, cutoff: dt.datetime) -> int:
    result = await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.created_at < cutoff, OutboxMessage.state.in_(SETTLED_OUTBOX)
        )
    )
    return result.rowcount or 0
