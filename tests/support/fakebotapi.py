"""A fake Telegram Bot API server for tests, benchmarks and manual runs.

In-process (async tests)::

    async with FakeBotAPI() as api:            # 127.0.0.1, free port
        bot = Bot(api.token, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)))
        update = api.push_update(api.make_private_text(42, "hello"))
        sent = await api.wait_sent(chat_id=42)

Standalone::

    python -m tests.support.fakebotapi --port 8081 [--token 123456:TEST-token-ABCdef] [--rate-limit 30]

The standalone server also answers control requests under ``/_fake/`` (see ``_control_routes``):
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

from __future__ import annotations

import argparse
import asyncio
import copy
import itertools
import json
import math
import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import aiohttp
from aiohttp import web

DEFAULT_TOKEN = "123456:TEST-token-ABCdef"
BOT_USERNAME = "tipline_test_bot"

UPDATE_TYPES = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
)
DEFAULT_ALLOWED = tuple(
    t for t in UPDATE_TYPES if t not in ("chat_member", "message_reaction", "message_reaction_count")
)

# Parameters whose form values are plain strings and must not be JSON-decoded ("123" stays "123").
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "secret_token",
        "description",
        "short_description",
        "name",
        "title",
        "callback_query_id",
        "inline_message_id",
        "query",
        "first_name",
        "last_name",
        "language_code",
        "file_id",
        "photo",
        "document",
        "sticker",
        "video",
        "audio",
        "voice",
        "animation",
        "video_note",
        "ip_address",
        "emoji",
        "action",
        "custom_title",
        "invite_link",
        "business_connection_id",
        "message_effect_id",
        "question",
        "payload",
        "currency",
        "provider_token",
        "start_parameter",
        "address",
        "phone_number",
        "vcard",
        "game_short_name",
        "next_offset",
        "button_text",
        "thumbnail",
        "file_path",
        "sticker_set_name",
        "custom_emoji_id",
        "reaction",
    }
)

SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVideo",
        "sendAnimation",
        "sendAudio",
        "sendVoice",
        "sendVideoNote",
        "sendSticker",
        "sendMediaGroup",
        "sendLocation",
        "sendVenue",
        "sendContact",
        "sendPoll",
        "sendDice",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
    }
)
MEDIA_METHODS = {
    "sendPhoto": "photo",
    "sendDocument": "document",
    "sendVideo": "video",
    "sendAnimation": "animation",
    "sendAudio": "audio",
    "sendVoice": "voice",
    "sendVideoNote": "video_note",
    "sendSticker": "sticker",
}
KNOWN_METHODS = (
    "getMe",
    "logOut",
    "close",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "editMessageCaption",
    "deleteMessage",
    "deleteMessages",
    "answerCallbackQuery",
    "answerInlineQuery",
    "sendChatAction",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "getChat",
    "getFile",
    "copyMessage",
    "forwardMessage",
    "sendMediaGroup",
    *MEDIA_METHODS,
)
_CANONICAL = {m.lower(): m for m in KNOWN_METHODS}

STATUS_DESCRIPTIONS = {
    400: "Bad Request: error injected by FakeBotAPI",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class APIError(Exception):
    """Raised inside a method handler: becomes ``{"ok": false, ...}`` with this status."""

    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


FAULT_KINDS = ("json", "html", "drop_after", "drop_before")

NGINX_ERROR_PAGE = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


class _NoJSONAnswer(Exception):  # noqa: N818 - not an error of the fake: an answer it must not give as JSON
    """Raised by ``call`` for a fault that gives the client no Bot API answer (an HTML page, or none)."""

    def __init__(self, fault: _Fault):
        super().__init__(fault.kind)
        self.fault = fault


def u16len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


_AUTO_PATTERNS = (
    ("url", re.compile(r"\bhttps?://[^\s<>\"]+[^\s<>\".,;:!?)\]'»]")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}\b")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
    ("bot_command", re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")),
)


def auto_entities(text: str) -> list[dict]:
    """Entities Telegram detects by itself in plain text: urls, mentions, hashtags, bot commands."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _AUTO_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), kind))
    found.sort()
    return [{"type": kind, "offset": u16len(text[:s]), "length": u16len(text[s:e])} for s, e, kind in found]


class _TelegramHTML(HTMLParser):
    """Parses Telegram's HTML subset into (plain text, entities); raises APIError like Telegram."""

    SIMPLE = {
        "b": "bold",
        "strong": "bold",
        "i": "italic",
        "em": "italic",
        "u": "underline",
        "ins": "underline",
        "s": "strikethrough",
        "strike": "strikethrough",
        "del": "strikethrough",
        "tg-spoiler": "spoiler",
        "code": "code",
        "pre": "pre",
        "blockquote": "blockquote",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0  # UTF-16 units so far
        self.stack: list[tuple[str, int, dict]] = []
        self.entities: list[dict] = []

    def _fail(self, message: str) -> None:
        raise APIError(400, f"Bad Request: can't parse entities: {message}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a":
            entity = {"type": "text_link", "url": a.get("href") or ""}
            if not entity["url"]:
                entity = {}
        elif tag == "span":
            if a.get("class") != "tg-spoiler":
                self._fail(f'Unsupported start tag "{tag}" at byte offset {self.getpos()[1]}')
            entity = {"type": "spoiler"}
        elif tag == "tg-emoji":
            entity = {"type": "custom_emoji", "custom_emoji_id": a.get("emoji-id") or ""}
        elif tag == "blockquote":
            entity = {"type": "expandable_blockquote" if "expandable" in a else "blockquote"}
        elif (
            tag == "code"
            and self.stack
            and self.stack[-1][0] == "pre"
            and a.get("class", "").startswith("language-")
        ):
            self.stack[-1][2]["language"] = a["class"][len("language-") :]
            entity = {}
        elif tag in self.SIMPLE:
            entity = {"type": self.SIMPLE[tag]}
        else:
            self._fail(f'Unsupported start tag "{tag}" at byte offset {self.getpos()[1]}')
            return
        self.stack.append((tag, self.length, entity))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._fail(f'Unsupported start tag "{tag}" at byte offset {self.getpos()[1]}')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            self._fail(f"Unexpected end tag at byte offset {self.getpos()[1]}")
        open_tag, start, entity = self.stack.pop()
        if open_tag != tag:
            self._fail(
                f'Unmatched end tag at byte offset {self.getpos()[1]}, expected "</{open_tag}>", '
                f'found "</{tag}>"'
            )
        if entity and self.length > start:
            self.entities.append({**entity, "offset": start, "length": self.length - start})

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.length += u16len(data)

    def result(self) -> tuple[str, list[dict]]:
        self.close()
        if self.stack:
            self._fail(f'Can\'t find end tag corresponding to start tag "{self.stack[-1][0]}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), self.entities


def parse_html(text: str) -> tuple[str, list[dict]]:
    parser = _TelegramHTML()
    parser.feed(text)
    return parser.result()


def render_text(text: str, parse_mode: str | None, entities: list | None) -> tuple[str, list[dict]]:
    """What Telegram stores for a sent text: the plain text and its entities."""
    if entities:
        return text, list(entities)
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, ents = parse_html(text)
    elif mode in ("markdown", "markdownv2"):
        plain, ents = text, []  # not parsed: the raw text is kept
    else:
        plain, ents = text, []
    auto = auto_entities(plain)
    covered = [
        (e["offset"], e["offset"] + e["length"]) for e in ents if e["type"] in ("text_link", "code", "pre")
    ]
    ents += [
        e for e in auto if not any(s < e["offset"] + e["length"] and e["offset"] < t for s, t in covered)
    ]
    ents.sort(key=lambda e: (e["offset"], -e["length"]))
    return plain, ents


@dataclass
class Recorded:
    """One request the fake received."""

    method: str
    params: dict
    time: float
    token: str
    http_method: str = "POST"
    via: str = "http"  # or "webhook-reply"
    status: int | None = None  # None while the request is still pending (a long poll)
    response: dict | None = None
    files: dict = field(default_factory=dict)
    fault: str | None = None
    """The ``fail_next`` kind that shaped the answer ("json", "html", "drop_after", "drop_before")."""

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response.get("ok"))

    @property
    def result(self) -> Any:
        return (self.response or {}).get("result")

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def text(self) -> str | None:
        """The text as the bot sent it (HTML markup included)."""
        return self.params.get("text", self.params.get("caption"))

    @property
    def plain_text(self) -> str | None:
        """The text as Telegram shows it (markup removed)."""
        result = self.result
        if isinstance(result, dict):
            return result.get("text", result.get("caption"))
        return None

    @property
    def message_id(self) -> int | None:
        result = self.result
        if isinstance(result, dict):
            return result.get("message_id")
        return self.params.get("message_id")

    def as_dict(self) -> dict:
        return {
            "method": self.method,
            "params": self.params,
            "time": self.time,
            "status": self.status,
            "response": self.response,
            "via": self.via,
            "fault": self.fault,
        }


@dataclass
class _Fault:
    status: int
    description: str
    parameters: dict | None
    remaining: int | None  # None: every time
    chat_id: Any = None
    delay: float = 0.0
    kind: str = "json"


@dataclass
class _Pending:
    update: dict
    forced: bool = False  # a redelivery: delivered once regardless of the offset
    delivered: bool = False
    in_flight: bool = False  # webhook delivery in progress

    @property
    def update_id(self) -> int:
        return self.update["update_id"]


class FakeBotAPI:
    """A fake Telegram Bot API server (aiohttp). See the module docstring."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        tokens: Iterable[str] = (),
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = BOT_USERNAME,
        bot_first_name: str = "Tipline Test Bot",
        first_update_id: int = 700_000_001,
        terminate_concurrent_polls: bool = True,
        webhook_retry_delay: float = 0.5,
        webhook_timeout: float = 10.0,
        control: bool = True,
    ):
        self.token = token
        self.tokens = {token, *tokens}
        self.host = host
        self.port = port
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_user = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.terminate_concurrent_polls = terminate_concurrent_polls
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_timeout = webhook_timeout
        self.latency = 0.0  # seconds added to every method but getUpdates
        self._first_update_id = first_update_id
        self.app = web.Application(client_max_size=64 * 1024 * 1024)
        self.app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self.app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        if control:
            self._control_routes()
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._background: set[asyncio.Task] = set()
        self._webhook_task: asyncio.Task | None = None
        self._http: aiohttp.ClientSession | None = None
        self._reset_state()

    # ------------------------------------------------------------------ lifecycle

    def _reset_state(self) -> None:
        self._next_update_id = self._first_update_id
        self._pending: list[_Pending] = []
        self._seen_updates: dict[int, dict] = {}
        self._allowed_updates: tuple[str, ...] = DEFAULT_ALLOWED
        self._chat_seq: dict[Any, int] = {}
        self._messages: dict[tuple[Any, int], dict] = {}
        self._chats: dict[Any, dict] = {}
        self._callbacks: dict[str, dict] = {}
        self._callback_seq = itertools.count(4_242_000_000_000_000_001)
        self._file_seq = itertools.count(1)
        self._files: dict[str, dict] = {}  # file_id -> {"file_path", "content", "file_unique_id"}
        self._requests: list[Recorded] = []
        self._faults: dict[str, deque[_Fault]] = {}
        self._blocked: set[Any] = set()
        self._rate_global: int | None = None
        self._rate_chat: int | None = None
        self._sent_times: deque[float] = deque()
        self._sent_times_chat: dict[Any, deque[float]] = {}
        self._webhook: dict | None = None
        self._webhook_errors: dict = {}
        self._replica_urls: list[str] = []
        self._replica_turn = 0
        self.webhook_deliveries: list[tuple[int, str, int | None]] = []
        """(update_id, the URL posted to, the HTTP status or None when the connection failed)."""
        self._commands: dict[str, list] = {}
        self._poll_seq = 0
        self._poll_terminated: dict[int, bool] = {}  # pending polls: terminated?
        self._closing = False
        self._changed = asyncio.Event() if self._loop_running() else None

    @staticmethod
    def _loop_running() -> bool:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        return True

    def reset(self) -> None:
        """Forget everything: updates, messages, requests, faults, webhook."""
        self._notify()
        self._reset_state()

    async def start(self) -> FakeBotAPI:
        self._closing = False
        if self._changed is None:
            self._changed = asyncio.Event()
        # handler_cancellation: a poll whose client went away (a killed bot) ends instead of lingering
        self._runner = web.AppRunner(
            self.app, access_log=None, shutdown_timeout=1.0, handler_cancellation=True
        )
        await self._runner.setup()
        site = self._site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        sockets = site._server.sockets  # type: ignore[union-attr]
        self.port = sockets[0].getsockname()[1]
        self._http = aiohttp.ClientSession()
        self._webhook_task = asyncio.create_task(self._webhook_loop())
        return self

    async def close(self) -> None:
        self._closing = True
        self._notify()
        if self._webhook_task:
            self._webhook_task.cancel()
            try:
                await self._webhook_task
            except (asyncio.CancelledError, Exception):
                pass
            self._webhook_task = None
        for task in list(self._background):
            task.cancel()
        if self._http:
            await self._http.close()
            self._http = None
        if self._runner:
            await self._runner.cleanup()
            self._runner = None
            self._site = None

    async def refuse_connections(self) -> None:
        """Close the listening port, as a server that is down: a new connection is refused (``ECONNREFUSED``;
        aiohttp: ``ClientConnectorError``), so no request leaves the client. Idle keep-alive connections
        are closed too; requests being answered finish. ``accept_connections()`` opens the port again."""
        if self._site is None or self._runner is None:
            return
        await self._site.stop()
        self._site = None
        server = self._runner.server
        assert server is not None
        for connection in server.connections:
            if connection._request_in_progress:
                connection.close()  # after its answer
            else:
                connection.force_close()
        await asyncio.sleep(0.05)  # the clients read the close before their next request

    async def accept_connections(self) -> None:
        """Open the listening port again (same port) after ``refuse_connections()``."""
        if self._site is not None or self._runner is None:
            return
        self._site = web.TCPSite(self._runner, self.host, self.port)
        await self._site.start()

    @property
    def refusing(self) -> bool:
        return self._runner is not None and self._site is None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def api_url(self, method: str, token: str | None = None) -> str:
        return f"{self.base_url}/bot{token or self.token}/{method}"

    # ------------------------------------------------------------------ waking waiters

    def _notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()

    async def _wait_change(self, timeout: float) -> None:  # noqa: ASYNC109
        event = self._changed
        if event is None:
            self._changed = event = asyncio.Event()
        try:
            await asyncio.wait_for(event.wait(), max(timeout, 0))
        except TimeoutError:
            pass

    async def wait_until(
        self,
        predicate: Callable[[], Any],
        timeout: float = 10.0,  # noqa: ASYNC109
        message: str = "condition",
    ) -> Any:  # noqa: ASYNC109
        """Wait until ``predicate()`` is truthy (re-checked on every request/update); return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"FakeBotAPI: timed out after {timeout}s waiting for {message}")
            await self._wait_change(min(remaining, 0.25))

    async def wait_sent(self, chat_id: Any = None, count: int = 1, timeout: float = 10.0) -> list[Recorded]:  # noqa: ASYNC109
        """Wait until at least ``count`` messages were sent (to ``chat_id``); return them all."""
        return await self.wait_until(
            lambda: (s := self.sent_messages(chat_id)) and len(s) >= count and s,
            timeout,
            f"{count} sendMessage to {chat_id}",
        )

    async def wait_request(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,  # noqa: ASYNC109
        predicate: Callable[[Recorded], bool] | None = None,
    ) -> list[Recorded]:  # noqa: ASYNC109
        """Wait until ``count`` finished requests of ``method`` (matching ``predicate``) were seen."""

        def check() -> list[Recorded] | None:
            found = [
                r
                for r in self.requests(method)
                if r.status is not None and (predicate is None or predicate(r))
            ]
            return found if len(found) >= count else None

        return await self.wait_until(check, timeout, f"{count} {method}")

    async def wait_polling(self, timeout: float = 10.0) -> Recorded:  # noqa: ASYNC109
        """Wait until a bot calls getUpdates (it is up and polling)."""
        found = await self.wait_until(lambda: self.requests("getUpdates"), timeout, "getUpdates")
        return found[-1]

    async def wait_confirmed(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until every pushed update has been confirmed (offset moved past it / webhook 2xx)."""
        await self.wait_until(lambda: not self._pending, timeout, "all updates confirmed")

    # ------------------------------------------------------------------ request log

    def requests(self, method: str | None = None, *, ok: bool | None = None) -> list[Recorded]:
        wanted = _CANONICAL.get(method.lower(), method) if method else None
        return [
            r for r in self._requests if (wanted is None or r.method == wanted) and (ok is None or r.ok == ok)
        ]

    def sent_messages(self, chat_id: Any = None) -> list[Recorded]:
        """Successful sendMessage requests (``.text`` as sent, ``.plain_text``, ``.result`` Message)."""
        return [
            r
            for r in self.requests("sendMessage", ok=True)
            if chat_id is None or _same_chat(r.chat_id, chat_id)
        ]

    def sent_texts(self, chat_id: Any = None) -> list[str]:
        return [r.text for r in self.sent_messages(chat_id)]

    def edits(self, chat_id: Any = None, message_id: int | None = None) -> list[Recorded]:
        """Successful editMessageText/ReplyMarkup/Caption requests."""
        return [
            r
            for r in self._requests
            if r.method in ("editMessageText", "editMessageReplyMarkup", "editMessageCaption")
            and r.ok
            and (chat_id is None or _same_chat(r.chat_id, chat_id))
            and (message_id is None or _as_int(r.params.get("message_id")) == message_id)
        ]

    def callback_answers(self, callback_query_id: str | None = None) -> list[Recorded]:
        return [
            r
            for r in self.requests("answerCallbackQuery", ok=True)
            if callback_query_id is None or str(r.params.get("callback_query_id")) == callback_query_id
        ]

    def clear_requests(self) -> None:
        self._requests.clear()

    def pending_updates(self) -> list[dict]:
        """Updates pushed but not yet confirmed."""
        return [copy.deepcopy(p.update) for p in self._pending]

    def drop_pending_updates(self) -> int:
        """Forget the updates not yet confirmed (like drop_pending_updates=True); returns how many."""
        count = len(self._pending)
        self._pending.clear()
        self._notify()
        return count

    @property
    def webhook(self) -> dict | None:
        return copy.deepcopy(self._webhook)

    def commands(self, scope: str = "default", language_code: str = "") -> list:
        return self._commands.get(f"{scope}:{language_code}", [])

    def message(self, chat_id: Any, message_id: int) -> dict | None:
        """The current state of a stored message (as sent/edited), or None (deleted or unknown)."""
        return copy.deepcopy(self._messages.get((_as_int(chat_id), message_id)))

    # ------------------------------------------------------------------ faults and limits

    def fail_next(
        self,
        method: str,
        status: int | None = None,
        retry_after: int | None = 1,
        count: int | None = 1,
        *,
        description: str | None = None,
        chat_id: Any = None,
        delay: float = 0.0,
        kind: str = "json",
    ) -> None:
        """Make the next ``count`` calls of ``method`` (None: all) fail in the way ``kind`` says.

        * "json" (default status 429): a Telegram error. 429 carries ``parameters.retry_after``; other
          statuses use Telegram's usual descriptions (403 "Forbidden: bot was blocked by the user", 500...).
        * "html" (default status 502): a proxy in front of Telegram failed. The method is not run; the
          answer is nginx's HTML error page with Content-Type text/html (aiogram: ``ClientDecodeError``).
        * "drop_after": the method runs and is recorded (a sent message is stored and is in
          ``sent_messages()``), then the connection is closed with no HTTP answer.
        * "drop_before": the connection is closed with no answer before the method runs (nothing stored;
          the attempt is recorded with status 0). The request was already read, so the client cannot tell
          it from "drop_after": both are ``ServerDisconnectedError`` (aiogram: ``TelegramNetworkError``).
          A request that never left is ``refuse_connections()``.

        ``status`` is ignored by the drops. ``chat_id`` restricts the fault to requests for that chat.
        ``delay`` sleeps before answering (for "drop_after": after running the method, before the cut).
        Every matching request is recorded with ``Recorded.fault`` set to ``kind``.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; one of {', '.join(FAULT_KINDS)}")
        if status is None:
            status = 502 if kind == "html" else 429
        if status == 429:
            retry_after = 1 if retry_after is None else retry_after
            description = description or f"Too Many Requests: retry after {retry_after}"
            parameters = {"retry_after": retry_after}
        else:
            description = description or STATUS_DESCRIPTIONS.get(status, f"Error {status}")
            parameters = None
        canonical = _CANONICAL.get(method.lower(), method)
        self._faults.setdefault(canonical, deque()).append(
            _Fault(status, description, parameters, count, chat_id, delay, kind)
        )

    def clear_faults(self) -> None:
        self._faults.clear()
        self._blocked.clear()

    def block(self, chat_id: Any) -> None:
        """The user blocked the bot: every send to this chat answers 403."""
        self._blocked.add(_as_int(chat_id))

    def unblock(self, chat_id: Any) -> None:
        self._blocked.discard(_as_int(chat_id))

    def rate_limit(self, per_second: int | None = 30, per_chat_per_second: int | None = None) -> None:
        """Answer 429 (with retry_after) to sending methods beyond ``per_second`` in any 1 s window
        (and beyond ``per_chat_per_second`` for one chat). ``rate_limit(None)`` turns it off."""
        self._rate_global = per_second
        self._rate_chat = per_chat_per_second
        self._sent_times.clear()
        self._sent_times_chat.clear()

    def _take_fault(self, method: str, params: dict) -> _Fault | None:
        queue = self._faults.get(method)
        if not queue:
            return None
        for fault in list(queue):
            if fault.chat_id is not None and not _same_chat(params.get("chat_id"), fault.chat_id):
                continue
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    queue.remove(fault)
            return fault
        return None

    def _check_rate(self, method: str, params: dict) -> None:
        if method not in SENDING_METHODS:
            return
        chat = _as_int(params.get("chat_id"))
        if chat in self._blocked:
            raise APIError(403, STATUS_DESCRIPTIONS[403])
        if self._rate_global is None and self._rate_chat is None:
            return
        now = time.monotonic()
        windows: list[tuple[deque[float], int]] = []
        if self._rate_global is not None:
            windows.append((self._sent_times, self._rate_global))
        if self._rate_chat is not None:
            windows.append((self._sent_times_chat.setdefault(chat, deque()), self._rate_chat))
        for window, limit in windows:
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= limit:
                retry_after = max(1, math.ceil(window[0] + 1.0 - now))
                raise APIError(
                    429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
                )
        for window, _ in windows:
            window.append(now)

    # ------------------------------------------------------------------ updates

    def push_update(self, update: dict) -> dict:
        """Queue an update (wakes long polls / is POSTed to the webhook) and return it with its id.

        An update that already carries an ``update_id`` is a redelivery (see ``redeliver``).
        """
        update = copy.deepcopy(update)
        if "update_id" in update:
            return self.redeliver(update)
        update["update_id"] = self._next_update_id
        self._next_update_id += 1
        self._remember(update)
        self._pending.append(_Pending(update))
        self._notify()
        return copy.deepcopy(update)

    def redeliver(self, update: dict, *, new_update_id: bool = False) -> dict:
        """Deliver the same update again, as Telegram does when a confirmation or a webhook answer
        was lost: the same ``update_id`` (or a new one) carrying the same message. It is delivered at
        the next getUpdates even when the bot's offset is already past it."""
        update = copy.deepcopy(update)
        if new_update_id or "update_id" not in update:
            update["update_id"] = self._next_update_id
            self._next_update_id += 1
            self._pending.append(_Pending(update))
        else:
            self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
            self._pending.append(_Pending(update, forced=True))
            self._pending.sort(key=lambda p: p.update_id)
        self._remember(update)
        self._notify()
        return copy.deepcopy(update)

    def _remember(self, update: dict) -> None:
        self._seen_updates[update["update_id"]] = update
        for key in ("message", "edited_message", "channel_post", "business_message"):
            msg = update.get(key)
            if isinstance(msg, dict) and "chat" in msg:
                self._chats.setdefault(msg["chat"]["id"], msg["chat"])
                self._messages[(msg["chat"]["id"], msg["message_id"])] = msg
                self._bump_seq(msg["chat"]["id"], msg["message_id"])
        cq = update.get("callback_query")
        if isinstance(cq, dict):
            self._callbacks.setdefault(str(cq["id"]), {"answered": False})

    def _update_type(self, update: dict) -> str | None:
        return next((k for k in update if k != "update_id"), None)

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            keep = self._pending[offset:]
            self._pending = keep
            for p in keep:
                p.forced = False
            return
        if offset == 0:
            return
        self._pending = [p for p in self._pending if p.update_id >= offset or (p.forced and not p.delivered)]

    def _select(self, offset: int, limit: int) -> list[dict]:
        allowed = set(self._allowed_updates)
        batch: list[dict] = []
        kept: list[_Pending] = []
        for p in self._pending:
            if self._update_type(p.update) not in allowed:
                continue  # Telegram drops updates of types the bot did not ask for
            kept.append(p)
            if len(batch) < limit and (p.update_id >= offset or p.forced):
                if p.forced:
                    p.delivered = True
                batch.append(copy.deepcopy(p.update))
        self._pending = kept
        return batch

    # ------------------------------------------------------------------ builders

    def _bump_seq(self, chat_id: Any, message_id: int) -> None:
        self._chat_seq[chat_id] = max(self._chat_seq.get(chat_id, 0), message_id)

    def next_message_id(self, chat_id: Any) -> int:
        seq = self._chat_seq.get(chat_id, 0) + 1
        self._chat_seq[chat_id] = seq
        return seq

    @staticmethod
    def make_user(
        user_id: int,
        first_name: str | None = None,
        *,
        username: str | None = None,
        language_code: str | None = "ru",
        last_name: str | None = None,
    ) -> dict:
        user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name or f"Reader{user_id}",
        }
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return user

    def _private_chat(self, user: dict) -> dict:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        for key in ("last_name", "username"):
            if user.get(key):
                chat[key] = user[key]
        return chat

    def _base_message(
        self,
        chat_id: int,
        *,
        message_id: int | None,
        user: dict | None,
        language_code: str | None,
        forward_from_chat: Any = None,
        forward_message_id: int | None = None,
        forward_from_user: dict | None = None,
        forward_sender_name: str | None = None,
        forward_date: int | None = None,
        date: int | None = None,
    ) -> dict:
        user = user or self.make_user(chat_id, language_code=language_code)
        if message_id is None:
            message_id = self.next_message_id(chat_id)
        else:
            self._bump_seq(chat_id, message_id)
        chat = self._chats.get(chat_id) if chat_id < 0 else self._private_chat(user)
        if chat is None:
            chat = self._synth_chat(chat_id)
        msg: dict[str, Any] = {
            "message_id": message_id,
            "from": user,
            "chat": chat,
            "date": date or int(time.time()),
        }
        fdate = forward_date or int(time.time()) - 3600
        if forward_from_chat is not None:
            fchat = _channel_chat(forward_from_chat)
            msg["forward_origin"] = {
                "type": "channel",
                "chat": fchat,
                "message_id": forward_message_id or 1,
                "date": fdate,
            }
        elif forward_from_user is not None:
            msg["forward_origin"] = {"type": "user", "sender_user": forward_from_user, "date": fdate}
        elif forward_sender_name is not None:
            msg["forward_origin"] = {
                "type": "hidden_user",
                "sender_user_name": forward_sender_name,
                "date": fdate,
            }
        return msg

    def make_private_text(
        self,
        chat_id: int,
        text: str,
        *,
        message_id: int | None = None,
        user: dict | None = None,
        language_code: str | None = "ru",
        forward_from_chat: Any = None,
        forward_message_id: int | None = None,
        forward_from_user: dict | None = None,
        forward_sender_name: str | None = None,
        entities: list[dict] | None = None,
        date: int | None = None,
        link_preview_options: dict | None = None,
    ) -> dict:
        """A text message from a reader in a private chat, as an update without update_id.

        ``forward_from_chat``: a channel the post was forwarded from: a dict (id, title, username), a
        "@username", or a numeric id; it becomes a Bot API 7 ``forward_origin`` of type ``channel``.
        ``link_preview_options``: e.g. {"url": "https://..."}, as Telegram attaches to a message whose
        link got a preview.
        """
        msg = self._base_message(
            chat_id,
            message_id=message_id,
            user=user,
            language_code=language_code,
            forward_from_chat=forward_from_chat,
            forward_message_id=forward_message_id,
            forward_from_user=forward_from_user,
            forward_sender_name=forward_sender_name,
            date=date,
        )
        msg["text"] = text
        ents = entities if entities is not None else auto_entities(text)
        if ents:
            msg["entities"] = ents
        if link_preview_options:
            msg["link_preview_options"] = link_preview_options
        return {"message": msg}

    def make_command(
        self,
        chat_id: int,
        command: str,
        *,
        language_code: str | None = "ru",
        user: dict | None = None,
        message_id: int | None = None,
    ) -> dict:
        """A command such as "/start" or "/start payload", with its ``bot_command`` entity."""
        if not command.startswith("/"):
            command = "/" + command
        name = command.split(maxsplit=1)[0]
        update = self.make_private_text(
            chat_id, command, message_id=message_id, user=user, language_code=language_code, entities=[]
        )
        update["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": u16len(name)}]
        return update

    def add_file(self, content: bytes, *, file_path: str | None = None, file_id: str | None = None) -> dict:
        """Register a downloadable file; returns {"file_id", "file_unique_id", "file_size", "file_path"}."""
        n = next(self._file_seq)
        file_id = file_id or f"AgACAgIAAxkBAAI{n:08d}fake"
        info = {
            "file_id": file_id,
            "file_unique_id": f"AQAD{n:08d}",
            "file_size": len(content),
            "file_path": file_path or f"files/file_{n}.bin",
        }
        self._files[file_id] = {**info, "content": content}
        return {k: v for k, v in info.items()}

    def make_photo(
        self,
        chat_id: int,
        caption: str | None = None,
        *,
        message_id: int | None = None,
        user: dict | None = None,
        language_code: str | None = "ru",
        forward_from_chat: Any = None,
        forward_message_id: int | None = None,
        content: bytes | None = None,
    ) -> dict:
        """A photo (three sizes, downloadable via getFile) with an optional caption."""
        msg = self._base_message(
            chat_id,
            message_id=message_id,
            user=user,
            language_code=language_code,
            forward_from_chat=forward_from_chat,
            forward_message_id=forward_message_id,
        )
        data = content or b"\xff\xd8\xff\xe0\x00\x10JFIF\x00fake-jpeg\xff\xd9"
        sizes = []
        for w, h in ((90, 67), (320, 240), (1280, 960)):
            info = self.add_file(data, file_path=f"photos/file_{len(self._files)}.jpg")
            sizes.append(
                {
                    "file_id": info["file_id"],
                    "file_unique_id": info["file_unique_id"],
                    "file_size": info["file_size"],
                    "width": w,
                    "height": h,
                }
            )
        msg["photo"] = sizes
        if caption:
            msg["caption"] = caption
            ents = auto_entities(caption)
            if ents:
                msg["caption_entities"] = ents
        return {"message": msg}

    def make_sticker(
        self,
        chat_id: int,
        emoji: str = "👍",
        *,
        message_id: int | None = None,
        user: dict | None = None,
        language_code: str | None = "ru",
    ) -> dict:
        msg = self._base_message(chat_id, message_id=message_id, user=user, language_code=language_code)
        info = self.add_file(
            b"RIFF\x00\x00\x00\x00WEBPfake", file_path=f"stickers/file_{len(self._files)}.webp"
        )
        msg["sticker"] = {
            "file_id": info["file_id"],
            "file_unique_id": info["file_unique_id"],
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "FakeStickers",
            "file_size": info["file_size"],
        }
        return {"message": msg}

    def make_edited_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        user: dict | None = None,
        language_code: str | None = "ru",
    ) -> dict:
        """The reader edited an earlier message."""
        old = self._messages.get((chat_id, message_id))
        msg = (
            copy.deepcopy(old)
            if old
            else self._base_message(chat_id, message_id=message_id, user=user, language_code=language_code)
        )
        msg["text"] = text
        msg.pop("entities", None)
        if ents := auto_entities(text):
            msg["entities"] = ents
        msg["edit_date"] = int(time.time())
        return {"edited_message": msg}

    def make_callback(
        self,
        chat_id: int,
        data: str,
        message_id: int,
        *,
        user: dict | None = None,
        language_code: str | None = "ru",
    ) -> dict:
        """A press on an inline button under the bot's message ``message_id`` in chat ``chat_id``."""
        user = user or self.make_user(chat_id, language_code=language_code)
        message = self._messages.get((chat_id, message_id))
        if message is None:
            message = {
                "message_id": message_id,
                "from": self.bot_user,
                "chat": self._private_chat(user) if chat_id > 0 else self._synth_chat(chat_id),
                "date": int(time.time()),
                "text": "…",
            }
        query_id = str(next(self._callback_seq))
        self._callbacks[query_id] = {"answered": False}
        return {
            "callback_query": {
                "id": query_id,
                "from": user,
                "message": copy.deepcopy(message),
                "chat_instance": f"-{abs(chat_id) * 7919 % 10**18}",
                "data": data,
            }
        }

    def make_group_text(
        self,
        chat_id: int,
        text: str,
        *,
        user: dict | None = None,
        user_id: int = 900,
        language_code: str | None = "ru",
        reply_to: dict | None = None,
        command: bool = False,
    ) -> dict:
        """A member's message in a group or supergroup ``chat_id`` (negative), auto entities detected;
        ``reply_to``: the message it replies to (a message dict, e.g. another make_group_text's);
        ``command``: the text starts with a bot command (its entity is added)."""
        user = user or self.make_user(user_id, language_code=language_code)
        msg = self._base_message(chat_id, message_id=None, user=user, language_code=language_code)
        msg["text"] = text
        ents = auto_entities(text)
        if command:
            name = text.split(maxsplit=1)[0]
            ents = [e for e in ents if e["offset"] != 0]
            ents.insert(0, {"type": "bot_command", "offset": 0, "length": u16len(name)})
        if ents:
            msg["entities"] = ents
        if reply_to is not None:
            msg["reply_to_message"] = copy.deepcopy(reply_to.get("message", reply_to))
        return {"message": msg}

    def make_inline_query(
        self, user_id: int, query: str, *, language_code: str | None = "ru", chat_type: str = "private"
    ) -> dict:
        """A user typing ``@bot query`` in a chat (inline mode)."""
        query_id = str(next(self._callback_seq))
        return {
            "inline_query": {
                "id": query_id,
                "from": self.make_user(user_id, language_code=language_code),
                "query": query,
                "offset": "",
                "chat_type": chat_type,
            }
        }

    def push_inline_query(self, user_id: int, query: str, **kwargs: Any) -> dict:
        return self.push_update(self.make_inline_query(user_id, query, **kwargs))

    def push_text(self, chat_id: int, text: str, **kwargs: Any) -> dict:
        return self.push_update(self.make_private_text(chat_id, text, **kwargs))

    def push_command(self, chat_id: int, command: str, **kwargs: Any) -> dict:
        return self.push_update(self.make_command(chat_id, command, **kwargs))

    def push_callback(self, chat_id: int, data: str, message_id: int, **kwargs: Any) -> dict:
        return self.push_update(self.make_callback(chat_id, data, message_id, **kwargs))

    # ------------------------------------------------------------------ HTTP

    async def _read_params(self, request: web.Request) -> tuple[dict, dict]:
        raw: dict[str, Any] = dict(request.query)
        typed: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        if request.body_exists:
            ctype = request.content_type
            if ctype == "application/json":
                try:
                    body = await request.json()
                except ValueError as e:
                    raise APIError(400, "Bad Request: can't parse JSON") from e
                if isinstance(body, dict):
                    typed.update(body)
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        files[key] = value.file.read()
                    else:
                        raw[key] = value
        params = {k: _coerce(k, v) for k, v in raw.items()}
        params.update(typed)
        return params, files

    def _record(
        self,
        method: str,
        params: dict,
        token: str,
        http_method: str,
        via: str = "http",
        files: dict | None = None,
    ) -> Recorded:
        rec = Recorded(
            method=method,
            params=params,
            time=time.time(),
            token=token,
            http_method=http_method,
            via=via,
            files=files or {},
        )
        self._requests.append(rec)
        self._notify()
        return rec

    async def _handle(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = _CANONICAL.get(request.match_info["method"].lower(), request.match_info["method"])
        try:
            params, files = await self._read_params(request)
        except APIError as e:
            params, files = {}, {}
            rec = self._record(method, params, token, request.method)
            return self._finish(rec, e.status, e.body())
        rec = self._record(method, params, token, request.method, files=files)
        if token not in self.tokens:
            return self._finish(rec, 401, APIError(401, "Unauthorized").body())
        try:
            status, body = await self.call(method, params, files=files, record=rec)
        except asyncio.CancelledError:
            if rec.status is None:  # the client disconnected (nginx's 499)
                rec.status, rec.response = 499, {"ok": False, "error_code": 499, "description": "client gone"}
                self._notify()
            raise
        except _NoJSONAnswer as no_json:
            fault = no_json.fault
            if fault.kind == "html":
                reason = STATUS_DESCRIPTIONS.get(fault.status, "Error")
                page = NGINX_ERROR_PAGE.format(status=fault.status, reason=reason)
                return web.Response(status=fault.status, text=page, content_type="text/html")
            # Close the socket with nothing written; aiohttp then fails to write the response below
            # and drops it quietly as a client that went away.
            request.protocol.force_close()
            return web.Response(status=204)
        return web.json_response(body, status=status)

    def _finish(self, rec: Recorded, status: int, body: dict) -> web.Response:
        rec.status, rec.response = status, body
        self._notify()
        return web.json_response(body, status=status)

    async def call(
        self, method: str, params: dict, *, files: dict | None = None, record: Recorded | None = None
    ) -> tuple[int, dict]:
        """Execute a Bot API method; returns (HTTP status, body). A fault of kind "html", "drop_after" or
        "drop_before" raises ``_NoJSONAnswer`` instead (after recording the request)."""
        method = _CANONICAL.get(method.lower(), method)
        if record is None:
            record = self._record(method, params, self.token, "POST", via="webhook-reply", files=files)
        fault = self._take_fault(method, params)
        if fault is not None:
            record.fault = fault.kind
            if fault.kind != "drop_after":
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                return self._fault_answer(fault, record)
        status, body = await self._execute(method, params, files or {}, record)
        if fault is not None:  # drop_after: it ran; the answer is lost on the way back
            if fault.delay:
                await asyncio.sleep(fault.delay)
            raise _NoJSONAnswer(fault)
        return status, body

    def _fault_answer(self, fault: _Fault, record: Recorded) -> tuple[int, dict]:
        if fault.kind == "json":
            error = APIError(fault.status, fault.description, fault.parameters)
            record.status, record.response = error.status, error.body()
            self._notify()
            return error.status, error.body()
        if fault.kind == "html":
            description = f"HTML error page: {fault.status} {STATUS_DESCRIPTIONS.get(fault.status, 'Error')}"
            record.status, record.response = fault.status, {"ok": False, "error_code": fault.status}
            record.response["description"] = description
        else:
            record.status = 0
            record.response = {"ok": False, "error_code": 0, "description": "connection closed, no answer"}
        self._notify()
        raise _NoJSONAnswer(fault)

    async def _execute(self, method: str, params: dict, files: dict, record: Recorded) -> tuple[int, dict]:
        try:
            if self.latency and method != "getUpdates":
                await asyncio.sleep(self.latency)
            self._check_rate(method, params)
            handler = getattr(self, f"_m_{method}", None)
            if handler is not None:
                result = (
                    await handler(params, record) if asyncio.iscoroutinefunction(handler) else handler(params)
                )
            elif method in MEDIA_METHODS:
                result = self._send(params, MEDIA_METHODS[method], files)
            else:
                result = True
            status, body = 200, {"ok": True, "result": result}
        except APIError as e:
            status, body = e.status, e.body()
        except (KeyError, ValueError, TypeError) as e:
            status, body = 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {e}"}
        record.status, record.response = status, body
        self._notify()
        return status, body

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] not in self.tokens:
            return web.json_response(APIError(401, "Unauthorized").body(), status=401)
        path = request.match_info["path"]
        for info in self._files.values():
            if info["file_path"] == path:
                return web.Response(body=info["content"], content_type="application/octet-stream")
        return web.json_response(APIError(404, "Not Found").body(), status=404)

    # ------------------------------------------------------------------ methods

    def _m_getMe(self, params: dict) -> dict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _m_logOut(self, params: dict) -> bool:
        return True

    def _m_close(self, params: dict) -> bool:
        return True

    async def _m_getUpdates(self, params: dict, record: Recorded) -> list[dict]:
        if self._webhook is not None:
            raise APIError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _as_int(params.get("offset", 0)) or 0
        limit = min(max(_as_int(params.get("limit", 100)) or 100, 1), 100)
        timeout = max(float(params.get("timeout", 0) or 0), 0.0)
        if "allowed_updates" in params and params["allowed_updates"] is not None:
            allowed = params["allowed_updates"]
            if isinstance(allowed, str):
                allowed = json.loads(allowed)
            self._allowed_updates = tuple(allowed) if allowed else DEFAULT_ALLOWED
        if self.terminate_concurrent_polls:
            for number in self._poll_terminated:
                self._poll_terminated[number] = True
        self._poll_seq += 1
        me = self._poll_seq
        self._poll_terminated[me] = False
        self._notify()
        try:
            self._confirm(offset)
            deadline = time.monotonic() + timeout
            while True:
                if self._poll_terminated.get(me):
                    raise APIError(409, STATUS_DESCRIPTIONS[409])
                if self._webhook is not None:
                    raise APIError(
                        409,
                        "Conflict: can't use getUpdates method while webhook is active; "
                        "use deleteWebhook to delete the webhook first",
                    )
                batch = self._select(offset, limit)
                remaining = deadline - time.monotonic()
                if batch or remaining <= 0 or self._closing:
                    return batch
                await self._wait_change(remaining)
        finally:
            self._poll_terminated.pop(me, None)

    def _m_setWebhook(self, params: dict) -> bool:
        url = params.get("url") or ""
        if not url:
            return self._m_deleteWebhook(params)
        if not re.match(r"^https?://", url):
            raise APIError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        allowed = params.get("allowed_updates")
        if allowed:
            self._allowed_updates = tuple(allowed)
        self._webhook = {
            "url": url,
            "secret_token": params.get("secret_token"),
            "max_connections": _as_int(params.get("max_connections", 40)) or 40,
            "allowed_updates": list(allowed) if allowed else None,
        }
        self._webhook_errors = {}
        self._notify()
        return True

    def _m_deleteWebhook(self, params: dict) -> bool:
        self._webhook = None
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self._notify()
        return True

    def _m_getWebhookInfo(self, params: dict) -> dict:
        info: dict[str, Any] = {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self._webhook:
            info["url"] = self._webhook["url"]
            info["max_connections"] = self._webhook["max_connections"]
            if self._webhook["allowed_updates"]:
                info["allowed_updates"] = self._webhook["allowed_updates"]
            info.update(self._webhook_errors)
        return info

    def _synth_chat(self, chat_id: Any) -> dict:
        if isinstance(chat_id, str):
            return {
                "id": -1001000000000 - (abs(hash(chat_id)) % 10**9),
                "type": "channel",
                "title": chat_id.lstrip("@"),
                "username": chat_id.lstrip("@"),
            }
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": f"Reader{chat_id}"}
        if str(chat_id).startswith("-100"):
            return {"id": chat_id, "type": "supergroup", "title": f"Chat {chat_id}"}
        return {"id": chat_id, "type": "group", "title": f"Chat {chat_id}"}

    def _chat(self, chat_id: Any) -> dict:
        if chat_id is None or chat_id == "":
            raise APIError(400, "Bad Request: chat_id is empty")
        chat_id = _as_int(chat_id)
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = self._synth_chat(chat_id)
        return chat

    def _new_bot_message(self, params: dict) -> dict:
        chat = self._chat(params.get("chat_id"))
        msg: dict[str, Any] = {
            "message_id": self.next_message_id(chat["id"]),
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
        }
        reply = params.get("reply_parameters") or (
            {"message_id": params["reply_to_message_id"]} if params.get("reply_to_message_id") else None
        )
        if isinstance(reply, dict) and reply.get("message_id"):
            target_chat = _as_int(reply.get("chat_id", chat["id"]))
            target = self._messages.get((target_chat, int(reply["message_id"])))
            if target is not None:
                target = copy.deepcopy(target)
                target.pop("reply_to_message", None)
                msg["reply_to_message"] = target
            elif not reply.get("allow_sending_without_reply"):
                raise APIError(400, "Bad Request: message to be replied not found")
        if params.get("message_thread_id"):
            msg["message_thread_id"] = _as_int(params["message_thread_id"])
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            msg["reply_markup"] = markup  # Telegram echoes only inline keyboards
        return msg

    def _store(self, msg: dict) -> dict:
        self._messages[(msg["chat"]["id"], msg["message_id"])] = msg
        return copy.deepcopy(msg)

    def _m_sendMessage(self, params: dict) -> dict:
        text = params.get("text")
        if text is None or str(text).strip() == "":
            raise APIError(400, "Bad Request: message text is empty")
        plain, ents = render_text(str(text), params.get("parse_mode"), params.get("entities"))
        if not plain.strip():
            raise APIError(400, "Bad Request: message text is empty")
        if u16len(plain) > 4096:
            raise APIError(400, "Bad Request: message is too long")
        msg = self._new_bot_message(params)
        msg["text"] = plain
        if ents:
            msg["entities"] = ents
        lpo = params.get("link_preview_options")
        if isinstance(lpo, dict) and lpo:
            msg["link_preview_options"] = lpo
        return self._store(msg)

    def _send(self, params: dict, kind: str, files: dict) -> dict:
        value = params.get(kind)
        if not value:
            raise APIError(400, f"Bad Request: there is no {kind} in the request")
        msg = self._new_bot_message(params)
        content = b""
        if isinstance(value, str) and value.startswith("attach://"):
            content = files.get(value[len("attach://") :], b"")
        elif isinstance(value, str) and value in self._files:
            content = self._files[value]["content"]
        info = self.add_file(content, file_path=f"{kind}s/file_{len(self._files)}")
        base = {
            "file_id": info["file_id"],
            "file_unique_id": info["file_unique_id"],
            "file_size": info["file_size"],
        }
        if kind == "photo":
            msg["photo"] = [{**base, "width": 1280, "height": 960}]
        elif kind == "sticker":
            msg["sticker"] = {
                **base,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
        elif kind in ("video", "animation"):
            msg[kind] = {**base, "width": 640, "height": 360, "duration": 1}
        elif kind in ("audio", "voice"):
            msg[kind] = {**base, "duration": 1}
        elif kind == "video_note":
            msg[kind] = {**base, "length": 240, "duration": 1}
        else:
            msg[kind] = base
        if params.get("caption"):
            plain, ents = render_text(
                str(params["caption"]), params.get("parse_mode"), params.get("caption_entities")
            )
            if u16len(plain) > 1024:
                raise APIError(400, "Bad Request: message caption is too long")
            msg["caption"] = plain
            if ents:
                msg["caption_entities"] = ents
        return self._store(msg)

    def _target(self, params: dict) -> dict | None:
        if params.get("inline_message_id"):
            return None
        chat_id = _as_int(params.get("chat_id"))
        key = (chat_id, _as_int(params.get("message_id")))
        msg = self._messages.get(key)
        if msg is None:
            raise APIError(400, "Bad Request: message to edit not found")
        return msg

    def _m_editMessageText(self, params: dict) -> dict | bool:
        text = params.get("text")
        if text is None or str(text).strip() == "":
            raise APIError(400, "Bad Request: message text is empty")
        plain, ents = render_text(str(text), params.get("parse_mode"), params.get("entities"))
        if u16len(plain) > 4096:
            raise APIError(400, "Bad Request: message is too long")
        msg = self._target(params)
        if msg is None:
            return True
        markup = params.get("reply_markup")
        markup = markup if isinstance(markup, dict) and "inline_keyboard" in markup else None
        if msg.get("text") == plain and msg.get("entities", []) == ents and msg.get("reply_markup") == markup:
            raise APIError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        msg["text"] = plain
        msg.pop("entities", None)
        if ents:
            msg["entities"] = ents
        msg.pop("reply_markup", None)
        if markup:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _m_editMessageCaption(self, params: dict) -> dict | bool:
        msg = self._target(params)
        if msg is None:
            return True
        plain, ents = render_text(
            str(params.get("caption") or ""), params.get("parse_mode"), params.get("caption_entities")
        )
        msg["caption"] = plain
        msg.pop("caption_entities", None)
        if ents:
            msg["caption_entities"] = ents
        markup = params.get("reply_markup")
        msg.pop("reply_markup", None)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _m_editMessageReplyMarkup(self, params: dict) -> dict | bool:
        msg = self._target(params)
        if msg is None:
            return True
        markup = params.get("reply_markup")
        markup = markup if isinstance(markup, dict) and markup.get("inline_keyboard") else None
        if msg.get("reply_markup") == markup:
            raise APIError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        msg.pop("reply_markup", None)
        if markup:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _m_deleteMessage(self, params: dict) -> bool:
        key = (_as_int(params.get("chat_id")), _as_int(params.get("message_id")))
        if self._messages.pop(key, None) is None:
            raise APIError(400, "Bad Request: message to delete not found")
        return True

    def _m_deleteMessages(self, params: dict) -> bool:
        chat_id = _as_int(params.get("chat_id"))
        for mid in params.get("message_ids") or []:
            self._messages.pop((chat_id, _as_int(mid)), None)
        return True

    def _m_sendMediaGroup(self, params: dict) -> list[dict]:
        """An album: one message per item, sharing a media_group_id; a reply applies to the first."""
        media = params.get("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise APIError(400, "Bad Request: media group must contain 2-10 items")
        kinds = {item.get("type") for item in media if isinstance(item, dict)}
        if not kinds or not (kinds <= {"photo", "video"} or kinds in ({"document"}, {"audio"})):
            raise APIError(400, f"Bad Request: media of types {sorted(map(str, kinds))} can't be grouped")
        group_id = str(10_000_000_000_000 + next(self._file_seq))
        messages = []
        for index, item in enumerate(media):
            one = {k: v for k, v in params.items() if k != "media" and (index == 0 or "reply" not in k)}
            one[item["type"]] = item.get("media")
            for key in ("caption", "parse_mode", "caption_entities"):
                if key in item:
                    one[key] = item[key]
            message = self._send(one, item["type"], {})
            message["media_group_id"] = group_id
            self._messages[(message["chat"]["id"], message["message_id"])]["media_group_id"] = group_id
            messages.append(message)
        return messages

    def _m_copyMessage(self, params: dict) -> dict:
        source = self._messages.get((_as_int(params.get("from_chat_id")), _as_int(params.get("message_id"))))
        if source is None:
            raise APIError(400, "Bad Request: message to copy not found")
        msg = self._new_bot_message(params)
        for key in ("text", "entities", "photo", "caption", "caption_entities", "sticker", "document"):
            if key in source:
                msg[key] = copy.deepcopy(source[key])
        if params.get("caption") is not None:
            msg["caption"] = params["caption"]
        self._store(msg)
        return {"message_id": msg["message_id"]}

    def _m_forwardMessage(self, params: dict) -> dict:
        source = self._messages.get((_as_int(params.get("from_chat_id")), _as_int(params.get("message_id"))))
        if source is None:
            raise APIError(400, "Bad Request: message to forward not found")
        msg = self._new_bot_message(params)
        for key in ("text", "entities", "photo", "caption", "caption_entities", "sticker", "document"):
            if key in source:
                msg[key] = copy.deepcopy(source[key])
        origin_chat = source["chat"]
        if origin_chat["type"] == "private":
            msg["forward_origin"] = {
                "type": "user",
                "sender_user": source.get("from", self.bot_user),
                "date": source["date"],
            }
        else:
            msg["forward_origin"] = {"type": "chat", "sender_chat": origin_chat, "date": source["date"]}
        return self._store(msg)

    def _m_answerCallbackQuery(self, params: dict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        state = self._callbacks.get(query_id)
        if state is None or state["answered"]:
            raise APIError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise APIError(400, "Bad Request: MESSAGE_TOO_LONG")
        state["answered"] = True
        return True

    def _m_answerInlineQuery(self, params: dict) -> bool:
        """Checks the results as Telegram does: at most 50, unique ids, texts that parse."""
        results = params.get("results") or []
        if isinstance(results, str):
            results = json.loads(results)
        if len(results) > 50:
            raise APIError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [str(r.get("id")) for r in results]
        if len(set(ids)) != len(ids):
            raise APIError(400, "Bad Request: RESULT_ID_DUPLICATE")
        for result in results:
            content = result.get("input_message_content") or {}
            if "message_text" in content:
                render_text(content["message_text"], content.get("parse_mode"), content.get("entities"))
        return True

    def _m_sendChatAction(self, params: dict) -> bool:
        self._chat(params.get("chat_id"))
        return True

    @staticmethod
    def _scope_key(params: dict) -> str:
        scope = params.get("scope") or {}
        kind = scope.get("type", "default") if isinstance(scope, dict) else "default"
        return f"{kind}:{params.get('language_code') or ''}"

    def _m_setMyCommands(self, params: dict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise APIError(400, "Bad Request: commands must be a list")
        for c in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(c.get("command", ""))):
                raise APIError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(c.get("description", ""))) <= 256:
                raise APIError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self._commands[self._scope_key(params)] = commands
        return True

    def _m_getMyCommands(self, params: dict) -> list:
        return self._commands.get(self._scope_key(params), [])

    def _m_deleteMyCommands(self, params: dict) -> bool:
        self._commands.pop(self._scope_key(params), None)
        return True

    def _m_getChat(self, params: dict) -> dict:
        chat = self._chat(params.get("chat_id"))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _m_getFile(self, params: dict) -> dict:
        info = self._files.get(str(params.get("file_id")))
        if info is None:
            raise APIError(400, "Bad Request: invalid file_id")
        return {k: info[k] for k in ("file_id", "file_unique_id", "file_size", "file_path")}

    # ------------------------------------------------------------------ webhook delivery

    async def _webhook_loop(self) -> None:
        in_flight: set[asyncio.Task] = set()
        while not self._closing:
            hook = self._webhook
            if hook is None or self._http is None:
                await self._wait_change(1.0)
                continue
            allowed = set(self._allowed_updates)
            self._pending = [p for p in self._pending if self._update_type(p.update) in allowed]
            started = False
            for p in self._pending:
                if len(in_flight) >= hook["max_connections"]:
                    break
                if p.in_flight:
                    continue
                p.in_flight = True
                task = asyncio.create_task(self._deliver(hook, p))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
                started = True
            if not started:
                await self._wait_change(0.5)
        for task in list(in_flight):
            task.cancel()

    def spread_webhook(self, urls: Iterable[str]) -> None:
        """Stand in for a load balancer in front of several replicas: webhook deliveries go to these
        URLs in turn (a redelivery usually lands on another replica) instead of the registered URL."""
        self._replica_urls = list(urls)
        self._replica_turn = 0

    def _delivery_url(self, hook: dict) -> str:
        if not self._replica_urls:
            return hook["url"]
        url = self._replica_urls[self._replica_turn % len(self._replica_urls)]
        self._replica_turn += 1
        return url

    async def _deliver(self, hook: dict, p: _Pending) -> None:
        headers = {"Content-Type": "application/json"}
        if hook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
        error = None
        url = self._delivery_url(hook)
        status: int | None = None
        try:
            assert self._http is not None
            async with self._http.post(
                url,
                data=json.dumps(p.update),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.webhook_timeout),
            ) as resp:
                status = resp.status
                body = await resp.read()
                if 200 <= resp.status < 300:
                    if p in self._pending:
                        self._pending.remove(p)
                    await self._webhook_reply(resp.content_type, body)
                else:
                    error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
        except asyncio.CancelledError:
            raise
        except Exception as e:  # noqa: BLE001 - any delivery failure is retried
            error = f"Connection error: {type(e).__name__}: {e}"
        self.webhook_deliveries.append((p.update_id, url, status))
        if error is not None:
            self._webhook_errors = {"last_error_date": int(time.time()), "last_error_message": error}
            await asyncio.sleep(self.webhook_retry_delay)
        p.in_flight = False
        self._notify()

    async def _webhook_reply(self, content_type: str, body: bytes) -> None:
        if content_type != "application/json" or not body:
            return
        try:
            data = json.loads(body)
        except ValueError:
            return
        if isinstance(data, dict) and data.get("method"):
            params = {k: v for k, v in data.items() if k != "method"}
            try:
                await self.call(str(data["method"]), params)
            except _NoJSONAnswer:
                pass  # a webhook reply has no answer to lose; the fault is recorded

    # ------------------------------------------------------------------ control API (standalone)

    def _control_routes(self) -> None:
        r = self.app.router
        r.add_get("/_fake/requests", self._c_requests)
        r.add_post("/_fake/updates", self._c_updates)
        r.add_post("/_fake/text", self._c_text)
        r.add_post("/_fake/command", self._c_command)
        r.add_post("/_fake/fail_next", self._c_fail_next)
        r.add_post("/_fake/rate_limit", self._c_rate_limit)
        r.add_post("/_fake/block", self._c_block)
        r.add_post("/_fake/latency", self._c_latency)
        r.add_post("/_fake/refuse", self._c_refuse)
        r.add_post("/_fake/reset", self._c_reset)
        r.add_post("/_fake/clear_requests", self._c_clear_requests)
        r.add_get("/_fake/state", self._c_state)

    async def _c_requests(self, request: web.Request) -> web.Response:
        method = request.query.get("method")
        since = float(request.query.get("since", 0))
        return web.json_response([r.as_dict() for r in self.requests(method) if r.time >= since])

    async def _c_updates(self, request: web.Request) -> web.Response:
        data = await request.json()
        items = data if isinstance(data, list) else [data]
        return web.json_response([self.push_update(u) for u in items])

    async def _c_text(self, request: web.Request) -> web.Response:
        """{"chat_id", "text", optional "language_code", "forward_from_chat"} or a list of them."""
        data = await request.json()
        items = data if isinstance(data, list) else [data]
        out = []
        for d in items:
            d = dict(d)
            out.append(self.push_text(int(d.pop("chat_id")), d.pop("text"), **d))
        return web.json_response(out)

    async def _c_command(self, request: web.Request) -> web.Response:
        d = dict(await request.json())
        return web.json_response(self.push_command(int(d.pop("chat_id")), d.pop("command"), **d))

    async def _c_fail_next(self, request: web.Request) -> web.Response:
        """{"method", optional "status", "retry_after", "count", "description", "chat_id", "delay",
        "kind" ("json", "html", "drop_after", "drop_before")}; see ``fail_next``."""
        d = dict(await request.json())
        try:
            self.fail_next(d.pop("method"), **d)
        except (TypeError, ValueError, KeyError) as e:
            return web.json_response({"ok": False, "description": str(e)}, status=400)
        return web.json_response({"ok": True})

    async def _c_rate_limit(self, request: web.Request) -> web.Response:
        d = await request.json()
        self.rate_limit(d.get("per_second"), d.get("per_chat_per_second"))
        return web.json_response({"ok": True})

    async def _c_block(self, request: web.Request) -> web.Response:
        d = await request.json()
        for chat_id in d.get("chat_ids", []):
            self.block(chat_id)
        return web.json_response({"ok": True})

    async def _c_latency(self, request: web.Request) -> web.Response:
        self.latency = float((await request.json()).get("seconds", 0))
        return web.json_response({"ok": True})

    async def _c_refuse(self, request: web.Request) -> web.Response:
        """{"seconds"}: refuse new connections (the port closed) for that long, then accept them again."""
        seconds = float((await request.json()).get("seconds", 1))

        async def refuse_for_a_while() -> None:
            await self.refuse_connections()
            await asyncio.sleep(seconds)
            await self.accept_connections()

        task = asyncio.create_task(refuse_for_a_while())
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return web.json_response({"ok": True})

    async def _c_reset(self, request: web.Request) -> web.Response:
        self.reset()
        return web.json_response({"ok": True})

    async def _c_clear_requests(self, request: web.Request) -> web.Response:
        self.clear_requests()
        return web.json_response({"ok": True})

    async def _c_state(self, request: web.Request) -> web.Response:
        counts: dict[str, int] = {}
        for r in self._requests:
            counts[r.method] = counts.get(r.method, 0) + 1
        return web.json_response(
            {
                "pending_updates": len(self._pending),
                "requests": counts,
                "webhook": self._webhook,
                "next_update_id": self._next_update_id,
            }
        )


def _as_int(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return value


def _same_chat(a: Any, b: Any) -> bool:
    return _as_int(a) == _as_int(b)


def _coerce(key: str, value: Any) -> Any:
    """Form/query values are strings; nested objects, numbers and booleans arrive JSON-encoded."""
    if not isinstance(value, str) or key in STRING_FIELDS:
        return value
    stripped = value.strip()
    if stripped in ("true", "false"):
        return stripped == "true"
    if stripped[:1] in ("{", "[", '"') or re.fullmatch(r"-?\d+(\.\d+)?", stripped):
        try:
            return json.loads(stripped)
        except ValueError:
            return value
    return value


def _channel_chat(value: Any) -> dict:
    if isinstance(value, dict):
        chat = {
            "id": value.get("id", -1001234567890),
            "type": value.get("type", "channel"),
            "title": value.get("title") or value.get("username") or "Channel",
        }
        if value.get("username"):
            chat["username"] = value["username"]
        return chat
    if isinstance(value, str):
        name = value.lstrip("@")
        return {
            "id": -1001000000000 - (sum(map(ord, name)) * 7919 % 10**9),
            "type": "channel",
            "title": name,
            "username": name,
        }
    return {"id": int(value), "type": "channel", "title": f"Channel {value}"}


async def _serve(args: argparse.Namespace) -> None:
    api = FakeBotAPI(args.token, host=args.host, port=args.port, bot_username=args.username)
    if args.rate_limit:
        api.rate_limit(args.rate_limit, args.rate_limit_per_chat)
    api.latency = args.latency
    await api.start()
    print(
        f"FakeBotAPI listening on {api.base_url} (token {api.token}); control API at {api.base_url}/_fake/",
        flush=True,
    )
    try:
        await asyncio.Event().wait()
    finally:
        await api.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.fakebotapi", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--username", default=BOT_USERNAME)
    parser.add_argument("--rate-limit", type=int, default=0, help="sends per second (0: unlimited)")
    parser.add_argument("--rate-limit-per-chat", type=int, default=None)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every method")
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
