"""The queries on partner newsrooms, their verdicts, the change feed as this newsroom's own feed lists it,
and the claims rising at a newsroom."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.db.models import KnowledgeChange, Partner, PostOrigin, RisingClaim, Tip, Verdict
from knowledge.partners import Rising
from knowledge.statuses import TipStatus, Trust


async def partner_named(session: AsyncSession, name: str, lock: bool = False) -> Partner | None:
    """The partner called `name`; with `lock`, its row locked for the transaction on PostgreSQL, or None
    when another one holds it (SQLite writes one at a time anyway)."""
    query = select(Partner).where(Partner.name == name)
    if lock:
        query = query.with_for_update(skip_locked=True)
    return await session.scalar(query)


async def partner_by_token(session: AsyncSession, token_hash: str) -> Partner | None:
    return await session.scalar(select(Partner).where(Partner.token_hash == token_hash))


async def all_partners(session: AsyncSession) -> list[Partner]:
    return list((await session.scalars(select(Partner).order_by(Partner.name))).all())


async def followed_names(session: AsyncSession) -> list[str]:
    """The partners whose feeds this newsroom follows."""
    query = select(Partner.name).where(Partner.feed_url.is_not(None)).order_by(Partner.name)
    return list((await session.scalars(query)).all())


async def verdict_counts(session: AsyncSession) -> dict[int, tuple[int, int]]:
    """By partner id: its verdicts stored, and of those the withdrawn ones."""
    withdrawn = func.count(Verdict.withdrawn_at)
    query = (
        select(Verdict.partner_id, func.count(Verdict.id), withdrawn)
        .where(Verdict.partner_id.is_not(None))
        .group_by(Verdict.partner_id)
    )
    return {row[0]: (row[1], row[2]) for row in await session.execute(query)}


async def partners_trust(session: AsyncSession) -> tuple[tuple[int, str], ...]:
    """Each partner's id and trust: when this changes, the trust of their verdicts is read again."""
    return tuple((row.id, row.trust) for row in await session.execute(select(Partner.id, Partner.trust)))


async def verdict_trust(session: AsyncSession, verdict_ids: Sequence[int] | None = None) -> dict[int, Trust]:
    """The trust of partners' verdicts (of `verdict_ids`, else all of them), by verdict id."""
    query = select(Verdict.id, Partner.trust).join(Partner, Verdict.partner_id == Partner.id)
    if verdict_ids is not None:
        query = query.where(Verdict.id.in_(list(verdict_ids)))
    return {row.id: Trust(row.trust) for row in await session.execute(query)}


async def partner_verdicts(
    session: AsyncSession, partner_id: int, external_ids: Sequence[str]
) -> list[Verdict]:
    """The partner's verdicts (with their claims) of `external_ids` (found by the unique index of external
    ids: the partner's own index would scan all its verdicts)."""
    query = (
        select(Verdict)
        .where(Verdict.external_id.in_(list(external_ids)))
        .options(selectinload(Verdict.claims))
    )
    return [v for v in await session.scalars(query) if v.partner_id == partner_id]


async def all_partner_verdicts(session: AsyncSession, partner_id: int) -> list[Verdict]:
    query = select(Verdict).where(Verdict.partner_id == partner_id).options(selectinload(Verdict.claims))
    return list((await session.scalars(query)).all())


async def own_changes(session: AsyncSession, since: int, limit: int) -> list[Row]:
    """The newsroom's own verdicts changed after change `since`, each once with the last change that
    touched it (verdict_id, change), oldest first, at most `limit`."""
    changed = (
        select(KnowledgeChange.verdict_id, func.max(KnowledgeChange.id).label("change"))
        .where(KnowledgeChange.id > since)
        .group_by(KnowledgeChange.verdict_id)
        .subquery()
    )  # the changes first (a range of their primary key), then their verdicts
    query = (
        select(changed.c.verdict_id, changed.c.change)
        .join(Verdict, Verdict.id == changed.c.verdict_id)
        .where(Verdict.partner_id.is_(None))
        .order_by(changed.c.change)
        .limit(limit)
    )
    return list((await session.execute(query)).all())


async def partner_figures(session: AsyncSession) -> list[tuple[str, int, int, int]]:
    """(name, verdicts, failed syncs, malformed records skipped) of each partner."""
    counts = await verdict_counts(session)
    return [(p.name, counts.get(p.id, (0, 0))[0], p.errors, p.skipped) for p in await all_partners(session)]


# --- the claims rising at a newsroom ------------------------------------------------------------


async def rising_tips(session: AsyncSession, min_demand: int, limit: int) -> list[tuple[Tip, list[str]]]:
    """The open clusters at least `min_demand` readers sent, the most sent first, each with the public
    channels it was forwarded from (@name, else the title); nothing of the readers."""
    query = (
        select(Tip)
        .where(Tip.status == TipStatus.QUEUED, Tip.demand >= min_demand)
        .order_by(Tip.demand.desc(), Tip.id)
        .limit(limit)
    )
    tips = list((await session.scalars(query)).all())
    channels: dict[int, list[str]] = {tip.id: [] for tip in tips}
    if tips:
        where = PostOrigin.tip_id.in_(list(channels))
        origins = select(PostOrigin.tip_id, PostOrigin.username, PostOrigin.title).where(where)
        for row in await session.execute(origins.order_by(PostOrigin.id)):
            name = f"@{row.username}" if row.username else row.title
            if name and name not in channels[row.tip_id]:
                channels[row.tip_id].append(name)
    return [(tip, channels[tip.id]) for tip in tips]


async def replace_rising(session: AsyncSession, partner_id: int, claims: Sequence[Rising]) -> None:
    """The claims rising at a partner, as its rising feed lists them now."""
    await session.execute(delete(RisingClaim).where(RisingClaim.partner_id == partner_id))
    session.add_all(
        RisingClaim(
            partner_id=partner_id,
            key=claim.key,
            lang=claim.lang,
            text=claim.text,
            demand=claim.demand,
            first_seen=claim.first_seen,
            channels=list(claim.channels),
        )
        for claim in {c.key: c for c in claims}.values()
    )


async def rising_at_partners(session: AsyncSession) -> list[Row]:
    """(id, partner, text, lang, demand) of the claims rising at the partners not set to `off`."""
    query = (
        select(
            RisingClaim.id,
            Partner.name.label("partner"),
            RisingClaim.text,
            RisingClaim.lang,
            RisingClaim.demand,
        )
        .join(Partner, Partner.id == RisingClaim.partner_id)
        .where(Partner.trust != Trust.OFF)
        .order_by(RisingClaim.id)
    )
    return list((await session.execute(query)).all())


async def rising_version(session: AsyncSession) -> tuple:
    """Changes whenever the claims rising at the partners, or the partners' trust, do."""
    claims = select(func.count(RisingClaim.id), func.max(RisingClaim.id))
    return (*(await session.execute(claims)).one(), *await partners_trust(session))
