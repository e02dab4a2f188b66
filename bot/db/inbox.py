"""Updates whose every attempt failed: kept in the inbox (`failed_at` set, never handled), listed by
`tipline inbox failed` and handed back to the inbox by `tipline inbox replay`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import InboxUpdate

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


def _failed():  # noqa: ANN202 - a where clause
    return InboxUpdate.failed_at.is_not(None) & InboxUpdate.handled_at.is_(None)


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
