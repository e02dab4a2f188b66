"""Queries on tips: the desk's queue, its cards, the clusters' catch-up and the readers behind a tip."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Reader, Request, Tip
from knowledge.statuses import TipStatus


async def tip_by_id(session: AsyncSession, tip_id: int) -> Tip | None:
    return await session.get(Tip, tip_id)


async def tip_by_card(session: AsyncSession, message_id: int) -> Tip | None:
    """The tip whose card is that message of the checkers' chat."""
    return await session.scalar(select(Tip).where(Tip.card_message_id == message_id))


async def open_tips(session: AsyncSession, lang: str | None, limit: int) -> list[Tip]:
    """Open clusters, the most asked first, then the most recent."""
    query = select(Tip).where(Tip.status == TipStatus.QUEUED)
    if lang:
        query = query.where(Tip.lang == lang)
    query = query.order_by(Tip.demand.desc(), Tip.last_seen_at.desc(), Tip.id.desc()).limit(limit)
    return list((await session.scalars(query)).all())


async def open_tip_ids_after(session: AsyncSession, after: int) -> list[int]:
    query = select(Tip.id).where(Tip.status == TipStatus.QUEUED, Tip.id > after)
    return list((await session.scalars(query)).all())


async def tip_texts(session: AsyncSession, tip_ids: Sequence[int]) -> Sequence[Row]:
    """(id, text, lang) of the tips."""
    return (await session.execute(select(Tip.id, Tip.text, Tip.lang).where(Tip.id.in_(tip_ids)))).all()


async def card_message_id(session: AsyncSession, tip_id: int, lock: bool = False) -> int | None:
    """The tip's card in the checkers' chat; with `lock`, the tip's row is held until the session ends
    (SELECT ... FOR UPDATE), so one process at a time posts or edits the card."""
    query = select(Tip.card_message_id).where(Tip.id == tip_id)
    return await session.scalar(query.with_for_update() if lock else query)


async def set_card_message_id(session: AsyncSession, tip_id: int, message_id: int) -> None:
    await session.execute(update(Tip).where(Tip.id == tip_id).values(card_message_id=message_id))


async def tip_readers(session: AsyncSession, tip_id: int) -> Sequence[Row]:
    """(chat_id, language) of every request of the tip, in the order they came."""
    query = (
        select(Request.chat_id, Reader.language)
        .join(Reader, Reader.id == Request.reader_id)
        .where(Request.tip_id == tip_id)
        .order_by(Request.id)
    )
    return (await session.execute(query)).all()


async def answer_tip_requests(session: AsyncSession, tip_id: int, verdict_id: int) -> None:
    """The tip's requests not answered yet are answered by the verdict."""
    await session.execute(
        update(Request)
        .where(Request.tip_id == tip_id, Request.verdict_id.is_(None))
        .values(verdict_id=verdict_id)
    )


SEARCHED = 5000
"""/find looks among this many of the latest tips."""


async def tips_saying(session: AsyncSession, words: Sequence[str], limit: int) -> list[Tip]:
    """The latest tips (not choices still being made) whose text has every one of `words`, in any
    case, the newest first. Compared here rather than in SQL: SQLite folds the case of ASCII only."""
    folded = [word.casefold() for word in words]
    latest = (
        select(Tip.id, Tip.text)
        .where(Tip.status != TipStatus.SUGGESTED)
        .order_by(Tip.id.desc())
        .limit(SEARCHED)
    )
    rows = (await session.execute(latest)).all()
    ids = [row.id for row in rows if all(w in row.text.casefold() for w in folded)][:limit]
    if not ids:
        return []
    tips = (await session.scalars(select(Tip).where(Tip.id.in_(ids)).order_by(Tip.id.desc()))).all()
    return list(tips)
