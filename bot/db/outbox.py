"""Queries on the outbox: the messages updates caused, written with the update's other effects and
delivered from here (bot/telegram/outbox.py: OutboxSender), one state change at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Notice, OutboxMessage, Tip, utcnow
from knowledge.statuses import MessageState

ID_CHUNK = 500
"""Ids asked for in one IN (...)."""

CARD = "card"
"""An outbox method of our own: post the tip's card in the checkers' chat, or edit the one there."""


@dataclass
class Outgoing:
    """A message an update will send, before it is written to the outbox."""

    method: str
    """A Bot API method (sendMessage, editMessageText, ...), or CARD."""
    payload: dict
    chat_id: int | None
    purpose: dict = field(default_factory=dict)
    """What to record once it is sent, e.g. {"notice": 17}."""


def outbox_row(message: Outgoing, update_id: int | None = None, position: int = 0) -> OutboxMessage:
    """A pending outbox row for `message`, the `position`-th message of the update `update_id`."""
    return OutboxMessage(
        update_id=update_id,
        position=position,
        chat_id=message.chat_id,
        method=message.method,
        payload=message.payload,
        purpose=message.purpose,
        state=MessageState.PENDING,
        attempts=0,
    )


def add_messages(
    session: AsyncSession, update_id: int | None, messages: Sequence[Outgoing]
) -> list[OutboxMessage]:
    """Add the update's messages to the session, in order; their ids are known once it flushes."""
    rows = [outbox_row(message, update_id, position) for position, message in enumerate(messages)]
    session.add_all(rows)
    return rows


def written_twice(error: IntegrityError) -> bool:
    """The update's messages are in the outbox already (uq_outbox_update_position): another process
    handled it first."""
    return "outbox" in str(error.orig)


async def pending_ids(session: AsyncSession, created_before: dt.datetime | None = None) -> list[int]:
    """The messages not sent yet, oldest first; with `created_before`, only those written before it."""
    query = select(OutboxMessage.id).where(OutboxMessage.state == MessageState.PENDING)
    if created_before is not None:
        query = query.where(OutboxMessage.created_at < created_before)
    return list((await session.scalars(query.order_by(OutboxMessage.id))).all())


async def settle_stale(session: AsyncSession, claimed_before: dt.datetime) -> list[OutboxMessage]:
    """Record as unknown the messages `sending` since before `claimed_before` (in flight in a process
    that died), a card with none on record posted once more; the caller commits."""
    stale = (
        await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.state == MessageState.SENDING, OutboxMessage.claimed_at <= claimed_before)
            .with_for_update(skip_locked=True)
        )
    ).all()
    for row in stale:
        row.state, row.error = MessageState.UNKNOWN, "in flight when its process stopped"
        await card_again(session, row)
    return list(stale)


async def card_again(session: AsyncSession, row: OutboxMessage) -> None:
    """A card whose post may not have arrived, for a tip with no card on record, is posted once more: a
    card too many (at most one per crash) is better than a tip the checkers never see."""
    if row.method != CARD:
        return
    posted = await session.scalar(select(Tip.card_message_id).where(Tip.id == row.payload["tip_id"]))
    if posted is None:
        session.add(
            outbox_row(Outgoing(CARD, {"tip_id": row.payload["tip_id"], "repost": False}, row.chat_id))
        )


async def claim(session: AsyncSession, row_id: int) -> OutboxMessage | None:
    """Mark a pending message `sending` (one attempt more) and commit; None when it is not pending
    (delivered already, or claimed by another process)."""
    claimed = await session.scalar(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id, OutboxMessage.state == MessageState.PENDING)
        .values(state=MessageState.SENDING, claimed_at=utcnow(), attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return claimed


async def record_state(
    session: AsyncSession,
    row: OutboxMessage,
    state: MessageState,
    result: Any = None,
    error: str | None = None,
) -> None:
    """What became of a message (`result`: Telegram's answer when sent); a notice it carried is marked
    sent with it. The caller commits."""
    values: dict[str, Any] = {"state": state, "error": error}
    if state == MessageState.SENT:
        values["sent_at"] = utcnow()
        message_id = getattr(result, "message_id", None)
        values["result"] = {"message_id": message_id} if message_id is not None else None
    await session.execute(update(OutboxMessage).where(OutboxMessage.id == row.id).values(**values))
    notice = (row.purpose or {}).get("notice")
    if state == MessageState.SENT and notice is not None:
        await session.execute(update(Notice).where(Notice.id == notice).values(sent_at=utcnow()))


async def card_tips(session: AsyncSession, ids: Sequence[int]) -> dict[int, int]:
    """The CARD messages among `ids`: their tip, by message id."""
    found: dict[int, int] = {}
    for start in range(0, len(ids), ID_CHUNK):
        query = select(OutboxMessage.id, OutboxMessage.payload).where(
            OutboxMessage.id.in_(ids[start : start + ID_CHUNK]), OutboxMessage.method == CARD
        )
        found.update((row_id, payload["tip_id"]) for row_id, payload in (await session.execute(query)).all())
    return found


async def outbox_counts(session: AsyncSession) -> dict[str, int]:
    """Outbox messages by state."""
    rows = await session.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state))
    return {state: count for state, count in rows.all()}
