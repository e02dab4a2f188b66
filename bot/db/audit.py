"""The audit log: who did what at the desk, with the state before and after."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditEntry


def add_audit_entry(
    session: AsyncSession,
    actor_id: int,
    actor_name: str,
    action: str,
    before: dict,
    after: dict,
    tip_id: int | None = None,
    verdict_id: int | None = None,
) -> None:
    session.add(
        AuditEntry(
            actor_id=actor_id,
            actor_name=actor_name[:200],
            action=action,
            tip_id=tip_id,
            verdict_id=verdict_id,
            before=before,
            after=after,
        )
    )


async def audit_entries(session: AsyncSession, tip_id: int, verdict_id: int | None) -> list[AuditEntry]:
    """The tip's entries and those of its verdict, oldest first."""
    where = AuditEntry.tip_id == tip_id
    if verdict_id:
        where = where | (AuditEntry.verdict_id == verdict_id)
    return list((await session.scalars(select(AuditEntry).where(where).order_by(AuditEntry.id))).all())
