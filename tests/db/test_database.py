"""Migrations and the storage adapters, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, func, select, text, update

from bot.db.engine import create_engine, create_sessionmaker, insert_ignoring_duplicates, upgrade
from bot.db.models import Base, InboxUpdate, Reader, as_utc, utcnow
from bot.db.readers import SEEN_PRECISION, mark_inactive, reader_seen
from bot.services.posts import receive_post
from bot.settings import load_settings
from bot.telegram.runtime import open_services
from knowledge.posts import Post
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


async def test_migrating_to_0008_makes_old_verdicts_urls_links_and_old_unconfirmed_sends_unknown(url):
    engine = create_engine(url)
    try:
        await upgrade(engine, "0007")
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO verdicts (id, external_id, lang, summary, summaries, url, appearances, "
                    "created_at, updated_at) VALUES (1, 'v1', 'ru', '', '{}', "
                    "'https://factcheck.example/ru/5g?utm_source=tg', '[]', :now, :now)"
                ),
                {"now": dt.datetime.now(dt.UTC)},
            )
            await connection.execute(
                text(
                    "INSERT INTO broadcasts (id, editor_id, verdict_ids, status, created_at) "
                    "VALUES (1, 1, '[1]', 'done', :now)"
                ),
                {"now": dt.datetime.now(dt.UTC)},
            )
            for chat, message_id, error in ((10, 77, None), (11, None, "unconfirmed: in flight at a crash")):
                await connection.execute(
                    text(
                        "INSERT INTO broadcast_recipients (broadcast_id, chat_id, language, state, "
                        "attempts, sent_message_id, error, updated_at) "
                        "VALUES (1, :chat, 'ru', 'sent', 1, :mid, :error, :now)"
                    ),
                    {"chat": chat, "mid": message_id, "error": error, "now": dt.datetime.now(dt.UTC)},
                )
        await upgrade(engine)
        async with engine.connect() as connection:
            links = (await connection.execute(text("SELECT url, source, verdict_id FROM post_links"))).all()
            states = dict(
                (await connection.execute(text("SELECT chat_id, state FROM broadcast_recipients"))).all()
            )
        assert links == [("https://factcheck.example/ru/5g", "verdict", 1)]
        assert states == {10: "sent", 11: "unknown"}
    finally:
        await engine.dispose()


async def test_a_reader_writing_again_within_a_minute_is_not_written_again(url):
    engine = create_engine(url)
    writes: list[str] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _count(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith(("UPDATE", "INSERT")):
            writes.append(statement)

    try:
        await upgrade(engine)
        sessionmaker = create_sessionmaker(engine)

        async def seen(**changes) -> Reader:
            writes.clear()
            async with sessionmaker() as session:
                return await reader_seen(session, 77, 77, "ru", **changes)

        first = await seen()
        assert len(writes) == 1
        again = await seen()
        assert (again.id, writes, as_utc(again.last_seen_at)) == (first.id, [], as_utc(first.last_seen_at))

        async with sessionmaker() as session:
            await mark_inactive(session, 77)
            await session.commit()
        assert (await seen()).active is True
        assert (await seen(name="Aigerim")).name == "Aigerim"
        assert len(writes) == 1

        async with sessionmaker() as session:
            await session.execute(
                update(Reader).values(last_seen_at=utcnow() - SEEN_PRECISION - dt.timedelta(seconds=1))
            )
            await session.commit()
        later = await seen(name="Aigerim")
        assert len(writes) == 1
        assert as_utc(later.last_seen_at) > utcnow() - SEEN_PRECISION
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("first_contact", "returned"),
    [
        (dt.timedelta(hours=2), False),  # the same visit
        (dt.timedelta(days=2), True),
        (dt.timedelta(days=29), True),
        (dt.timedelta(days=40), False),  # came back, but not within the month
    ],
)
async def test_a_reader_who_writes_again_after_a_day_within_30_days_came_back(
    first_contact, returned, tmp_path
):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    try:
        await upgrade(engine)
        sessionmaker = create_sessionmaker(engine)
        async with sessionmaker() as session:
            await reader_seen(session, 78, 78, "ru")
            long_ago = utcnow() - first_contact
            await session.execute(update(Reader).values(created_at=long_ago, last_seen_at=long_ago))
            await session.commit()
        async with sessionmaker() as session:
            reader = await reader_seen(session, 78, 78, "ru")
        assert (reader.returned_at is not None) == returned
        if returned:  # the first return stays the one counted
            first = as_utc(reader.returned_at)
            async with sessionmaker() as session:
                await session.execute(update(Reader).values(last_seen_at=long_ago))
                await session.commit()
                assert as_utc((await reader_seen(session, 78, 78, "ru")).returned_at) == first
    finally:
        await engine.dispose()
