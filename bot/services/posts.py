"""The reader pipeline: what happens to a post a reader sends, independent of Telegram."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Reader, Request, Tip, utcnow
from bot.services.knowledge_base import KnowledgeBase
from bot.services.signals import (
    Hit,
    Signals,
    files_of,
    forget_request,
    known_verdict,
    move_tip,
    origins_answered,
    record,
)
from bot.services.signals import open_tip as open_tip_of
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
    lang: str | None = None
    """The language the post was found to be in (the reader's when it has no words)."""
    left_tip_id: int | None = None
    """An edited message no longer asks about this open tip (recheck_post): its card is out of date."""


PictureHash = Callable[[], Awaitable[dict[str, list[int]]]]
"""Downloads the post's pictures and returns, per picture that could be read (by its file_unique_id),
its perceptual hashes (knowledge.images.known_hashes)."""


class Clusters(Protocol):
    """Finds the open tip a new one is the same claim as (bot.services.desk.clusters.TipClusters)."""

    async def nearest(self, text: str, lang: str) -> int | None:
        """Also reads the tips queued since the last call (by any replica): a new tip needs no `add`."""

    def discard(self, tip_id: int) -> None: ...


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def fingerprint(post: Post) -> str:
    """Equal for posts that are the same claim: the same matching key, or the same media files (every
    file of an album), or, for a quoted channel post the bot cannot read, the same post."""
    key = matching_key(post.text) if has_letters(post.text) else ""
    if not key:
        files = sorted(f["file_unique_id"] for f in files_of(post.payload))
        origin = post.payload.get("forward_origin") or {}
        if files:
            key = "media:" + ",".join(files)
        elif origin.get("type") == "channel" and origin.get("message_id"):
            key = f"post:{origin.get('chat_id')}:{origin['message_id']}"
        else:
            key = f"media:{post.message_id}"
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
        return Outcome(
            "card", request.id, (request.verdict_id,), repeated=repeated, answered=answered, lang=request.lang
        )
    if request.decision == "choose" and tip is not None and tip.status == "suggested":
        return Outcome(
            "choose",
            request.id,
            tuple(request.options),
            tip.id,
            repeated=repeated,
            answered=answered,
            lang=request.lang,
        )
    if request.decision == "choose" and request.verdict_id is not None:
        return Outcome(
            "card", request.id, (request.verdict_id,), repeated=repeated, answered=answered, lang=request.lang
        )
    if request.decision == "nothing":
        return Outcome("nothing", request.id, repeated=repeated, answered=answered, lang=request.lang)
    media = bool(tip and tip.payload.get("media") and not has_letters(tip.text))
    return Outcome(
        "queued",
        request.id,
        tip_id=request.tip_id,
        media=media,
        media_kind=("photo" if tip.payload.get("picture") else tip.payload.get("media")) if media else None,
        repeated=repeated,
        answered=answered,
        lang=request.lang,
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
    """The open tip for this claim (_open_tip_for), its demand counted once per reader, or a new one."""
    tip = await _open_tip_for(session, post, lang, clusters, signals)
    if tip is None:
        tip = Tip(
            text=post.text,
            fingerprint=fingerprint(post),
            payload=dict(post.payload),
            lang=lang,
            status="queued",
        )
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


async def _open_tip_for(
    session: AsyncSession, post: Post, lang: str, clusters: Clusters | None, signals: Signals | None
) -> Tip | None:
    """The open tip this post is the same claim as: the same picture, link or channel post, the same
    text, or the same claim by the clustering index. Changes nothing."""
    tip = await open_tip_of(session, signals) if signals else None
    if tip is None:
        tip = await session.scalar(
            select(Tip)
            .where(Tip.fingerprint == fingerprint(post), Tip.status == "queued")
            .order_by(Tip.id)
            .limit(1)
        )
    if tip is None:
        tip = await _cluster_of(session, clusters, post.text, lang)
    return tip


async def _known(kb: KnowledgeBase, signals: Signals, picture: PictureHash | None) -> Hit | None:
    """The verdict a post's pictures, links or channel post are known for: exact signals first, then the
    pictures' perceptual hashes (downloaded only when nothing exact matched)."""
    async with kb.sessionmaker() as session:
        hit = await known_verdict(session, signals, pictures=False)
    if hit is None and picture is not None:
        signals.phashes = await picture()
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


async def _assess_post(
    kb: KnowledgeBase, reader: Reader, post: Post, signals: Signals, picture: PictureHash | None
) -> Assessment:
    """A known picture, link or channel post answers at once; otherwise the words decide (a picture
    like a known one puts its verdict first among the choices). Writes nothing."""
    known = await _known(kb, signals, picture)
    if known is not None and known.distance <= MATCH_DISTANCE:
        lang = detect_language(post.text, hint=reader.language) if has_letters(post.text) else "unknown"
        return Assessment(
            reader.language if lang == "unknown" else lang,
            Decision("auto", (Match(known.verdict_id, 1.0, "", ""),)),
            checkable=True,
        )
    assessment = await assess(kb, post.text, reader.language, media=post.media is not None)
    if known is not None:
        assessment = _with_picture(assessment, known.verdict_id)
    return assessment


async def receive_post(
    kb: KnowledgeBase,
    reader: Reader,
    post: Post,
    clusters: Clusters | None = None,
    picture: PictureHash | None = None,
    session: AsyncSession | None = None,
) -> Outcome:
    """Store a reader's post exactly once and decide the answer; a redelivery returns the first outcome.
    A known picture, link or channel post answers at once; otherwise the words decide.

    With `session` (the update's unit of work, bot/telegram/outbox.py) the request and the tip are
    written there and committed with the answer; without it, in a session of their own."""
    async with kb.sessionmaker() as reading:
        previous = await _previous(reading, post.chat_id, post.message_id)
    if previous is not None:
        return previous
    signals = Signals.of(post.payload)
    assessment = await _assess_post(kb, reader, post, signals, picture)
    if session is not None:
        request, tip = await _store_post(session, reader, post, assessment, clusters, signals)
        return _outcome_of(request, tip, repeated=False)
    async with kb.sessionmaker() as own:
        try:
            request, tip = await _store_post(own, reader, post, assessment, clusters, signals)
            await own.commit()
        except IntegrityError:
            await own.rollback()
            previous = await _previous(own, post.chat_id, post.message_id)
            if previous is None:
                raise
            return previous
    return _outcome_of(request, tip, repeated=False)


async def _store_post(
    session: AsyncSession,
    reader: Reader,
    post: Post,
    assessment: Assessment,
    clusters: Clusters | None,
    signals: Signals,
) -> tuple[Request, Tip | None]:
    """The request for the post and, unless it was answered, its tip; flushed, not committed. Raises
    IntegrityError when the same message was stored meanwhile (the unit of work is then tried again, and
    finds it)."""
    request = Request(
        reader_id=reader.id, chat_id=post.chat_id, message_id=post.message_id, lang=assessment.lang
    )
    tip = await _decide(session, reader, request, post, assessment, clusters, signals)
    request.tip_id = tip.id if tip else None
    session.add(request)
    await session.flush()
    record(session, signals, request, tip, request.verdict_id)
    return request, tip


async def _decide(
    session: AsyncSession,
    reader: Reader,
    request: Request,
    post: Post,
    assessment: Assessment,
    clusters: Clusters | None,
    signals: Signals,
) -> Tip | None:
    """Set the request's answer from the assessment; the tip it needs (a choice being made, or the open
    tip it joins or starts), flushed."""
    decision = assessment.decision
    if not assessment.checkable:
        request.decision = "nothing"
        return None
    if decision.action == "auto":
        request.decision = "auto"
        request.verdict_id = decision.matches[0].verdict_id
        return None
    if decision.action == "choose":
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
        return tip
    request.decision = "queue"
    return await _queue_tip(session, reader, post, assessment.lang, clusters, signals)


async def mark_answered(session: AsyncSession, request_id: int) -> None:
    """The answer is in the update's unit of work (bot/telegram/outbox.py): it leaves once that commits."""
    await session.execute(
        update(Request)
        .where(Request.id == request_id, Request.answered_at.is_(None))
        .values(answered_at=utcnow())
    )


async def recheck_post(
    kb: KnowledgeBase,
    reader: Reader,
    post: Post,
    clusters: Clusters | None = None,
    picture: PictureHash | None = None,
    session: AsyncSession | None = None,
) -> Outcome:
    """The reader edited a message: check it again. The same answer as before comes back as the previous
    outcome (`repeated`: nothing to send once it was answered); a different one replaces the request's
    answer in place, so the request for (chat, message) stays one row and points at the new verdict,
    choice or tip. An open tip the message no longer asks about stays open, with its card, for the other
    readers and the checkers; this reader's demand leaves it (`left_tip_id`) unless another of their
    messages asks it too. A message never stored before is received as new.

    With `session` (the update's unit of work) the changes are written there; else committed here."""
    async with kb.sessionmaker() as reading:
        request_id = await reading.scalar(
            select(Request.id).where(Request.chat_id == post.chat_id, Request.message_id == post.message_id)
        )
    if request_id is None:
        return await receive_post(kb, reader, post, clusters, picture, session=session)
    signals = Signals.of(post.payload)
    assessment = await _assess_post(kb, reader, post, signals, picture)
    if session is not None:
        return await _recheck(session, reader, request_id, post, assessment, clusters, signals)
    async with kb.sessionmaker() as own:
        outcome = await _recheck(own, reader, request_id, post, assessment, clusters, signals)
        await own.commit()
    return outcome


async def _recheck(
    session: AsyncSession,
    reader: Reader,
    request_id: int,
    post: Post,
    assessment: Assessment,
    clusters: Clusters | None,
    signals: Signals,
) -> Outcome:
    request = await session.get(Request, request_id)
    tip = await session.get(Tip, request.tip_id) if request.tip_id else None
    current = _outcome_of(request, tip, repeated=True)
    if await _same_answer(session, current, tip, post, assessment, clusters, signals):
        return current
    await forget_request(session, request.id)
    request.decision, request.verdict_id, request.options, request.tip_id = "queue", None, [], None
    request.lang, request.answered_at = assessment.lang, None
    await session.flush()
    left = None
    if tip is not None and tip.status == "suggested":
        await session.delete(tip)  # a choice the reader had not made yet: its buttons expire
    elif tip is not None and tip.status == "queued":
        asks_too = await session.scalar(
            select(Request.id).where(Request.tip_id == tip.id, Request.reader_id == reader.id).limit(1)
        )
        if asks_too is None:
            await session.execute(
                update(Tip).where(Tip.id == tip.id, Tip.demand > 0).values(demand=Tip.demand - 1)
            )
        left = tip.id
    new_tip = await _decide(session, reader, request, post, assessment, clusters, signals)
    request.tip_id = new_tip.id if new_tip else None
    await session.flush()
    record(session, signals, request, new_tip, request.verdict_id)
    return replace(_outcome_of(request, new_tip, repeated=False), left_tip_id=left)


async def _same_answer(
    session: AsyncSession,
    current: Outcome,
    tip: Tip | None,
    post: Post,
    assessment: Assessment,
    clusters: Clusters | None,
    signals: Signals,
) -> bool:
    """Whether the edited post gets what the reader already has: the same verdict (by matching, their
    own pick or the desk's answer to their tip), the same choices, the same open tip, or nothing."""
    decision = assessment.decision
    if not assessment.checkable:
        return current.kind == "nothing"
    answered_with = tip.verdict_id if tip is not None and tip.status == "answered" else None
    if decision.action == "auto":
        verdict_id = decision.matches[0].verdict_id
        return (
            current.kind == "card" and current.verdict_ids == (verdict_id,)
        ) or answered_with == verdict_id
    if decision.action == "choose":
        options = tuple(m.verdict_id for m in decision.matches[:3])
        if current.kind == "choose":
            return current.verdict_ids == options
        return (current.kind == "card" and current.verdict_ids[0] in options) or answered_with in options
    if current.kind != "queued" or tip is None or tip.status != "queued":
        return False
    same = await _open_tip_for(session, post, assessment.lang, clusters, signals)
    return same is not None and same.id == tip.id


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
