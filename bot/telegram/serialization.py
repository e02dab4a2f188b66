"""Telegram objects and methods as the JSON-ready values aiogram sends, for the inbox and the outbox."""

from __future__ import annotations

from functools import cache
from typing import Any

from aiogram import Bot
from pydantic import BaseModel


@cache
def _plain_bot() -> Bot:
    """aiogram serialises through a Bot, and building one costs an SSL context (about 15 ms of CPU)."""
    return Bot(token="42:Serializer")


def to_python(obj: Any, bot: Bot | None = None) -> Any:
    """aiogram's deserialize_telegram_object_to_python without its API method name, with `bot`'s
    defaults (parse mode, link previews, ...) filled in, and without building a Bot at every call."""
    bot = bot or _plain_bot()
    value = obj.model_dump(mode="python", warnings=False) if isinstance(obj, BaseModel) else obj
    return bot.session.prepare_value(value, bot=bot, files={}, _dumps_json=False)
