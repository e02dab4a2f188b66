"""A Bot whose session answers every method locally and records it, as in aiogram's own tests."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import AsyncGenerator, Callable, Iterator
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.methods import (
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendMediaGroup,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import Chat, File, Message, User

from bot.telegram.outbox import CaptureSends

BOT_USER = User(id=42, is_bot=True, first_name="Tipline", username="tipline_test_bot")


class RecordingSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod] = []
        self._ids = itertools.count(1000)
        self.files: dict[str, bytes] = {}
        """file_id -> content, served by getFile and the file download (MockedBot.add_file)."""
        self.downloads: list[str] = []

    async def close(self) -> None:
        pass

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:  # noqa: ASYNC109
        self.requests.append(method)
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage):
            return Message(
                message_id=next(self._ids),
                date=dt.datetime.now(dt.UTC),
                chat=Chat(id=method.chat_id, type="private" if method.chat_id > 0 else "supergroup"),
                from_user=BOT_USER,
                text=method.text,
                reply_markup=method.reply_markup,
            )
        if isinstance(method, EditMessageText | EditMessageReplyMarkup):
            return True
        if isinstance(method, SendMediaGroup):  # one message per item, as Telegram answers
            chat = Chat(id=method.chat_id, type="private" if method.chat_id > 0 else "supergroup")
            now = dt.datetime.now(dt.UTC)
            return [
                Message(
                    message_id=next(self._ids), date=now, chat=chat, from_user=BOT_USER, media_group_id="1"
                )
                for _ in method.media
            ]
        if isinstance(method, GetFile):
            if method.file_id not in self.files:
                from aiogram.exceptions import TelegramBadRequest

                raise TelegramBadRequest(method, "Bad Request: invalid file_id")
            content = self.files[method.file_id]
            return File(
                file_id=method.file_id,
                file_unique_id="u" + method.file_id,
                file_size=len(content),
                file_path=f"files/{method.file_id}",
            )
        return True

    async def stream_content(self, url: str = "", *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
        self.downloads.append(url)
        file_id = url.rsplit("/files/", 1)[-1]
        yield self.files.get(file_id, b"")


class MockedBot(Bot):
    """Records what the handlers send: `bot.sent` lists (chat_id, text, reply_markup)."""

    def __init__(self) -> None:
        super().__init__(
            "42:TEST-token",
            session=RecordingSession(),
            default=DefaultBotProperties(parse_mode=ParseMode.HTML),
        )
        # as bot.telegram.app.create_bot: messages go through the outbox
        self.session.middleware(CaptureSends())

    @property
    def requests(self) -> list[TelegramMethod]:
        return self.session.requests

    @property
    def sent(self) -> list[SendMessage]:
        return [r for r in self.requests if isinstance(r, SendMessage)]

    @property
    def edited(self) -> list[EditMessageText]:
        return [r for r in self.requests if isinstance(r, EditMessageText)]

    def clear(self) -> None:
        self.session.requests.clear()

    def add_file(self, file_id: str, content: bytes) -> None:
        """Make `file_id` downloadable (getFile, then the file URL) with `content`."""
        self.session.files[file_id] = content

    @contextlib.contextmanager
    def failing_sends(
        self, chat_id: int | None = None, error: Callable[[TelegramMethod], Exception | None] | None = None
    ) -> Iterator[None]:
        """sendMessage raises `error(method)` (by default a connection reset after the request left; when
        it returns None, the message goes through) to `chat_id`, or to every chat, while the block runs."""
        original = self.session.make_request

        async def failing(bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:  # noqa: ASYNC109
            if isinstance(method, SendMessage) and chat_id in (None, method.chat_id):
                failure = error(method) if error else RuntimeError("connection reset")
                if failure is not None:
                    raise failure
            return await original(bot, method, timeout)

        self.session.make_request = failing
        try:
            yield
        finally:
            self.session.make_request = original
