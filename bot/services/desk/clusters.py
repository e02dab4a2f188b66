"""In-memory indexes of claims being asked about: the open tips, to find the cluster a new tip belongs to,
and the claims rising at the partner newsrooms, to say on a card that the tip is spreading there too."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import numpy as np

from bot.db.partners import rising_at_partners, rising_version
from bot.db.tips import open_tip_ids_after, tip_texts
from bot.services.knowledge_base import CHANGE_OVERLAP, KnowledgeBase
from knowledge.clustering import TipClaim, nearest_claim, tip_claim
from knowledge.embeddings import old_path
from knowledge.matching import message_vectors
from knowledge.normalise import has_letters


async def query_vectors(kb: KnowledgeBase, texts: list[str]) -> list[np.ndarray | None]:
    """The texts' e5 query vectors (None each without an embedder)."""
    if kb.embedder is None or not texts:
        return [None] * len(texts)
    return await asyncio.to_thread(message_vectors, kb.embedder, texts)


class TipClusters:
    """The open (queued) tips, each as the claim the clustering compares (knowledge/clustering.py).

    Before each use it reads the tips queued since (by this process or by another replica); a tip closed
    elsewhere is dropped when it is found (bot/services/posts.py). A tip's vector is its post's query
    vector, which the matcher has just computed: a new tip costs no embedding of its own.
    """

    def __init__(self, kb: KnowledgeBase, threshold: float):
        self.kb = kb
        self.threshold = threshold
        self._open: dict[int, TipClaim] = {}
        self._seen = 0
        self._catch_up_lock = asyncio.Lock()

    async def _catch_up(self) -> None:
        async with self._catch_up_lock:
            async with self.kb.sessionmaker() as session:
                ids = await open_tip_ids_after(session, max(0, self._seen - CHANGE_OVERLAP))
                new = [tip_id for tip_id in ids if tip_id not in self._open]
                if not new:
                    return
                rows = await tip_texts(session, new)
            rows = [r for r in rows if has_letters(r.text)]
            vectors = await self._vectors([r.text for r in rows])
            for row, vector in zip(rows, vectors, strict=True):
                self._open[row.id] = tip_claim(row.text, row.lang, vector)
            self._seen = max(self._seen, *new)

    async def _query_vectors(self, texts: list[str]) -> list[np.ndarray | None]:
        return await query_vectors(self.kb, texts)

    async def _vectors(self, texts: list[str]) -> list[np.ndarray | None]:
        """The vectors of open tips: their query vectors (passages, embedded again, on the old path)."""
        if old_path() and self.kb.embedder is not None and texts:
            return list(await self.kb.embed(texts))
        return await self._query_vectors(texts)

    async def nearest(self, text: str, lang: str) -> int | None:
        """The open tip `text` is the same claim as, or None."""
        if not has_letters(text):
            return None
        await self._catch_up()
        if not self._open:
            return None
        [query] = await self._query_vectors([text])
        return nearest_claim(tip_claim(text, lang, query), list(self._open.items()), self.threshold)

    async def add(self, tip_id: int, text: str, lang: str) -> None:
        if not has_letters(text) or tip_id in self._open:
            return
        [vector] = await self._vectors([text])
        self._open[tip_id] = tip_claim(text, lang, vector)
        self._seen = max(self._seen, tip_id)

    def discard(self, tip_id: int) -> None:
        self._open.pop(tip_id, None)


@dataclass(frozen=True)
class RisingMatch:
    """A claim rising at a partner that a tip is the same claim as."""

    partner: str
    demand: int


class RisingAtPartners:
    """The claims rising at the partners (bot/services/partner_feeds.py reads them), compared as the open
    tips are; read again whenever a sync changed them."""

    def __init__(self, kb: KnowledgeBase, threshold: float):
        self.kb = kb
        self.threshold = threshold
        self._version: tuple | None = None
        self._claims: dict[int, TipClaim] = {}
        self._found: dict[int, RisingMatch] = {}
        self._lock = asyncio.Lock()

    async def _refresh(self) -> None:
        async with self._lock:
            async with self.kb.sessionmaker() as session:
                version = await rising_version(session)
                if version == self._version:
                    return
                rows = await rising_at_partners(session)
            vectors = await query_vectors(self.kb, [r.text for r in rows])
            self._claims = {r.id: tip_claim(r.text, r.lang, v) for r, v in zip(rows, vectors, strict=True)}
            self._found = {r.id: RisingMatch(r.partner, r.demand) for r in rows}
            self._version = version

    async def nearest(self, text: str, lang: str) -> RisingMatch | None:
        """The claim rising at a partner that `text` is the same claim as, or None."""
        if not has_letters(text):
            return None
        await self._refresh()
        if not self._claims:
            return None
        [query] = await query_vectors(self.kb, [text])
        found = nearest_claim(tip_claim(text, lang, query), list(self._claims.items()), self.threshold)
        return None if found is None else self._found[found]
