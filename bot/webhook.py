"""Webhook mode (`tipline webhook`): Telegram POSTs updates to an aiohttp server.

Each update is stored in the inbox (bot/polling.py) before the server answers 200 and is handled from
there exactly as in polling mode, so a redelivered update_id is handled once and an update is never
lost: when storing fails the answer is 500 and Telegram delivers it again. The server also answers
`GET /healthz` and `GET /metrics` (Prometheus). Registering the webhook with Telegram is a separate
command (`tipline webhook set` / `delete`); a replica never does it when it starts or stops.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.types import TelegramObject, Update
from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from pydantic import ValidationError
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.models import Request, Tip, Verdict
from bot.polling import InboxPoller
from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

# --- metrics --------------------------------------------------------------------------------------

REGISTRY = CollectorRegistry()
TIPS = Counter(
    "tipline_tips_received",
    "Posts readers sent to be checked (a redelivered message counts once).",
    registry=REGISTRY,
)
MATCHES = Counter(
    "tipline_matches",
    "Readers' posts by the matcher's decision: auto (a verdict card), choose, queue, nothing.",
    ["decision"],
    registry=REGISTRY,
)
for _decision in ("auto", "choose", "queue"):
    MATCHES.labels(_decision)
UPDATE_SECONDS = Histogram(
    "tipline_update_handling_seconds",
    "Time to handle one Telegram update (the dispatcher, handlers included).",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
OPEN_QUEUE = Gauge(
    "tipline_open_queue_size",
    "Tips waiting for the checkers (status queued), read from the database at each scrape.",
    registry=REGISTRY,
)
WEBHOOK_REQUESTS = Counter(
    "tipline_webhook_requests",
    "Webhook POSTs by the HTTP status answered.",
    ["status"],
    registry=REGISTRY,
)


def _count_request(mapper: Any, connection: Any, target: Request) -> None:
    TIPS.inc()
    MATCHES.labels(target.decision or "unknown").inc()


def count_tips() -> None:
    """Count each reader's post as its request row is inserted (idempotent)."""
    if not event.contains(Request, "after_insert", _count_request):
        event.listen(Request, "after_insert", _count_request)


class TimeUpdates(BaseMiddleware):
    """Observes how long the dispatcher takes to handle each update."""

    async def __call__(self, handler: Any, event: TelegramObject, data: dict[str, Any]) -> Any:
        began = time.perf_counter()
        try:
            return await handler(event, data)
        finally:
            UPDATE_SECONDS.observe(time.perf_counter() - began)


def instrument(dispatcher: Dispatcher) -> None:
    dispatcher.update.outer_middleware(TimeUpdates())
    count_tips()


async def open_queue_size(sessionmaker: async_sessionmaker) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Tip).where(Tip.status == "queued")))


# --- the server -----------------------------------------------------------------------------------


def create_app(
    settings: Settings,
    bot: Bot,
    dispatcher: Dispatcher,
    poller: InboxPoller,
    sessionmaker: async_sessionmaker,
) -> web.Application:
    """The aiohttp application: POST `webhook_path`, GET /healthz, GET /metrics."""
    if settings.webhook_secret is None:
        raise SettingsError("TIPLINE_WEBHOOK_SECRET: not set; the webhook refuses updates without it")
    secret = settings.webhook_secret.get_secret_value().encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, secret):
            WEBHOOK_REQUESTS.labels("403").inc()
            log.warning("webhook: refused a request from %s: wrong or missing secret", request.remote)
            return web.json_response({"ok": False, "error": "forbidden"}, status=403)
        try:
            data = await request.json(loads=json.loads)
            item = Update.model_validate(data, context={"bot": bot})
        except (ValueError, ValidationError):
            WEBHOOK_REQUESTS.labels("400").inc()
            log.warning("webhook: a body that is not a Telegram update was refused")
            return web.json_response({"ok": False, "error": "not an update"}, status=400)
        try:
            await poller.accept([item])
        except Exception:
            WEBHOOK_REQUESTS.labels("500").inc()
            log.exception(
                "webhook: could not store update %s; Telegram will deliver it again", item.update_id
            )
            return web.json_response({"ok": False, "error": "not stored"}, status=500)
        WEBHOOK_REQUESTS.labels("200").inc()
        return web.json_response({"ok": True})

    async def healthz(request: web.Request) -> web.Response:
        try:
            async with sessionmaker() as session:
                verdicts = int(await session.scalar(select(func.count()).select_from(Verdict)))
        except Exception as error:  # noqa: BLE001
            log.warning("healthz: database unreachable (%s)", type(error).__name__)
            return web.json_response({"ok": False, "database": False}, status=503)
        return web.json_response({"ok": True, "database": True, "verdicts": verdicts})

    async def metrics(request: web.Request) -> web.Response:
        try:
            OPEN_QUEUE.set(await open_queue_size(sessionmaker))
        except Exception as error:  # noqa: BLE001
            log.warning("metrics: could not read the queue size (%s)", type(error).__name__)
        body = generate_latest(REGISTRY)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_post(settings.webhook_path, receive)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    instrument(dispatcher)
    return app


async def run_webhook(settings: Settings) -> None:
    """`tipline webhook`: migrate, load the knowledge base, serve until SIGINT or SIGTERM."""
    from bot.runtime import running_bot

    async with running_bot(settings) as running:
        await running.poller.resume()
        app = create_app(
            settings, running.bot, running.dispatcher, running.poller, running.services.sessionmaker
        )
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, settings.webhook_host, settings.webhook_port).start()
            log.info(
                "webhook on %s:%d%s", settings.webhook_host, settings.webhook_port, settings.webhook_path
            )
            await running.stopping.wait()
        finally:
            await runner.cleanup()  # no new updates; Telegram redelivers what it could not post


def used_update_types() -> list[str]:
    """The update types the handlers use, for setWebhook's allowed_updates."""
    import handlers

    dispatcher = Dispatcher()
    dispatcher.include_routers(*handlers.routers())
    return dispatcher.resolve_used_update_types()


async def set_webhook(settings: Settings, drop_pending: bool = False) -> str:
    """Register `webhook_url` with Telegram, with the secret token."""
    from bot.app import create_bot

    if settings.webhook_url is None:
        raise SettingsError("TIPLINE_WEBHOOK_URL: not set; the public HTTPS URL Telegram should POST to")
    if settings.webhook_secret is None:
        raise SettingsError("TIPLINE_WEBHOOK_SECRET: not set; choose 1-256 characters of A-Z a-z 0-9 _ -")
    bot = create_bot(settings)
    try:
        await bot.set_webhook(
            url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=used_update_types(),
            drop_pending_updates=drop_pending,
        )
    finally:
        await bot.session.close()
    return settings.webhook_url


async def delete_webhook(settings: Settings, drop_pending: bool = False) -> None:
    from bot.app import create_bot

    bot = create_bot(settings)
    try:
        await bot.delete_webhook(drop_pending_updates=drop_pending)
    finally:
        await bot.session.close()
