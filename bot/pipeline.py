"""The reader pipeline: what happens to a post a reader sends, independent of Telegram."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.kb import KnowledgeBase
from bot.models import Reader, Request, Tip, utcnow
from bot.signals import Hit, Signals, known_verdict, move_tip, origins_answered, record
from bot.signals import open_tip as open_tip_of
from knowledge.images import MATCH_DISTANCE
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
    media_kind: str | None = None
    """photo, video, document...: the media of a queued tip that has no words."""
    repeated: bool = False
    """The same message was handled before (a redelivery)."""
    answered: bool = False
    """...and its answer has already been sent."""


PictureHash = Callable[[], Awaitable[list[int] | None]]
"""Downloads the post's picture and returns its perceptual hashes (knowledge.images.known_hashes), None
when it cannot be read."""


class Clusters(Protocol):
    """Finds the open tip a new one is the same claim as (bot.desk.TipClusters)."""

    async def nearest(self, text: str, lang: str) -> int | None:
        """Also reads the tips queued since the last call (by any replica): a new tip needs no `add`."""

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
        "queued",
        request.id,
        tip_id=request.tip_id,
        media=media,
        media_kind=("photo" if tip.payload.get("picture") else tip.payload.get("media")) if media else None,
        repeated=repeated,
        answered=answered,
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


async def count_demand(session: AsyncSession, tip: Tip) -> None:
    """One more reader asked for `tip`, counted in the database (replicas may count at the same time)."""
    await session.execute(update(Tip).where(Tip.id == tip.id).values(demand=Tip.demand + 1))
    await session.refresh(tip, ["demand"])


async def _queue_tip(
    session: AsyncSession,
    reader: Reader,
    post: Post,
    lang: str,
    clusters: Clusters | None = None,
    signals: Signals | None = None,
) -> Tip:
    """The open tip for this claim (the same picture, link or channel post, the same text, or the same
    claim by the clustering index), its demand counted once per reader, or a new one."""
    print_ = fingerprint(post)
    tip = await open_tip_of(session, signals) if signals else None
    if tip is None:
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
        await count_demand(session, tip)
    tip.last_seen_at = utcnow()
    return tip


async def _known(kb: KnowledgeBase, signals: Signals, picture: PictureHash | None) -> Hit | None:
    """The verdict a post's picture, links or channel post are known for: exact signals first, then the
    picture's perceptual hash (downloaded only when nothing exact matched)."""
    async with kb.sessionmaker() as session:
        hit = await known_verdict(session, signals, pictures=False)
    if hit is None and picture is not None:
        signals.phashes = await picture() or []
        if signals.phashes:
            async with kb.sessionmaker() as session:
                hit = await known_verdict(session, signals)
    return hit


def _with_picture(assessment: Assessment, verdict_id: int) -> Assessment:
    """A picture like a known one (but not within MATCH_DISTANCE): its verdict is offered first among
    the choices, unless the words alone answer."""
    if assessment.decision.action == "auto":
        return assessment
    others = tuple(m for m in assessment.decision.matches if m.verdict_id != verdict_id)
    if assessment.decision.action == "queue":
        others = ()
    matches = (Match(verdict_id, 1.0, "", ""), *others)[:3]
    return Assessment(assessment.lang, Decision("choose", matches), True, assessment.ranked)


async def receive_post(
    kb: KnowledgeBase,
    reader: Reader,
    post: Post,
    clusters: Clusters | None = None,
    picture: PictureHash | None = None,
) -> Outcome:
    """Store a reader's post exactly once and decide the answer; a redelivery returns the first outcome.
    A known picture, link or channel post answers at once; otherwise the words decide."""
    async with kb.sessionmaker() as session:
        previous = await _previous(session, post.chat_id, post.message_id)
    if previous is not None:
        return previous
    signals = Signals.of(post.payload)
    known = await _known(kb, signals, picture)
    if known is not None and known.distance <= MATCH_DISTANCE:
        lang = detect_language(post.text, hint=reader.language) if has_letters(post.text) else "unknown"
        assessment = Assessment(
            reader.language if lang == "unknown" else lang,
            Decision("auto", (Match(known.verdict_id, 1.0, "", ""),)),
            checkable=True,
        )
    else:
        assessment = await assess(kb, post.text, reader.language, media=post.media is not None)
        if known is not None:
            assessment = _with_picture(assessment, known.verdict_id)
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
            tip = await _queue_tip(session, reader, post, assessment.lang, clusters, signals)
        request.tip_id = tip.id if tip else None
        session.add(request)
        try:
            await session.flush()
            record(session, signals, request, tip, request.verdict_id)
            await session.commit()
        except IntegrityError:
            await session.rollback()
            previous = await _previous(session, post.chat_id, post.message_id)
            if previous is None:
                raise
            return previous
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
                    await count_demand(session, open_tip)
                open_tip.last_seen_at = utcnow()
                await move_tip(session, tip.id, open_tip.id)
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
            await origins_answered(session, tip.id, verdict_id)
            outcome = Outcome("card", request.id, (verdict_id,))
            if has_letters(tip.text) and len(tip.text) <= MAX_LEARNT_PHRASING:
                learnt = ClaimText(tip.lang, tip.text, "tip")
        request.answered_at = utcnow()
        await session.commit()
    if learnt is not None:
        await kb.add_phrasing(verdict_id, learnt)
    return outcome
