"""What a post carries besides its words, stored: image prints, post links and channel posts
(bot/db/models/knowledge.py: ImagePrint, PostLink, PostOrigin), each tied to the verdict it shows when
known and to the tip and request it came with, and looked up when a post arrives, so several replicas
share them.
Exact signals (the same file, the same normalised address, a verdict's own URL among them, the same
channel post) and a picture within `knowledge.images.MATCH_DISTANCE` of a known one (any picture of an
album) answer at once; the same signals tie a new tip to an open one (knowledge/posts.py: Signals)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ImagePrint, Partner, PostLink, PostOrigin, Request, Tip, Verdict
from knowledge.images import MATCH_DISTANCE, SUGGEST_DISTANCE, nearest
from knowledge.links import post_keys
from knowledge.posts import EvidenceSource, SignalKind, Signals, link_key, most_supported
from knowledge.statuses import TipStatus, Trust

SIGNAL_MODELS = (ImagePrint, PostLink, PostOrigin)


@dataclass(frozen=True)
class Hit:
    verdict_id: int | None = None
    tip_id: int | None = None
    kind: SignalKind | None = None
    """origin, file, link or image (perceptual hash)."""
    distance: int = 0


# --- lookups ------------------------------------------------------------------------------------


def _exact_queries(signals: Signals) -> Iterable[tuple[SignalKind, type, object]]:
    if signals.origin:
        yield (
            SignalKind.ORIGIN,
            PostOrigin,
            (PostOrigin.chat_id == int(signals.origin["chat_id"]))
            & (PostOrigin.message_id == int(signals.origin["message_id"])),
        )
    if signals.file_unique_ids:
        yield SignalKind.FILE, ImagePrint, ImagePrint.file_unique_id.in_(signals.file_unique_ids)
    if signals.links:
        yield SignalKind.LINK, PostLink, PostLink.key.in_([link_key(u) for u in signals.links])


def _answering(query: Select, verdict_id: Any) -> Select:
    """`query` kept to the verdicts a reader may be answered with on their own: not withdrawn, and the
    newsroom's or a partner's it trusts to answer (`auto`)."""
    return (
        query.join(Verdict, Verdict.id == verdict_id)
        .outerjoin(Partner, Partner.id == Verdict.partner_id)
        .where(Verdict.withdrawn_at.is_(None), or_(Verdict.partner_id.is_(None), Partner.trust == Trust.AUTO))
    )


async def _exact(session: AsyncSession, signals: Signals, open_tips: bool) -> Hit | None:
    """The verdict (or, with `open_tips`, the open tip) the post's exact signals point at."""
    found: list[tuple[SignalKind, int]] = []
    for kind, model, where in _exact_queries(signals):
        if open_tips:
            query = (
                select(model.tip_id)
                .join(Tip, Tip.id == model.tip_id)
                .where(where, Tip.status == TipStatus.QUEUED)
                .order_by(model.tip_id)
            )
        else:
            query = select(model.verdict_id).where(where, model.verdict_id.is_not(None)).order_by(model.id)
            query = _answering(query, model.verdict_id)
        ids = (await session.scalars(query.limit(50))).all()
        found.extend((kind, i) for i in ids)
    best = most_supported(found)
    if best is None:
        return None
    kind, i = best
    return Hit(tip_id=i, kind=kind) if open_tips else Hit(verdict_id=i, kind=kind)


async def _by_picture(
    session: AsyncSession, phashes: list[int], open_tips: bool, max_distance: int = MATCH_DISTANCE
) -> Hit | None:
    """The known picture nearest to any of `phashes` (one whole hash per picture of the post) within
    `max_distance`: a scan of the stored hashes, fine at newsroom scale (100,000 pictures is a 0.8 MB
    column and a millisecond of numpy per picture)."""
    if not phashes:
        return None
    if open_tips:
        query = (
            select(ImagePrint.tip_id, ImagePrint.phash)
            .join(Tip, Tip.id == ImagePrint.tip_id)
            .where(Tip.status == TipStatus.QUEUED, ImagePrint.phash.is_not(None))
            .order_by(ImagePrint.id)
        )
    else:
        query = (
            select(ImagePrint.verdict_id, ImagePrint.phash)
            .where(ImagePrint.verdict_id.is_not(None), ImagePrint.phash.is_not(None))
            .order_by(ImagePrint.id)
        )
        query = _answering(query, ImagePrint.verdict_id)
    rows = [(row[0], row[1]) for row in (await session.execute(query)).all()]
    found = [best for phash in phashes if (best := nearest(phash, rows, max_distance)) is not None]
    if not found:
        return None
    key, dist = min(found, key=lambda best: best[1])
    return (
        Hit(tip_id=key, kind=SignalKind.IMAGE, distance=dist)
        if open_tips
        else Hit(key, kind=SignalKind.IMAGE, distance=dist)
    )


async def known_verdict(session: AsyncSession, signals: Signals, pictures: bool = True) -> Hit | None:
    """The verdict the post's exact signals, else its pictures (any of an album), point at; a picture
    hit farther than MATCH_DISTANCE (up to SUGGEST_DISTANCE) is only a suggestion (`Hit.distance`)."""
    hit = await _exact(session, signals, open_tips=False)
    if hit is None and pictures:
        hit = await _by_picture(session, signals.whole_hashes, open_tips=False, max_distance=SUGGEST_DISTANCE)
    return hit


async def open_tip_with(session: AsyncSession, signals: Signals) -> Tip | None:
    """The open (queued) tip that has the same file, address, channel post or picture."""
    if not signals:
        return None
    hit = await _exact(session, signals, open_tips=True)
    if hit is None:
        hit = await _by_picture(session, signals.whole_hashes, open_tips=True)
    return await session.get(Tip, hit.tip_id) if hit else None


async def origins(
    session: AsyncSession, *, verdict_id: int | None = None, tip_id: int | None = None
) -> Sequence[PostOrigin]:
    """The channel posts readers forwarded that were answered with a verdict (or are in clusters linked to
    it), or that are in one cluster, oldest first."""
    query = select(PostOrigin).order_by(PostOrigin.id)
    if verdict_id is not None:
        answered = select(Request.id).where(Request.verdict_id == verdict_id)
        query = query.where(or_(PostOrigin.verdict_id == verdict_id, PostOrigin.request_id.in_(answered)))
    else:
        query = query.where(PostOrigin.tip_id == tip_id)
    return (await session.scalars(query)).all()


async def verdict_of_record(session: AsyncSession, url: str | None, external_id: str) -> int | None:
    """The stored verdict of an imported record, found as the import found it: by URL, else by id (the
    newsroom's own, never a partner's)."""
    own = Verdict.partner_id.is_(None)
    verdict_id = None
    if url:
        verdict_id = await session.scalar(
            select(Verdict.id).where(Verdict.url == url, own).order_by(Verdict.id).limit(1)
        )
    if verdict_id is None:
        verdict_id = await session.scalar(select(Verdict.id).where(Verdict.external_id == external_id, own))
    return verdict_id


# --- writing ------------------------------------------------------------------------------------


def record(
    session: AsyncSession, signals: Signals, request: Request, tip: Tip | None, verdict_id: int | None
) -> None:
    """Store the post's signals with its request (flushed) and tip. Pictures and links become known for
    a verdict only through the desk or an import; a forwarded channel post is the same post whoever
    forwards it, so its origin row carries the verdict the reader got."""
    tip_id = tip.id if tip is not None else None
    if tip_id is None and verdict_id is None and not signals.origin:
        return
    if signals.origin:
        session.add(
            PostOrigin(
                chat_id=int(signals.origin["chat_id"]),
                message_id=int(signals.origin["message_id"]),
                title=(signals.origin.get("title") or "")[:300] or None,
                username=(signals.origin.get("username") or "")[:100] or None,
                verdict_id=verdict_id,
                tip_id=tip_id,
                request_id=request.id,
            )
        )
    if tip_id is None:
        return
    for file_unique_id in signals.file_unique_ids:
        for index, phash in enumerate(signals.phashes.get(file_unique_id) or [None]):
            session.add(
                ImagePrint(
                    file_unique_id=file_unique_id if index == 0 else None,
                    phash=phash,
                    source=EvidenceSource.TIP,
                    tip_id=tip_id,
                    request_id=request.id,
                )
            )
    for url in signals.links:
        session.add(
            PostLink(
                key=link_key(url), url=url, source=EvidenceSource.TIP, tip_id=tip_id, request_id=request.id
            )
        )


async def forget_request(session: AsyncSession, request_id: int) -> None:
    """The message behind a request was edited: the signals it brought are dropped (its new ones are
    recorded in their place), except pictures and links a checker's verdict has made known since."""
    for model in (ImagePrint, PostLink):
        await session.execute(delete(model).where(model.request_id == request_id, model.verdict_id.is_(None)))
    await session.execute(delete(PostOrigin).where(PostOrigin.request_id == request_id))


async def learn_from_tip(session: AsyncSession, tip_id: int, verdict_id: int) -> None:
    """A checker answered the tip's cluster with a verdict: its pictures, links and channel posts now show
    that verdict to anyone who sends them."""
    for model in SIGNAL_MODELS:
        await session.execute(update(model).where(model.tip_id == tip_id).values(verdict_id=verdict_id))


async def move_tip(session: AsyncSession, old_tip_id: int, new_tip_id: int) -> None:
    """A tip joined another one's cluster: its signals go with it."""
    for model in SIGNAL_MODELS:
        await session.execute(update(model).where(model.tip_id == old_tip_id).values(tip_id=new_tip_id))


async def origins_answered(session: AsyncSession, tip_id: int, verdict_id: int) -> None:
    """The reader picked a verdict for their post: the channel post it came from shows that verdict."""
    await session.execute(update(PostOrigin).where(PostOrigin.tip_id == tip_id).values(verdict_id=verdict_id))


async def sync_appearances(session: AsyncSession, verdicts: Sequence[Verdict]) -> None:
    """The verdicts' own addresses (a reader who sends the fact-check's link gets its card) and their
    appearances (where the claim was seen) as matchable links, replacing older ones. Called wherever a
    verdict's URL or appearances change: the import, and the desk's Publish and Correct."""
    ids = [v.id for v in verdicts]
    if not ids:
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        await session.execute(
            delete(PostLink).where(
                PostLink.source.in_((EvidenceSource.APPEARANCE, EvidenceSource.VERDICT)),
                PostLink.verdict_id.in_(chunk),
            )
        )
    for verdict in verdicts:
        own = post_keys([verdict.url]) if verdict.url else []
        for url in own:
            session.add(
                PostLink(key=link_key(url), url=url, source=EvidenceSource.VERDICT, verdict_id=verdict.id)
            )
        for url in post_keys(list(verdict.appearances or [])):
            if url not in own:
                session.add(
                    PostLink(
                        key=link_key(url), url=url, source=EvidenceSource.APPEARANCE, verdict_id=verdict.id
                    )
                )


async def replace_imported_images(
    session: AsyncSession, verdict_id: int, files: list[tuple[str, list[int]]]
) -> None:
    """Known pictures of a verdict, [(file name, its hashes)]; a picture of the same name replaces the one
    imported before."""
    names = [name for name, _ in files]
    await session.execute(
        delete(ImagePrint).where(
            ImagePrint.source == EvidenceSource.IMPORT,
            ImagePrint.verdict_id == verdict_id,
            ImagePrint.name.in_(names),
        )
    )
    for name, hashes in files:
        for phash in hashes:
            session.add(
                ImagePrint(phash=phash, source=EvidenceSource.IMPORT, verdict_id=verdict_id, name=name[:300])
            )
