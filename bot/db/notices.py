"""Notices: a verdict or a correction sent to a reader's chat from the desk, each recorded once."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from sqlalchemy import Row, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Notice, Reader, Request, utcnow
from knowledge.statuses import RequestDecision


class NoticeKind(StrEnum):
    VERDICT = "verdict"
    """The desk's answer to a reader's tip."""
    CORRECTION = "correction"
    """A verdict the reader received was corrected."""


async def verdict_readers(session: AsyncSession, verdict_id: int) -> list[Row]:
    """(chat_id, language) of readers who received a verdict: by matching, by their own choice, or from
    the desk (a sent notice)."""
    matched = (
        await session.execute(
            select(Request.chat_id, Reader.language)
            .join(Reader, Reader.id == Request.reader_id)
            .where(
                Request.verdict_id == verdict_id,
                Request.decision.in_((RequestDecision.AUTO, RequestDecision.CHOOSE)),
                Request.answered_at.is_not(None),
            )
        )
    ).all()
    notified = (
        await session.execute(
            select(Notice.chat_id, Reader.language)
            .join(Reader, Reader.chat_id == Notice.chat_id)
            .where(
                Notice.verdict_id == verdict_id,
                Notice.kind == NoticeKind.VERDICT,
                Notice.sent_at.is_not(None),
            )
        )
    ).all()
    return [*matched, *notified]


async def noticed_chats(session: AsyncSession, verdict_id: int, kind: NoticeKind, revision: int) -> set[int]:
    """Chats a notice of that verdict, kind and revision is recorded for (sent or not)."""
    query = select(Notice.chat_id).where(
        Notice.verdict_id == verdict_id, Notice.kind == kind, Notice.revision == revision
    )
    return set((await session.scalars(query)).all())


def add_notices(session: AsyncSession, notices: Sequence[Notice]) -> None:
    session.add_all(notices)


async def mark_notice_sent(session: AsyncSession, notice_id: int) -> None:
    await session.execute(update(Notice).where(Notice.id == notice_id).values(sent_at=utcnow()))


async def notified_readers_count(session: AsyncSession) -> int:
    """Chats that received at least one verdict from the desk."""
    query = select(func.count(func.distinct(Notice.chat_id))).where(
        Notice.kind == NoticeKind.VERDICT, Notice.sent_at.is_not(None)
    )
    return await session.scalar(query) or 0
