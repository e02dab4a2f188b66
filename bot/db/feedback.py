"""Feedback: a reader's 👍 or 👎 on a verdict they were sent, one per chat and verdict."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Feedback, Notice, Request, utcnow
from knowledge.statuses import FeedbackKind, FeedbackValue


async def received_verdict(session: AsyncSession, chat_id: int, verdict_id: int) -> bool:
    """Whether the chat was answered with the verdict (matched, picked, or from the desk)."""
    answered = exists().where(Request.chat_id == chat_id, Request.verdict_id == verdict_id)
    noticed = exists().where(Notice.chat_id == chat_id, Notice.verdict_id == verdict_id)
    return bool(await session.scalar(select(answered | noticed)))


async def rate_verdict(
    session: AsyncSession, chat_id: int, verdict_id: int, kind: FeedbackKind, value: FeedbackValue, lang: str
) -> None:
    """Store the chat's feedback on the verdict, or change it. The caller commits (a concurrent first
    press of the same chat fails on the unique key, and its update is handled again)."""
    stored = await session.scalar(
        select(Feedback).where(Feedback.chat_id == chat_id, Feedback.verdict_id == verdict_id)
    )
    if stored is None:
        session.add(Feedback(chat_id=chat_id, verdict_id=verdict_id, kind=kind, value=value, lang=lang))
    elif stored.value != value:
        stored.value, stored.updated_at = value, utcnow()
