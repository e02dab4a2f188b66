"""The databases and the Redis server the tests run against, and whether they run in CI (where a missing
server fails a test instead of skipping it)."""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TEST_DATABASE_URL = os.environ.get("TIPLINE_TEST_DATABASE_URL")
"""When set (e.g. to POSTGRES_URL), the whole suite runs on that database instead of a SQLite file."""
POSTGRES_URL = os.environ.get("TIPLINE_TEST_POSTGRES_URL") or (
    TEST_DATABASE_URL
    if TEST_DATABASE_URL and TEST_DATABASE_URL.startswith("postgresql")
    else "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
"""Where the tests that always run on PostgreSQL (replicas, Redis-backed runs) put their tables: the suite's
database when that is PostgreSQL, so that two suites on two databases never share one."""


async def reset_database(url: str) -> None:
    """An empty database at `url`; PostgreSQL is unreachable: skip, or fail in CI."""
    from sqlalchemy import text

    from bot.db.engine import create_engine

    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                await connection.execute(text("CREATE SCHEMA public"))
    except (OSError, ConnectionError) as error:
        if IN_CI:
            pytest.fail(f"database {url} unreachable in CI: {error}")
        pytest.skip(f"database {url} unreachable: {error}")
    finally:
        await engine.dispose()


async def redis_or_skip(url: str, flush: bool = False) -> str:
    """`url` when Redis answers there (its database flushed if asked); skip, or fail in CI."""
    from redis.asyncio import Redis

    client = Redis.from_url(url)
    try:
        await (client.flushdb() if flush else client.ping())
    except OSError as error:
        if IN_CI:
            pytest.fail(f"Redis {url} unreachable in CI: {error}")
        pytest.skip(f"Redis {url} unreachable: {error}")
    finally:
        await client.aclose()
    return url
