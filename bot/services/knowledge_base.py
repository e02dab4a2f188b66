"""The knowledge base: the in-memory matcher kept in step with the verdicts stored in the database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import verdicts as stored
from bot.db.evidence import sync_appearances
from bot.db.models import Claim, Verdict
from bot.db.partners import partners_trust, verdict_trust
from bot.db.verdicts import vector_from_bytes, vector_to_bytes
from bot.services.explainers import Explainers
from bot.services.schedule import repeat
from bot.services.verdict_records import ImportReport, upsert_records
from knowledge import matching
from knowledge.embeddings import Embedder
from knowledge.matching import DISPUTED, LEARNT, Decision, Match, Matcher, Phrasing
from knowledge.verdicts import ClaimText, Progress, VerdictRecord

log = logging.getLogger(__name__)

EMBED_BATCH = 64
CHANGE_OVERLAP = 500
"""Change ids below the highest one seen that are looked at again: a transaction that took its id
earlier may commit later."""


class KnowledgeBase:
    """The matcher kept in memory, in step with the verdicts stored in the database: loads it, replays
    the change feed into it, writes imports and learnt phrasings through it, and answers from it.

    `sessionmaker` is the database it follows; for anything else, take it from the Services
    (bot/services/container.py)."""

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
        self._partners_trust: tuple | None = None
        self.explainers: Explainers | None = None
        """Answers what no verdict does (bot/services/explainers.py); refreshed with each sync."""

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
            kb._change_cursor = await stored.latest_change_id(session)
            seen = await stored.changes_after(session, kb._change_cursor - CHANGE_OVERLAP)
            kb._applied_changes = {row.id for row in seen}
            kb._partners_trust = await partners_trust(session)
            matcher.trust = await verdict_trust(session)
        if snapshot is not None and await kb._load_snapshot():
            return kb
        phrasings = await kb._stored_phrasings(progress)
        await asyncio.to_thread(matcher.add, phrasings)
        log.info("knowledge base loaded: %d phrasings of %d verdicts", len(phrasings), len(matcher))
        await kb.save_snapshot()
        return kb

    async def _load_snapshot(self) -> bool:
        """Load the saved index when it was built from the stored state as it is now."""
        stamp = await self.stamp()
        if not await asyncio.to_thread(self.matcher.load_index, self.snapshot, stamp):
            return False
        self._saved_stamp = stamp
        self.from_snapshot = True
        log.info("knowledge base index loaded from %s (%d verdicts)", self.snapshot, len(self.matcher))
        return True

    async def _stored_phrasings(self, progress: Progress | None) -> list[Phrasing]:
        """Every stored claim as a phrasing; vectors missing for this embedder are computed and stored."""
        computed: dict[int, np.ndarray] = {}
        async with self.sessionmaker() as session:
            rows = await stored.claim_rows(session)
            if self.embedder is not None:
                missing = [
                    row for row in rows if row.vector is None or row.vector_model != self.embedder.name
                ]
                if missing:
                    fresh = await self.embed([row.text for row in missing], progress)
                    computed = {row.id: v for row, v in zip(missing, fresh, strict=True)}
                    await stored.store_vectors(session, computed, self.embedder.name)
                    await session.commit()

        def vector(row) -> np.ndarray | None:
            if self.embedder is None:
                return None
            return computed.get(row.id, vector_from_bytes(row.vector) if row.vector else None)

        return [Phrasing(row.verdict_id, row.lang, row.text, row.kind, vector(row)) for row in rows]

    async def stamp(self) -> str:
        """Identifies the stored phrasings, the embedder and the matching code an index was built from."""
        async with self.sessionmaker() as session:
            count, last, size, withdrawn = await stored.claims_summary(session)
        embedder = self.embedder.name if self.embedder is not None else "lexical"
        return f"{count}:{last}:{size}:{withdrawn}:{embedder}:{matching.code_version()}"

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

    async def _embed_claims(self, claims: Sequence[Claim], progress: Progress | None = None) -> None:
        """Give `claims` this embedder's vectors (in the session they belong to)."""
        assert self.embedder is not None
        for claim, vector in zip(claims, await self.embed([c.text for c in claims], progress), strict=True):
            claim.vector = vector_to_bytes(vector)
            claim.vector_model = self.embedder.name

    async def import_records(
        self, records: Iterable[VerdictRecord], progress: Progress | None = None
    ) -> ImportReport:
        """Upsert verdicts in one transaction, all of them or none (bot/services/verdict_records.py), and
        make the verdicts it created or changed matchable."""
        records = list(records)
        async with self.sessionmaker() as session:
            upsert = await upsert_records(session, records)
            await session.flush()
            await sync_appearances(session, upsert.touched)
            embedded = 0
            if self.embedder is not None:
                pending = [c for v in upsert.touched for c in v.claims if c.vector is None]
                await self._embed_claims(pending, progress)
                embedded = len(pending)
            await session.commit()
            phrasings = [self.phrasing(v.id, c) for v in upsert.touched for c in v.claims]
        for verdict in upsert.touched:
            self.matcher.remove_verdict(verdict.id)
        await asyncio.to_thread(self.matcher.add, phrasings)
        return upsert.report(embedded)

    def phrasing(self, verdict_id: int, claim: Claim) -> Phrasing:
        """A stored claim as the matcher holds it (its vector only when matching is semantic)."""
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
                await self._embed_claims([claim])
            session.add(claim)
            await session.commit()
            phrasing = self.phrasing(verdict_id, claim)
        await asyncio.to_thread(self.matcher.add, [phrasing])

    async def dispute_phrasing(self, session: AsyncSession, verdict_id: int, text: str) -> bool:
        """Readers said the learnt phrasing `text` answered them wrongly: it becomes DISPUTED, which
        never answers automatically, in `session` (the caller commits; other replicas follow through the
        change feed). This process's matcher follows at once: should the commit fail, it stays the
        stricter one until the update is handled again. False when no learnt phrasing has that text."""
        claims = await stored.claims_of(session, [verdict_id])
        learnt = [c for c in claims if c.kind == LEARNT and c.text == text]
        if not learnt:
            return False
        for claim in learnt:  # a new row, so the index snapshot's stamp changes with it
            session.add(
                Claim(
                    verdict_id=verdict_id,
                    lang=claim.lang,
                    text=claim.text,
                    kind=DISPUTED,
                    vector=claim.vector,
                    vector_model=claim.vector_model,
                )
            )
            await session.delete(claim)
        await session.flush()
        claims = await stored.claims_of(session, [verdict_id])
        await self._replace([verdict_id], [self.phrasing(verdict_id, c) for c in claims])
        return True

    async def sync(self) -> int:
        """Replay into the matcher the verdicts other processes changed since the last call (another
        replica's checker, `tipline kb import`); returns how many verdicts were reloaded."""
        async with self._sync_lock:
            async with self.sessionmaker() as session:
                rows = await stored.changes_after(session, self._change_cursor - CHANGE_OVERLAP)
                fresh = [row for row in rows if row.id not in self._applied_changes]
                changed = sorted({row.verdict_id for row in fresh if row.writer != self._writer})
                await self._follow_trust(session, changed)
                claims = await self._matchable_claims(session, changed)
            if changed:
                await self._replace(changed, [self.phrasing(c.verdict_id, c) for c in claims])
            if rows:
                self._change_cursor = max(self._change_cursor, rows[-1].id)
            floor = self._change_cursor - CHANGE_OVERLAP
            self._applied_changes = {row.id for row in rows if row.id > floor}
        if self.explainers is not None:
            await self.explainers.refresh()
        return len(changed)

    async def _matchable_claims(self, session: AsyncSession, verdict_ids: Sequence[int]) -> list[Claim]:
        """The claims of `verdict_ids` a reader can be answered with, with this embedder's vectors (the
        missing ones computed and committed)."""
        claims = await stored.claims_of(session, verdict_ids, matchable=True)
        if self.embedder is not None:
            stale = [c for c in claims if c.vector is None or c.vector_model != self.embedder.name]
            if stale:
                await self._embed_claims(stale)
                await session.commit()
        return claims

    async def _follow_trust(self, session: AsyncSession, changed: Sequence[int]) -> None:
        """Keep the matcher's trust of partners' verdicts: all of it read again when a partner changed,
        else that of the verdicts changed."""
        stamp = await partners_trust(session)
        if stamp != self._partners_trust:
            self.matcher.trust = await verdict_trust(session)
            self._partners_trust = stamp
        elif changed:
            fresh = await verdict_trust(session, changed)
            for verdict_id in changed:
                if verdict_id in fresh:
                    self.matcher.trust[verdict_id] = fresh[verdict_id]
                else:
                    self.matcher.trust.pop(verdict_id, None)

    async def follow_trust(self) -> None:
        """Read the partners' trust again, when it changed (this process changed it)."""
        async with self.sessionmaker() as session:
            await self._follow_trust(session, [])

    async def reload(self, verdict_ids: Sequence[int]) -> None:
        """Put the verdicts of `verdict_ids` in the matcher as they are stored now (this process changed
        them: a partner's feed, a withdrawal), with their partners' trust."""
        if not verdict_ids:
            return
        async with self.sessionmaker() as session:
            await self._follow_trust(session, verdict_ids)
            claims = await self._matchable_claims(session, verdict_ids)
        await self._replace(verdict_ids, [self.phrasing(c.verdict_id, c) for c in claims])

    async def _replace(self, verdict_ids: Sequence[int], phrasings: list[Phrasing]) -> None:
        """Put `phrasings` in the matcher in place of every phrasing of `verdict_ids`."""

        def replace() -> None:
            for verdict_id in verdict_ids:
                self.matcher.remove_verdict(verdict_id)
            self.matcher.add(phrasings)

        await asyncio.to_thread(replace)
        log.info("knowledge base: %d verdicts reloaded", len(verdict_ids))

    async def keep_in_sync(self, interval: float, stopping: asyncio.Event) -> None:
        """Call `sync` every `interval` seconds, until `stopping` is set."""
        await repeat(self.sync, interval, stopping, what="knowledge base: reading the change feed")

    async def assess(self, text: str, limit: int = 10) -> tuple[list[Match], Decision]:
        """The ranked matches and the decision for one message."""
        return await asyncio.to_thread(self.matcher.assess, text, limit)

    async def search(self, text: str, limit: int = 5) -> list[Match]:
        return await asyncio.to_thread(self.matcher.find_verdicts, text, limit)

    async def verdicts(self, ids: Sequence[int]) -> dict[int, Verdict]:
        """The stored verdicts (with their claims) of matches, by id."""
        if not ids:
            return {}
        async with self.sessionmaker() as session:
            return await stored.verdicts_with_claims(session, ids)

    async def external_ids(self) -> dict[int, str]:
        async with self.sessionmaker() as session:
            return await stored.external_ids(session)
