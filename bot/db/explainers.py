"""Explainers as stored (one row per explainer and language), and the tip one is attached to."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Explainer, utcnow
from knowledge.explainers import ExplainerRecord


def as_record(row: Explainer) -> ExplainerRecord:
    return ExplainerRecord(row.key, row.lang, row.title, row.text, tuple(row.keywords), tuple(row.questions))


async def all_explainers(session: AsyncSession) -> Sequence[Explainer]:
    """Every explainer in every language, by id."""
    return (await session.scalars(select(Explainer).order_by(Explainer.id))).all()


async def explainers_stamp(session: AsyncSession) -> tuple:
    """Changes when an explainer is added, changed or removed."""
    return tuple((await session.execute(select(func.count(), func.max(Explainer.updated_at)))).one())


async def explainers_in(session: AsyncSession, lang: str) -> Sequence[Explainer]:
    """The explainers written in `lang`, by title."""
    return (
        await session.scalars(select(Explainer).where(Explainer.lang == lang).order_by(Explainer.title))
    ).all()


async def explainer_variants(session: AsyncSession, key: str) -> dict[str, Explainer]:
    """The explainer `key` by language."""
    rows = await session.scalars(select(Explainer).where(Explainer.key == key))
    return {row.lang: row for row in rows}


async def upsert_explainers(
    session: AsyncSession, records: Sequence[ExplainerRecord]
) -> tuple[int, int, int]:
    """Write the records (one per explainer and language); (created, updated, unchanged). The caller
    commits."""
    stored = {(row.key, row.lang): row for row in await all_explainers(session)}
    created = updated = unchanged = 0
    for record in records:
        row = stored.get((record.key, record.lang))
        if row is None:
            session.add(
                Explainer(
                    key=record.key,
                    lang=record.lang,
                    title=record.title,
                    text=record.text,
                    keywords=list(record.keywords),
                    questions=list(record.questions),
                )
            )
            created += 1
        elif as_record(row) == record:
            unchanged += 1
        else:
            row.title, row.text = record.title, record.text
            row.keywords, row.questions = list(record.keywords), list(record.questions)
            row.updated_at = utcnow()
            updated += 1
    return created, updated, unchanged
