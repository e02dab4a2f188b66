"""What a post's pictures, links and channel posts tell the newsroom: the channels that spread a claim,
and the pictures an import makes known. The signals themselves are knowledge/posts.py (Signals), their
rows bot/db/evidence.py."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.db.evidence import origins, replace_imported_images, verdict_of_record


async def attach_images(
    sessionmaker: async_sessionmaker, images: dict[int, list[tuple[str, list[int]]]]
) -> int:
    """Known pictures of verdicts, `{verdict id: [(file name, its hashes)]}`; a picture of the same name
    replaces the one imported before. Returns how many pictures were stored."""
    async with sessionmaker() as session:
        for verdict_id, files in images.items():
            await replace_imported_images(session, verdict_id, files)
        await session.commit()
    return sum(len(files) for files in images.values())


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
            verdict_id = await verdict_of_record(session, record.url, record.external_id)
            if verdict_id is not None:
                images.setdefault(verdict_id, []).extend(files)
    return await attach_images(sessionmaker, images)


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
    async with sessionmaker() as session:
        rows = await origins(session, verdict_id=verdict_id, tip_id=tip_id)
    counts: Counter[int] = Counter()
    latest = {}
    for row in rows:
        counts[row.chat_id] += 1
        latest[row.chat_id] = row
    return [
        Source(chat_id, latest[chat_id].title, latest[chat_id].username, n)
        for chat_id, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
