"""Middlewares that inject per-update dependencies: the reader and their translator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from bot.db.models import Reader
from bot.db.readers import reader_seen
from bot.i18n import Locales
from bot.services.knowledge_base import KnowledgeBase
from bot.services.limits import display_name


async def reader_for(
    kb: KnowledgeBase, chat_id: int, user: User | None, language: str, identity: bool = False
) -> Reader:
    """The reader of a private chat, created on first contact with their Telegram language.

    `identity`: keep their Telegram name and username (TIPLINE_SHOW_READER_IDENTITY), else none."""
    name, username = display_name(user) if identity else (None, None)
    async with kb.sessionmaker() as session:
        return await reader_seen(session, chat_id, user.id if user else None, language, name, username)


class ReaderMiddleware(BaseMiddleware):
    """Puts `reader` (private chats only) and `t`, a Translator in their language (in the checkers' chat,
    TIPLINE_DESK_LANGUAGE), into handler data."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        locales: Locales = data["locales"]
        kb: KnowledgeBase = data["kb"]
        user: User | None = data.get("event_from_user")
        chat = data.get("event_chat")
        language = locales.resolve(user.language_code if user else None)
        settings = data.get("settings")
        if chat is not None and chat.type == "private":
            identity = getattr(settings, "show_reader_identity", False)
            reader = await reader_for(kb, chat.id, user, language, identity)
            data["reader"] = reader
            language = reader.language
        elif chat is not None and settings is not None and chat.id == settings.checkers_chat_id:
            language = settings.desk_language  # the checkers' chat speaks one language, as its cards do
        data["t"] = locales[language]
        return await handler(event, data)
