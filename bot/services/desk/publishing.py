"""Verdicts written at the desk (the dialog's draft becomes a verdict that answers the cluster) and
corrections of any verdict (its readers get the correction)."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence import learn_from_tip, sync_appearances
from bot.db.models import Claim, Verdict, utcnow
from bot.db.revisions import add_revision, as_told, next_revision_number
from bot.db.verdicts import own_verdict, verdict_with_claims
from bot.services.desk.audit import IMPORT_ACTOR, Actor, AuditAction, record_action, tip_snapshot
from bot.services.desk.clusters import TipClusters
from bot.services.desk.notices import Notices, cluster_notices, correction_notices
from bot.services.desk.triage import queued_tip, tip_answered
from bot.services.knowledge_base import KnowledgeBase, vector_from_bytes, vector_to_bytes
from knowledge.drafts import corrected, draft_fields, readers_must_know
from knowledge.matching import Phrasing
from knowledge.statuses import TipStatus


async def _embedded(kb: KnowledgeBase, claim: Claim) -> None:
    claim.vector = claim.vector_model = None
    if kb.embedder is not None:
        [vector] = await kb.embed([claim.text])
        claim.vector, claim.vector_model = vector_to_bytes(vector), kb.embedder.name


def _phrasing(kb: KnowledgeBase, verdict_id: int, claim: Claim) -> Phrasing:
    vector = vector_from_bytes(claim.vector) if kb.embedder is not None and claim.vector else None
    return Phrasing(verdict_id=verdict_id, lang=claim.lang, text=claim.text, kind=claim.kind, vector=vector)


async def publish(
    session: AsyncSession,
    kb: KnowledgeBase,
    clusters: TipClusters,
    publisher: str,
    tip_id: int,
    draft: dict,
    actor: Actor,
) -> tuple[int, Notices] | None:
    """Store a new verdict from the dialog, make it matchable, answer the cluster.
    Returns (verdict id, the notices for its readers), None when the tip is no longer open."""
    tip = await queued_tip(session, tip_id)
    if tip is None:
        return None
    claim = Claim(lang=draft["lang"], text=draft["claim"], kind="claim")
    await _embedded(kb, claim)
    verdict = Verdict(
        external_id=f"desk-tip-{tip.id}-{int(utcnow().timestamp() * 1000)}",
        lang=draft["lang"],
        rating=draft["rating"],
        summary=draft["summary"],
        summaries={},
        url=draft["url"],
        publisher=publisher,
        published=utcnow().date(),
        claims=[claim],
    )
    session.add(verdict)
    await session.flush()
    verdict.external_id = f"desk-{verdict.id}"
    await sync_appearances(session, [verdict])
    add_revision(session, verdict, draft["claim"], 1, actor.id)
    before = tip_snapshot(tip)
    tip.status, tip.verdict_id, tip.resolved_at = TipStatus.ANSWERED, verdict.id, utcnow()
    await learn_from_tip(session, tip.id, verdict.id)
    after = {**tip_snapshot(tip), **draft_fields(draft)}
    record_action(session, actor, AuditAction.PUBLISH, before, after, tip.id, verdict.id)
    await session.commit()
    await asyncio.to_thread(kb.matcher.add, [_phrasing(kb, verdict.id, claim)])
    await tip_answered(kb, clusters, tip, verdict.id)
    return verdict.id, await cluster_notices(session, kb, tip_id, verdict.id)


def _primary(verdict: Verdict) -> Claim | None:
    return next((c for c in verdict.claims if c.kind == "claim"), None)


async def editable_fields(kb: KnowledgeBase, verdict_id: int) -> dict | None:
    """A verdict's editable fields, as the dialog holds them."""
    verdict = (await kb.verdicts([verdict_id])).get(verdict_id)
    if verdict is None:
        return None
    primary = _primary(verdict)
    return {
        "rating": verdict.rating,
        "claim": primary.text if primary else verdict.claim_in(verdict.lang),
        "summary": verdict.summary,
        "url": verdict.url,
        "lang": verdict.lang,
    }


async def correct(
    session: AsyncSession, kb: KnowledgeBase, verdict_id: int, draft: dict, actor: Actor
) -> tuple[bool, Notices] | None:
    """Change a verdict; when its rating or text changed, readers who received it get a correction.
    Returns (changed, the notices to send), None when the verdict does not exist."""
    verdict = await verdict_with_claims(session, verdict_id)
    if verdict is None:
        return None
    primary = _primary(verdict)
    before = as_told(verdict, primary.text if primary else "")
    after = corrected(before, draft)
    if after == before:
        return False, Notices()
    number = await next_revision_number(session, verdict, before["claim"], IMPORT_ACTOR.id) - 1
    verdict.rating, verdict.summary, verdict.url, verdict.lang = (
        after["rating"],
        after["summary"],
        after["url"],
        after["lang"],
    )
    if primary is None:
        primary = Claim(lang=after["lang"], text=after["claim"], kind="claim")
        verdict.claims.insert(0, primary)
    if primary.text != after["claim"] or primary.lang != after["lang"]:
        primary.text, primary.lang = after["claim"], after["lang"]
        await _embedded(kb, primary)
    verdict.updated_at = utcnow()
    if before["url"] != after["url"]:
        await sync_appearances(session, [verdict])
    add_revision(session, verdict, after["claim"], number + 1, actor.id)
    record_action(session, actor, AuditAction.CORRECT, before, after, verdict_id=verdict.id)
    await session.commit()
    kb.matcher.remove_verdict(verdict_id)
    await asyncio.to_thread(kb.matcher.add, [_phrasing(kb, verdict.id, c) for c in verdict.claims])
    if not readers_must_know(before, after):
        return True, Notices()
    return True, await correction_notices(session, kb, verdict_id, number + 1)


async def withdraw(
    session: AsyncSession, external_id: str, actor: Actor, restore: bool = False
) -> Verdict | None:
    """Take an own verdict out of matching and tell the partners' feed it is withdrawn (or, `restore`,
    bring it back); None when the newsroom has no verdict of that id. The matchers follow through the
    change feed."""
    verdict = await own_verdict(session, external_id)
    if verdict is None:
        return None
    withdrawn = verdict.withdrawn_at is not None
    if withdrawn == restore:
        verdict.withdrawn_at = None if restore else utcnow()
        verdict.updated_at = utcnow()
        record_action(
            session,
            actor,
            AuditAction.WITHDRAW,
            {"withdrawn": withdrawn},
            {"withdrawn": not restore},
            verdict_id=verdict.id,
        )
        await session.commit()
    return verdict
