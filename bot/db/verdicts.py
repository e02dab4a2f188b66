"""The queries on verdicts, their claims (the phrasings and their stored vectors), their revisions and the
change feed (kb_changes) every replica replays into its matcher."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sqlalchemy import Row, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.db.models import Claim, KnowledgeChange, Verdict, VerdictRevision

CHUNK = 1000
"""Values bound in one IN (...) list at most."""


def vector_to_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored in `claims.vector`: little-endian float32."""
    return np.asarray(vector, dtype="<f4").tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")


def chunks(values: Sequence, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


async def verdicts_with_claims(session: AsyncSession, ids: Sequence[int]) -> dict[int, Verdict]:
    """The verdicts of `ids` that exist, with their claims, by id."""
    found: dict[int, Verdict] = {}
    for chunk in chunks(list(ids)):
        query = select(Verdict).where(Verdict.id.in_(chunk)).options(selectinload(Verdict.claims))
        found.update((v.id, v) for v in await session.scalars(query))
    return found


async def verdict_with_claims(session: AsyncSession, verdict_id: int) -> Verdict | None:
    return (await verdicts_with_claims(session, [verdict_id])).get(verdict_id)


async def own_verdict(session: AsyncSession, external_id: str) -> Verdict | None:
    """The newsroom's own verdict (not a partner's) of that external id."""
    query = select(Verdict).where(Verdict.external_id == external_id, Verdict.partner_id.is_(None))
    return await session.scalar(query)


async def own_verdicts(session: AsyncSession) -> list[Verdict]:
    """The newsroom's own verdicts with their claims (a partner's are its to publish), in the order they
    were added."""
    query = (
        select(Verdict)
        .where(Verdict.partner_id.is_(None))
        .order_by(Verdict.id)
        .options(selectinload(Verdict.claims))
    )
    return list((await session.scalars(query)).all())


async def verdicts_by_keys(
    session: AsyncSession, external_ids: Iterable[str], urls: Iterable[str]
) -> list[Verdict]:
    """The newsroom's own verdicts (with their claims) whose external id is one of `external_ids` or whose
    URL is one of `urls`, each once, in the order they were added (a partner's are never among them)."""
    found: dict[int, Verdict] = {}
    for column, values in ((Verdict.external_id, list(set(external_ids))), (Verdict.url, list(set(urls)))):
        for chunk in chunks(values):
            query = (
                select(Verdict)
                .where(column.in_(chunk), Verdict.partner_id.is_(None))
                .options(selectinload(Verdict.claims))
            )
            found.update((v.id, v) for v in await session.scalars(query))
    return [found[key] for key in sorted(found)]


async def external_ids(session: AsyncSession) -> dict[int, str]:
    """Every verdict's external id, by verdict id."""
    return {row.id: row.external_id for row in await session.execute(select(Verdict.id, Verdict.external_id))}


async def claim_rows(session: AsyncSession) -> list[Row]:
    """Every matchable claim (of a verdict not withdrawn) as a row (id, verdict_id, lang, text, kind, vector,
    vector_model), in the order they were added: a matcher built from them is the same in every process."""
    query = (
        select(
            Claim.id, Claim.verdict_id, Claim.lang, Claim.text, Claim.kind, Claim.vector, Claim.vector_model
        )
        .join(Verdict, Verdict.id == Claim.verdict_id)
        .where(Verdict.withdrawn_at.is_(None))
        .order_by(Claim.id)
    )
    return list((await session.execute(query)).all())


async def claims_of(
    session: AsyncSession, verdict_ids: Sequence[int], matchable: bool = False
) -> list[Claim]:
    """The claims of the verdicts of `verdict_ids`; `matchable`: only of those not withdrawn."""
    claims: list[Claim] = []
    for chunk in chunks(list(verdict_ids)):
        query = select(Claim).where(Claim.verdict_id.in_(chunk))
        if matchable:
            query = query.join(Verdict, Verdict.id == Claim.verdict_id).where(Verdict.withdrawn_at.is_(None))
        claims.extend((await session.scalars(query)).all())
    return claims


async def store_vectors(session: AsyncSession, vectors: dict[int, np.ndarray], model: str) -> None:
    """Store the vectors of claims (by claim id) computed by embedder `model`."""
    if vectors:
        rows = [{"id": i, "vector": vector_to_bytes(v), "vector_model": model} for i, v in vectors.items()]
        await session.execute(update(Claim), rows)


async def claims_summary(session: AsyncSession) -> tuple[int, int | None, int | None, int]:
    """How many claims are stored, the highest claim id, the length of all their texts, and the sum of
    the withdrawn verdicts' ids (a withdrawal changes what is matchable, not the claims)."""
    query = select(func.count(Claim.id), func.max(Claim.id), func.sum(func.length(Claim.text)))
    count, last, size = (await session.execute(query)).one()
    withdrawn = select(func.coalesce(func.sum(Verdict.id), 0)).where(Verdict.withdrawn_at.is_not(None))
    return count, last, size, await session.scalar(withdrawn) or 0


async def latest_change_id(session: AsyncSession) -> int:
    """The id of the newest entry of the change feed (0 when it is empty)."""
    return await session.scalar(select(func.max(KnowledgeChange.id))) or 0


async def changes_after(session: AsyncSession, after: int) -> list[Row]:
    """The entries of the change feed with an id above `after`, oldest first: id, verdict_id, writer."""
    query = (
        select(KnowledgeChange.id, KnowledgeChange.verdict_id, KnowledgeChange.writer)
        .where(KnowledgeChange.id > after)
        .order_by(KnowledgeChange.id)
    )
    return list((await session.execute(query)).all())


async def latest_revision_number(session: AsyncSession, verdict_id: int) -> int | None:
    """The number of a verdict's newest revision; None before its first correction."""
    query = select(func.max(VerdictRevision.number)).where(VerdictRevision.verdict_id == verdict_id)
    return await session.scalar(query)
