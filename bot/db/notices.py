"""Notices: a verdict or a correction sent to a reader's chat from the desk, each recorded once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from sqlalchemy import ColumnElement, Row, and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import BlockedReader, Notice, Reader, Request, StatusNotice, Tip, utcnow
from knowledge.statuses import RequestDecision, TipStatus


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


def _untold(kind: str) -> ColumnElement[bool]:
    """A request whose reader can be told and was not told `kind` about its tip yet (joined to Reader):
    not blocked by the desk, not blocking the bot."""
    told = select(StatusNotice.id).where(
        StatusNotice.tip_id == Request.tip_id,
        StatusNotice.chat_id == Request.chat_id,
        StatusNotice.kind == kind,
    )
    return and_(
        Reader.active.is_(True),
        ~told.exists(),
        Request.chat_id.not_in(select(BlockedReader.chat_id)),
    )


async def status_readers(session: AsyncSession, tip_id: int, kind: str) -> list[Row]:
    """(chat_id, language) of the tip's readers to tell `kind` (`_untold`), once each, in the order they
    came."""
    query = (
        select(Request.chat_id, Reader.language)
        .join(Reader, Reader.id == Request.reader_id)
        .where(Request.tip_id == tip_id, _untold(kind))
        .order_by(Request.id)
    )
    first: dict[int, Row] = {}
    for row in (await session.execute(query)).all():
        first.setdefault(row.chat_id, row)
    return list(first.values())


async def was_told(session: AsyncSession, tip_id: int, chat_id: int, kind: str) -> bool:
    """Whether the chat was told `kind` about the tip."""
    found = await session.scalar(
        select(StatusNotice.id).where(
            StatusNotice.tip_id == tip_id, StatusNotice.chat_id == chat_id, StatusNotice.kind == kind
        )
    )
    return found is not None


def add_status_notices(session: AsyncSession, tip_id: int, kind: str, chat_ids: Sequence[int]) -> None:
    """Record that these chats are told `kind` about the tip; the caller commits with the messages."""
    session.add_all(StatusNotice(tip_id=tip_id, chat_id=chat_id, kind=kind) for chat_id in chat_ids)


async def tips_waiting(session: AsyncSession, since: dt.datetime, until: dt.datetime, kind: str) -> list[int]:
    """The queued tips that came between `since` and `until` and have a reader to tell `kind`, oldest
    first."""
    query = (
        select(Tip.id)
        .join(Request, Request.tip_id == Tip.id)
        .join(Reader, Reader.id == Request.reader_id)
        .where(
            Tip.status == TipStatus.QUEUED,
            Tip.first_seen_at >= since,
            Tip.first_seen_at < until,
            _untold(kind),
        )
        .group_by(Tip.id)
        .order_by(Tip.id)
    )
    return list((await session.scalars(query)).all())
