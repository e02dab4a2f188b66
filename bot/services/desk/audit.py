"""Who did what at the desk: the audit log's entries."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.audit import add_audit_entry, audit_entries
from bot.db.models import AuditEntry, Tip
from bot.db.tips import tip_by_id


@dataclass(frozen=True)
class Actor:
    """A member of staff acting at the desk (a Telegram user)."""

    id: int
    name: str


IMPORT_ACTOR = Actor(0, "import")
"""The author of a verdict's first revision when it came from an import, not the desk."""


class AuditAction(StrEnum):
    TAKE = "take"
    LINK = "link"
    REJECT = "reject"
    PUBLISH = "publish"
    CORRECT = "correct"
    GRANT = "grant"
    REVOKE = "revoke"
    BLOCK = "block"
    UNBLOCK = "unblock"
    EXPLAIN = "explain"
    WITHDRAW = "withdraw"
    """A verdict withdrawn (or restored): out of matching and out of the partners' feed."""
    PARTNER = "partner"
    """A partner added, followed or removed."""
    TRUST = "trust"
    """How far a partner's verdicts are trusted."""
    TRANSCRIPT = "transcript"
    """A tip's transcript corrected by a checker."""


def tip_snapshot(tip: Tip) -> dict[str, Any]:
    """What of a tip the audit log keeps before and after an action."""
    return {
        "status": tip.status,
        "assignee": tip.assignee_name,
        "verdict": tip.verdict_id,
        "reason": tip.reject_reason,
        "explainer": tip.explainer_key,
    }


def record_action(
    session: AsyncSession,
    actor: Actor,
    action: AuditAction,
    before: dict,
    after: dict,
    tip_id: int | None = None,
    verdict_id: int | None = None,
) -> None:
    add_audit_entry(session, actor.id, actor.name, action, before, after, tip_id, verdict_id)


async def log_action(
    session: AsyncSession, actor: Actor, action: AuditAction, before: dict, after: dict
) -> None:
    """Record an action on no tip or verdict (roles, blocks) and commit it."""
    record_action(session, actor, action, before, after)
    await session.commit()


async def tip_history(session: AsyncSession, tip_id: int) -> list[AuditEntry]:
    """The tip's audit entries and those of the verdict it was answered with."""
    tip = await tip_by_id(session, tip_id)
    if tip is None:
        return []
    return await audit_entries(session, tip_id, tip.verdict_id)
