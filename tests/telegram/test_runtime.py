"""The serving process's shutdown: its background loops finish the turn under way instead of being
cancelled mid-query (the pool then logs a failed connection reset, with a traceback)."""

from __future__ import annotations

import asyncio
import logging
import re

from pydantic import SecretStr

import handlers
from bot.i18n import Locales
from bot.services import privacy, schedule
from bot.telegram.runtime import running_bot
from tests.handlers.test_reader import UNKNOWN
from tests.support.fakebotapi import DEFAULT_TOKEN, FakeBotAPI


async def test_a_turn_under_way_is_finished_when_stopping_is_set():
    stopping, started, release = asyncio.Event(), asyncio.Event(), asyncio.Event()
    turns: list[str] = []

    async def work():
        started.set()
        await release.wait()
        turns.append("done")

    loop = asyncio.create_task(schedule.repeat(work, 0.01, stopping, what="a test", at_once=True))
    await asyncio.wait_for(started.wait(), 5)
    stopping.set()
    await asyncio.sleep(0.05)
    assert not loop.done()
    release.set()
    await asyncio.wait_for(loop, 5)
    assert turns == ["done"]


async def test_a_failed_turn_is_logged_and_the_next_one_comes(caplog):
    stopping = asyncio.Event()
    turns = 0

    async def work():
        nonlocal turns
        turns += 1
        if turns == 1:
            raise RuntimeError("database restarting")
        stopping.set()

    with caplog.at_level(logging.ERROR, logger="bot.services.schedule"):
        await asyncio.wait_for(schedule.repeat(work, 0.01, stopping, what="a test"), 5)
    assert turns == 2
    assert caplog.messages == ["a test failed; trying again in 0s"]


async def test_shutdown_waits_for_the_retention_purge_under_way(settings, monkeypatch, caplog):
    """The purge runs at start; the bot stops while it is in its query, and the query is finished."""
    started, release = asyncio.Event(), asyncio.Event()
    purged: list[str] = []

    async def purge(sessionmaker, days, now=None):
        started.set()
        async with sessionmaker() as session:
            await release.wait()
            await session.commit()
        purged.append("finished")
        return privacy.Erased()

    monkeypatch.setattr(privacy, "purge_expired_links", purge)
    async with FakeBotAPI() as api:
        config = settings.model_copy(
            update={"api_base": api.base_url, "bot_token": SecretStr(DEFAULT_TOKEN), "semantic": False}
        )
        with caplog.at_level(logging.ERROR):
            async with running_bot(config, handlers.routers()):
                await asyncio.wait_for(started.wait(), 60)
                asyncio.get_running_loop().call_later(0.2, release.set)
    assert purged == ["finished"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


async def test_the_serving_process_tells_a_waiting_tips_reader_still_working_once(settings):
    """TIPLINE_STILL_WORKING_HOURS at two seconds: the reader gets the queued answer, then one "still
    working", and nothing more while the bot keeps running."""
    reader = 4242
    async with FakeBotAPI() as api:
        config = settings.model_copy(
            update={
                "api_base": api.base_url,
                "bot_token": SecretStr(DEFAULT_TOKEN),
                "semantic": False,
                "still_working_hours": 2 / 3600,
            }
        )
        async with running_bot(config, handlers.routers(), sole=True) as running:
            polling = asyncio.create_task(running.poller.run())
            api.push_update(api.make_private_text(reader, UNKNOWN, language_code="ru"))
            queued, still = await api.wait_sent(reader, 2, timeout=60)
            await asyncio.sleep(3)  # more turns of the loop, past the hours again
            running.poller.stop()
            await polling
        assert len(api.sent_messages(reader)) == 2
    tip = re.search(r"#(\d+)", queued.plain_text).group(1)
    assert still.text == Locales()["ru"]("status-still_working", id=tip)
