"""What checkers do with an open tip: take it, answer it with a verdict already published, reject it,
attach an explainer to it.

`take`, `reject` and `explain` write in the session they are given and leave its commit to its owner
(the update's unit of work, so the change, its audit entry and the card's refresh are stored together);
`link` commits itself, since the matcher learns and the readers' notices are recorded after it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence import learn_from_tip
from bot.db.models import Tip, Verdict, utcnow
from bot.db.tips import tip_by_id
from bot.services.desk.audit import Actor, AuditAction, record_action, tip_snapshot
from bot.services.desk.clusters import TipClusters
from bot.services.desk.notices import Notices, cluster_notices
from bot.services.knowledge_base import KnowledgeBase
from knowledge.matching import LEARNT
from knowledge.posts import learnable
from knowledge.statuses import TipStatus
from knowledge.verdicts import ClaimText

REJECT_REASONS = ("spam", "uncheckable", "duplicate")
"""Why a tip may be rejected; a button carries the reason's index."""
CLOSED_OUT = ("spam", "uncheckable")
"""The reasons whose readers are told that no verdict will come (a duplicate's readers are not: the tip
it repeats is still open)."""


async def queued_tip(session: AsyncSession, tip_id: int) -> Tip | None:
    """The tip while it is queued for the checkers, else None."""
    tip = await tip_by_id(session, tip_id)
    return tip if tip is not None and tip.status == TipStatus.QUEUED else None


async def take(session: AsyncSession, tip_id: int, actor: Actor) -> bool:
    tip = await queued_tip(session, tip_id)
    if tip is None:
        return False
    before = tip_snapshot(tip)
    tip.assignee_id, tip.assignee_name = actor.id, actor.name[:200]
    record_action(session, actor, AuditAction.TAKE, before, tip_snapshot(tip), tip_id=tip.id)
    return True


async def explain(session: AsyncSession, tip_id: int, key: str, actor: Actor) -> bool:
    """Attach the explainer `key` to the open tip: its readers get it, once each, and so does every later
    one, until a verdict answers the tip. False when it is not open."""
    tip = await queued_tip(session, tip_id)
    if tip is None:
        return False
    before = tip_snapshot(tip)
    tip.explainer_key = key
    record_action(session, actor, AuditAction.EXPLAIN, before, tip_snapshot(tip), tip_id=tip.id)
    return True


async def reject(
    session: AsyncSession, clusters: TipClusters, tip_id: int, reason: str, actor: Actor
) -> bool:
    tip = await queued_tip(session, tip_id)
    if tip is None or reason not in REJECT_REASONS:
        return False
    before = tip_snapshot(tip)
    tip.status, tip.reject_reason, tip.resolved_at = TipStatus.REJECTED, reason, utcnow()
    record_action(session, actor, AuditAction.REJECT, before, tip_snapshot(tip), tip_id=tip.id)
    clusters.discard(tip_id)
    return True


async def link(
    session: AsyncSession,
    kb: KnowledgeBase,
    clusters: TipClusters,
    tip_id: int,
    verdict_id: int,
    actor: Actor,
) -> Notices | None:
    """Answer a cluster with an existing verdict: the notices for its readers, None when it is closed."""
    tip = await queued_tip(session, tip_id)
    verdict = await session.get(Verdict, verdict_id)
    if tip is None or verdict is None:
        return None
    before = tip_snapshot(tip)
    tip.status, tip.verdict_id, tip.resolved_at = TipStatus.ANSWERED, verdict_id, utcnow()
    record_action(session, actor, AuditAction.LINK, before, tip_snapshot(tip), tip.id, verdict_id)
    await learn_from_tip(session, tip.id, verdict_id)
    await session.commit()
    await tip_answered(kb, clusters, tip, verdict_id)
    return await cluster_notices(session, kb, tip_id, verdict_id)


async def tip_answered(kb: KnowledgeBase, clusters: TipClusters, tip: Tip, verdict_id: int) -> None:
    """A tip answered: its cluster closes, and its text becomes a phrasing of the verdict."""
    clusters.discard(tip.id)
    if learnable(tip.text):
        await kb.add_phrasing(verdict_id, ClaimText(tip.lang, tip.text, LEARNT))
