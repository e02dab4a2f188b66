"""The counts behind the figures editors see (/stats, `tipline stats`, the metrics' gauges)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Feedback, InboxUpdate, OutboxMessage, Reader, Request, StatusNotice, Tip
from knowledge.statuses import MessageState, RequestDecision, TipStatus


async def requests_count(session: AsyncSession, decision: RequestDecision | None = None) -> int:
    """Requests with that decision; without one, every request with something to check."""
    query = select(func.count()).select_from(Request)
    if decision is None:
        query = query.where(Request.decision != RequestDecision.NOTHING)
    else:
        query = query.where(Request.decision == decision)
    return await session.scalar(query) or 0


async def open_tips_by_language(session: AsyncSession) -> dict[str, int]:
    query = (
        select(Tip.lang, func.count())
        .where(Tip.status == TipStatus.QUEUED)
        .group_by(Tip.lang)
        .order_by(Tip.lang)
    )
    return dict((await session.execute(query)).all())


async def answer_spans(session: AsyncSession) -> Sequence[Row]:
    """(first_seen_at, resolved_at) of every answered tip."""
    query = select(Tip.first_seen_at, Tip.resolved_at).where(
        Tip.status == TipStatus.ANSWERED, Tip.resolved_at.is_not(None)
    )
    return (await session.execute(query)).all()


async def failed_updates_count(session: AsyncSession) -> int:
    query = (
        select(func.count())
        .select_from(InboxUpdate)
        .where(InboxUpdate.failed_at.is_not(None), InboxUpdate.handled_at.is_(None))
    )
    return await session.scalar(query) or 0


async def unknown_messages_count(session: AsyncSession) -> int:
    """Outbox messages that may or may not have arrived."""
    query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.state == MessageState.UNKNOWN)
    return await session.scalar(query) or 0


async def feedback_counts(session: AsyncSession) -> list[tuple[str, str, str, int]]:
    """(language, kind, value, count) of the stored feedback."""
    query = select(Feedback.lang, Feedback.kind, Feedback.value, func.count()).group_by(
        Feedback.lang, Feedback.kind, Feedback.value
    )
    return [tuple(row) for row in (await session.execute(query)).all()]


async def status_messages_count(session: AsyncSession) -> dict[str, int]:
    """Status messages sent (one per tip, reader and kind), by kind."""
    query = select(StatusNotice.kind, func.count()).group_by(StatusNotice.kind)
    return dict((await session.execute(query)).all())


async def returning_readers(session: AsyncSession, window: dt.timedelta, now: dt.datetime) -> tuple[int, int]:
    """Of the readers whose first contact is `window` old or more, how many came back within it, and how
    many there are."""
    old_enough = Reader.created_at <= now - window
    eligible = await session.scalar(select(func.count()).select_from(Reader).where(old_enough)) or 0
    returned = await session.scalar(
        select(func.count()).select_from(Reader).where(old_enough, Reader.returned_at.is_not(None))
    )
    return returned or 0, eligible
