"""The knowledge base: verdicts in the database and the in-memory matcher built from them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import selectinload

from bot.db.evidence import sync_appearances
from bot.db.models import Claim, KnowledgeChange, Verdict
from knowledge import matching
from knowledge.embeddings import Embedder
from knowledge.matching import Decision, Match, Matcher, Phrasing
from knowledge.verdicts import ClaimText, VerdictRecord

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""Called with (done, total) while a long operation runs."""

EMBED_BATCH = 64
CHANGE_OVERLAP = 500
"""Change ids below the highest one seen that are looked at again: a transaction that took its id
earlier may commit later."""


def vector_to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int
    embedded: int


def _claim_rows(record: VerdictRecord) -> list[tuple[str, str, str]]:
    seen: set[tuple[str, str]] = set()
    rows = []
    for claim in record.claims:
        key = (claim.lang, claim.text)
        if claim.text and key not in seen:
            seen.add(key)
            rows.append((claim.lang, claim.text, claim.kind))
    return rows


def _same(verdict: Verdict, record: VerdictRecord) -> bool:
    imported = [(c.lang, c.text, c.kind) for c in verdict.claims if c.kind != "tip"]
    return (
        imported == _claim_rows(record)
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


def _chunks(values: list, size: int = 1000) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def verdict_record(verdict: Verdict) -> VerdictRecord:
    """A stored verdict as a record; phrasings learnt from readers' tips are left out."""
    return VerdictRecord(
        external_id=verdict.external_id,
        lang=verdict.lang,
        claims=[ClaimText(c.lang, c.text, c.kind) for c in verdict.claims if c.kind != "tip"],
        rating=verdict.rating,
        summary=verdict.summary,
        url=verdict.url,
        publisher=verdict.publisher,
        published=verdict.published,
        title=verdict.title,
        summaries=dict(verdict.summaries or {}),
        appearances=list(verdict.appearances or []),
    )


async def stored_records(sessionmaker: async_sessionmaker) -> list[VerdictRecord]:
    """Every stored verdict as a record, in the order they were added."""
    async with sessionmaker() as session:
        query = select(Verdict).order_by(Verdict.id).options(selectinload(Verdict.claims))
        return [verdict_record(v) for v in (await session.scalars(query)).all()]


class KnowledgeBase:
    """Verdicts stored in the database, searchable through a Matcher kept in memory."""

    def __init__(self, sessionmaker: async_sessionmaker, matcher: Matcher, embedder: Embedder | None = None):
        self.sessionmaker = sessionmaker
        self.matcher = matcher
        self.embedder = embedder
        self.snapshot: Path | None = None
        self.from_snapshot = False
        self._saved_stamp: str | None = None
        self._writer = (sessionmaker.kw.get("info") or {}).get("writer")
        self._change_cursor = 0
        self._applied_changes: set[int] = set()
        self._sync_lock = asyncio.Lock()

    @classmethod
    async def load(
        cls,
        sessionmaker: async_sessionmaker,
        matcher: Matcher,
        embedder: Embedder | None = None,
        progress: Progress | None = None,
        snapshot: Path | None = None,
    ) -> KnowledgeBase:
        """Build the matcher from every stored phrasing; vectors missing for this embedder are computed and
        stored. With `snapshot`, a saved index of the same stored state is loaded instead of rebuilt."""
        kb = cls(sessionmaker, matcher, embedder)
        kb.snapshot = snapshot
        async with sessionmaker() as session:
            kb._change_cursor = await session.scalar(select(func.max(KnowledgeChange.id))) or 0
            seen = await session.scalars(
                select(KnowledgeChange.id).where(KnowledgeChange.id > kb._change_cursor - CHANGE_OVERLAP)
            )
            kb._applied_changes = set(seen)
        if snapshot is not None:
            stamp = await kb.stamp()
            if await asyncio.to_thread(matcher.load_index, snapshot, stamp):
                kb._saved_stamp = stamp
                kb.from_snapshot = True
                log.info("knowledge base index loaded from %s (%d verdicts)", snapshot, len(matcher))
                return kb
        computed: dict[int, np.ndarray] = {}
        async with sessionmaker() as session:
            rows = (
                await session.execute(
                    select(
                        Claim.id,
                        Claim.verdict_id,
                        Claim.lang,
                        Claim.text,
                        Claim.kind,
                        Claim.vector,
                        Claim.vector_model,
                    )
                )
            ).all()
            if embedder is not None:
                missing = [row for row in rows if row.vector is None or row.vector_model != embedder.name]
                if missing:
                    fresh = await kb.embed([row.text for row in missing], progress)
                    await session.execute(
                        update(Claim),
                        [
                            {"id": row.id, "vector": vector_to_bytes(v), "vector_model": embedder.name}
                            for row, v in zip(missing, fresh, strict=True)
                        ],
                    )
                    await session.commit()
                    computed = {row.id: v for row, v in zip(missing, fresh, strict=True)}
        phrasings = [
            Phrasing(
                verdict_id=row.verdict_id,
                lang=row.lang,
                text=row.text,
                kind=row.kind,
                vector=computed.get(row.id, vector_from_bytes(row.vector) if row.vector else None)
                if embedder is not None
                else None,
            )
            for row in rows
        ]
        await asyncio.to_thread(matcher.add, phrasings)
        log.info("knowledge base loaded: %d phrasings of %d verdicts", len(phrasings), len(matcher))
        await kb.save_snapshot()
        return kb

    async def stamp(self) -> str:
        """Identifies the stored phrasings, the embedder and the matching code an index was built from."""
        async with self.sessionmaker() as session:
            count, last, size = (
                await session.execute(
                    select(func.count(Claim.id), func.max(Claim.id), func.sum(func.length(Claim.text)))
                )
            ).one()
        embedder = self.embedder.name if self.embedder is not None else "lexical"
        return f"{count}:{last}:{size}:{embedder}:{matching.code_version()}"

    async def save_snapshot(self) -> None:
        """Save the matcher's index for the next start, when there is a snapshot path and it changed."""
        if self.snapshot is None:
            return
        stamp = await self.stamp()
        if stamp != self._saved_stamp:
            try:
                await asyncio.to_thread(self.matcher.save_index, self.snapshot, stamp)
                self._saved_stamp = stamp
            except OSError as error:
                log.warning("could not save the index snapshot to %s: %s", self.snapshot, error)

    async def embed(self, texts: Sequence[str], progress: Progress | None = None) -> list[np.ndarray]:
        """Passage vectors for `texts`, computed in batches off the event loop."""
        assert self.embedder is not None
        vectors: list[np.ndarray] = []
        for start in range(0, len(texts), EMBED_BATCH):
            batch = list(texts[start : start + EMBED_BATCH])
            vectors.extend(await asyncio.to_thread(self.embedder.embed_passages, batch))
            if progress:
                progress(len(vectors), len(texts))
        return vectors

    async def import_records(
        self, records: Iterable[VerdictRecord], progress: Progress | None = None
    ) -> ImportReport:
        """Upsert verdicts in one transaction, all of them or none: a record updates the verdict with its
        URL, else the one with its external id (a verdict matched by URL keeps its external id)."""
        records = list(records)
        created = updated = unchanged = 0
        touched: list[Verdict] = []
        async with self.sessionmaker() as session:
            found: dict[int, Verdict] = {}
            ids = list({r.external_id for r in records})
            urls = list({r.url for r in records if r.url})
            for chunk in _chunks(ids):
                for v in await session.scalars(
                    select(Verdict)
                    .where(Verdict.external_id.in_(chunk))
                    .options(selectinload(Verdict.claims))
                ):
                    found[v.id] = v
            for chunk in _chunks(urls):
                for v in await session.scalars(
                    select(Verdict).where(Verdict.url.in_(chunk)).options(selectinload(Verdict.claims))
                ):
                    found[v.id] = v
            by_id = {v.external_id: v for v in found.values()}
            by_url: dict[str, Verdict] = {}
            for v in sorted(found.values(), key=lambda v: v.id):
                if v.url:
                    by_url.setdefault(v.url, v)
            for record in records:
                verdict = by_url.get(record.url) if record.url else None
                if verdict is None:
                    verdict = by_id.get(record.external_id)
                if verdict is not None and _same(verdict, record):
                    unchanged += 1
                    continue
                if verdict is None:
                    verdict = Verdict(external_id=record.external_id, claims=[])
                    session.add(verdict)
                    by_id[record.external_id] = verdict
                    if record.url:
                        by_url[record.url] = verdict
                    created += 1
                else:
                    updated += 1
                    if verdict.url and verdict.url != record.url and by_url.get(verdict.url) is verdict:
                        del by_url[verdict.url]
                    if record.url:
                        by_url[record.url] = verdict
                verdict.lang = record.lang
                verdict.rating = record.rating
                verdict.summary = record.summary
                verdict.summaries = dict(record.summaries)
                verdict.url = record.url
                verdict.publisher = record.publisher
                verdict.published = record.published
                verdict.title = record.title
                verdict.appearances = list(record.appearances)
                learnt = [c for c in verdict.claims if c.kind == "tip"]
                verdict.claims = [
                    Claim(lang=lang, text=text, kind=kind) for lang, text, kind in _claim_rows(record)
                ]
                verdict.claims.extend(learnt)
                touched.append(verdict)
            touched = list({id(v): v for v in touched}.values())
            await session.flush()
            await sync_appearances(session, touched)
            embedded = 0
            if self.embedder is not None:
                pending = [c for v in touched for c in v.claims if c.vector is None]
                for claim, vector in zip(
                    pending, await self.embed([c.text for c in pending], progress), strict=True
                ):
                    claim.vector = vector_to_bytes(vector)
                    claim.vector_model = self.embedder.name
                embedded = len(pending)
            await session.commit()
            phrasings = [self._phrasing(v.id, c) for v in touched for c in v.claims]
        for verdict in touched:
            self.matcher.remove_verdict(verdict.id)
        await asyncio.to_thread(self.matcher.add, phrasings)
        return ImportReport(created, updated, unchanged, embedded)

    def _phrasing(self, verdict_id: int, claim: Claim) -> Phrasing:
        vector = None
        if self.embedder is not None and claim.vector is not None:
            vector = vector_from_bytes(claim.vector)
        return Phrasing(
            verdict_id=verdict_id, lang=claim.lang, text=claim.text, kind=claim.kind, vector=vector
        )

    async def add_phrasing(self, verdict_id: int, text: ClaimText) -> None:
        """Store a new phrasing of a verdict (e.g. a reader's tip linked to it) and make it matchable."""
        async with self.sessionmaker() as session:
            claim = Claim(verdict_id=verdict_id, lang=text.lang, text=text.text, kind=text.kind)
            if self.embedder is not None:
                [vector] = await self.embed([claim.text])
                claim.vector = vector_to_bytes(vector)
                claim.vector_model = self.embedder.name
            session.add(claim)
            await session.commit()
            phrasing = self._phrasing(verdict_id, claim)
        await asyncio.to_thread(self.matcher.add, [phrasing])

    async def sync(self) -> int:
        """Replay into the matcher the verdicts other processes changed since the last call (another
        replica's checker, `tipline kb import`); returns how many verdicts were reloaded."""
        async with self._sync_lock:
            async with self.sessionmaker() as session:
                rows = (
                    await session.execute(
                        select(KnowledgeChange.id, KnowledgeChange.verdict_id, KnowledgeChange.writer)
                        .where(KnowledgeChange.id > self._change_cursor - CHANGE_OVERLAP)
                        .order_by(KnowledgeChange.id)
                    )
                ).all()
                fresh = [row for row in rows if row.id not in self._applied_changes]
                changed = sorted({row.verdict_id for row in fresh if row.writer != self._writer})
                claims = []
                for chunk in _chunks(changed):
                    claims.extend(
                        (await session.scalars(select(Claim).where(Claim.verdict_id.in_(chunk)))).all()
                    )
                if self.embedder is not None:
                    stale = [c for c in claims if c.vector is None or c.vector_model != self.embedder.name]
                    for claim, vector in zip(stale, await self.embed([c.text for c in stale]), strict=True):
                        claim.vector = vector_to_bytes(vector)
                        claim.vector_model = self.embedder.name
                    await session.commit()
            if changed:
                phrasings = [self._phrasing(c.verdict_id, c) for c in claims]

                def replace() -> None:
                    for verdict_id in changed:
                        self.matcher.remove_verdict(verdict_id)
                    self.matcher.add(phrasings)

                await asyncio.to_thread(replace)
                log.info("knowledge base: %d verdicts changed elsewhere were reloaded", len(changed))
            if rows:
                self._change_cursor = max(self._change_cursor, rows[-1].id)
            floor = self._change_cursor - CHANGE_OVERLAP
            self._applied_changes = {row.id for row in rows if row.id > floor}
            return len(changed)

    async def keep_in_sync(self, interval: float) -> None:
        """Call `sync` every `interval` seconds, for as long as the bot runs."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self.sync()
            except Exception:  # noqa: BLE001
                log.exception("knowledge base: could not read the change feed; trying again")

    async def assess(self, text: str, limit: int = 10) -> tuple[list[Match], Decision]:
        """The ranked matches and the decision for one message."""
        return await asyncio.to_thread(self.matcher.assess, text, limit)

    async def search(self, text: str, limit: int = 5) -> list[Match]:
        return await asyncio.to_thread(self.matcher.find_verdicts, text, limit)

    async def verdicts(self, ids: Sequence[int]) -> dict[int, Verdict]:
        if not ids:
            return {}
        async with self.sessionmaker() as session:
            rows = await session.scalars(
                select(Verdict).where(Verdict.id.in_(list(ids))).options(selectinload(Verdict.claims))
            )
            return {v.id: v for v in rows.all()}

    async def export_records(self) -> list[VerdictRecord]:
        return await stored_records(self.sessionmaker)

    async def external_ids(self) -> dict[int, str]:
        async with self.sessionmaker() as session:
            return {
                row.id: row.external_id
                for row in await session.execute(select(Verdict.id, Verdict.external_id))
            }

    async def count(self) -> int:
        async with self.sessionmaker() as session:
            return await session.scalar(select(func.count(Verdict.id))) or 0
