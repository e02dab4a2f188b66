"""An in-memory index of the open tips, to find the cluster a new tip belongs to."""

from __future__ import annotations

import asyncio

import numpy as np

from bot.db.tips import open_tip_ids_after, tip_texts
from bot.services.knowledge_base import CHANGE_OVERLAP, KnowledgeBase
from knowledge.clustering import TipClaim, nearest_claim, tip_claim
from knowledge.normalise import has_letters


class TipClusters:
    """The open (queued) tips, each as the claim the clustering compares (knowledge/clustering.py).

    Before each use it reads the tips queued since (by this process or by another replica); a tip closed
    elsewhere is dropped when it is found (bot/services/posts.py).
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
            vectors = await self._passages([r.text for r in rows])
            for row, vector in zip(rows, vectors, strict=True):
                self._open[row.id] = tip_claim(row.text, row.lang, vector)
            self._seen = max(self._seen, *new)

    async def _passages(self, texts: list[str]) -> list[np.ndarray | None]:
        if self.kb.embedder is None or not texts:
            return [None] * len(texts)
        return list(await self.kb.embed(texts))

    async def nearest(self, text: str, lang: str) -> int | None:
        """The open tip `text` is the same claim as, or None."""
        if not has_letters(text):
            return None
        await self._catch_up()
        if not self._open:
            return None
        query = None
        if self.kb.embedder is not None:
            [query] = await asyncio.to_thread(self.kb.embedder.embed_queries, [text])
        return nearest_claim(tip_claim(text, lang), query, list(self._open.items()), self.threshold)

    async def add(self, tip_id: int, text: str, lang: str) -> None:
        if not has_letters(text) or tip_id in self._open:
            return
        [vector] = await self._passages([text])
        self._open[tip_id] = tip_claim(text, lang, vector)
        self._seen = max(self._seen, tip_id)

    def discard(self, tip_id: int) -> None:
        self._open.pop(tip_id, None)
