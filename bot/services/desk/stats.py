"""The figures editors see (/stats): what came in, what the bot answered alone, the queue, how long
the desk takes, and the health of the inbox and the outbox."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.figures import (
    answer_spans,
    failed_updates_count,
    open_tips_by_language,
    requests_count,
    unknown_messages_count,
)
from bot.db.models import as_utc
from bot.db.notices import notified_readers_count
from knowledge.statuses import RequestDecision


@dataclass
class Stats:
    received: int
    auto: int
    queue: dict[str, int]
    median_minutes: float | None
    notified: int
    failed_updates: int = 0
    """Inbox updates kept as failed after their last attempt (`tipline inbox failed`)."""
    unknown_messages: int = 0
    """Outbox messages that may or may not have arrived (in flight at a crash, or cut after they left)."""

    @property
    def auto_share(self) -> float:
        return self.auto / self.received if self.received else 0.0


async def desk_stats(session: AsyncSession) -> Stats:
    spans = await answer_spans(session)
    minutes = [(as_utc(r.resolved_at) - as_utc(r.first_seen_at)).total_seconds() / 60 for r in spans]
    return Stats(
        received=await requests_count(session),
        auto=await requests_count(session, RequestDecision.AUTO),
        queue=await open_tips_by_language(session),
        median_minutes=statistics.median(minutes) if minutes else None,
        notified=await notified_readers_count(session),
        failed_updates=await failed_updates_count(session),
        unknown_messages=await unknown_messages_count(session),
    )
