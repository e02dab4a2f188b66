"""A reader picks one of the verdicts offered to them, or none of them (which queues their tip)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence import move_tip, origins_answered
from bot.db.models import Reader, Request, Tip, utcnow
from bot.db.requests import join_tip, open_tip_like
from bot.services.knowledge_base import KnowledgeBase
from bot.services.posts import Clusters, cluster_of
from knowledge.matching import LEARNT
from knowledge.posts import AnswerKind, Post, PostOutcome, learnable
from knowledge.statuses import RequestDecision, TipStatus
from knowledge.verdicts import ClaimText


async def resolve_choice(
    kb: KnowledgeBase,
    reader: Reader,
    request_id: int,
    verdict_id: int | None,
    clusters: Clusters | None = None,
) -> PostOutcome:
    """The reader picked one of the offered verdicts, or none of them (which queues the tip)."""
    async with kb.sessionmaker() as session:
        request = await session.get(Request, request_id)
        if request is None or request.reader_id != reader.id or request.decision != RequestDecision.CHOOSE:
            return PostOutcome(AnswerKind.EXPIRED)
        tip = await session.get(Tip, request.tip_id) if request.tip_id else None
        if tip is None or tip.status != TipStatus.SUGGESTED:
            return PostOutcome(AnswerKind.EXPIRED, request.id)
        if verdict_id is not None and verdict_id not in request.options:
            return PostOutcome(AnswerKind.EXPIRED, request.id)
        learnt = None
        if verdict_id is None:
            tip = await _queue_choice(session, reader, request, tip, clusters)
            outcome = PostOutcome(AnswerKind.QUEUED, request.id, tip_id=tip.id)
        else:
            tip.status, tip.verdict_id, request.verdict_id = TipStatus.ANSWERED, verdict_id, verdict_id
            await origins_answered(session, tip.id, verdict_id)
            outcome = PostOutcome(AnswerKind.CARD, request.id, (verdict_id,))
            if learnable(tip.text):
                learnt = ClaimText(tip.lang, tip.text, LEARNT)
        request.answered_at = utcnow()
        await session.commit()
    if learnt is not None:
        await kb.add_phrasing(verdict_id, learnt)
    return outcome


async def _queue_choice(
    session: AsyncSession, reader: Reader, request: Request, tip: Tip, clusters: Clusters | None
) -> Tip:
    """None of the offered verdicts: the suggested tip joins the open tip of the same claim (which takes
    its signals) or is queued itself; the request points at it."""
    post = Post(request.chat_id, request.message_id, tip.text, payload=tip.payload)
    open_tip = await open_tip_like(session, post)
    if open_tip is None:
        open_tip = await cluster_of(session, clusters, tip.text, tip.lang)
    if open_tip is not None:
        await join_tip(session, open_tip, reader.id)
        await move_tip(session, tip.id, open_tip.id)
        await session.delete(tip)
        tip = open_tip
    else:
        tip.status = TipStatus.QUEUED
    request.tip_id = tip.id
    return tip
