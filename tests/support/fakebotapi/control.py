"""The test-facing API: waiting for and reading what the bot sent, and the standalone control routes."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.support.fakebotapi.protocol import CANONICAL_NAMES, as_int, same_chat
from tests.support.fakebotapi.records import Recorded


class Control:
    """FakeBotAPI's test-facing reads and waits, and the ``/_fake/`` routes of the standalone server."""

    async def wait_until(
        self,
        predicate: Callable[[], Any],
        timeout: float = 10.0,  # noqa: ASYNC109
        message: str = "condition",
    ) -> Any:
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
    ) -> list[Recorded]:
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

    def requests(self, method: str | None = None, *, ok: bool | None = None) -> list[Recorded]:
        wanted = CANONICAL_NAMES.get(method.lower(), method) if method else None
        return [
            r for r in self._requests if (wanted is None or r.method == wanted) and (ok is None or r.ok == ok)
        ]

    def sent_messages(self, chat_id: Any = None) -> list[Recorded]:
        """Successful sendMessage requests (``.text`` as sent, ``.plain_text``, ``.result`` Message)."""
        return [
            r
            for r in self.requests("sendMessage", ok=True)
            if chat_id is None or same_chat(r.chat_id, chat_id)
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
            and (chat_id is None or same_chat(r.chat_id, chat_id))
            and (message_id is None or as_int(r.params.get("message_id")) == message_id)
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
        return copy.deepcopy(self._messages.get((as_int(chat_id), message_id)))

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
