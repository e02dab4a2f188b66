"""The counts behind the figures editors see (/stats)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import InboxUpdate, OutboxMessage, Request, Tip
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
