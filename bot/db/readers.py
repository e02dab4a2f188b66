"""Queries on readers: their interface language."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Reader


async def reader_by_id(session: AsyncSession, reader_id: int) -> Reader | None:
    return await session.get(Reader, reader_id)


async def choose_language(session: AsyncSession, reader_id: int, code: str) -> None:
    """The reader chose their language (/language): it is theirs until they choose again."""
    await session.execute(
        update(Reader).where(Reader.id == reader_id).values(language=code, language_chosen=True)
    )


async def adopt_language(session: AsyncSession, reader: Reader, code: str) -> None:
    """The language the reader writes in becomes theirs, unless they have chosen one meanwhile."""
    await session.execute(
        update(Reader).where(Reader.id == reader.id, Reader.language_chosen.is_(False)).values(language=code)
    )
    reader.language = code
