"""Last resort: log the failure and tell the person, in their language, that their message is safe."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.types import ErrorEvent

from bot.i18n import Locales

log = logging.getLogger(__name__)


def create_router() -> Router:
    router = Router(name="errors")

    @router.errors()
    async def on_error(event: ErrorEvent, bot: Bot, locales: Locales) -> bool:
        update = event.update
        log.error("update %s failed: %r", update.update_id, event.exception, exc_info=event.exception)
        message = update.message or (update.callback_query.message if update.callback_query else None)
        user = (
            update.message.from_user
            if update.message
            else (update.callback_query.from_user if update.callback_query else None)
        )
        if message is not None and message.chat.type == "private":
            t = locales[locales.resolve(user.language_code if user else None)]
            try:
                await bot.send_message(message.chat.id, t("error-generic"))
            except Exception as error:  # noqa: BLE001
                log.warning("could not report the failure to chat %s: %r", message.chat.id, error)
        return True

    return router
