"""The broadcast engine's way to Telegram: one recipient's message, one progress edit, and what each
came to (an `Attempt`, classified by bot/telegram/sending.py)."""

from __future__ import annotations

import contextvars
from collections.abc import Sequence

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.methods import EditMessageText, SendMessage, TelegramMethod
from aiogram.types import Message
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.db.models import Verdict
from bot.i18n import Locales
from bot.services.broadcasts.drafts import RecipientCounts, fallback_language
from bot.services.broadcasts.engine import BroadcastEngine
from bot.services.broadcasts.messenger import Attempt
from bot.settings import Settings
from bot.telegram.broadcast_view import broadcast_text, progress_text
from bot.telegram.sending import Delivery, outcome_of
from knowledge.statuses import MessageState

NO_REQUEST_RETRY: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "tipline_no_request_retry", default=False
)
"""True during the broadcast engine's requests: the session's `RetryAfter` middleware (bot/telegram/app.py)
then leaves a 429 to the engine, which pauses the whole sender instead of retrying one request."""


def message_id_in(error: BaseException) -> int | None:
    """The message id in an answer that said ok but did not parse (``ClientDecodeError``), if any."""
    data = error.data if isinstance(error, ClientDecodeError) else None
    result = data.get("result") if isinstance(data, dict) else None
    message_id = result.get("message_id") if isinstance(result, dict) else None
    return message_id if isinstance(message_id, int) else None


def attempt_of(error: BaseException) -> Attempt:
    """What a failed request means for the recipient (see bot/services/broadcasts/engine.py)."""
    outcome = outcome_of(error)
    if outcome.delivery is Delivery.SENT:
        return Attempt(MessageState.SENT, message_id_in(error), outcome.reason)
    if outcome.delivery is Delivery.BLOCKED:
        return Attempt(MessageState.BLOCKED, reason=outcome.reason)
    if outcome.delivery is Delivery.UNKNOWN:
        return Attempt(MessageState.UNKNOWN, reason=outcome.reason)
    if isinstance(error, TelegramUnauthorizedError | TelegramNotFound):
        return Attempt(MessageState.PENDING, reason=outcome.reason, token_refused=True)
    if isinstance(error, TelegramRetryAfter):
        return Attempt(MessageState.PENDING, reason=outcome.reason, rate_limited=True, wait=outcome.wait)
    if outcome.delivery is Delivery.RETRY:
        return Attempt(MessageState.PENDING, reason=outcome.reason)
    return Attempt(MessageState.FAILED, reason=outcome.reason)


class TelegramMessenger:
    """The engine's `Messenger` for a bot: texts in the reader's language (else `fallback_language`)."""

    def __init__(self, bot: Bot, locales: Locales, fallback_language: str = "en"):
        self.bot = bot
        self.locales = locales
        self.fallback_language = fallback_language

    def broadcast_text(self, language: str, verdicts: Sequence[Verdict]) -> str:
        return broadcast_text(self.locales[language], verdicts, self.fallback_language)

    def progress_text(
        self, language: str | None, broadcast_id: int, counts: RecipientCounts, status: str
    ) -> str:
        return progress_text(self.locales[language or self.fallback_language], broadcast_id, counts, status)

    async def send(self, chat_id: int, text: str) -> Attempt:
        return await self._call(SendMessage(chat_id=chat_id, text=text))

    async def edit(self, chat_id: int, message_id: int, text: str) -> Attempt:
        return await self._call(EditMessageText(chat_id=chat_id, message_id=message_id, text=text))

    async def _call(self, method: TelegramMethod) -> Attempt:
        token = NO_REQUEST_RETRY.set(True)
        try:
            answer = await self.bot(method)
        except Exception as error:  # noqa: BLE001 - each failure is this one recipient's outcome
            return attempt_of(error)
        finally:
            NO_REQUEST_RETRY.reset(token)
        return Attempt(MessageState.SENT, answer.message_id if isinstance(answer, Message) else None)


def broadcast_sender(
    bot: Bot, sessionmaker: async_sessionmaker, locales: Locales, settings: Settings
) -> BroadcastEngine:
    """The broadcast engine a serving process runs, configured by the settings."""
    messenger = TelegramMessenger(bot, locales, fallback_language(settings))
    return BroadcastEngine.from_settings(messenger, sessionmaker, settings)
