"""The counts the metrics read from the database at each scrape (bot/telegram/metrics.py), so every
replica reports the same queue and broadcast progress."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.figures import feedback_counts, returning_readers, status_messages_count
from bot.db.inbox import count_failed
from bot.db.models import Broadcast, BroadcastRecipient, Tip, Verdict, utcnow
from bot.db.partners import partner_figures
from bot.db.readers import RETURN_WINDOW
from knowledge.statuses import BroadcastStatus, TipStatus


@dataclass(frozen=True)
class Gauges:
    open_queue: int
    """Tips waiting for the checkers."""
    failed_updates: int
    broadcasts_sending: int
    recipients: dict[str, int] = field(default_factory=dict)
    """The recipients of the broadcasts being sent, by state."""
    feedback: list[tuple[str, str, str, int]] = field(default_factory=list)
    """(language, kind, value, count) of the readers' ratings."""
    status_messages: dict[str, int] = field(default_factory=dict)
    returning: tuple[int, int] = (0, 0)
    """Readers first seen 30 or more days ago who came back within 30 days, and all of them."""
    partners: list[tuple[str, int, int, int]] = field(default_factory=list)
    """(name, verdicts, failed syncs, malformed records skipped) of each partner."""


async def read_gauges(session: AsyncSession) -> Gauges:
    open_queue = await session.scalar(
        select(func.count()).select_from(Tip).where(Tip.status == TipStatus.QUEUED)
    )
    sending = select(Broadcast.id).where(Broadcast.status == BroadcastStatus.SENDING)
    broadcasts = await session.scalar(select(func.count()).select_from(sending.subquery()))
    rows = await session.execute(
        select(BroadcastRecipient.state, func.count())
        .where(BroadcastRecipient.broadcast_id.in_(sending))
        .group_by(BroadcastRecipient.state)
    )
    return Gauges(
        open_queue,
        await count_failed(session),
        broadcasts,
        dict(rows.all()),
        await feedback_counts(session),
        await status_messages_count(session),
        await returning_readers(session, RETURN_WINDOW, utcnow()),
        await partner_figures(session),
    )


async def count_verdicts(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Verdict)))
