"""The server: one FakeBotAPI made of its parts, started and closed in the running event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import aiohttp
from aiohttp import web

from tests.support.fakebotapi.builders import Builders
from tests.support.fakebotapi.control import Control
from tests.support.fakebotapi.endpoints import Endpoints
from tests.support.fakebotapi.faults import Faults
from tests.support.fakebotapi.methods_bot import BotMethods
from tests.support.fakebotapi.methods_messages import MessageMethods
from tests.support.fakebotapi.protocol import BOT_USERNAME, DEFAULT_TOKEN
from tests.support.fakebotapi.state import State
from tests.support.fakebotapi.webhook import WebhookDelivery


class FakeBotAPI(Control, Faults, Builders, State, BotMethods, MessageMethods, WebhookDelivery, Endpoints):
    """A fake Telegram Bot API server (aiohttp). See the package docstring."""

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

    @staticmethod
    def _loop_running() -> bool:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        return True

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
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - stopped, whatever it was doing
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

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def api_url(self, method: str, token: str | None = None) -> str:
        return f"{self.base_url}/bot{token or self.token}/{method}"

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
