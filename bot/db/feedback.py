"""Feedback: a reader's 👍 or 👎 on a verdict they were sent, one per chat and verdict, with what a 👎
says is wrong, and the rows `tipline feedback export` writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Feedback, Notice, Request, Tip, Verdict, utcnow
from knowledge.statuses import FeedbackKind, FeedbackReason, FeedbackValue, RequestDecision, TipStatus


async def received_verdict(session: AsyncSession, chat_id: int, verdict_id: int) -> bool:
    """Whether the chat was answered with the verdict (matched, picked, or from the desk)."""
    answered = exists().where(Request.chat_id == chat_id, Request.verdict_id == verdict_id)
    noticed = exists().where(Notice.chat_id == chat_id, Notice.verdict_id == verdict_id)
    return bool(await session.scalar(select(answered | noticed)))


async def answered_request(session: AsyncSession, chat_id: int, verdict_id: int) -> Request | None:
    """The chat's latest message the verdict answered: matched or picked, or through the tip a notice of
    the verdict answered."""
    noticed_tips = select(Notice.tip_id).where(
        Notice.chat_id == chat_id, Notice.verdict_id == verdict_id, Notice.tip_id.is_not(None)
    )
    return await session.scalar(
        select(Request)
        .where(
            Request.chat_id == chat_id,
            or_(Request.verdict_id == verdict_id, Request.tip_id.in_(noticed_tips)),
        )
        .order_by(Request.id.desc())
        .limit(1)
    )


async def feedback_on(session: AsyncSession, chat_id: int, verdict_id: int) -> Feedback | None:
    return await session.scalar(
        select(Feedback).where(Feedback.chat_id == chat_id, Feedback.verdict_id == verdict_id)
    )


async def rate_verdict(
    session: AsyncSession,
    chat_id: int,
    verdict_id: int,
    kind: FeedbackKind,
    value: FeedbackValue,
    lang: str,
    request_id: int | None,
) -> bool:
    """Store the chat's feedback on the verdict, or change it; whether it changed (a new value forgets
    the reason of the old one). The caller commits (a concurrent first press of the same chat fails on
    the unique key, and its update is handled again)."""
    stored = await feedback_on(session, chat_id, verdict_id)
    if stored is None:
        session.add(
            Feedback(
                chat_id=chat_id,
                verdict_id=verdict_id,
                kind=kind,
                value=value,
                lang=lang,
                request_id=request_id,
            )
        )
        await session.flush()
        return True
    if stored.value == value:
        return False
    stored.value, stored.reason, stored.updated_at = value, None, utcnow()
    await session.flush()
    return True


async def disputing_readers(session: AsyncSession, verdict_id: int, phrasing: str) -> int:
    """How many chats pressed 👎 on an automatic answer with the verdict that matched `phrasing`."""
    return (
        await session.scalar(
            select(func.count(func.distinct(Feedback.chat_id)))
            .join(Request, Request.id == Feedback.request_id)
            .where(
                Feedback.verdict_id == verdict_id,
                Feedback.value == FeedbackValue.DOWN,
                Request.decision == RequestDecision.AUTO,
                Request.phrasing == phrasing,
            )
        )
        or 0
    )


@dataclass(frozen=True)
class FeedbackRow:
    """One feedback with the words it rated the answer to, for `tipline feedback export`."""

    id: int
    text: str
    lang: str
    verdict: str
    """The verdict's external id."""
    kind: FeedbackKind
    value: FeedbackValue
    reason: FeedbackReason | None
    decision: str
    score: float | None


async def feedback_rows(session: AsyncSession) -> Sequence[FeedbackRow]:
    """Every feedback whose message's words are still stored, oldest first."""
    rows = await session.execute(
        select(Feedback, Request, Tip.text, Verdict.external_id)
        .join(Request, Request.id == Feedback.request_id)
        .join(Verdict, Verdict.id == Feedback.verdict_id)
        .outerjoin(Tip, Tip.id == Request.tip_id)
        .order_by(Feedback.id)
    )
    found = []
    for feedback, request, tip_text, external_id in rows:
        text = request.text if request.text is not None else tip_text
        if not text:
            continue
        found.append(
            FeedbackRow(
                feedback.id,
                text,
                request.lang,
                external_id,
                FeedbackKind(feedback.kind),
                FeedbackValue(feedback.value),
                FeedbackReason(feedback.reason) if feedback.reason else None,
                request.decision,
                request.score,
            )
        )
    return found


@dataclass(frozen=True)
class DeclinedRow:
    """A post whose reader said none of the verdicts offered answers it, for `tipline feedback export`."""

    request_id: int
    text: str
    lang: str
    verdict: str | None
    """The external id of the verdict the desk answered its tip with, if it did."""
    score: float | None


async def declined_choices(session: AsyncSession) -> Sequence[DeclinedRow]:
    """The posts whose reader pressed "none of these" and rated nothing about them since, oldest first."""
    rated = exists().where(Feedback.request_id == Request.id)
    rows = await session.execute(
        select(Request.id, Request.text, Request.lang, Request.score, Verdict.external_id)
        .join(Tip, Tip.id == Request.tip_id)
        .outerjoin(Verdict, (Verdict.id == Tip.verdict_id) & (Tip.status == TipStatus.ANSWERED))
        .where(
            Request.decision == RequestDecision.CHOOSE,
            Request.verdict_id.is_(None),
            Request.text.is_not(None),
            Tip.status != TipStatus.SUGGESTED,
            ~rated,
        )
        .order_by(Request.id)
    )
    return [DeclinedRow(i, text, lang, verdict, score) for i, text, lang, score, verdict in rows]
