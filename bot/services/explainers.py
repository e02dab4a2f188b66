"""Explainers in a matcher of their own: a reader's message no verdict answers is answered by the
explainer it matches (as surely as an automatic verdict), and the explainers are imported, exported and
listed from the database. The readers of a tip a checker attached one to get it once each
(bot/services/desk/triage.py: explain; bot/telegram/desk.py: send_explainer)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.explainers import all_explainers, as_record, explainer_variants, explainers_in, explainers_stamp
from bot.db.models import Explainer
from bot.db.notices import add_status_notices, was_told
from knowledge.embeddings import Embedder
from knowledge.explainers import ExplainerRecord
from knowledge.matching import Matcher, Phrasing, Thresholds
from knowledge.statuses import TipProgress


class Explainers:
    """The stored explainers, matchable; `refresh` reloads them when the stored ones changed (the
    knowledge base calls it at each sync, so an import from the shell reaches the running bot)."""

    def __init__(self, sessionmaker: async_sessionmaker, embedder: Embedder | None, thresholds: Thresholds):
        self.sessionmaker = sessionmaker
        self.embedder = embedder
        self.thresholds = thresholds
        self.matcher = Matcher(embedder, thresholds)
        self.keys: dict[int, str] = {}
        """The explainers' keys by the matcher's "verdict" ids (an explainer's first row)."""
        self._stamp: tuple | None = None
        self._lock = asyncio.Lock()

    async def refresh(self) -> bool:
        """Rebuild the matcher when the stored explainers changed; whether it did."""
        async with self._lock:
            async with self.sessionmaker() as session:
                stamp = await explainers_stamp(session)
                if stamp == self._stamp:
                    return False
                rows = await all_explainers(session)
            ids: dict[str, int] = {}
            for row in rows:  # an explainer's languages are one answer, not rivals for it
                ids.setdefault(row.key, row.id)
            phrasings = [
                Phrasing(ids[row.key], row.lang, text) for row in rows for text in as_record(row).phrasings()
            ]
            if self.embedder is not None and phrasings:
                vectors = await asyncio.to_thread(self.embedder.embed_passages, [p.text for p in phrasings])
                phrasings = [replace(p, vector=v) for p, v in zip(phrasings, vectors, strict=True)]
            matcher = Matcher(self.embedder, self.thresholds)
            await asyncio.to_thread(matcher.add, phrasings)
            self.matcher, self.keys, self._stamp = matcher, {i: key for key, i in ids.items()}, stamp
            return True

    async def match(self, text: str) -> str | None:
        """The key of the explainer that answers `text` (its matcher would answer automatically), or None."""
        if not self.keys:
            return None
        _, decision = await asyncio.to_thread(self.matcher.assess, text, 1)
        return self.keys.get(decision.matches[0].verdict_id) if decision.action == "auto" else None

    async def records(self) -> list[ExplainerRecord]:
        async with self.sessionmaker() as session:
            return [as_record(row) for row in await all_explainers(session)]

    async def in_language(self, lang: str) -> Sequence[Explainer]:
        async with self.sessionmaker() as session:
            return await explainers_in(session, lang)

    async def by_id(self, explainer_id: int) -> Explainer | None:
        async with self.sessionmaker() as session:
            return await session.get(Explainer, explainer_id)

    async def variants(self, key: str) -> dict[str, Explainer]:
        """The explainer `key` by language (none: unknown)."""
        async with self.sessionmaker() as session:
            return await explainer_variants(session, key)

    async def variant(self, key: str, languages: Sequence[str]) -> Explainer | None:
        """The explainer `key` in the first of `languages` it is written in, else in any; None if unknown."""
        return in_first_of(await self.variants(key), languages)


def in_first_of(variants: dict[str, Explainer], languages: Sequence[str]) -> Explainer | None:
    """Of an explainer's languages (`variants`), the first of `languages`, else any; None if none."""
    for lang in languages:
        if lang in variants:
            return variants[lang]
    return next(iter(variants.values()), None)


async def explainer_sent(session: AsyncSession, tip_id: int, chat_id: int) -> None:
    """The reader's answer carries the tip's explainer: recorded, so attaching it again sends nothing
    more to them. The caller commits with the answer."""
    if not await was_told(session, tip_id, chat_id, TipProgress.EXPLAINED):
        add_status_notices(session, tip_id, TipProgress.EXPLAINED, [chat_id])
