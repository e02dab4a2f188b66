"""An in-memory index of the open tips, to find the cluster a new tip belongs to."""

from __future__ import annotations

import asyncio

import numpy as np

from bot.db.tips import open_tip_ids_after, tip_texts
from bot.services.knowledge_base import CHANGE_OVERLAP, KnowledgeBase
from knowledge.clustering import TipClaim, nearest_claim, tip_claim
from knowledge.embeddings import old_path
from knowledge.matching import message_vectors
from knowledge.normalise import has_letters


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
        if self.kb.embedder is None or not texts:
            return [None] * len(texts)
        return await asyncio.to_thread(message_vectors, self.kb.embedder, texts)

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
