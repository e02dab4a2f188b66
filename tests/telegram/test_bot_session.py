"""The bot's HTTP session (bot/telegram/app.py): what it keeps between requests to the Bot API."""

from __future__ import annotations

import gc
import weakref

import pytest
from aiogram.methods.base import Response
from aiogram.types import Message
from pydantic import SecretStr

from bot.settings import load_settings
from bot.telegram.app import create_bot
from tests.support.fakebotapi import DEFAULT_TOKEN, FakeBotAPI

pytestmark = pytest.mark.asyncio


async def test_the_model_of_telegrams_answers_is_built_once_not_per_answer():
    async with FakeBotAPI() as api:
        settings = load_settings(api_base=api.base_url, bot_token=DEFAULT_TOKEN)
        bot = create_bot(settings.model_copy(update={"bot_token": SecretStr(DEFAULT_TOKEN)}))
        try:
            await bot.send_message(5, "first")
            model = weakref.ref(Response[Message])
            gc.collect()
            assert model() is not None
            await bot.send_message(5, "second")
            assert Response[Message] is model()
        finally:
            await bot.session.close()
