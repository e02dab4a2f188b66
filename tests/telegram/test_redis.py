"""With TIPLINE_REDIS_URL set, dialog state lives in Redis and survives a restart (real server)."""

from __future__ import annotations

import os
import uuid

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisStorage

from bot.settings import load_settings
from bot.telegram.app import create_storage
from tests.conftest import redis_or_skip

REDIS_URL = os.environ.get("TIPLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
async def redis_url() -> str:
    return await redis_or_skip(REDIS_URL)


async def test_dialog_state_survives_a_new_process_storage(redis_url):
    settings = load_settings(redis_url=redis_url)
    key = StorageKey(bot_id=42, chat_id=-100500, user_id=int(uuid.uuid4().int % 10**9))
    first = create_storage(settings)
    assert isinstance(first, RedisStorage)
    await first.set_state(key, "NewVerdict:explanation")
    await first.set_data(key, {"rating": "false", "claim": "Бензин подорожает"})
    await first.close()

    second = create_storage(settings)
    try:
        assert await second.get_state(key) == "NewVerdict:explanation"
        assert await second.get_data(key) == {"rating": "false", "claim": "Бензин подорожает"}
    finally:
        await second.set_state(key, None)
        await second.set_data(key, {})
        await second.close()
