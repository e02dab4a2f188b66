"""Queries on readers, the people who write to the bot in private chats: who they are, whether they still
read us, their interface language."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Reader, as_utc, utcnow

SEEN_PRECISION = dt.timedelta(minutes=1)
"""How far a reader's last_seen_at may lag behind their latest message."""
RETURN_AFTER = dt.timedelta(days=1)
RETURN_WINDOW = dt.timedelta(days=30)
"""A reader who writes again RETURN_AFTER or more after their first contact, and within RETURN_WINDOW of
it, came back (`returned_at`)."""


async def reader_by_chat(session: AsyncSession, chat_id: int) -> Reader | None:
    """The reader of a private chat, if they have written before."""
    return await session.scalar(select(Reader).where(Reader.chat_id == chat_id))


async def reader_by_id(session: AsyncSession, reader_id: int) -> Reader | None:
    return await session.get(Reader, reader_id)


async def mark_inactive(session: AsyncSession, chat_id: int) -> None:
    """The reader blocked the bot (a send answered 403); the caller commits."""
    await session.execute(update(Reader).where(Reader.chat_id == chat_id).values(active=False))


async def reader_seen(
    session: AsyncSession,
    chat_id: int,
    user_id: int | None,
    language: str,
    name: str | None = None,
    username: str | None = None,
) -> Reader:
    """The reader of a private chat who just wrote, created on first contact with `language` (a
    concurrent first contact is found, not doubled); committed."""
    reader = await reader_by_chat(session, chat_id)
    if reader is None:
        reader = Reader(chat_id=chat_id, user_id=user_id, language=language, name=name, username=username)
        session.add(reader)
        try:
            await session.commit()
            return reader
        except IntegrityError:
            await session.rollback()
            reader = await reader_by_chat(session, chat_id)
    now = utcnow()
    if (reader.name, reader.username, reader.active) == (name, username, True) and as_utc(
        reader.last_seen_at
    ) > now - SEEN_PRECISION:
        return reader  # a reader forwarding several posts in a row costs one write, not one each
    reader.last_seen_at = now
    if reader.returned_at is None and RETURN_AFTER <= now - as_utc(reader.created_at) <= RETURN_WINDOW:
        reader.returned_at = now
    reader.name, reader.username = name, username
    reader.active = True  # a reader who writes has not blocked the bot (any more)
    await session.commit()
    return reader


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
