"""Readers' requests (one per message they sent) and the tips they start or join: found by message, by
fingerprint (knowledge/posts.py), their demand counted in the database."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import InboxUpdate, Request, Tip, utcnow
from knowledge.posts import Post, fingerprint
from knowledge.statuses import TipStatus


async def request_for(session: AsyncSession, chat_id: int, message_id: int) -> Request | None:
    """The request stored for a reader's message (unique per chat and message)."""
    return await session.scalar(
        select(Request).where(Request.chat_id == chat_id, Request.message_id == message_id)
    )


async def first_stored(session: AsyncSession, chat_id: int, message_ids: Sequence[int]) -> int | None:
    """Of these messages of a chat, the one stored as a request first (an album's post)."""
    return await session.scalar(
        select(Request.message_id)
        .where(Request.chat_id == chat_id, Request.message_id.in_(list(message_ids)))
        .order_by(Request.id)
        .limit(1)
    )


async def chat_updates(session: AsyncSession, chat_id: int) -> list[dict]:
    """The payloads of a chat's updates in the inbox, oldest first (where an album's parts are)."""
    rows = await session.scalars(
        select(InboxUpdate.payload).where(InboxUpdate.chat_id == chat_id).order_by(InboxUpdate.update_id)
    )
    return list(rows)


async def asked_before(session: AsyncSession, tip_id: int, reader_id: int) -> bool:
    """Whether the reader has a request for this tip already."""
    found = await session.scalar(
        select(Request.id).where(Request.tip_id == tip_id, Request.reader_id == reader_id).limit(1)
    )
    return found is not None


async def mark_answered(session: AsyncSession, request_id: int) -> None:
    """The answer is in the update's unit of work (bot/telegram/outbox.py): it leaves once that commits."""
    await session.execute(
        update(Request)
        .where(Request.id == request_id, Request.answered_at.is_(None))
        .values(answered_at=utcnow())
    )


async def add_tip(session: AsyncSession, post: Post, lang: str, status: TipStatus) -> Tip:
    """A new tip of the post's words and payload, flushed (it has its reference number)."""
    tip = Tip(
        text=post.text, fingerprint=fingerprint(post), payload=dict(post.payload), lang=lang, status=status
    )
    session.add(tip)
    await session.flush()
    return tip


async def open_tip_like(session: AsyncSession, post: Post) -> Tip | None:
    """The oldest open (queued) tip with the post's fingerprint."""
    return await session.scalar(
        select(Tip)
        .where(Tip.fingerprint == fingerprint(post), Tip.status == TipStatus.QUEUED)
        .order_by(Tip.id)
        .limit(1)
    )


async def count_demand(session: AsyncSession, tip: Tip) -> None:
    """One more reader asked for `tip`, counted in the database (replicas may count at the same time)."""
    await session.execute(update(Tip).where(Tip.id == tip.id).values(demand=Tip.demand + 1))
    await session.refresh(tip, ["demand"])


async def join_tip(session: AsyncSession, tip: Tip, reader_id: int) -> None:
    """The reader asks for an open tip: its demand counts them once, and it was seen now."""
    if not await asked_before(session, tip.id, reader_id):
        await count_demand(session, tip)
    tip.last_seen_at = utcnow()


async def leave_tip(session: AsyncSession, tip_id: int, reader_id: int) -> None:
    """A reader's message no longer asks for the tip: their demand leaves it unless another of their
    messages asks it too."""
    if not await asked_before(session, tip_id, reader_id):
        await session.execute(
            update(Tip).where(Tip.id == tip_id, Tip.demand > 0).values(demand=Tip.demand - 1)
        )
