"""Readers' safety where updates come in: `SafetyMiddleware` stops blocked readers and readers over their
limits (bot/services/limits.py) before a handler runs; `LoneSurrogates` cleans text no database can take."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, InlineQuery, Message, TelegramObject, Update, User

from bot.services.limits import ALWAYS_ALLOWED_COMMANDS, LimitCheck, Safety
from bot.telegram.callbacks import ConfirmForget, ExplainDown, RateAnswer

log = logging.getLogger(__name__)

ALWAYS_ALLOWED_BUTTONS = tuple(f"{data.__prefix__}:" for data in (ConfirmForget, RateAnswer, ExplainDown))


def _always_allowed(event: TelegramObject) -> bool:
    """/mydata, /forget, the /forget confirmation's buttons (callback data `forget:...`), and 👍 / 👎
    under a verdict with what a 👎 says is wrong (`fb:`, `fbr:`): stored once per verdict sent. Sending
    the message back to the checkers (`fbs:`) makes a tip, and is limited and blocked like a post."""
    if isinstance(event, Message):
        words = (event.text or "").split(maxsplit=1)
        return bool(words) and words[0].split("@", 1)[0].lower() in ALWAYS_ALLOWED_COMMANDS
    if isinstance(event, CallbackQuery):
        return (event.data or "").startswith(ALWAYS_ALLOWED_BUTTONS)
    return False


class SafetyMiddleware(BaseMiddleware):
    """An inner middleware of the reader, group and inline routers: blocked readers and readers over
    their limits are stopped here, after the filters and before the handler (and its matching).

    `notify` says whether the limit notice is sent (private chats) or the flood is met with silence
    (groups, inline queries)."""

    def __init__(self, notify: bool = True) -> None:
        self.notify = notify

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        safety: Safety | None = data.get("safety")
        user: User | None = data.get("event_from_user")
        settings = data["settings"]
        if safety is None or user is None or user.id in settings.admin_ids or _always_allowed(event):
            return await handler(event, data)
        # the counter first: a flood costs one counter update a message, the database is asked
        # only for the messages within the limits (and once per limited stretch)
        check = await safety.limits.hit(str(user.id))
        ask = check.allowed or check.notice is not None
        if ask and await safety.blocks.is_blocked(user.id):
            log.info("dropped an update from blocked user %s", user.id)
            await _quietly_answer(event)
            return None
        if check.allowed:
            return await handler(event, data)
        if check.notice:
            log.warning("user %s is over the %s limit", user.id, check.notice)
        await self._tell(event, data, check)
        return None

    async def _tell(self, event: TelegramObject, data: dict[str, Any], check: LimitCheck) -> None:
        t = data.get("t")
        text = t(f"limit-{check.notice}") if (t is not None and check.notice and self.notify) else None
        if isinstance(event, Message):
            if text and event.chat.type == "private":
                await event.answer(text)
        elif isinstance(event, CallbackQuery):
            await event.answer(text)
        elif isinstance(event, InlineQuery):
            await event.answer([], cache_time=5, is_personal=True)


async def _quietly_answer(event: TelegramObject) -> None:
    """Stops a button's spinner or an inline query's wait, saying nothing."""
    if isinstance(event, CallbackQuery):
        await event.answer()
    elif isinstance(event, InlineQuery):
        await event.answer([], cache_time=60, is_personal=True)


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: Any) -> tuple[Any, bool]:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return LONE_SURROGATE.sub("\ufffd", value), True
        return value, False
    if isinstance(value, dict):
        changed = False
        for key, item in value.items():
            value[key], dirty = _without_lone_surrogates(item)
            changed |= dirty
        return value, changed
    if isinstance(value, list):
        changed = False
        for i, item in enumerate(value):
            value[i], dirty = _without_lone_surrogates(item)
            changed |= dirty
        return value, changed
    return value, False


class LoneSurrogates(BaseMiddleware):
    """An outer middleware of updates: JSON can carry a lone UTF-16 surrogate ("\\ud800"), which
    no UTF-8 database, log or entity offset can take; it becomes U+FFFD before anything reads it."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update):
            raw, dirty = _without_lone_surrogates(event.model_dump(exclude_unset=True))
            if dirty:
                event = Update.model_validate(raw, context={"bot": data.get("bot")})
        return await handler(event, data)
