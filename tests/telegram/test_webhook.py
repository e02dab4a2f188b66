"""Webhook mode: the aiohttp server in-process (aiohttp.test_utils), and `tipline webhook set/delete`
against the fake Bot API."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import json
import os
import re
from collections import Counter
from pathlib import Path

import aiohttp
import pytest
from aiogram.types import Update
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy import text as sql
from typer.testing import CliRunner

import handlers
from bot.cli import app
from bot.db.models import (
    BroadcastRecipient,
    Feedback,
    InboxUpdate,
    RawUpdate,
    Reader,
    Request,
    StatusNotice,
    Tip,
    utcnow,
)
from bot.i18n import Locales
from bot.telegram.app import create_dispatcher
from bot.telegram.polling import InboxPoller
from bot.telegram.runtime import open_services
from bot.telegram.webhook import SECRET_HEADER, create_app
from knowledge.verdicts import read_jsonl
from tests.conftest import POSTGRES_URL, SMALL_KB, Updates, reset_database
from tests.handlers.test_reader import UNKNOWN, WATER_RU
from tests.support.fakebotapi import FakeBotAPI
from tests.support.mocked_bot import MockedBot
from tests.support.sessions import committed

SECRET = "wh-Secret_0123456789"
UPDATES = Path(__file__).parents[1] / "data" / "updates"


@pytest.fixture
def settings(settings):
    """Lexical matching only: the same decisions for these texts, without loading the embedder."""
    return settings.model_copy(update={"semantic": False})


@pytest.fixture
async def client(settings, services, dp, bot):
    config = settings.model_copy(update={"webhook_secret": SecretStr(SECRET)})
    poller = InboxPoller(bot, dp, services.engine, services.sessionmaker)
    server = TestServer(create_app(config, bot, dp, poller, services.sessionmaker))
    async with TestClient(server) as client:
        client.poller = poller
        yield client
        await poller.drain()


async def inbox(services) -> list[InboxUpdate]:
    async with services.sessionmaker() as session:
        return list((await session.scalars(select(InboxUpdate))).all())


async def raw_updates(services) -> list[RawUpdate]:
    async with services.sessionmaker() as session:
        return list((await session.scalars(select(RawUpdate))).all())


def metric(text: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} (\S+)$", text, re.M)
    return float(found[1]) if found else 0.0


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}])
async def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_stored(client, services, updates, headers):
    update = updates.private_text(10, WATER_RU).model_dump(mode="json", exclude_none=True)
    response = await client.post("/telegram", json=update, headers=headers)
    assert response.status == 403
    assert await inbox(services) == []


async def test_an_update_is_stored_answered_and_handled_once_when_posted_twice(
    client, services, bot, updates
):
    update = updates.private_text(10, WATER_RU).model_dump(mode="json", exclude_none=True)
    first = await client.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})
    assert first.status == 200
    [row] = await inbox(services)  # stored before the 200
    assert row.update_id == update["update_id"]
    await client.poller.drain()
    again = await client.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})
    assert again.status == 200
    await client.poller.drain()
    [row] = await inbox(services)
    assert row.handled_at is not None and row.attempts == 1
    [card] = bot.sent
    assert card.chat_id == 10 and "factcheck.example" in card.text


@pytest.mark.parametrize("body", [b"{not json", b'{"update_id": 1, "text": "\xff\xfe"}', b""])
async def test_a_body_that_is_not_json_is_refused(client, services, body):
    response = await client.post("/telegram", data=body, headers={SECRET_HEADER: SECRET})
    assert response.status == 400
    assert await inbox(services) == [] and await raw_updates(services) == []


async def test_a_body_beyond_the_size_limit_is_refused_413(client, services):
    body = b'{"update_id": 1, "message": {"text": "' + b"x" * 10_000_000 + b'"}}'
    response = await client.post("/telegram", data=body, headers={SECRET_HEADER: SECRET})
    assert response.status == 413
    assert await inbox(services) == [] and await raw_updates(services) == []


async def test_a_client_sending_its_body_slowly_holds_up_no_other_delivery(client, services, updates):
    update = json.dumps(as_telegram_sends(updates.private_text(15, UNKNOWN))).encode()
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(
        b"POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"{SECRET_HEADER}: {SECRET}\r\nContent-Length: {len(update)}\r\n\r\n".encode()
        + update[:10]
    )
    await writer.drain()
    other = as_telegram_sends(updates.private_text(16, UNKNOWN))
    assert (await client.post("/telegram", json=other, headers={SECRET_HEADER: SECRET})).status == 200
    writer.write(update[10:])
    await writer.drain()
    assert (await reader.readline()).startswith(b"HTTP/1.1 200")
    writer.close()
    await client.poller.drain()
    assert sorted(row.update_id for row in await inbox(services)) == [1, 2]


def deep(levels: int) -> bytes:
    return b'{"update_id": 905, "message": ' + b"[" * levels + b"]" * levels + b"}"


def as_telegram_sends(update: Update) -> dict:
    return update.model_dump(mode="json", exclude_none=True, by_alias=True)


def with_chat_id(update: dict, chat_id: int) -> dict:
    update = copy.deepcopy(update)
    update["message"]["chat"]["id"] = update["message"]["from"]["id"] = chat_id
    return update


def unreadable_cases(updates) -> dict[str, tuple[bytes, str | None, str]]:
    """name: (body, the update_id kept, a part of the error kept)."""
    text = as_telegram_sends(updates.private_text(10, UNKNOWN))
    return {
        "update_id beyond 64 bits": (
            json.dumps({**text, "update_id": 2**70}).encode(),
            str(2**70),
            "64 bits",
        ),
        "chat id of 2**70": (
            json.dumps(with_chat_id(text, 2**70)).encode(),
            str(text["update_id"]),
            "64 bits",
        ),
        "nested 100,000 levels": (deep(100_000), "905", "nested deeper than 64"),
        "nested 500 levels": (deep(500), "905", "nested deeper than 64"),
        "a JSON array": (b"[1, 2, 3]", None, "not an update object"),
        "a JSON string": (b'"hello"', None, "not an update object"),
        "an object that is no update": (b'{"hello": "world"}', None, "update_id: Field required"),
        "an older-shaped forwarded poll": (
            (UPDATES / "old-forwarded-poll.json").read_bytes(),
            "958201117",
            "persistent_id: Field required",
        ),
        "a PhotoSize without file_unique_id": (
            (UPDATES / "old-photo-without-file-unique-id.json").read_bytes(),
            "958201118",
            "file_unique_id: Field required",
        ),
    }


UNREADABLE = list(unreadable_cases(Updates()))


@pytest.mark.parametrize("case", UNREADABLE)
async def test_an_update_that_cannot_be_read_is_answered_200_and_kept_raw_once(
    client, services, bot, updates, caplog, case
):
    body, update_id, error = unreadable_cases(updates)[case]
    for _ in range(2):  # Telegram delivers it again when the first answer is lost
        response = await client.post("/telegram", data=body, headers={SECRET_HEADER: SECRET})
        assert response.status == 200
    await client.poller.drain()
    [raw] = await raw_updates(services)
    assert (raw.update_id, raw.source) == (update_id, "webhook") and error in raw.error
    assert raw.body == body.decode()
    assert await inbox(services) == [] and bot.sent == []
    logged = [r for r in caplog.records if "kept in raw_updates" in r.getMessage()]
    assert len(logged) == 1 and error in logged[0].getMessage()


async def test_the_update_after_an_unreadable_one_is_handled(client, services, bot, updates):
    poll = (UPDATES / "old-forwarded-poll.json").read_bytes()
    good = as_telegram_sends(updates.private_text(11, WATER_RU))
    assert (await client.post("/telegram", data=poll, headers={SECRET_HEADER: SECRET})).status == 200
    assert (await client.post("/telegram", json=good, headers={SECRET_HEADER: SECRET})).status == 200
    await client.poller.drain()
    [row] = await inbox(services)
    assert row.update_id == good["update_id"] and row.handled_at is not None
    assert [m.chat_id for m in bot.sent] == [11] and "factcheck.example" in bot.sent[0].text
    assert len(await raw_updates(services)) == 1


async def test_the_inbox_row_names_the_sender_and_the_album(client, services, updates):
    photo = as_telegram_sends(updates.photo(12, "A caption"))
    photo["message"]["media_group_id"] = "13912309820331870"
    query = as_telegram_sends(updates.inline_query(13, "water"))
    for body in (photo, query):
        assert (await client.post("/telegram", json=body, headers={SECRET_HEADER: SECRET})).status == 200
    await client.poller.drain()
    rows = {row.update_id: row for row in await inbox(services)}
    assert (rows[photo["update_id"]].user_id, rows[photo["update_id"]].media_group_id) == (
        12,
        "13912309820331870",
    )
    assert (rows[query["update_id"]].user_id, rows[query["update_id"]].media_group_id) == (13, None)


async def test_contention_that_passes_is_waited_out_not_answered_500(client, services, updates, caplog):
    """A write that meets a locked database (another process's transaction) is tried again."""
    import sqlite3

    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    locked = iter(range(2))

    def contended(connection, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO INBOX") and next(locked, None) is not None:
            raise OperationalError(statement, parameters, sqlite3.OperationalError("database is locked"))

    event.listen(services.engine.sync_engine, "before_cursor_execute", contended)
    try:
        update = as_telegram_sends(updates.private_text(17, UNKNOWN))
        response = await client.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})
    finally:
        event.remove(services.engine.sync_engine, "before_cursor_execute", contended)
    assert response.status == 200
    await client.poller.drain()
    [row] = await inbox(services)
    assert row.update_id == update["update_id"] and row.handled_at is not None
    assert sum("met contention" in r.getMessage() for r in caplog.records) == 2


async def test_a_storage_failure_that_lasts_is_answered_500_and_the_redelivery_is_stored(
    client, services, updates
):
    update = updates.private_text(14, UNKNOWN).model_dump(mode="json", exclude_none=True)
    async with services.engine.begin() as connection:
        await connection.execute(sql("ALTER TABLE inbox RENAME TO inbox_away"))
    response = await client.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})
    assert response.status == 500  # Telegram delivers it again
    async with services.engine.begin() as connection:
        await connection.execute(sql("ALTER TABLE inbox_away RENAME TO inbox"))
    response = await client.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})
    assert response.status == 200
    await client.poller.drain()
    [row] = await inbox(services)
    assert row.update_id == update["update_id"] and row.handled_at is not None


async def test_healthz_reports_the_database_and_the_verdicts(client, services):
    response = await client.get("/healthz")
    assert response.status == 200
    body = await response.json()
    assert body["ok"] is True and body["database"] is True
    assert body["verdicts"] == len(services.kb.matcher) > 0


async def test_metrics_count_tips_decisions_latency_and_the_open_queue(client, services, updates):
    before = await (await client.get("/metrics")).text()
    for text in (WATER_RU, UNKNOWN):
        update = updates.private_text(20, text).model_dump(mode="json", exclude_none=True)
        assert (await client.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})).status == 200
        await client.poller.drain()
    response = await client.get("/metrics")
    assert response.status == 200 and response.content_type == "text/plain"
    after = await response.text()
    assert metric(after, "tipline_tips_received_total") == metric(before, "tipline_tips_received_total") + 2
    decisions = [f'tipline_matches_total{{decision="{d}"}}' for d in ("auto", "choose", "queue", "nothing")]
    assert all(f"{name} " in after for name in decisions[:3])
    assert metric(after, decisions[0]) == metric(before, decisions[0]) + 1  # the known claim
    assert sum(metric(after, n) for n in decisions) == sum(metric(before, n) for n in decisions) + 2
    count = "tipline_update_handling_seconds_count"
    assert metric(after, count) == metric(before, count) + 2
    async with services.sessionmaker() as session:
        queued = await session.scalar(select(func.count()).select_from(Tip).where(Tip.status == "queued"))
    assert metric(after, "tipline_open_queue_size") == queued


async def test_metrics_read_ratings_status_messages_and_returning_readers_from_the_database(
    client, services, updates
):
    update = updates.private_text(22, WATER_RU).model_dump(mode="json", exclude_none=True)
    assert (await client.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})).status == 200
    update = updates.private_text(23, UNKNOWN).model_dump(mode="json", exclude_none=True)
    assert (await client.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})).status == 200
    await client.poller.drain()
    async with services.sessionmaker() as session:
        verdict_id = (await session.scalars(select(Request.verdict_id).where(Request.chat_id == 22))).one()
        tip_id = (await session.scalars(select(Tip.id))).one()
        session.add(Feedback(chat_id=22, verdict_id=verdict_id, kind="auto", value="up", lang="ru"))
        session.add(Feedback(chat_id=23, verdict_id=verdict_id, kind="desk", value="down", lang="kk"))
        session.add(StatusNotice(tip_id=tip_id, chat_id=23, kind="taken"))
        for reader in (await session.scalars(select(Reader))).all():
            reader.created_at = utcnow() - dt.timedelta(days=31)
        reader.returned_at = utcnow()
        await session.commit()
    text = await (await client.get("/metrics")).text()
    assert metric(text, 'tipline_feedback{kind="auto",lang="ru",value="up"}') == 1
    assert metric(text, 'tipline_feedback{kind="desk",lang="kk",value="down"}') == 1
    assert metric(text, 'tipline_status_messages{kind="taken"}') == 1
    assert 'tipline_status_messages{kind="closed"} 0.0' in text  # every kind is reported
    assert metric(text, 'tipline_returning_readers{readers="all"}') == 2
    assert metric(text, 'tipline_returning_readers{readers="returned"}') == 1


async def test_the_request_counted_is_the_one_stored(client, services, updates):
    update = updates.private_text(21, UNKNOWN).model_dump(mode="json", exclude_none=True)
    for _ in range(2):
        await client.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})
    await client.poller.drain()
    async with services.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Request)) == 1


# --- `tipline webhook set` / `delete` --------------------------------------------------------------

TOKEN = "123456:TEST-token-ABCdef"


@pytest.fixture
async def fake_api():
    async with FakeBotAPI(TOKEN) as api:
        yield api


def invoke(monkeypatch, tmp_path, api: FakeBotAPI, *args: str, **env: str):
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("TIPLINE_")]:
        monkeypatch.delenv(name)
    values = {
        "TIPLINE_BOT_TOKEN": TOKEN,
        "TIPLINE_API_BASE": api.base_url,
        "TIPLINE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}",
        **env,
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return CliRunner().invoke(app, list(args))


async def test_webhook_set_and_delete_call_the_bot_api(fake_api, monkeypatch, tmp_path):
    env = {"TIPLINE_WEBHOOK_URL": "https://tips.example/telegram", "TIPLINE_WEBHOOK_SECRET": SECRET}
    result = await asyncio.to_thread(invoke, monkeypatch, tmp_path, fake_api, "webhook", "set", **env)
    assert result.exit_code == 0, result.output
    [call] = fake_api.requests("setWebhook")
    assert call.params["url"] == "https://tips.example/telegram"
    assert call.params["secret_token"] == SECRET
    assert fake_api.webhook["url"] == "https://tips.example/telegram"
    assert SECRET not in result.output and TOKEN not in result.output

    result = await asyncio.to_thread(invoke, monkeypatch, tmp_path, fake_api, "webhook", "delete", **env)
    assert result.exit_code == 0, result.output
    assert len(fake_api.requests("deleteWebhook")) == 1
    assert fake_api.webhook is None


async def test_webhook_set_needs_the_url_and_the_secret(fake_api, monkeypatch, tmp_path):
    result = await asyncio.to_thread(
        invoke, monkeypatch, tmp_path, fake_api, "webhook", "set", TIPLINE_WEBHOOK_SECRET=SECRET
    )
    assert result.exit_code == 2 and "TIPLINE_WEBHOOK_URL" in result.output
    assert fake_api.requests("setWebhook") == []


# --- the real `tipline webhook` process, fed by the fake Bot API's webhook delivery ----------------


async def test_the_real_process_serves_the_webhook_and_handles_a_redelivery_once(fake_api, tmp_path):
    import json

    import aiohttp

    from tests.support.replica_stack import bot_env, free_port, start_process, stop, wait_healthy

    port = free_port()
    env = bot_env(
        fake_api,
        f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}",
        bot_token=TOKEN,
        semantic="false",
        webhook_host="127.0.0.1",
        webhook_port=str(port),
        webhook_secret=SECRET,
        log_format="json",
    )
    replica = await start_process("bot", "webhook", env, tmp_path)
    replica.port = port
    try:
        await wait_healthy(replica)
        async with aiohttp.ClientSession() as http:
            assert fake_api.requests("setWebhook") == []  # a replica never registers the webhook
            async with http.post(
                fake_api.api_url("setWebhook"),
                json={"url": f"{replica.url}/telegram", "secret_token": SECRET},
            ) as response:
                assert (await response.json())["ok"]
            update = fake_api.push_text(30, UNKNOWN)
            [answer] = await fake_api.wait_sent(30, timeout=15)
            await fake_api.wait_confirmed()
            fake_api.redeliver(update)
            await fake_api.wait_confirmed()
            await asyncio.sleep(0.5)
            assert len(fake_api.sent_messages(30)) == 1
            async with http.get(f"{replica.url}/metrics") as response:
                assert "tipline_tips_received_total 1.0" in await response.text()
    finally:
        code = await stop(replica, grace=15)
    assert code == 0
    text = replica.output()
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines and all(json.loads(line)["message"] for line in lines), text
    assert TOKEN not in text and SECRET not in text


async def test_metrics_show_the_progress_of_the_broadcast_being_sent(client, services):
    from bot.services import broadcasts
    from tests.services.test_broadcasts import add_readers

    await add_readers(services, [4001, 4002, 4003])
    verdicts, _ = await committed(services.sessionmaker, broadcasts.resolve_verdicts, ("t-ru-water",))
    draft = await committed(services.sessionmaker, broadcasts.create_draft, 1, [v.id for v in verdicts])
    await broadcasts.start_broadcast(services.sessionmaker, draft.id, "en")
    async with services.sessionmaker() as session:
        first = await session.scalar(
            select(BroadcastRecipient).where(BroadcastRecipient.broadcast_id == draft.id).limit(1)
        )
        first.state = "sent"
        await session.commit()
    text = await (await client.get("/metrics")).text()
    assert metric(text, "tipline_broadcasts_sending") == 1
    assert metric(text, 'tipline_broadcast_recipients{state="pending"}') == 2
    assert metric(text, 'tipline_broadcast_recipients{state="sent"}') == 1
    await committed(services.sessionmaker, broadcasts.cancel_broadcast, draft.id)
    text = await (await client.get("/metrics")).text()
    assert metric(text, "tipline_broadcasts_sending") == 0
    assert metric(text, 'tipline_broadcast_recipients{state="pending"}') == 0


async def test_polling_mode_serves_metrics_and_health_on_their_own_port(tmp_path):
    import aiohttp

    from tests.support.replica_stack import free_port, polling_bot

    port = free_port()
    async with (
        FakeBotAPI() as api,
        polling_bot(
            api,
            f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}",
            tmp_path,
            semantic="false",
            metrics_port=str(port),
            webhook_host="127.0.0.1",
        ),
    ):
        api.push_text(30, UNKNOWN)
        await api.wait_sent(30, timeout=15)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
                text = await response.text()
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                health = await response.json()
    assert metric(text, "tipline_tips_received_total") == 1
    assert (
        metric(text, 'tipline_matches_total{decision="queue"}')
        + metric(text, 'tipline_matches_total{decision="choose"}')
        == 1
    )
    assert metric(text, "tipline_open_queue_size") >= 0 and "tipline_inbox_wait_seconds_count 1.0" in text
    assert health["ok"] is True


# --- many deliveries at once ------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
async def load(request, settings, tmp_path):
    """Services on a SQLite file or on PostgreSQL (skipped without it, except in CI), with the webhook
    app's poller, as one `tipline webhook` process has them."""
    if request.param == "postgresql":
        await reset_database(POSTGRES_URL)
        url = POSTGRES_URL
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'load.db'}"
    config = settings.model_copy(update={"database_url": url, "webhook_secret": SecretStr(SECRET)})
    async with open_services(config) as services:
        with SMALL_KB.open(encoding="utf-8") as lines:
            await services.kb.import_records(read_jsonl(lines))
        bot = MockedBot()
        dispatcher = create_dispatcher(config, services.kb, Locales(), routers=handlers.routers())
        poller = InboxPoller(bot, dispatcher, services.engine, services.sessionmaker)
        yield create_app(config, bot, dispatcher, poller, services.sessionmaker), poller, services


@pytest.mark.parametrize(
    "deliveries",
    [
        100,
        pytest.param(
            1000,
            marks=pytest.mark.skipif(
                not os.environ.get("TIPLINE_TEST_LOAD"), reason="1,000 deliveries: set TIPLINE_TEST_LOAD=1"
            ),
        ),
    ],
)
async def test_concurrent_deliveries_beyond_telegrams_40_connections_are_all_stored_once(
    load, updates, deliveries
):
    """More deliveries at once than Telegram's default max_connections (40), on up to 100 connections
    (its maximum): none is refused, and each update is stored once, including those delivered twice."""
    webhook_app, poller, services = load
    bodies = [as_telegram_sends(updates.private_text(5000 + n, UNKNOWN)) for n in range(deliveries)]
    twice = bodies[: deliveries // 10]
    connections = aiohttp.TCPConnector(limit=100)  # the most Telegram opens (setWebhook max_connections)
    unhurried = aiohttp.ClientTimeout(total=600)  # the client shares this event loop with the bot
    async with TestClient(TestServer(webhook_app), connector=connections, timeout=unhurried) as client:

        async def deliver(body: dict) -> int:
            async with client.post("/telegram", json=body, headers={SECRET_HEADER: SECRET}) as response:
                return response.status

        statuses = await asyncio.gather(*(deliver(body) for body in [*bodies, *twice]))
        await poller.drain()
    assert Counter(statuses) == {200: len(bodies) + len(twice)}
    rows = await inbox(services)
    assert sorted(row.update_id for row in rows) == sorted(body["update_id"] for body in bodies)
    assert all(row.handled_at is not None for row in rows)


async def test_the_webhook_serves_the_partners_feed_beside_it(settings, services, dp, bot):
    config = settings.model_copy(update={"webhook_secret": SecretStr(SECRET)})
    services.partners.country = "Kazakhstan"
    poller = InboxPoller(bot, dp, services.engine, services.sessionmaker)
    app = create_app(config, bot, dp, poller, services.sessionmaker, services.partners)
    token = await services.partners.add("Factcheck KG")
    async with TestClient(TestServer(app)) as client:
        assert (await client.get("/partners/feed")).status == 401
        answer = await client.get("/partners/feed?limit=5", headers={"Authorization": f"Bearer {token}"})
        assert answer.status == 200 and answer.content_type == "application/ld+json"
        page = await answer.json()
        assert len(page["@graph"]) == 5 and page["tipline:next"].startswith("?since=")
        assert page["@graph"][0]["author"]["address"]["addressCountry"] == "Kazakhstan"
        again = await client.get(
            "/partners/feed?limit=5",
            headers={"Authorization": f"Bearer {token}", "If-None-Match": answer.headers["ETag"]},
        )
        assert again.status == 304
        assert (
            await client.get("/partners/rising", headers={"Authorization": f"Bearer {token}"})
        ).status == 404
