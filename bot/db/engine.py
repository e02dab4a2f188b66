"""Engine, sessions and schema migrations (Alembic, run programmatically)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Insert, Table, event
from sqlalchemy import exc as sql_errors
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from bot.db.models import record_knowledge_changes
from bot.settings import require_package

if TYPE_CHECKING:  # Alembic is imported when migrations run: commands that only read skip its cost
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"

HANDLED_AT_ONCE = 8
"""Updates one process handles at once (bot/telegram/polling.py: InboxPoller's `concurrency`)."""


def pool_sizes(handled_at_once: int = HANDLED_AT_ONCE) -> dict:
    """Connections for a serving process: about one and a half per update handled at once (its unit of
    work, and a lookup beside it), plus the inbox writer, the sweep, the broadcast sender and the health
    check; as many again in overflow. SQLAlchemy's default (5, and 10 overflow) was seen exhausted on
    PostgreSQL at 8 updates handled at once (14 connections checked out at the peak)."""
    steady = handled_at_once + handled_at_once // 2 + 4
    return {"pool_size": steady, "max_overflow": steady}


def create_engine(url: str) -> AsyncEngine:
    """An async engine, its pool sized for the updates handled at once; SQLite gets WAL, a busy timeout
    and enforced foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        if parsed.get_driver_name() == "asyncpg":
            require_package("asyncpg", "postgres", "TIPLINE_DATABASE_URL is a PostgreSQL URL")
        return create_async_engine(url, pool_pre_ping=True, **pool_sizes())
    in_memory = parsed.database in (None, "", ":memory:")
    engine = create_async_engine(
        url,
        connect_args={"timeout": 30},
        **({"poolclass": StaticPool} if in_memory else pool_sizes()),
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    """Sessions that record the knowledge base's changes as they flush (bot/db/models/knowledge.py:
    KnowledgeChange), tagged with a `writer` token of their own, so this process can tell its own changes
    from other processes'. Each sessionmaker has a Session class of its own: its listeners are its own,
    and importing a module attaches none to every session."""
    session_class = type("TiplineSession", (Session,), {"tipline_listeners": set()})
    sessionmaker = async_sessionmaker(
        engine, expire_on_commit=False, sync_session_class=session_class, info={"writer": uuid.uuid4().hex}
    )
    add_session_listener(sessionmaker, "after_flush", record_knowledge_changes)
    return sessionmaker


def add_session_listener(sessionmaker: async_sessionmaker, name: str, listener: Callable[..., Any]) -> None:
    """Listen to the session event `name` of the sessions `sessionmaker` makes (once, however often asked)."""
    session_class = sessionmaker.kw.get("sync_session_class", Session)
    if "tipline_listeners" not in vars(session_class):
        raise ValueError("a listener on every Session: make the sessionmaker with create_sessionmaker")
    if (name, listener) not in session_class.tipline_listeners:  # event.contains may recall a dead class
        event.listen(session_class, name, listener)
        session_class.tipline_listeners.add((name, listener))


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply migrations up to `revision`."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


def insert_ignoring_duplicates(engine: AsyncEngine, table: Table, rows: list[dict]) -> Insert:
    """INSERT that skips rows whose key already exists, for SQLite and PostgreSQL alike."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif engine.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise NotImplementedError(f"no insert-or-ignore for {engine.dialect.name}")
    return insert(table).values(rows).on_conflict_do_nothing()


def transient(error: BaseException) -> bool:
    """Contention that passes: a locked SQLite database, no free pooled connection, a deadlock."""
    if isinstance(error, sql_errors.TimeoutError):
        return True
    if isinstance(error, sql_errors.DBAPIError):
        if error.connection_invalidated:
            return True
        text = str(error.orig).lower()
        code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
        return (
            "database is locked" in text or "database table is locked" in text or code in ("40001", "40P01")
        )
    return False
