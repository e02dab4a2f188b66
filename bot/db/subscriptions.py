"""The readers who get broadcasts: subscribing, the audience per language, the ones who blocked the bot."""

from __future__ import annotations

from sqlalchemy import ColumnElement, case, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Reader
from knowledge.verdicts import LANGUAGES


def audience_language(default: str) -> ColumnElement[str]:
    """The language a reader gets: theirs when it is one of the eight, else the default."""
    return case((Reader.language.in_(LANGUAGES), Reader.language), else_=literal(default))


def in_audience() -> tuple[ColumnElement[bool], ...]:
    """Subscribed readers who have not blocked the bot."""
    return (Reader.subscribed.is_(True), Reader.active.is_(True))


async def set_subscribed(session: AsyncSession, reader_id: int, subscribed: bool) -> bool:
    """False when the reader already was in that state."""
    changed = await session.execute(
        update(Reader)
        .where(Reader.id == reader_id, Reader.subscribed.is_(not subscribed))
        .values(subscribed=subscribed)
    )
    return bool(changed.rowcount)


async def audience_sizes(session: AsyncSession, default_language: str) -> list[tuple[str, int]]:
    """How many readers would get a broadcast, per language they would get it in."""
    lang = audience_language(default_language)
    rows = await session.execute(select(lang, func.count()).where(*in_audience()).group_by(lang))
    return [(code, n) for code, n in rows.all()]


async def language_of_chat(session: AsyncSession, chat_id: int) -> str | None:
    return await session.scalar(select(Reader.language).where(Reader.chat_id == chat_id))
