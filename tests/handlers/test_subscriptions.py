"""Readers' /subscribe and /unsubscribe in a private chat, through the dispatcher with a mocked bot."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.models import Reader
from bot.i18n import Locales
from bot.services import broadcasts
from bot.telegram.callbacks import ChooseLanguage
from tests.support.sessions import committed

pytestmark = pytest.mark.asyncio
locales = Locales()


async def reader(services, chat_id) -> Reader:
    async with services.sessionmaker() as session:
        return await session.scalar(select(Reader).where(Reader.chat_id == chat_id))


async def test_subscribe_and_unsubscribe(dp, bot, updates, services):
    await dp.feed_update(bot, updates.command(21, "/subscribe", language_code="kk"))
    assert bot.sent[-1].text == locales["kk"]("subscribe-done")
    assert (await reader(services, 21)).subscribed is True
    await dp.feed_update(bot, updates.command(21, "/subscribe", language_code="kk"))
    assert bot.sent[-1].text == locales["kk"]("subscribe-already")
    await dp.feed_update(bot, updates.command(21, "/unsubscribe", language_code="kk"))
    assert bot.sent[-1].text == locales["kk"]("unsubscribe-done")
    assert (await reader(services, 21)).subscribed is False
    await dp.feed_update(bot, updates.command(21, "/unsubscribe", language_code="kk"))
    assert bot.sent[-1].text == locales["kk"]("unsubscribe-not-subscribed")
    assert await committed(services.sessionmaker, broadcasts.audience, "en") == {}


async def test_the_subscription_follows_the_readers_language(dp, bot, updates, services):
    await dp.feed_update(bot, updates.command(22, "/subscribe", language_code="ru"))
    await dp.feed_update(bot, updates.command(23, "/subscribe", language_code="ru"))
    await dp.feed_update(bot, updates.command(24, "/subscribe", language_code="de"))  # not one of the eight
    assert await committed(services.sessionmaker, broadcasts.audience, "en") == {"ru": 2, "en": 1}
    message_id = updates.factory.next_message_id(23)
    await dp.feed_update(bot, updates.callback(23, ChooseLanguage(code="uz").pack(), message_id))
    assert await committed(services.sessionmaker, broadcasts.audience, "en") == {"en": 1, "ru": 1, "uz": 1}


async def test_a_reader_who_blocked_the_bot_is_active_again_when_they_write(dp, bot, updates, services):
    await dp.feed_update(bot, updates.command(25, "/subscribe", language_code="en"))
    async with services.sessionmaker() as session:
        row = await session.scalar(select(Reader).where(Reader.chat_id == 25))
        row.active = False  # a broadcast got 403
        await session.commit()
    assert await committed(services.sessionmaker, broadcasts.audience, "en") == {}
    await dp.feed_update(bot, updates.command(25, "/help", language_code="en"))
    assert (await reader(services, 25)).active is True
    assert await committed(services.sessionmaker, broadcasts.audience, "en") == {"en": 1}
