"""What a reader does besides sending posts: choosing the interface language, being answered in the
language they write in, and each answer recorded as given once it is in the update's unit of work (their
👍 / 👎: bot/services/feedback.py)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import readers as stored
from bot.db.models import Reader
from bot.db.requests import mark_answered
from knowledge.verdicts import LANGUAGES


async def choose_interface_language(session: AsyncSession, reader_id: int, code: str) -> None:
    """/language: the chosen language is the reader's until they choose again; the caller commits."""
    await stored.choose_language(session, reader_id, code)


async def answer_language(
    session: AsyncSession, reader: Reader, post_lang: str, app_language_spoken: bool
) -> str | None:
    """The language to answer in when it is not the reader's current one: a reader whose Telegram app
    sent no language the bot speaks, and who did not choose one with /language, is answered in the
    language their post is written in, which becomes theirs. None: keep the reader's."""
    if reader.language_chosen or app_language_spoken or post_lang not in LANGUAGES:
        return None
    if post_lang == reader.language:
        return None
    await stored.adopt_language(session, reader, post_lang)
    return post_lang


async def answer_given(session: AsyncSession, request_id: int) -> None:
    """The answer to a request is in the update's unit of work: it counts as given once that commits."""
    await mark_answered(session, request_id)
