"""A fake Telegram Bot API server for tests, benchmarks and manual runs.

In-process (async tests)::

    async with FakeBotAPI() as api:            # 127.0.0.1, free port
        bot = Bot(api.token, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)))
        update = api.push_update(api.make_private_text(42, "hello"))
        sent = await api.wait_sent(chat_id=42)

Standalone::

    python -m tests.support.fakebotapi --port 8081 [--token 123456:TEST-token-ABCdef] [--rate-limit 30]

The standalone server also answers control requests under ``/_fake/`` (see ``control.py``):
push updates, build reader messages, inject faults, read the request log.

What it imitates (Bot API 7+/9):

* URLs ``{base}/bot{token}/{method}`` and ``{base}/file/bot{token}/{path}``; GET or POST with query,
  form-urlencoded, JSON or multipart bodies (aiogram sends multipart, nested objects as JSON strings).
  Method names are case-insensitive, as in Telegram. Unknown token -> 401.
* getUpdates with offset (confirms), negative offset, limit, long-poll timeout, allowed_updates;
  409 while a webhook is set; 409 for the older of two concurrent getUpdates
  ("terminated by other getUpdates request"), as when a killed bot's poll is still pending.
* setWebhook / deleteWebhook(drop_pending_updates) / getWebhookInfo; with a webhook set, updates are
  POSTed to it (secret token header, retried until a 2xx, methods in the webhook answer executed).
* sendMessage and friends return full Message objects (message ids per chat shared by the reader and
  the bot, dates in seconds, HTML parsed into entities, inline keyboards echoed), editMessageText,
  editMessageReplyMarkup, editMessageCaption, deleteMessage, answerCallbackQuery (once per query),
  sendChatAction, set/get/deleteMyCommands, getChat, getFile + file download, sendMediaGroup (Telegram's
  rules: 2-10 items, photos and videos mixed, documents or audio only among themselves). Any other method is
  recorded and answered ``{"ok": true, "result": true}``.
* Fault injection (``fail_next``, ``block``), a global/per-chat rate limit (``rate_limit``), latency.
  ``fail_next(kind=...)`` imitates what sits between a bot and Telegram: a JSON error ("json"), a proxy's
  HTML error page ("html", the method not run), a connection cut after the method ran ("drop_after": the
  message is stored, the client gets no answer) or before it ran ("drop_before"). Both drops happen after
  the request was read, so a client sees them alike (ambiguous); a connection that never opened is
  ``refuse_connections()`` (the listening port closed, a real ``ECONNREFUSED``).

All state lives in one event loop; call the sync helpers (push_update, fail_next, ...) from that loop.
"""

from tests.support.fakebotapi.faults import FAULT_KINDS
from tests.support.fakebotapi.formatting import auto_entities, parse_html, render_text, u16len
from tests.support.fakebotapi.protocol import BOT_USERNAME, DEFAULT_TOKEN, KNOWN_METHODS, APIError
from tests.support.fakebotapi.records import Recorded
from tests.support.fakebotapi.server import FakeBotAPI

__all__ = [
    "BOT_USERNAME",
    "DEFAULT_TOKEN",
    "FAULT_KINDS",
    "KNOWN_METHODS",
    "APIError",
    "FakeBotAPI",
    "Recorded",
    "auto_entities",
    "parse_html",
    "render_text",
    "u16len",
]
