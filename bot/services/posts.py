"""The reader pipeline: what happens to a post a reader sends, independent of Telegram. The rules are
knowledge/posts.py; the rows bot/db/requests.py (requests, tips) and bot/db/evidence.py (signals)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence import (
    Hit,
    forget_request,
    known_verdict,
    open_tip_with,
    record,
)
from bot.db.models import Reader, Request, Tip
from bot.db.readings import add_reading
from bot.db.requests import add_tip, join_tip, leave_tip, open_tip_like, request_for
from bot.services.knowledge_base import KnowledgeBase
from bot.services.ocr import ReadLater, Screen
from knowledge.images import MATCH_DISTANCE
from knowledge.language import UNKNOWN, detect_language
from knowledge.matching import Decision
from knowledge.normalise import has_letters
from knowledge.posts import (
    AnswerKind,
    Assessment,
    Post,
    PostOutcome,
    Signals,
    known_answer,
    post_outcome,
    same_verdicts,
    with_picture,
)
from knowledge.screenshots import better_of, read_decision, with_words_read
from knowledge.statuses import Action, RequestDecision, TipStatus

PictureHash = Callable[[], Awaitable[dict[str, list[int]]]]
"""Downloads the post's pictures and returns, per picture that could be read (by its file_unique_id),
its perceptual hashes (knowledge.images.known_hashes)."""


class Clusters(Protocol):
    """Finds the open tip a new one is the same claim as (bot.services.desk.clusters.TipClusters)."""

    async def nearest(self, text: str, lang: str) -> int | None:
        """Also reads the tips queued since the last call (by any replica): a new tip needs no `add`."""

    def discard(self, tip_id: int) -> None: ...


async def assess(kb: KnowledgeBase, text: str, reader_lang: str, media: bool = False) -> Assessment:
    """Detect the language and decide what to answer; writes nothing."""
    if not has_letters(text):
        return Assessment(reader_lang, Decision(Action.QUEUE, ()), checkable=media)
    lang = detect_language(text, hint=reader_lang)
    if lang == UNKNOWN:
        lang = reader_lang
    ranked, decision = await kb.assess(text)
    explainer = None
    if decision.action == Action.QUEUE and kb.explainers is not None:
        explainer = await kb.explainers.match(text)
    return Assessment(lang, decision, checkable=True, ranked=tuple(ranked), explainer=explainer)


async def _previous(session: AsyncSession, chat_id: int, message_id: int) -> PostOutcome | None:
    request = await request_for(session, chat_id, message_id)
    if request is None:
        return None
    tip = await session.get(Tip, request.tip_id) if request.tip_id else None
    return post_outcome(request, tip, repeated=True)


async def cluster_of(session: AsyncSession, clusters: Clusters | None, text: str, lang: str) -> Tip | None:
    """The open tip the clustering index says `text` is the same claim as."""
    if clusters is None:
        return None
    tip_id = await clusters.nearest(text, lang)
    if tip_id is None:
        return None
    tip = await session.get(Tip, tip_id)
    if tip is None or tip.status != TipStatus.QUEUED:
        clusters.discard(tip_id)
        return None
    return tip


async def _open_tip_for(
    session: AsyncSession, post: Post, lang: str, clusters: Clusters | None, signals: Signals | None
) -> Tip | None:
    """The open tip this post is the same claim as: the same picture, link or channel post, the same
    text, or the same claim by the clustering index. Changes nothing."""
    tip = await open_tip_with(session, signals) if signals else None
    if tip is None:
        tip = await open_tip_like(session, post)
    if tip is None:
        tip = await cluster_of(session, clusters, post.text, lang)
    return tip


async def _queue_tip(
    session: AsyncSession, reader: Reader, post: Post, lang: str, clusters: Clusters | None, signals: Signals
) -> Tip:
    """The open tip for this claim (_open_tip_for), its demand counted once per reader, or a new one."""
    tip = await _open_tip_for(session, post, lang, clusters, signals)
    if tip is None:
        return await add_tip(session, post, lang, TipStatus.QUEUED)
    await join_tip(session, tip, reader.id)
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


async def _assess_post(
    kb: KnowledgeBase,
    reader: Reader,
    post: Post,
    signals: Signals,
    picture: PictureHash | None,
    screen: Screen | None = None,
) -> tuple[Post, Assessment, bool]:
    """A known picture, link or channel post answers at once; otherwise the words decide (a picture
    like a known one puts its verdict first among the choices), and then the words of the picture
    (`screen`). Writes nothing. The post as assessed (with the words read), and whether its picture
    is still being read (the answer leaves without them)."""
    known = await _known(kb, signals, picture)
    if known is not None and known.distance <= MATCH_DISTANCE:
        lang = detect_language(post.text, hint=reader.language) if has_letters(post.text) else UNKNOWN
        return post, known_answer(reader.language if lang == UNKNOWN else lang, known.verdict_id), False
    assessment = await assess(kb, post.text, reader.language, media=post.media is not None)
    if known is not None:
        assessment = with_picture(assessment, known.verdict_id)
    if screen is None or assessment.decision.action == Action.AUTO:
        return post, assessment, False
    try:
        reading = await screen.read()
    except ReadLater:
        return post, assessment, assessment.decision.action == Action.QUEUE
    if reading is None or not reading.readable:
        return post, assessment, False
    read = read_decision(await assess(kb, reading.text, reader.language, media=True), reading)
    if not has_letters(post.text):
        assessment = replace(assessment, lang=read.lang)
    return with_words_read(post, reading), better_of(assessment, read), False


async def _written(
    kb: KnowledgeBase,
    session: AsyncSession | None,
    work: Callable[[AsyncSession], Awaitable[PostOutcome]],
    stored_meanwhile: Post | None = None,
) -> PostOutcome:
    """`work` done in the update's unit of work (`session`, committed with the answer), else in a session
    of its own committed here; there, with `stored_meanwhile`, the same message stored by someone else
    meanwhile (IntegrityError) gives its first outcome."""
    if session is not None:
        return await work(session)
    async with kb.sessionmaker() as own:
        try:
            outcome = await work(own)
            await own.commit()
        except IntegrityError:
            await own.rollback()
            if stored_meanwhile is None:
                raise
            previous = await _previous(own, stored_meanwhile.chat_id, stored_meanwhile.message_id)
            if previous is None:
                raise
            return previous
    return outcome


async def receive_post(
    kb: KnowledgeBase,
    reader: Reader,
    post: Post,
    clusters: Clusters | None = None,
    picture: PictureHash | None = None,
    session: AsyncSession | None = None,
    screen: Screen | None = None,
) -> PostOutcome:
    """Store a reader's post exactly once and decide the answer; a redelivery returns the first outcome.
    A known picture, link or channel post answers at once; otherwise the words decide, the caption's
    and those read from the picture (`screen`). A picture not read in time is read later (a `readings`
    row, stored with the tip): its verdict follows (bot/services/readings.py).

    With `session` (the update's unit of work, bot/telegram/outbox.py) the request and the tip are
    written there and committed with the answer; without it, in a session of their own."""
    async with kb.sessionmaker() as reading:
        previous = await _previous(reading, post.chat_id, post.message_id)
    if previous is not None:
        return previous
    signals = Signals.of(post.payload)
    assessed, assessment, later = await _assess_post(kb, reader, post, signals, picture, screen)

    async def store(session: AsyncSession) -> PostOutcome:
        request, tip = await _store_post(session, reader, assessed, assessment, clusters, signals)
        outcome = post_outcome(request, tip, repeated=False)
        if later and screen is not None and tip is not None and tip.status == TipStatus.QUEUED:
            add_reading(session, request.id, tip.id, post.chat_id, screen.file_unique_id, screen.file_id)
            outcome = replace(outcome, reading=True)
        return outcome

    return await _written(kb, session, store, stored_meanwhile=post)


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
        request.decision = RequestDecision.NOTHING
        return None
    request.score = decision.matches[0].score if decision.matches else None
    if decision.action == Action.AUTO:
        request.decision = RequestDecision.AUTO
        request.verdict_id = decision.matches[0].verdict_id
        request.phrasing = decision.matches[0].text or None
        request.text, request.payload = post.text, dict(post.payload)
        return None
    if decision.action == Action.CHOOSE:
        request.decision = RequestDecision.CHOOSE
        request.options = [m.verdict_id for m in decision.matches[:3]]
        request.text, request.payload = post.text, dict(post.payload)
        return await add_tip(session, post, assessment.lang, TipStatus.SUGGESTED)
    request.decision = RequestDecision.QUEUE
    tip = await _queue_tip(session, reader, post, assessment.lang, clusters, signals)
    if assessment.explainer is not None and tip.explainer_key is None:
        tip.explainer_key = assessment.explainer
    return tip


async def recheck_post(
    kb: KnowledgeBase,
    reader: Reader,
    post: Post,
    clusters: Clusters | None = None,
    picture: PictureHash | None = None,
    session: AsyncSession | None = None,
    screen: Screen | None = None,
) -> PostOutcome:
    """The reader edited a message: check it again. The same answer as before comes back as the previous
    outcome (`repeated`: nothing to send once it was answered); a different one replaces the request's
    answer in place, so the request for (chat, message) stays one row and points at the new verdict,
    choice or tip. An open tip the message no longer asks about stays open, with its card, for the other
    readers and the checkers; this reader's demand leaves it (`left_tip_id`) unless another of their
    messages asks it too. A message never stored before is received as new.

    With `session` (the update's unit of work) the changes are written there; else committed here."""
    async with kb.sessionmaker() as reading:
        stored = await request_for(reading, post.chat_id, post.message_id)
    if stored is None:
        return await receive_post(kb, reader, post, clusters, picture, session=session, screen=screen)
    signals = Signals.of(post.payload)
    assessed, assessment, _ = await _assess_post(kb, reader, post, signals, picture, screen)

    async def recheck(session: AsyncSession) -> PostOutcome:
        return await _recheck(session, reader, stored.id, assessed, assessment, clusters, signals)

    return await _written(kb, session, recheck)


async def _recheck(
    session: AsyncSession,
    reader: Reader,
    request_id: int,
    post: Post,
    assessment: Assessment,
    clusters: Clusters | None,
    signals: Signals,
) -> PostOutcome:
    request = await session.get(Request, request_id)
    tip = await session.get(Tip, request.tip_id) if request.tip_id else None
    current = post_outcome(request, tip, repeated=True)
    if await _same_answer(session, current, tip, post, assessment, clusters, signals):
        return current
    await forget_request(session, request.id)
    request.decision, request.verdict_id, request.options, request.tip_id = (
        RequestDecision.QUEUE,
        None,
        [],
        None,
    )
    request.score = request.phrasing = request.text = request.payload = None
    request.lang, request.answered_at = assessment.lang, None
    await session.flush()
    left = None
    if tip is not None and tip.status == TipStatus.SUGGESTED:
        await session.delete(tip)  # a choice the reader had not made yet: its buttons expire
    elif tip is not None and tip.status == TipStatus.QUEUED:
        await leave_tip(session, tip.id, reader.id)
        left = tip.id
    new_tip = await _decide(session, reader, request, post, assessment, clusters, signals)
    request.tip_id = new_tip.id if new_tip else None
    await session.flush()
    record(session, signals, request, new_tip, request.verdict_id)
    return replace(post_outcome(request, new_tip, repeated=False), left_tip_id=left)


async def _same_answer(
    session: AsyncSession,
    current: PostOutcome,
    tip: Tip | None,
    post: Post,
    assessment: Assessment,
    clusters: Clusters | None,
    signals: Signals,
) -> bool:
    """Whether the edited post gets what the reader already has: the same verdict (by matching, their
    own pick or the desk's answer to their tip), the same choices, the same open tip, or nothing."""
    answered_with = tip.verdict_id if tip is not None and tip.status == TipStatus.ANSWERED else None
    same = same_verdicts(current, answered_with, assessment)
    if same is not None:
        return same
    if current.kind != AnswerKind.QUEUED or tip is None or tip.status != TipStatus.QUEUED:
        return False
    found = await _open_tip_for(session, post, assessment.lang, clusters, signals)
    return found is not None and found.id == tip.id
