"""The reader pipeline: what happens to a post a reader sends, independent of Telegram."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.kb import KnowledgeBase
from bot.models import Reader, Request, Tip, utcnow
from knowledge.language import detect_language
from knowledge.matching import Decision, Match
from knowledge.normalise import matching_key
from knowledge.verdicts import ClaimText

MAX_LEARNT_PHRASING = 600
"""Longer tips are not learnt as phrasings: they are posts, not claims."""


@dataclass(frozen=True)
class Post:
    """A message a reader sent: its text (or caption) and what came with it."""

    chat_id: int
    message_id: int
    text: str
    media: str | None = None
    payload: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Assessment:
    lang: str
    decision: Decision
    checkable: bool
    """False when the post has neither letters nor media: nothing to check."""
    ranked: tuple[Match, ...] = ()


@dataclass(frozen=True)
class Outcome:
    kind: Literal["card", "choose", "queued", "nothing", "expired"]
    request_id: int | None = None
    verdict_ids: tuple[int, ...] = ()
    tip_id: int | None = None
    media: bool = False
    repeated: bool = False
    """The same message was handled before (a redelivery)."""
    answered: bool = False
    """...and its answer has already been sent."""


class Clusters(Protocol):
    """Finds the open tip a new one is the same claim as (bot.desk.TipClusters)."""

    async def nearest(self, text: str, lang: str) -> int | None: ...

    async def add(self, tip_id: int, text: str, lang: str) -> None: ...

    def discard(self, tip_id: int) -> None: ...


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def fingerprint(post: Post) -> str:
    """Equal for posts that are the same claim: the same matching key, or the same media file."""
    key = matching_key(post.text) if has_letters(post.text) else ""
    if not key:
        key = "media:" + str(post.payload.get("file_unique_id", post.message_id))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


async def assess(kb: KnowledgeBase, text: str, reader_lang: str, media: bool = False) -> Assessment:
    """Detect the language and decide what to answer; writes nothing."""
    if not has_letters(text):
        return Assessment(reader_lang, Decision("queue", ()), checkable=media)
    lang = detect_language(text, hint=reader_lang)
    if lang == "unknown":
        lang = reader_lang
    ranked, decision = await kb.assess(text)
    return Assessment(lang, decision, checkable=True, ranked=tuple(ranked))


def _outcome_of(request: Request, tip: Tip | None, repeated: bool) -> Outcome:
    answered = request.answered_at is not None
    if request.decision == "auto":
        return Outcome("card", request.id, (request.verdict_id,), repeated=repeated, answered=answered)
    if request.decision == "choose" and tip is not None and tip.status == "suggested":
        return Outcome(
            "choose", request.id, tuple(request.options), tip.id, repeated=repeated, answered=answered
        )
    if request.decision == "choose" and request.verdict_id is not None:
        return Outcome("card", request.id, (request.verdict_id,), repeated=repeated, answered=answered)
    if request.decision == "nothing":
        return Outcome("nothing", request.id, repeated=repeated, answered=answered)
    media = bool(tip and tip.payload.get("media") and not has_letters(tip.text))
    return Outcome(
        "queued", request.id, tip_id=request.tip_id, media=media, repeated=repeated, answered=answered
    )


async def _previous(session: AsyncSession, chat_id: int, message_id: int) -> Outcome | None:
    request = await session.scalar(
        select(Request).where(Request.chat_id == chat_id, Request.message_id == message_id)
    )
    if request is None:
        return None
    tip = await session.get(Tip, request.tip_id) if request.tip_id else None
    return _outcome_of(request, tip, repeated=True)


async def _cluster_of(session: AsyncSession, clusters: Clusters | None, text: str, lang: str) -> Tip | None:
    """The open tip the clustering index says `text` is the same claim as."""
    if clusters is None:
        return None
    tip_id = await clusters.nearest(text, lang)
    if tip_id is None:
        return None
    tip = await session.get(Tip, tip_id)
    if tip is None or tip.status != "queued":
        clusters.discard(tip_id)
        return None
    return tip


async def _queue_tip(
    session: AsyncSession, reader: Reader, post: Post, lang: str, clusters: Clusters | None = None
) -> Tip:
    """The open tip for this claim (same text, or the same claim by the clustering index), its demand
    counted once per reader, or a new one."""
    print_ = fingerprint(post)
    tip = await session.scalar(
        select(Tip).where(Tip.fingerprint == print_, Tip.status == "queued").order_by(Tip.id).limit(1)
    )
    if tip is None:
        tip = await _cluster_of(session, clusters, post.text, lang)
    if tip is None:
        tip = Tip(text=post.text, fingerprint=print_, payload=dict(post.payload), lang=lang, status="queued")
        session.add(tip)
        await session.flush()
        return tip
    asked_before = await session.scalar(
        select(Request.id).where(Request.tip_id == tip.id, Request.reader_id == reader.id).limit(1)
    )
    if asked_before is None:
        tip.demand += 1
    tip.last_seen_at = utcnow()
    return tip


async def receive_post(
    kb: KnowledgeBase, reader: Reader, post: Post, clusters: Clusters | None = None
) -> Outcome:
    """Store a reader's post exactly once and decide the answer; a redelivery returns the first outcome."""
    async with kb.sessionmaker() as session:
        previous = await _previous(session, post.chat_id, post.message_id)
    if previous is not None:
        return previous
    assessment = await assess(kb, post.text, reader.language, media=post.media is not None)
    decision = assessment.decision
    async with kb.sessionmaker() as session:
        request = Request(
            reader_id=reader.id, chat_id=post.chat_id, message_id=post.message_id, lang=assessment.lang
        )
        tip = None
        if not assessment.checkable:
            request.decision = "nothing"
        elif decision.action == "auto":
            request.decision = "auto"
            request.verdict_id = decision.matches[0].verdict_id
        elif decision.action == "choose":
            request.decision = "choose"
            request.options = [m.verdict_id for m in decision.matches[:3]]
            tip = Tip(
                text=post.text,
                fingerprint=fingerprint(post),
                payload=dict(post.payload),
                lang=assessment.lang,
                status="suggested",
            )
            session.add(tip)
            await session.flush()
        else:
            request.decision = "queue"
            tip = await _queue_tip(session, reader, post, assessment.lang, clusters)
        request.tip_id = tip.id if tip else None
        session.add(request)
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()
            previous = await _previous(session, post.chat_id, post.message_id)
            if previous is None:
                raise
            return previous
    if clusters is not None and tip is not None and tip.status == "queued":
        await clusters.add(tip.id, tip.text, tip.lang)
    return _outcome_of(request, tip, repeated=False)


async def mark_answered(kb: KnowledgeBase, request_id: int) -> None:
    async with kb.sessionmaker() as session:
        request = await session.get(Request, request_id)
        if request is not None and request.answered_at is None:
            request.answered_at = utcnow()
            await session.commit()


async def resolve_choice(
    kb: KnowledgeBase,
    reader: Reader,
    request_id: int,
    verdict_id: int | None,
    clusters: Clusters | None = None,
) -> Outcome:
    """The reader picked one of the offered verdicts, or none of them (which queues the tip)."""
    async with kb.sessionmaker() as session:
        request = await session.get(Request, request_id)
        if request is None or request.reader_id != reader.id or request.decision != "choose":
            return Outcome("expired")
        tip = await session.get(Tip, request.tip_id) if request.tip_id else None
        if tip is None or tip.status != "suggested":
            return Outcome("expired", request.id)
        if verdict_id is not None and verdict_id not in request.options:
            return Outcome("expired", request.id)
        learnt = None
        if verdict_id is None:
            post = Post(request.chat_id, request.message_id, tip.text, payload=tip.payload)
            open_tip = await session.scalar(
                select(Tip).where(Tip.fingerprint == fingerprint(post), Tip.status == "queued").limit(1)
            )
            if open_tip is None:
                open_tip = await _cluster_of(session, clusters, tip.text, tip.lang)
            if open_tip is not None:
                asked_before = await session.scalar(
                    select(Request.id)
                    .where(Request.tip_id == open_tip.id, Request.reader_id == reader.id)
                    .limit(1)
                )
                if asked_before is None:
                    open_tip.demand += 1
                open_tip.last_seen_at = utcnow()
                await session.delete(tip)
                tip = open_tip
            else:
                tip.status = "queued"
            request.tip_id = tip.id
            outcome = Outcome("queued", request.id, tip_id=tip.id)
        else:
            tip.status = "answered"
            tip.verdict_id = verdict_id
            request.verdict_id = verdict_id
            outcome = Outcome("card", request.id, (verdict_id,))
            if has_letters(tip.text) and len(tip.text) <= MAX_LEARNT_PHRASING:
                learnt = ClaimText(tip.lang, tip.text, "tip")
        request.answered_at = utcnow()
        await session.commit()
    if learnt is not None:
        await kb.add_phrasing(verdict_id, learnt)
    if clusters is not None and outcome.kind == "queued":
        await clusters.add(tip.id, tip.text, tip.lang)
    return outcome
