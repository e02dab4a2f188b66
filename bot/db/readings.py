"""Readings: the pictures of readers' posts whose words are read after the answer left."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Reading, utcnow
from knowledge.statuses import ReadingKind, ReadingStatus

MAX_ATTEMPTS = 3
"""Tries at a picture (its download, then tesseract) before its reading is given up as failed."""


def add_reading(
    session: AsyncSession,
    request_id: int,
    tip_id: int,
    chat_id: int,
    file_unique_id: str,
    file_id: str,
    kind: ReadingKind = ReadingKind.PICTURE,
) -> Reading:
    reading = Reading(
        kind=kind,
        request_id=request_id,
        tip_id=tip_id,
        chat_id=chat_id,
        file_unique_id=file_unique_id[:200],
        file_id=file_id[:500],
        status=ReadingStatus.PENDING,
        attempts=0,
    )
    session.add(reading)
    return reading


async def lease_readings(
    session: AsyncSession, kinds: Sequence[ReadingKind], lease: dt.timedelta, limit: int
) -> list[Reading]:
    """Up to `limit` pending readings of `kinds` no worker holds, each now held for `lease` (one try
    counted); rows another replica holds are skipped on PostgreSQL. The caller commits."""
    now = utcnow()
    query = (
        select(Reading)
        .where(
            Reading.status == ReadingStatus.PENDING,
            Reading.kind.in_(list(kinds)),
            or_(Reading.leased_until.is_(None), Reading.leased_until < now),
        )
        .order_by(Reading.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    readings = list((await session.scalars(query)).all())
    for reading in readings:
        reading.leased_until, reading.attempts = now + lease, reading.attempts + 1
    return readings


async def release_leases(session: AsyncSession) -> int:
    """Every pending reading a worker holds, free again (their processes died: the caller knows it is
    the only one). The caller commits."""
    result = await session.execute(
        update(Reading)
        .where(Reading.status == ReadingStatus.PENDING, Reading.leased_until.is_not(None))
        .values(leased_until=None)
    )
    return result.rowcount or 0


async def reading_of_tip(session: AsyncSession, tip_id: int, kind: ReadingKind) -> Reading | None:
    """The tip's latest reading of `kind` that is not failed."""
    query = (
        select(Reading)
        .where(Reading.tip_id == tip_id, Reading.kind == kind, Reading.status != ReadingStatus.FAILED)
        .order_by(Reading.id.desc())
        .limit(1)
    )
    return await session.scalar(query)


async def reading_by_id(session: AsyncSession, reading_id: int) -> Reading | None:
    return await session.get(Reading, reading_id)


RETRY = dt.timedelta(seconds=5)
"""The wait after a failed try, times the tries so far."""


def reading_failed(reading: Reading) -> None:
    """A try that failed: tried again after `RETRY` times its tries, or given up after `MAX_ATTEMPTS`."""
    if reading.attempts >= MAX_ATTEMPTS:
        reading.status = ReadingStatus.FAILED
    else:
        reading.leased_until = utcnow() + RETRY * reading.attempts


async def readings_count(session: AsyncSession, chat_id: int) -> int:
    query = select(func.count()).select_from(Reading).where(Reading.chat_id == chat_id)
    return await session.scalar(query) or 0


async def delete_readings_of(session: AsyncSession, chat_id: int) -> int:
    result = await session.execute(delete(Reading).where(Reading.chat_id == chat_id))
    return result.rowcount or 0


async def delete_readings_before(session: AsyncSession, cutoff: dt.datetime) -> int:
    result = await session.execute(delete(Reading).where(Reading.created_at < cutoff))
    return result.rowcount or 0
