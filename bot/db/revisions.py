"""Verdicts written or corrected at the desk, and their numbered revisions."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Verdict, VerdictRevision


async def last_revision_number(session: AsyncSession, verdict_id: int) -> int | None:
    query = select(func.max(VerdictRevision.number)).where(VerdictRevision.verdict_id == verdict_id)
    return await session.scalar(query)


def add_revision(session: AsyncSession, verdict: Verdict, claim: str, number: int, author_id: int) -> None:
    """Record the verdict as it now reads, with `claim` as its primary claim, as revision `number`."""
    session.add(
        VerdictRevision(
            verdict_id=verdict.id,
            number=number,
            rating=verdict.rating,
            claim=claim,
            summary=verdict.summary,
            url=verdict.url,
            lang=verdict.lang,
            author_id=author_id,
        )
    )
