"""The inbox and the unit of work: a failing handler is tried again and then kept as failed, never marked
handled with nothing stored; an album is one update for the handlers; what an update sends leaves
through the outbox once its transaction commits."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Dispatcher, Router
from aiogram.types import Message, Update
from sqlalchemy import func, select

import bot.services.posts
from bot.db.models import InboxUpdate, OutboxMessage, Request, Tip
from bot.i18n import Locales
from bot.telegram.metrics import INBOX_FAILURES
from bot.telegram.polling import InboxPoller
from tests.support.fakebotapi import FakeBotAPI

UNKNOWN = "В Караганде с понедельника отключат интернет на две недели из-за учений."
locales = Locales()


def poller_for(dp: Dispatcher, bot, services, **kwargs) -> InboxPoller:
    options = {"retry_delay": 0.05, "album_window": 0.3, **kwargs}
    return InboxPoller(bot, dp, services.engine, services.sessionmaker, **options)


async def settled(poller: InboxPoller) -> None:
    """Until every update the poller started (albums once their window closed) is handled or failed."""
    await asyncio.sleep(poller.album_window * 2)
    await poller.drain()


async def inbox(services) -> list[InboxUpdate]:
    async with services.sessionmaker() as session:
        return list((await session.scalars(select(InboxUpdate).order_by(InboxUpdate.update_id))).all())


async def count(services, model) -> int:
    async with services.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def flaky(monkeypatch):
    """receive_post raises the first `failures` times, as the database did under load."""
    state = {"failures": 0, "calls": 0}
    real = bot.services.posts.receive_post

    async def receive_post(*args, **kwargs):
        state["calls"] += 1
        if state["calls"] <= state["failures"]:
            raise TimeoutError("QueuePool limit of size 5 overflow 10 reached, connection timed out")
        return await real(*args, **kwargs)

    monkeypatch.setattr("handlers.reader.receive_post", receive_post)
    return state


async def test_a_handler_that_fails_twice_is_tried_again_and_its_tip_stored_once(
    dp, bot, updates, services, flaky
):
    flaky["failures"] = 2
    poller = poller_for(dp, bot, services)
    await poller.accept([updates.private_text(11, UNKNOWN)])
    await settled(poller)
    [row] = await inbox(services)
    assert row.handled_at is not None and row.failed_at is None and row.attempts == 3
    [tip] = await _all(services, Tip)
    assert [m.text for m in bot.sent if m.chat_id == 11] == [locales["ru"]("queued", id=str(tip.id))]
    assert await count(services, Request) == 1


async def test_an_update_that_always_fails_is_kept_as_failed_and_the_reader_told_once(
    dp, bot, updates, services, flaky
):
    flaky["failures"] = 10**6
    before = INBOX_FAILURES.labels("yes")._value.get()
    poller = poller_for(dp, bot, services, max_attempts=3)
    await poller.accept([updates.private_text(12, UNKNOWN)])
    await settled(poller)
    [row] = await inbox(services)
    assert row.handled_at is None and row.failed_at is not None and row.attempts == 3
    assert "QueuePool" in row.error
    assert await count(services, Request) == 0  # nothing half-stored
    assert [m.text for m in bot.sent] == [locales["ru"]("error-generic")]
    assert INBOX_FAILURES.labels("yes")._value.get() == before + 1
    assert (await dp["desk"].stats()).failed_updates == 1
    await poller.resume()  # a restart does not retry a failed update on its own
    await settled(poller)
    assert len(bot.sent) == 1

    flaky["failures"] = 0  # fixed; then `tipline inbox replay` clears the failure
    async with services.sessionmaker() as session:
        stored = await session.get(InboxUpdate, row.update_id)
        stored.failed_at = stored.error = stored.next_attempt_at = None
        stored.attempts = 0
        await session.commit()
    await poller.resume()
    await settled(poller)
    [tip] = await _all(services, Tip)
    assert [m.text for m in bot.sent if m.chat_id == 12][-1] == locales["ru"]("queued", id=str(tip.id))
    assert (await inbox(services))[0].handled_at is not None


async def test_a_redelivered_update_is_handled_once(dp, bot, updates, services):
    poller = poller_for(dp, bot, services)
    update = updates.private_text(13, UNKNOWN)
    await poller.accept([update])
    await settled(poller)
    await poller.accept([update])
    await settled(poller)
    assert len([m for m in bot.sent if m.chat_id == 13]) == 1
    async with services.sessionmaker() as session:
        states = (await session.scalars(select(OutboxMessage.state))).all()
    assert states == ["sent", "sent"]  # the reader's answer and the checkers' card


def album(chat_id: int, caption: str, parts: int = 3, group: str = "13579") -> list[Update]:
    factory = FakeBotAPI()
    items = []
    for n in range(parts):
        data = factory.make_photo(chat_id, caption if n == 0 else None, message_id=500 + n)
        data["message"]["media_group_id"] = group
        data["update_id"] = 90_000 + chat_id * 10 + n
        items.append(Update.model_validate(data))
    return items


async def test_the_parts_of_an_album_reach_the_handlers_as_one_update(services, bot):
    seen: list[tuple[int, list[int]]] = []
    router = Router()

    @router.message()
    async def post(message: Message, album: list[Message] | None = None) -> None:
        seen.append((message.message_id, [m.message_id for m in album or []]))

    dp = Dispatcher()
    dp.include_router(router)
    poller = poller_for(dp, bot, services, album_window=3.0)  # storing a part can take a while under load
    parts = album(14, "Фото: в Караганде отключат интернет")
    await poller.accept(parts[2:])  # the parts arrive out of order, one by one
    await poller.accept(parts[:1])
    await poller.accept(parts[1:2])
    await settled(poller)
    assert seen == [(500, [500, 501, 502])]  # the captioned part leads
    assert all(row.handled_at is not None for row in await inbox(services))


async def test_an_album_left_unhandled_by_a_crash_is_collected_again_at_the_next_start(services, bot):
    seen: list[list[int]] = []
    router = Router()

    @router.message()
    async def post(message: Message, album: list[Message] | None = None) -> None:
        seen.append([m.message_id for m in album or []])

    dp = Dispatcher()
    dp.include_router(router)
    first = poller_for(dp, bot, services)
    await first._store(album(15, "Фото"))  # stored, then the process died
    restarted = poller_for(dp, bot, services)
    await restarted.resume()
    await settled(restarted)
    assert seen == [[500, 501, 502]]


async def _all(services, model) -> list:
    async with services.sessionmaker() as session:
        return list((await session.scalars(select(model))).all())


async def test_a_card_in_flight_at_a_crash_is_posted_once_more_only_when_the_tip_has_none(
    dp, bot, updates, services, settings
):
    await dp.feed_update(bot, updates.private_text(16, UNKNOWN))
    [tip] = await _all(services, Tip)
    async with services.sessionmaker() as session:
        [card] = (await session.scalars(select(OutboxMessage).where(OutboxMessage.method == "card"))).all()
        card.state = "sending"  # as if the process died while posting it...
        stored = await session.get(Tip, tip.id)
        stored.card_message_id = None  # ...before Telegram's answer was recorded
        await session.commit()
    bot.clear()
    outbox = dp["outbox"]
    assert await outbox.settle_stale(0.0) == 1
    assert await outbox.deliver_pending(bot) == 1
    [posted] = [m for m in bot.sent if m.chat_id == settings.checkers_chat_id]
    assert f"#{tip.id}" in posted.text
    async with services.sessionmaker() as session:
        states = (await session.scalars(select(OutboxMessage.state).order_by(OutboxMessage.id))).all()
    assert states == ["sent", "unknown", "sent"]  # the answer, the card in flight, the card posted again

    async with services.sessionmaker() as session:  # the same crash, but the card id was recorded
        [again] = (
            await session.scalars(select(OutboxMessage).where(OutboxMessage.state == "sent").offset(1))
        ).all()
        again.state = "sending"
        await session.commit()
    assert await outbox.settle_stale(0.0) == 1
    assert await outbox.deliver_pending(bot) == 0
