"""Verdict records and the database: the upsert an import makes, and the records an export writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import verdicts as stored
from bot.db.models import Claim, Verdict
from knowledge.matching import DISPUTED, LEARNT
from knowledge.verdicts import ClaimText, VerdictRecord

FROM_READERS = frozenset({LEARNT, DISPUTED})
"""The kinds of the phrasings learnt from readers' tips: kept by an import, left out of an export."""


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int
    embedded: int


@dataclass
class Upsert:
    """What an import did to the stored verdicts: the verdicts it created or changed, and its counts."""

    touched: list[Verdict] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def report(self, embedded: int) -> ImportReport:
        return ImportReport(self.created, self.updated, self.unchanged, embedded)


def record_claims(record: VerdictRecord) -> list[tuple[str, str, str]]:
    """The (lang, text, kind) of a record's claims as stored: empty and repeated texts left out."""
    seen: set[tuple[str, str]] = set()
    rows = []
    for claim in record.claims:
        key = (claim.lang, claim.text)
        if claim.text and key not in seen:
            seen.add(key)
            rows.append((claim.lang, claim.text, claim.kind))
    return rows


def verdict_record(verdict: Verdict) -> VerdictRecord:
    """A stored verdict as a record; phrasings learnt from readers' tips are left out."""
    return VerdictRecord(
        external_id=verdict.external_id,
        lang=verdict.lang,
        claims=[ClaimText(c.lang, c.text, c.kind) for c in verdict.claims if c.kind not in FROM_READERS],
        rating=verdict.rating,
        summary=verdict.summary,
        url=verdict.url,
        publisher=verdict.publisher,
        published=verdict.published,
        title=verdict.title,
        summaries=dict(verdict.summaries or {}),
        appearances=list(verdict.appearances or []),
    )


def same_as_stored(verdict: Verdict, record: VerdictRecord) -> bool:
    """Whether importing `record` over `verdict` would change nothing (its external id aside: a verdict
    matched by URL keeps its own)."""
    imported = [(c.lang, c.text, c.kind) for c in verdict.claims if c.kind not in FROM_READERS]
    return (
        imported == record_claims(record)
        and verdict.lang == record.lang
        and verdict.rating == record.rating
        and verdict.summary == record.summary
        and (verdict.summaries or {}) == record.summaries
        and verdict.url == record.url
        and verdict.publisher == record.publisher
        and verdict.published == record.published
        and verdict.title == record.title
        and (verdict.appearances or []) == record.appearances
    )


def write_record(verdict: Verdict, record: VerdictRecord) -> None:
    """Give `verdict` the fields and claims of `record`; phrasings learnt from tips are kept."""
    verdict.lang = record.lang
    verdict.rating = record.rating
    verdict.summary = record.summary
    verdict.summaries = dict(record.summaries)
    verdict.url = record.url
    verdict.publisher = record.publisher
    verdict.published = record.published
    verdict.title = record.title
    verdict.appearances = list(record.appearances)
    learnt = [c for c in verdict.claims if c.kind in FROM_READERS]
    verdict.claims = [Claim(lang=lang, text=text, kind=kind) for lang, text, kind in record_claims(record)]
    verdict.claims.extend(learnt)


async def upsert_records(session: AsyncSession, records: Sequence[VerdictRecord]) -> Upsert:
    """Write `records` into the session: a record updates the verdict with its URL, else the one with
    its external id (a verdict matched by URL keeps its external id), else adds one. Not committed."""
    found = await stored.verdicts_by_keys(
        session, (r.external_id for r in records), (r.url for r in records if r.url)
    )
    by_id = {v.external_id: v for v in found}
    by_url: dict[str, Verdict] = {}
    for verdict in found:
        if verdict.url:
            by_url.setdefault(verdict.url, verdict)
    upsert = Upsert()
    for record in records:
        verdict = by_url.get(record.url) if record.url else None
        if verdict is None:
            verdict = by_id.get(record.external_id)
        if verdict is not None and same_as_stored(verdict, record):
            upsert.unchanged += 1
            continue
        if verdict is None:
            verdict = Verdict(external_id=record.external_id, claims=[])
            session.add(verdict)
            by_id[record.external_id] = verdict
            upsert.created += 1
        else:
            upsert.updated += 1
            if verdict.url and verdict.url != record.url and by_url.get(verdict.url) is verdict:
                del by_url[verdict.url]
        if record.url:
            by_url[record.url] = verdict
        write_record(verdict, record)
        upsert.touched.append(verdict)
    upsert.touched = list({id(v): v for v in upsert.touched}.values())
    return upsert


async def stored_records(sessionmaker: async_sessionmaker) -> list[VerdictRecord]:
    """The newsroom's own verdicts as records, in the order they were added (`tipline kb export`; the
    partners' come back by following them)."""
    async with sessionmaker() as session:
        return [verdict_record(v) for v in await stored.own_verdicts(session)]
