"""Fault injection: errors, proxy pages and cut connections on the next calls, blocked chats, rate
limits, a refused port."""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.support.fakebotapi.protocol import (
    CANONICAL_NAMES,
    SENDING_METHODS,
    STATUS_DESCRIPTIONS,
    APIError,
    as_int,
    same_chat,
)
from tests.support.fakebotapi.records import Recorded

FAULT_KINDS = ("json", "html", "drop_after", "drop_before")


NGINX_ERROR_PAGE = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


@dataclass
class Fault:
    status: int
    description: str
    parameters: dict | None
    remaining: int | None  # None: every time
    chat_id: Any = None
    delay: float = 0.0
    kind: str = "json"


class NoJSONAnswer(Exception):
    """Raised by ``call`` for a fault that gives the client no Bot API answer (an HTML page, or none)."""

    def __init__(self, fault: Fault):
        super().__init__(fault.kind)
        self.fault = fault


class Faults:
    """FakeBotAPI's fault injection, blocked chats, rate limits and refused connections."""

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
        canonical = CANONICAL_NAMES.get(method.lower(), method)
        self._faults.setdefault(canonical, deque()).append(
            Fault(status, description, parameters, count, chat_id, delay, kind)
        )

    def clear_faults(self) -> None:
        self._faults.clear()
        self._blocked.clear()

    def block(self, chat_id: Any) -> None:
        """The user blocked the bot: every send to this chat answers 403."""
        self._blocked.add(as_int(chat_id))

    def unblock(self, chat_id: Any) -> None:
        self._blocked.discard(as_int(chat_id))

    def rate_limit(self, per_second: int | None = 30, per_chat_per_second: int | None = None) -> None:
        """Answer 429 (with retry_after) to sending methods beyond ``per_second`` in any 1 s window
        (and beyond ``per_chat_per_second`` for one chat). ``rate_limit(None)`` turns it off."""
        self._rate_global = per_second
        self._rate_chat = per_chat_per_second
        self._sent_times.clear()
        self._sent_times_chat.clear()

    def _take_fault(self, method: str, params: dict) -> Fault | None:
        queue = self._faults.get(method)
        if not queue:
            return None
        for fault in list(queue):
            if fault.chat_id is not None and not same_chat(params.get("chat_id"), fault.chat_id):
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
        chat = as_int(params.get("chat_id"))
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

    def _fault_answer(self, fault: Fault, record: Recorded) -> tuple[int, dict]:
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
        raise NoJSONAnswer(fault)
