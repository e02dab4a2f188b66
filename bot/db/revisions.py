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


def as_told(verdict: Verdict, claim: str) -> dict:
    """The fields of a verdict its readers were told, with `claim` as its primary claim."""
    return {
        "rating": verdict.rating,
        "claim": claim,
        "summary": verdict.summary,
        "url": verdict.url,
        "lang": verdict.lang,
    }


async def next_revision_number(session: AsyncSession, verdict: Verdict, claim: str, author_id: int) -> int:
    """The number the verdict's next revision takes; one without revisions is first recorded as it
    stands (with `claim`), as revision 1."""
    number = await last_revision_number(session, verdict.id)
    if number is None:
        add_revision(session, verdict, claim, 1, author_id)
        number = 1
    return number + 1
