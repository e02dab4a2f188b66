"""What readers say back about the verdicts they were sent: 👍 / 👎, what a 👎 says is wrong, the post
sent to the checkers as a possible wrong match (a note may follow: bot/services/notes.py), and the
learnt phrasings readers disputed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.feedback import answered_request, disputing_readers, feedback_on, rate_verdict, received_verdict
from bot.db.models import Reader, Request, Tip
from bot.db.requests import add_tip, join_tip, open_tip_like
from bot.services.knowledge_base import KnowledgeBase
from bot.services.notes import expect_note
from knowledge.posts import Post
from knowledge.statuses import (
    FeedbackKind,
    FeedbackReason,
    FeedbackValue,
    NoteKind,
    RequestDecision,
    TipStatus,
)

DISPUTES_TO_STOP = 2
"""Readers whose 👎 on an automatic answer through a learnt phrasing stop it answering automatically."""


class Rating(StrEnum):
    REFUSED = "refused"
    """The chat was never sent the verdict (a crafted or foreign button): nothing stored."""
    STORED = "stored"
    UNCHANGED = "unchanged"
    """The same press as before."""


async def rate_answer(
    session: AsyncSession,
    kb: KnowledgeBase,
    reader: Reader,
    verdict_id: int,
    kind: FeedbackKind,
    value: FeedbackValue,
) -> Rating:
    """The reader's 👍 or 👎 on a verdict, stored once (a second press changes it). A learnt phrasing
    whose automatic answers DISPUTES_TO_STOP readers rated 👎 stops answering automatically. The caller
    commits."""
    if not await received_verdict(session, reader.chat_id, verdict_id):
        return Rating.REFUSED
    request = await answered_request(session, reader.chat_id, verdict_id)
    request_id = request.id if request is not None else None
    if not await rate_verdict(session, reader.chat_id, verdict_id, kind, value, reader.language, request_id):
        return Rating.UNCHANGED
    through = request.phrasing if request is not None and request.decision == RequestDecision.AUTO else None
    if value == FeedbackValue.DOWN and through:
        if await disputing_readers(session, verdict_id, through) >= DISPUTES_TO_STOP:
            await kb.dispute_phrasing(session, verdict_id, through)
    return Rating.STORED


async def explain_down(
    session: AsyncSession, reader: Reader, verdict_id: int, reason: FeedbackReason
) -> bool:
    """What the reader's 👎 on the verdict says is wrong; False, and nothing stored, without one."""
    feedback = await feedback_on(session, reader.chat_id, verdict_id)
    if feedback is None or feedback.value != FeedbackValue.DOWN:
        return False
    feedback.reason = reason
    return True


@dataclass(frozen=True)
class Disputed:
    """The tip a 👎 sent to the checkers; `new`: sent by this press (the card is to be shown)."""

    tip_id: int
    new: bool


async def _post_of(session: AsyncSession, request: Request) -> tuple[Post, str] | None:
    """The words and payload of the reader's message, and its language."""
    if request.text is not None:
        return Post(
            request.chat_id, request.message_id, request.text, payload=request.payload or {}
        ), request.lang
    tip = await session.get(Tip, request.tip_id) if request.tip_id else None
    if tip is None:
        return None
    return Post(request.chat_id, request.message_id, tip.text, payload=tip.payload or {}), tip.lang


async def send_to_desk(session: AsyncSession, reader: Reader, verdict_id: int) -> Disputed | None:
    """The message the reader's 👎 is about, queued for the checkers flagged as a possible wrong match of
    the verdict (with its score and how it reached the reader); the reader hears from the desk like any
    tip's. Once per 👎: a second press gives the same tip. None without a 👎 or the message's words (the
    reader erased them). The caller commits."""
    feedback = await feedback_on(session, reader.chat_id, verdict_id)
    if feedback is None or feedback.value != FeedbackValue.DOWN or feedback.request_id is None:
        return None
    if feedback.tip_id is not None:
        return Disputed(feedback.tip_id, new=False)
    request = await session.get(Request, feedback.request_id)
    found = await _post_of(session, request) if request is not None else None
    if found is None:
        return None
    post, lang = found
    tip = await open_tip_like(session, post)
    if tip is None:
        tip = await add_tip(session, post, lang, TipStatus.QUEUED)
    else:
        await join_tip(session, tip, reader.id)
    if "disputed" not in (tip.payload or {}):
        flag = {
            "verdict": verdict_id,
            "score": request.score,
            "kind": feedback.kind,
            "reason": feedback.reason,
        }
        tip.payload = {**(tip.payload or {}), "disputed": flag}
    request.tip_id = feedback.tip_id = tip.id
    await expect_note(session, reader, tip.id, NoteKind.DISPUTE)
    return Disputed(tip.id, new=True)
