"""Queries on broadcasts, their recipients and the verdicts they carry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Row, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.db.models import Broadcast, BroadcastRecipient, Reader, Verdict
from bot.db.subscriptions import audience_language, in_audience
from knowledge.statuses import BroadcastStatus, MessageState

RECIPIENT_BATCH = 200


# --- the verdicts ---------------------------------------------------------------------------------


async def verdict_by_ref(session: AsyncSession, ref: str) -> Verdict | None:
    """The verdict with this external id, else with this numeric id; its claims loaded."""
    verdict = await session.scalar(
        select(Verdict).where(Verdict.external_id == ref).options(selectinload(Verdict.claims))
    )
    if verdict is None and ref.isdigit():
        verdict = await session.scalar(
            select(Verdict).where(Verdict.id == int(ref)).options(selectinload(Verdict.claims))
        )
    return verdict


async def verdicts_with_ids(session: AsyncSession, ids: Sequence[int]) -> list[Verdict]:
    """The verdicts in the order of `ids`, claims loaded; ids of deleted verdicts are left out."""
    rows = await session.scalars(
        select(Verdict).where(Verdict.id.in_(list(ids))).options(selectinload(Verdict.claims))
    )
    by_id = {v.id: v for v in rows.all()}
    return [by_id[i] for i in ids if i in by_id]


# --- broadcasts -----------------------------------------------------------------------------------


def add_draft(session: AsyncSession, editor_id: int, verdict_ids: Sequence[int]) -> Broadcast:
    broadcast = Broadcast(editor_id=editor_id, verdict_ids=list(verdict_ids), status=BroadcastStatus.DRAFT)
    session.add(broadcast)
    return broadcast


async def find_broadcasts(session: AsyncSession, broadcast_id: int | None = None) -> list[Broadcast]:
    """One broadcast, or all of them when `broadcast_id` is None; oldest first."""
    query = select(Broadcast).order_by(Broadcast.id)
    if broadcast_id is not None:
        query = query.where(Broadcast.id == broadcast_id)
    return list((await session.scalars(query)).all())


async def status_of(session: AsyncSession, broadcast_id: int) -> str | None:
    return await session.scalar(select(Broadcast.status).where(Broadcast.id == broadcast_id))


async def ids_sending(session: AsyncSession) -> list[int]:
    rows = await session.scalars(
        select(Broadcast.id).where(Broadcast.status == BroadcastStatus.SENDING).order_by(Broadcast.id)
    )
    return list(rows.all())


async def mark_sending(
    session: AsyncSession,
    broadcast_id: int,
    now: dt.datetime,
    progress_chat_id: int | None,
    progress_message_id: int | None,
) -> bool:
    """Draft -> sending; False when it was not a draft."""
    claimed = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.DRAFT)
        .values(
            status=BroadcastStatus.SENDING,
            started_at=now,
            progress_chat_id=progress_chat_id,
            progress_message_id=progress_message_id,
        )
    )
    return claimed.rowcount == 1


async def mark_done(session: AsyncSession, broadcast_id: int, now: dt.datetime) -> None:
    """Sending -> done, the sender's lease let go."""
    await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.SENDING)
        .values(status=BroadcastStatus.DONE, finished_at=now, sender_until=None)
    )


async def mark_cancelled(session: AsyncSession, broadcast_id: int, now: dt.datetime) -> bool:
    """A draft or a broadcast being sent -> cancelled; False when it was neither."""
    result = await session.execute(
        update(Broadcast)
        .where(
            Broadcast.id == broadcast_id,
            Broadcast.status.in_((BroadcastStatus.DRAFT, BroadcastStatus.SENDING)),
        )
        .values(status=BroadcastStatus.CANCELLED, finished_at=now)
    )
    return result.rowcount == 1


async def hold_lease(
    session: AsyncSession, broadcast_id: int, sender: str, now: dt.datetime, until: dt.datetime
) -> bool:
    """Claim or renew the sender's lease on a broadcast being sent; False while another sender holds it."""
    result = await session.execute(
        update(Broadcast)
        .where(
            Broadcast.id == broadcast_id,
            Broadcast.status == BroadcastStatus.SENDING,
            or_(
                Broadcast.sender.is_(None),
                Broadcast.sender == sender,
                Broadcast.sender_until.is_(None),
                Broadcast.sender_until < now,
            ),
        )
        .values(sender=sender, sender_until=until)
    )
    return result.rowcount == 1


# --- recipients -----------------------------------------------------------------------------------


async def add_recipients(
    session: AsyncSession, broadcast_id: int, default_language: str, now: dt.datetime
) -> int:
    """One `pending` recipient per reader in the audience; returns the broadcast's number of recipients."""
    readers = (
        select(
            literal(broadcast_id),
            Reader.id,
            Reader.chat_id,
            audience_language(default_language),
            literal(MessageState.PENDING.value),
            literal(0),
            literal(now),
        )
        .where(*in_audience())
        .order_by(Reader.id)
    )
    await session.execute(
        insert(BroadcastRecipient).from_select(
            ["broadcast_id", "reader_id", "chat_id", "language", "state", "attempts", "updated_at"], readers
        )
    )
    total = await session.scalar(
        select(func.count())
        .select_from(BroadcastRecipient)
        .where(BroadcastRecipient.broadcast_id == broadcast_id)
    )
    return int(total or 0)


async def state_counts(session: AsyncSession, broadcast_id: int) -> list[tuple[str, int]]:
    """How many of a broadcast's recipients are in each state."""
    rows = await session.execute(
        select(BroadcastRecipient.state, func.count())
        .where(BroadcastRecipient.broadcast_id == broadcast_id)
        .group_by(BroadcastRecipient.state)
    )
    return [(state, n) for state, n in rows.all()]


async def pending_recipients(session: AsyncSession, broadcast_id: int, after: int) -> Sequence[Row]:
    """The next pending recipients (id, chat_id, reader_id, language, attempts) with ids above `after`."""
    rows = await session.execute(
        select(
            BroadcastRecipient.id,
            BroadcastRecipient.chat_id,
            BroadcastRecipient.reader_id,
            BroadcastRecipient.language,
            BroadcastRecipient.attempts,
        )
        .where(
            BroadcastRecipient.broadcast_id == broadcast_id,
            BroadcastRecipient.state == MessageState.PENDING,
            BroadcastRecipient.id > after,
        )
        .order_by(BroadcastRecipient.id)
        .limit(RECIPIENT_BATCH)
    )
    return rows.all()


async def set_recipient(
    session: AsyncSession, recipient_id: int, now: dt.datetime, only_if: str | None = None, **values: object
) -> bool:
    """Write a recipient's state (and error, attempts, message id); with `only_if`, only from that state."""
    query = update(BroadcastRecipient).where(BroadcastRecipient.id == recipient_id)
    if only_if is not None:
        query = query.where(BroadcastRecipient.state == only_if)
    result = await session.execute(query.values(updated_at=now, **values))
    return result.rowcount == 1


async def mark_in_flight_unknown(session: AsyncSession, broadcast_id: int, now: dt.datetime) -> int:
    """Recipients left `sending` (a request in flight at a crash) become `unknown`; returns how many."""
    result = await session.execute(
        update(BroadcastRecipient)
        .where(
            BroadcastRecipient.broadcast_id == broadcast_id,
            BroadcastRecipient.state == MessageState.SENDING,
        )
        .values(state=MessageState.UNKNOWN, error="in flight at a crash", updated_at=now)
    )
    return result.rowcount
