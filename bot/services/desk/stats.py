"""The figures editors see (/stats, `tipline stats`): what came in, what the bot answered alone, the
queue, how long the desk takes, what readers said of the answers, the status messages sent, how many
readers come back, and the health of the inbox and the outbox."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.figures import (
    answer_spans,
    failed_updates_count,
    feedback_counts,
    open_tips_by_language,
    requests_count,
    returning_readers,
    status_messages_count,
    unknown_messages_count,
)
from bot.db.models import as_utc, utcnow
from bot.db.notices import notified_readers_count
from bot.db.readers import RETURN_WINDOW
from knowledge.statuses import FeedbackValue, RequestDecision


@dataclass(frozen=True)
class Ratings:
    """👍 and 👎 counted together."""

    up: int = 0
    down: int = 0

    @property
    def count(self) -> int:
        return self.up + self.down

    @property
    def up_rate(self) -> float:
        return self.up / self.count if self.count else 0.0

    @property
    def down_rate(self) -> float:
        return self.down / self.count if self.count else 0.0

    def __add__(self, other: Ratings) -> Ratings:
        return Ratings(self.up + other.up, self.down + other.down)

    def as_json(self) -> dict:
        return {
            "count": self.count,
            "up": self.up,
            "down": self.down,
            "up_rate": round(self.up_rate, 4),
            "down_rate": round(self.down_rate, 4),
        }


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
    feedback_by_lang: dict[str, Ratings] = field(default_factory=dict)
    feedback_by_kind: dict[str, Ratings] = field(default_factory=dict)
    """By how the rated verdict reached the reader (a FeedbackKind)."""
    status_messages: dict[str, int] = field(default_factory=dict)
    """Status messages sent, by TipProgress."""
    returned: int = 0
    returnable: int = 0
    """Readers whose first contact is 30 days old or more (RETURN_WINDOW); `returned` of them wrote again
    within those 30 days."""

    @property
    def auto_share(self) -> float:
        return self.auto / self.received if self.received else 0.0

    @property
    def feedback(self) -> Ratings:
        return sum(self.feedback_by_kind.values(), Ratings())

    @property
    def return_share(self) -> float | None:
        return self.returned / self.returnable if self.returnable else None

    def as_json(self) -> dict:
        """`tipline stats --json`."""
        return {
            "received": self.received,
            "auto": self.auto,
            "auto_share": round(self.auto_share, 4),
            "queue": self.queue,
            "median_minutes_to_verdict": self.median_minutes,
            "notified": self.notified,
            "feedback": {
                **self.feedback.as_json(),
                "by_lang": {lang: r.as_json() for lang, r in sorted(self.feedback_by_lang.items())},
                "by_kind": {kind: r.as_json() for kind, r in sorted(self.feedback_by_kind.items())},
            },
            "status_messages": dict(sorted(self.status_messages.items())),
            "returning_readers": {
                "days": RETURN_WINDOW.days,
                "returned": self.returned,
                "readers": self.returnable,
                "share": round(self.return_share, 4) if self.return_share is not None else None,
            },
            "failed_updates": self.failed_updates,
            "unknown_messages": self.unknown_messages,
        }


def ratings_by(rows: list[tuple[str, str, str, int]], index: int) -> dict[str, Ratings]:
    """Feedback counts (language, kind, value, count) summed by the language (0) or the kind (1)."""
    found: dict[str, Ratings] = {}
    for row in rows:
        key, value, count = row[index], row[2], row[3]
        one = Ratings(up=count) if value == FeedbackValue.UP else Ratings(down=count)
        found[key] = found.get(key, Ratings()) + one
    return found


async def desk_stats(session: AsyncSession) -> Stats:
    spans = await answer_spans(session)
    minutes = [(as_utc(r.resolved_at) - as_utc(r.first_seen_at)).total_seconds() / 60 for r in spans]
    feedback = await feedback_counts(session)
    returned, returnable = await returning_readers(session, RETURN_WINDOW, utcnow())
    return Stats(
        received=await requests_count(session),
        auto=await requests_count(session, RequestDecision.AUTO),
        queue=await open_tips_by_language(session),
        median_minutes=statistics.median(minutes) if minutes else None,
        notified=await notified_readers_count(session),
        failed_updates=await failed_updates_count(session),
        unknown_messages=await unknown_messages_count(session),
        feedback_by_lang=ratings_by(feedback, 0),
        feedback_by_kind=ratings_by(feedback, 1),
        status_messages=await status_messages_count(session),
        returned=returned,
        returnable=returnable,
    )
