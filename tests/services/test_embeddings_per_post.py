"""How many e5 embeddings an unknown post costs through the real path (dispatcher, matcher, clustering),
and that the verdicts' passages are embedded once and stored, not recomputed at load."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.services.knowledge_base import KnowledgeBase
from knowledge.embeddings import OLD_PATH_SWITCH
from knowledge.matching import Matcher
from tests.conftest import Updates

pytestmark = pytest.mark.asyncio

CHECKERS = -100500
POSTS = [
    "В Караганде с понедельника отключат интернет на две недели из-за учений.",
    "В Павлодаре с понедельника отменят все трамваи и заменят их дирижаблями.",
    "Жезқазғанда бүгін түнде жер сілкінісі болады деп сейсмологтар ескертті",
]


class CountingEmbedder:
    """Passes every call on and counts the texts embedded, per role."""

    def __init__(self, inner):
        self.inner = inner
        self.name, self.dim = inner.name, inner.dim
        self.texts: Counter[str] = Counter()

    def embed_queries(self, texts):
        self.texts["query"] += len(texts)
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        self.texts["passage"] += len(texts)
        return self.inner.embed_passages(texts)


async def embedded_by_unknown_posts(dp, bot, services) -> Counter[str]:
    recent = services.kb.embedder
    assert recent is not None and recent is services.kb.matcher.embedder
    counting = CountingEmbedder(recent.inner)
    recent.inner = counting
    updates = Updates()
    for chat, text in enumerate(POSTS, start=200):
        await dp.feed_update(bot, updates.private_text(chat, text, language_code="ru"))
    assert len([m for m in bot.sent if m.chat_id == CHECKERS]) == len(POSTS)
    return counting.texts


async def test_an_unknown_post_costs_one_embedding(dp, bot, services):
    """The clustering compares the matcher's query vectors (RecentEmbedder): neither a new post nor
    the open tips the next post reads cost an embedding of their own."""
    assert await embedded_by_unknown_posts(dp, bot, services) == Counter(query=len(POSTS))


async def test_the_old_path_embeds_every_tip_again_as_a_passage(dp, bot, services, monkeypatch):
    """What bench/bench_load.py --old-path measures against: a passage for each open tip, embedded
    when the next post reads the tips queued since."""
    monkeypatch.setenv(OLD_PATH_SWITCH, "1")
    texts = await embedded_by_unknown_posts(dp, bot, services)
    assert texts == Counter(query=len(POSTS), passage=len(POSTS) - 1)


async def test_stored_verdict_vectors_are_not_recomputed_at_load(services):
    counting = CountingEmbedder(services.kb.embedder.inner)
    kb = await KnowledgeBase.load(services.sessionmaker, Matcher(counting), counting)
    assert len(kb.matcher) == len(services.kb.matcher) > 0
    assert counting.texts == Counter()
