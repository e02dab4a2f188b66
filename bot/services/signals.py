"""What a post carries besides its words: a picture, links, the channel post it was forwarded from.

Each is stored in its own table (bot/db/models.py: ImagePrint, PostLink, PostOrigin) tied to the verdict it
shows when known and to the tip and request it came with, and looked up with database queries when a
post arrives, so several replicas share them. Exact signals (the same file, the same normalised address,
a verdict's own URL among them, the same channel post) and a picture within
`knowledge.images.MATCH_DISTANCE` of a known one (any picture of an album) answer at once; the same
signals tie a new tip to an open one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import ImagePrint, PostLink, PostOrigin, Request, Tip, Verdict
from knowledge.images import MATCH_DISTANCE, SUGGEST_DISTANCE, nearest
from knowledge.links import post_keys


@dataclass
class Signals:
    """A post's non-text evidence, as the pipeline sees it (no Telegram types)."""

    file_unique_ids: list[str] = field(default_factory=list)
    """The post's pictures (photos, images sent as files), every one of an album, in order."""
    phashes: dict[str, list[int]] = field(default_factory=dict)
    """Per picture (by file_unique_id) that could be read: its hashes (knowledge.images.known_hashes),
    whole first, then its crops."""
    links: list[str] = field(default_factory=list)
    """Normalised, specific addresses (knowledge.links.post_keys)."""
    origin: dict | None = None
    """A channel post: chat_id, message_id, title, username."""

    @classmethod
    def of(cls, payload: dict) -> Signals:
        origin = payload.get("forward_origin") or {}
        channel = None
        if origin.get("type") == "channel" and origin.get("chat_id") and origin.get("message_id"):
            channel = origin
        return cls(
            file_unique_ids=[f["file_unique_id"] for f in files_of(payload) if is_picture(f)],
            links=post_keys(list(payload.get("links") or [])),
            origin=channel,
        )

    @property
    def whole_hashes(self) -> list[int]:
        """Each readable picture's hash of the whole picture, the one compared with known pictures."""
        return [self.phashes[i][0] for i in self.file_unique_ids if self.phashes.get(i)]

    def __bool__(self) -> bool:
        return bool(self.file_unique_ids or self.phashes or self.links or self.origin)


def files_of(payload: dict) -> list[dict]:
    """The files a post carries (`payload["files"]` for several, e.g. an album), each a dict with media,
    file_id, file_unique_id and, for an image sent as a file, picture."""
    if payload.get("files"):
        return list(payload["files"])
    if payload.get("file_unique_id"):
        return [{k: payload[k] for k in ("media", "file_id", "file_unique_id", "picture") if k in payload}]
    return []


def is_picture(file: dict) -> bool:
    return file.get("media") == "photo" or bool(file.get("picture"))


@dataclass(frozen=True)
class Hit:
    verdict_id: int | None = None
    tip_id: int | None = None
    kind: str = ""
    """origin, file, link or image (perceptual hash)."""
    distance: int = 0


def link_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


# --- lookups ------------------------------------------------------------------------------------


async def _exact(session: AsyncSession, signals: Signals, open_tips: bool) -> Hit | None:
    """The verdict (or, with `open_tips`, the open tip) the post's exact signals point at."""
    found: list[tuple[str, int]] = []
    for kind, model, where in _exact_queries(signals):
        if open_tips:
            query = (
                select(model.tip_id)
                .join(Tip, Tip.id == model.tip_id)
                .where(where, Tip.status == "queued")
                .order_by(model.tip_id)
            )
        else:
            query = select(model.verdict_id).where(where, model.verdict_id.is_not(None)).order_by(model.id)
        ids = (await session.scalars(query.limit(50))).all()
        found.extend((kind, i) for i in ids)
    if not found:
        return None
    votes = Counter(i for _, i in found)
    best = max(votes.values())
    for kind, i in found:  # the strongest kind among the most supported
        if votes[i] == best:
            return Hit(tip_id=i, kind=kind) if open_tips else Hit(verdict_id=i, kind=kind)
    return None


def _exact_queries(signals: Signals) -> Iterable[tuple[str, type, object]]:
    if signals.origin:
        yield (
            "origin",
            PostOrigin,
            (PostOrigin.chat_id == int(signals.origin["chat_id"]))
            & (PostOrigin.message_id == int(signals.origin["message_id"])),
        )
    if signals.file_unique_ids:
        yield "file", ImagePrint, ImagePrint.file_unique_id.in_(signals.file_unique_ids)
    if signals.links:
        yield "link", PostLink, PostLink.key.in_([link_key(u) for u in signals.links])


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
            .where(Tip.status == "queued", ImagePrint.phash.is_not(None))
            .order_by(ImagePrint.id)
        )
    else:
        query = (
            select(ImagePrint.verdict_id, ImagePrint.phash)
            .where(ImagePrint.verdict_id.is_not(None), ImagePrint.phash.is_not(None))
            .order_by(ImagePrint.id)
        )
    rows = [(row[0], row[1]) for row in (await session.execute(query)).all()]
    found = [best for phash in phashes if (best := nearest(phash, rows, max_distance)) is not None]
    if not found:
        return None
    key, dist = min(found, key=lambda best: best[1])
    return (
        Hit(tip_id=key, kind="image", distance=dist) if open_tips else Hit(key, kind="image", distance=dist)
    )


async def known_verdict(session: AsyncSession, signals: Signals, pictures: bool = True) -> Hit | None:
    """The verdict the post's exact signals, else its pictures (any of an album), point at; a picture
    hit farther than MATCH_DISTANCE (up to SUGGEST_DISTANCE) is only a suggestion (`Hit.distance`)."""
    hit = await _exact(session, signals, open_tips=False)
    if hit is None and pictures:
        hit = await _by_picture(session, signals.whole_hashes, open_tips=False, max_distance=SUGGEST_DISTANCE)
    return hit


async def open_tip(session: AsyncSession, signals: Signals) -> Tip | None:
    """The open (queued) tip that has the same file, address, channel post or picture."""
    if not signals:
        return None
    hit = await _exact(session, signals, open_tips=True)
    if hit is None:
        hit = await _by_picture(session, signals.whole_hashes, open_tips=True)
    return await session.get(Tip, hit.tip_id) if hit else None


# --- writing ------------------------------------------------------------------------------------


def record(
    session: AsyncSession,
    signals: Signals,
    request: Request,
    tip: Tip | None,
    verdict_id: int | None,
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
                    source="tip",
                    tip_id=tip_id,
                    request_id=request.id,
                )
            )
    for url in signals.links:
        session.add(PostLink(key=link_key(url), url=url, source="tip", tip_id=tip_id, request_id=request.id))


SIGNAL_MODELS = (ImagePrint, PostLink, PostOrigin)


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
                PostLink.source.in_(("appearance", "verdict")), PostLink.verdict_id.in_(chunk)
            )
        )
    for verdict in verdicts:
        own = post_keys([verdict.url]) if verdict.url else []
        for url in own:
            session.add(PostLink(key=link_key(url), url=url, source="verdict", verdict_id=verdict.id))
        for url in post_keys(list(verdict.appearances or [])):
            if url not in own:
                session.add(PostLink(key=link_key(url), url=url, source="appearance", verdict_id=verdict.id))


async def attach_images(
    sessionmaker: async_sessionmaker, images: dict[int, list[tuple[str, list[int]]]]
) -> int:
    """Known pictures of verdicts, `{verdict id: [(file name, its hashes)]}`; a picture of the same name
    replaces the one imported before. Returns how many pictures were stored."""
    stored = 0
    async with sessionmaker() as session:
        for verdict_id, files in images.items():
            names = [name for name, _ in files]
            await session.execute(
                delete(ImagePrint).where(
                    ImagePrint.source == "import",
                    ImagePrint.verdict_id == verdict_id,
                    ImagePrint.name.in_(names),
                )
            )
            for name, hashes in files:
                for phash in hashes:
                    session.add(
                        ImagePrint(phash=phash, source="import", verdict_id=verdict_id, name=name[:300])
                    )
                stored += 1
        await session.commit()
    return stored


async def attach_record_images(
    sessionmaker: async_sessionmaker, records: Sequence, pictures: dict[str, list[tuple[str, list[int]]]]
) -> int:
    """Attach `pictures` ({external id: [(name, hashes)]}, knowledge.images.pictures_for_records) to the
    stored verdicts of just-imported `records`, found as the import found them: by URL, else by id."""
    images: dict[int, list[tuple[str, list[int]]]] = {}
    async with sessionmaker() as session:
        for record in records:
            files = pictures.get(record.external_id)
            if not files:
                continue
            verdict_id = None
            if record.url:
                verdict_id = await session.scalar(
                    select(Verdict.id).where(Verdict.url == record.url).order_by(Verdict.id).limit(1)
                )
            if verdict_id is None:
                verdict_id = await session.scalar(
                    select(Verdict.id).where(Verdict.external_id == record.external_id)
                )
            if verdict_id is not None:
                images.setdefault(verdict_id, []).extend(files)
    return await attach_images(sessionmaker, images)


# --- sources ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    chat_id: int
    title: str | None
    username: str | None
    posts: int
    """Readers' forwards of this channel's posts."""


async def sources(
    sessionmaker: async_sessionmaker, *, verdict_id: int | None = None, tip_id: int | None = None
) -> list[Source]:
    """The channels that spread a verdict (forwards answered with it or in clusters linked to it) or one
    cluster, the most forwarded first."""
    query = select(PostOrigin).order_by(PostOrigin.id)
    if verdict_id is not None:
        answered = select(Request.id).where(Request.verdict_id == verdict_id)
        query = query.where(or_(PostOrigin.verdict_id == verdict_id, PostOrigin.request_id.in_(answered)))
    else:
        query = query.where(PostOrigin.tip_id == tip_id)
    async with sessionmaker() as session:
        rows = (await session.scalars(query)).all()
    counts: Counter[int] = Counter()
    latest: dict[int, PostOrigin] = {}
    for row in rows:
        counts[row.chat_id] += 1
        latest[row.chat_id] = row
    return [
        Source(chat_id, latest[chat_id].title, latest[chat_id].username, n)
        for chat_id, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
