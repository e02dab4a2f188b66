"""Queries on the inbox (the updates stored before Telegram is told they arrived, handled from there)
and on raw_updates (those that could not be read as one). Updates whose every attempt failed are kept
(`failed_at` set, never handled), listed by `tipline inbox failed` and handed back by `tipline inbox
replay`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.engine import insert_ignoring_duplicates
from bot.db.models import InboxUpdate, RawUpdate, utcnow

BIGINT = range(-(2**63), 2**63)
"""The update ids the inbox can hold (64-bit): any other id is not a failed update."""


@dataclass(frozen=True)
class FailedUpdate:
    update_id: int
    chat_id: int | None
    attempts: int
    failed_at: dt.datetime
    error: str
    """The first line of the last attempt's failure."""


ROWS_PER_STATEMENT = 200


def _failed():
    return InboxUpdate.failed_at.is_not(None) & InboxUpdate.handled_at.is_(None)


def _waiting():
    return InboxUpdate.handled_at.is_(None) & InboxUpdate.failed_at.is_(None)


async def add_updates(session: AsyncSession, engine: AsyncEngine, rows: list[dict]) -> None:
    """Insert inbox rows; those whose update_id is stored already are skipped."""
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start : start + ROWS_PER_STATEMENT]
        await session.execute(insert_ignoring_duplicates(engine, InboxUpdate.__table__, chunk))


class RawItem(Protocol):
    """An update kept as it came (bot/telegram/intake.py: Unreadable)."""

    update_id: str | None
    body: str
    error: str


Item = TypeVar("Item", bound=RawItem)


async def add_raw_updates(session: AsyncSession, items: Sequence[Item], source: str) -> list[Item]:
    """Add the unreadable updates not kept before (same update_id, or same body when it has none) to the
    session; return those added."""
    if not items:
        return []
    ids = [item.update_id for item in items if item.update_id is not None]
    bodies = [item.body for item in items if item.update_id is None]
    conditions = []
    if ids:
        conditions.append(RawUpdate.update_id.in_(ids))
    if bodies:
        conditions.append(RawUpdate.update_id.is_(None) & RawUpdate.body.in_(bodies))
    known = (
        await session.execute(
            select(RawUpdate.update_id, RawUpdate.body).where(RawUpdate.source == source, or_(*conditions))
        )
    ).all()
    seen = {(update_id, body if update_id is None else None) for update_id, body in known}
    added = []
    for item in items:
        key = (item.update_id, item.body if item.update_id is None else None)
        if key in seen:
            continue
        seen.add(key)
        session.add(
            RawUpdate(
                update_id=item.update_id,
                body=item.body,
                error=item.error,
                source=source,
                received_at=utcnow(),
            )
        )
        added.append(item)
    return added


async def due_updates(session: AsyncSession, received_before: dt.datetime | None = None) -> list[InboxUpdate]:
    """The updates neither handled nor failed whose next attempt is due, in order; with
    `received_before`, only those stored before it."""
    now = utcnow()
    query = select(InboxUpdate).where(
        _waiting(), or_(InboxUpdate.next_attempt_at.is_(None), InboxUpdate.next_attempt_at <= now)
    )
    if received_before is not None:
        query = query.where(InboxUpdate.received_at < received_before)
    return list((await session.scalars(query.order_by(InboxUpdate.update_id))).all())


async def start_attempt(session: AsyncSession, update_ids: Sequence[int]) -> list[InboxUpdate]:
    """Count one attempt more at those of the updates neither handled nor failed, and commit; those."""
    rows = (
        await session.scalars(select(InboxUpdate).where(InboxUpdate.update_id.in_(update_ids), _waiting()))
    ).all()
    for row in rows:
        row.attempts += 1
    await session.commit()
    return list(rows)


async def mark_handled(session: AsyncSession, update_ids: Sequence[int]) -> int:
    """Mark the updates handled, unless they are already; how many were marked. The caller commits."""
    marked = await session.execute(
        update(InboxUpdate)
        .where(InboxUpdate.update_id.in_(update_ids), InboxUpdate.handled_at.is_(None))
        .values(handled_at=utcnow(), next_attempt_at=None, error=None)
    )
    return marked.rowcount


async def record_failure(
    session: AsyncSession, update_ids: Sequence[int], error: str, retry_at: dt.datetime | None
) -> None:
    """A failed attempt at the updates: tried again at `retry_at`, or, when None, kept as failed. The
    caller commits."""
    values: dict = {"error": error}
    if retry_at is None:
        values["failed_at"] = utcnow()
    else:
        values["next_attempt_at"] = retry_at
    await session.execute(update(InboxUpdate).where(InboxUpdate.update_id.in_(update_ids)).values(**values))


async def count_failed(session: AsyncSession) -> int:
    """Updates kept as failed (the `tipline_failed_updates` gauge)."""
    return await session.scalar(select(func.count()).select_from(InboxUpdate).where(_failed()))


async def failed_updates(sessionmaker: async_sessionmaker) -> list[FailedUpdate]:
    """Every failed update, oldest failure first."""
    query = (
        select(
            InboxUpdate.update_id,
            InboxUpdate.chat_id,
            InboxUpdate.attempts,
            InboxUpdate.failed_at,
            InboxUpdate.error,
        )
        .where(_failed())
        .order_by(InboxUpdate.failed_at, InboxUpdate.update_id)
    )
    async with sessionmaker() as session:
        rows = (await session.execute(query)).all()
    return [
        FailedUpdate(
            row.update_id,
            row.chat_id,
            row.attempts,
            row.failed_at,
            next(iter((row.error or "").strip().splitlines()), ""),
        )
        for row in rows
    ]


async def replay_failed(
    sessionmaker: async_sessionmaker, update_ids: Sequence[int] | None = None
) -> tuple[int, list[int]]:
    """Hand failed updates back to the inbox, their attempts counted from 0 again: those of
    `update_ids`, or every failed one when None. All or none: when an id is not a failed update,
    nothing changes. Returns (how many were handed back, the ids that are not failed updates)."""
    async with sessionmaker() as session, session.begin():
        if update_ids is not None:
            wanted = sorted({u for u in update_ids if u in BIGINT})
            found = set(
                await session.scalars(
                    select(InboxUpdate.update_id).where(_failed(), InboxUpdate.update_id.in_(wanted))
                )
            )
            unknown = sorted(u for u in set(update_ids) if u not in found)
            if unknown:
                return 0, unknown
        statement = (
            update(InboxUpdate)
            .where(_failed())
            .values(failed_at=None, error=None, next_attempt_at=None, attempts=0)
        )
        if update_ids is not None:
            statement = statement.where(InboxUpdate.update_id.in_(wanted))
        result = await session.execute(statement.execution_options(synchronize_session=False))
        return result.rowcount, []
