"""Migrations and the storage adapters, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from bot.database import create_engine, create_sessionmaker, insert_ignoring_duplicates, upgrade
from bot.models import Base, InboxUpdate, Reader
from bot.pipeline import Post, receive_post
from bot.runtime import open_services
from bot.settings import load_settings
from knowledge.verdicts import read_jsonl
from tests.conftest import POSTGRES_URL, SMALL_KB, reset_database


@pytest.fixture(params=["sqlite", "postgresql"])
async def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}"
    await reset_database(POSTGRES_URL)
    return POSTGRES_URL


def differences(connection) -> list:
    return compare_metadata(MigrationContext.configure(connection), Base.metadata)


async def test_migrations_create_exactly_the_models(url):
    engine = create_engine(url)
    try:
        await upgrade(engine)
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        await engine.dispose()


async def test_inbox_insert_ignores_redelivered_updates(url):
    engine = create_engine(url)
    try:
        await upgrade(engine)
        sessionmaker = create_sessionmaker(engine)
        rows = [{"update_id": 5, "chat_id": 1, "payload": {"update_id": 5}, "attempts": 0}]
        async with sessionmaker() as session:
            await session.execute(insert_ignoring_duplicates(engine, InboxUpdate.__table__, rows))
            await session.execute(insert_ignoring_duplicates(engine, InboxUpdate.__table__, rows * 1))
            await session.commit()
            assert await session.scalar(select(func.count()).select_from(InboxUpdate)) == 1
    finally:
        await engine.dispose()


async def test_the_reader_pipeline_stores_a_tip_once(url):
    settings = load_settings(database_url=url, semantic=False)
    async with open_services(settings) as services:
        with SMALL_KB.open(encoding="utf-8") as lines:
            await services.kb.import_records(read_jsonl(lines))
        async with services.sessionmaker() as session:
            reader = Reader(chat_id=77, language="ru")
            session.add(reader)
            await session.commit()
        post = Post(77, 1, "В Актобе завтра отключат газ во всех домах на месяц")
        first = await receive_post(services.kb, reader, post)
        again = await receive_post(services.kb, reader, post)
        assert first.kind == "queued" and again.repeated and again.tip_id == first.tip_id
        known = await receive_post(
            services.kb, reader, Post(77, 2, "The new bridge over the Ili river collapsed on its opening day")
        )
        assert known.kind == "card"
