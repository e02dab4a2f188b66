"""Never down on one update: the real bot process (`python -m bot run`, `python -m bot webhook`) against the
fake Bot API, fed updates in older Bot API shapes (tests/data/updates/old-*.json) that aiogram cannot read,
between readers' ordinary messages, and getUpdates answers that fail the way proxies and Telegram fail."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

from tests.handlers.test_reader import UNKNOWN
from tests.support.fakebotapi import FakeBotAPI
from tests.support.replica_stack import bot_env, free_port, polling_bot, start_process, stop, wait_healthy

pytestmark = [pytest.mark.e2e, pytest.mark.database("sqlite")]

UPDATES = Path(__file__).parents[1] / "data" / "updates"
OLD_SHAPES = ("old-forwarded-poll.json", "old-photo-without-file-unique-id.json")
ANSWER_TIMEOUT = 120.0
"""Seconds for an answer, on a slow, loaded machine; every wait ends as soon as its condition holds."""
SECRET = "faults-secret_42"


def old_shaped(name: str) -> dict:
    """A fixture as the fake Bot API should deliver it: with a fresh update_id of the fake's."""
    update = json.loads((UPDATES / name).read_text(encoding="utf-8"))
    del update["update_id"]
    return update


def raw_rows(database: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT update_id, source, error, body FROM raw_updates").fetchall()


def delivered_in_polls(api: FakeBotAPI, update_id: int) -> int:
    """How many getUpdates answers carried the update."""
    return sum(
        1
        for request in api.requests("getUpdates")
        if request.ok and any(item["update_id"] == update_id for item in request.result)
    )


def logged_once(output: str, update_id: int) -> list[str]:
    return [line for line in output.splitlines() if "kept in raw_updates" in line and str(update_id) in line]


async def test_polling_keeps_unreadable_updates_raw_confirms_them_and_answers_the_rest(tmp_path):
    database = tmp_path / "tipline.db"
    async with FakeBotAPI() as api, polling_bot(api, f"sqlite+aiosqlite:///{database}", tmp_path) as stack:
        bot = stack.replicas[0]
        # in one getUpdates answer: aiogram refuses the whole batch, the bot reads it one update at a time
        before = api.push_text(41, UNKNOWN)
        bad = [api.push_update(old_shaped(name)) for name in OLD_SHAPES]
        after = api.push_text(42, UNKNOWN + " Говорят в чатах.")
        await api.wait_sent(41, timeout=ANSWER_TIMEOUT)
        await api.wait_sent(42, timeout=ANSWER_TIMEOUT)
        await api.wait_confirmed(timeout=ANSWER_TIMEOUT)
        assert all(delivered_in_polls(api, update["update_id"]) == 1 for update in bad)  # confirmed once
        assert (
            delivered_in_polls(api, before["update_id"]) == delivered_in_polls(api, after["update_id"]) == 1
        )
        rows = raw_rows(database)
        assert sorted((update_id, source) for update_id, source, _, _ in rows) == [
            (str(update["update_id"]), "polling") for update in bad
        ]
        errors = {update_id: error for update_id, _, error, _ in rows}
        assert "persistent_id: Field required" in errors[str(bad[0]["update_id"])]
        assert "file_unique_id: Field required" in errors[str(bad[1]["update_id"])]
        assert json.loads(rows[0][3])["message"]["chat"]["id"] in (318204466, 318204467)
        for update in bad:
            assert len(logged_once(bot.output(), update["update_id"])) == 1, bot.output()
        assert api.sent_messages(318204466) == [] and api.sent_messages(318204467) == []

        # a proxy's HTML error page instead of getUpdates' JSON: retried, like a network error
        api.fail_next("getUpdates", kind="html", count=2)
        api.push_text(43, UNKNOWN + " Передайте всем.")
        await api.wait_sent(43, timeout=ANSWER_TIMEOUT)
        await api.wait_until(
            lambda: sum(1 for r in api.requests("getUpdates") if r.fault == "html") == 2,
            ANSWER_TIMEOUT,
            "two HTML answers to getUpdates",
        )
        api.push_text(44, UNKNOWN + " Это правда?")
        await api.wait_sent(44, timeout=ANSWER_TIMEOUT)
        assert bot.process.returncode is None
        assert bot.output().count("an answer that is not JSON") == 2

        # the token revoked while polling: one line, exit status 2, no traceback loop
        api.fail_next("getUpdates", status=401)
        api.push_text(45, UNKNOWN + " Срочно.")
        await api.wait_sent(45, timeout=ANSWER_TIMEOUT)
        code = await asyncio.wait_for(bot.process.wait(), ANSWER_TIMEOUT)
        output = bot.output()
        assert code == 2, output
        assert "Traceback" not in output
        refusals = [line for line in output.splitlines() if "refused the token" in line]
        assert len(refusals) == 1 and refusals[0].startswith("tipline: "), output
        assert [r.status for r in api.requests("getUpdates")].count(401) == 1  # not tried again


async def test_polling_stops_in_one_line_when_a_webhook_is_set(tmp_path):
    async with (
        FakeBotAPI() as api,
        polling_bot(api, f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}", tmp_path) as stack,
    ):
        bot = stack.replicas[0]
        await api.call("setWebhook", {"url": "https://tips.example/telegram"})
        code = await asyncio.wait_for(bot.process.wait(), ANSWER_TIMEOUT)
        output = bot.output()
    assert code == 2, output
    assert "Traceback" not in output
    [line] = [line for line in output.splitlines() if "webhook is active" in line]
    assert line.startswith("tipline: ")


async def test_webhook_answers_unreadable_updates_200_keeps_them_raw_and_handles_the_rest(tmp_path):
    database = tmp_path / "tipline.db"
    async with FakeBotAPI() as api:
        port = free_port()
        env = bot_env(
            api,
            f"sqlite+aiosqlite:///{database}",
            webhook_host="127.0.0.1",
            webhook_port=str(port),
            webhook_secret=SECRET,
        )
        replica = await start_process("bot", "webhook", env, tmp_path)
        replica.port = port
        try:
            await wait_healthy(replica, timeout=120)
            await api.call("setWebhook", {"url": f"{replica.url}/telegram", "secret_token": SECRET})
            before = api.push_text(51, UNKNOWN)
            bad = [api.push_update(old_shaped(name)) for name in OLD_SHAPES]
            after = api.push_text(52, UNKNOWN + " Говорят в чатах.")
            await api.wait_sent(51, timeout=ANSWER_TIMEOUT)
            await api.wait_sent(52, timeout=ANSWER_TIMEOUT)
            await api.wait_confirmed(timeout=ANSWER_TIMEOUT)
            deliveries = {update["update_id"]: [] for update in (before, *bad, after)}
            for update_id, _, status in api.webhook_deliveries:
                deliveries[update_id].append(status)
            assert all(statuses == [200] for statuses in deliveries.values()), deliveries
            rows = raw_rows(database)
            assert sorted((update_id, source) for update_id, source, _, _ in rows) == [
                (str(update["update_id"]), "webhook") for update in bad
            ]
            for update in bad:
                assert len(logged_once(replica.output(), update["update_id"])) == 1, replica.output()
        finally:
            code = await stop(replica, grace=30)
    assert code == 0, replica.output()
