"""Readers' subscriptions to broadcasts, and the audience they make."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import subscriptions as db


async def set_subscription(session: AsyncSession, reader_id: int, subscribed: bool) -> bool:
    """Subscribe or unsubscribe a reader; False when they already were in that state. The caller commits."""
    return await db.set_subscribed(session, reader_id, subscribed)


async def audience(session: AsyncSession, default_language: str) -> dict[str, int]:
    """Subscribed, active readers per language they would get the broadcast in; the largest first."""
    sizes = await db.audience_sizes(session, default_language)
    return dict(sorted(sizes, key=lambda item: (-item[1], item[0])))
