"""The last router: a button press no other router took (a button of an older version of the bot, or
callback data someone crafted) is answered in one line, so the user's client stops waiting, and
changes nothing."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import CallbackQuery

from bot.i18n import Translator
from bot.telegram.filters import describe

log = logging.getLogger(__name__)


async def stale_button(query: CallbackQuery, t: Translator) -> None:
    log.warning("a button no handler takes: %s", describe(query))
    await query.answer(t("button-stale"))


def create_router() -> Router:
    router = Router(name="unanswered")
    router.callback_query.register(stale_button)
    return router
