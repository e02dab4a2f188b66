"""Webhook mode: the aiohttp server in-process (aiohttp.test_utils), and `tipline webhook set/delete`
against the fake Bot API."""

from __future__ import annotations

import asyncio
import os
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.cli import app
from bot.models import BroadcastRecipient, InboxUpdate, Request, Tip
from bot.polling import InboxPoller
from bot.webhook import SECRET_HEADER, create_app
from tests.fakebotapi import FakeBotAPI
from tests.test_reader import UNKNOWN, WATER_RU

SECRET = "wh-Secret_0123456789"


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


async def test_a_body_that_is_not_an_update_is_refused(client, services):
    response = await client.post("/telegram", data=b"{not json", headers={SECRET_HEADER: SECRET})
    assert response.status == 400
    assert await inbox(services) == []


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

    from tests.replica_stack import bot_env, free_port, start_process, stop, wait_healthy

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
    from bot import broadcasts
    from tests.test_broadcasts import add_readers

    await add_readers(services, [4001, 4002, 4003])
    verdicts, _ = await broadcasts.resolve_verdicts(services.sessionmaker, ("t-ru-water",))
    draft = await broadcasts.create_draft(services.sessionmaker, 1, [v.id for v in verdicts])
    await broadcasts.start(services.sessionmaker, draft.id, "en")
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
    await broadcasts.cancel(services.sessionmaker, draft.id)
    text = await (await client.get("/metrics")).text()
    assert metric(text, "tipline_broadcasts_sending") == 0
    assert metric(text, 'tipline_broadcast_recipients{state="pending"}') == 0


async def test_polling_mode_serves_metrics_and_health_on_their_own_port(tmp_path):
    import aiohttp

    from tests.replica_stack import free_port, polling_bot

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
