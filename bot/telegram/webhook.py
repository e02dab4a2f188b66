"""Webhook mode (`tipline webhook`): Telegram POSTs updates to an aiohttp server.

Each update is stored in the inbox (bot/telegram/polling.py) before the server answers 200 and is handled from
there exactly as in polling mode, so a redelivered update_id is handled once and an update is never
lost: when storing fails the answer is 500 and Telegram delivers it again. JSON that does not read as
an update (an older or newer Bot API shape, an id beyond 64 bits, nesting too deep, not an object) is
kept in `raw_updates` and answered 200, since Telegram would deliver it again forever; a body that is not
JSON at all is answered 400. Concurrent deliveries are stored together (bot/telegram/intake.py:
InboxWriter), one transaction for all that arrive while the previous one commits. The server also answers
`GET /healthz`, `GET /metrics` (Prometheus) and the partners' feed (bot/telegram/feeds.py). Registering
the webhook with Telegram is a separate command (`tipline webhook set` / `delete`); a replica never does
it when it starts or stops.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Sequence

from aiogram import Bot, Dispatcher, Router
from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.services.partners import Partners
from bot.settings import Settings, SettingsError
from bot.telegram.feeds import add_feed_routes
from bot.telegram.intake import MAX_DEPTH, Unreadable, leading_update_id, read_update
from bot.telegram.metrics import WEBHOOK_REQUESTS, add_health_routes
from bot.telegram.polling import InboxPoller

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

# --- the server -----------------------------------------------------------------------------------


def create_app(
    settings: Settings,
    bot: Bot,
    dispatcher: Dispatcher,
    poller: InboxPoller,
    sessionmaker: async_sessionmaker,
    partners: Partners | None = None,
) -> web.Application:
    """The aiohttp application: POST `webhook_path`, GET /healthz, GET /metrics, and with `partners` the
    partners' feed (bot/telegram/feeds.py)."""
    if settings.webhook_secret is None:
        raise SettingsError("TIPLINE_WEBHOOK_SECRET: not set; the webhook refuses updates without it")
    secret = settings.webhook_secret.get_secret_value().encode()

    def refuse() -> web.Response:
        WEBHOOK_REQUESTS.labels("400").inc()
        log.warning("webhook: a body that is not JSON was refused")
        return web.json_response({"ok": False, "error": "not JSON"}, status=400)

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, secret):
            WEBHOOK_REQUESTS.labels("403").inc()
            log.warning("webhook: refused a request from %s: wrong or missing secret", request.remote)
            return web.json_response({"ok": False, "error": "forbidden"}, status=403)
        try:
            body = await request.text()
        except UnicodeDecodeError:
            return refuse()
        try:
            read = read_update(json.loads(body), bot, body)
        except RecursionError:
            read = Unreadable.of(
                {"update_id": leading_update_id(body)}, f"nested deeper than {MAX_DEPTH} levels", body
            )
        except ValueError:
            return refuse()
        updates, unreadable = ([], [read]) if isinstance(read, Unreadable) else ([read], [])
        try:
            await poller.accept(updates, unreadable, "webhook")
        except Exception:
            WEBHOOK_REQUESTS.labels("500").inc()
            log.exception(
                "webhook: could not store update %s; Telegram will deliver it again",
                read.update_id or "without an update_id",
            )
            return web.json_response({"ok": False, "error": "not stored"}, status=500)
        WEBHOOK_REQUESTS.labels("200").inc()
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post(settings.webhook_path, receive)
    add_health_routes(app, sessionmaker)
    if partners is not None:
        add_feed_routes(app, partners)
    return app


async def run_webhook(settings: Settings, routers: Sequence[Router]) -> None:
    """`tipline webhook`: migrate, load the knowledge base, serve until SIGINT or SIGTERM."""
    from bot.telegram.runtime import running_bot

    async with running_bot(settings, routers) as running:
        await running.poller.resume()
        services = running.services
        app = create_app(
            settings,
            running.bot,
            running.dispatcher,
            running.poller,
            services.sessionmaker,
            services.partners,
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


def used_update_types(routers: Sequence[Router]) -> list[str]:
    """The update types `routers` use, for setWebhook's allowed_updates."""
    dispatcher = Dispatcher()
    dispatcher.include_routers(*routers)
    return dispatcher.resolve_used_update_types()


async def set_webhook(settings: Settings, routers: Sequence[Router], drop_pending: bool = False) -> str:
    """Register `webhook_url` with Telegram, with the secret token and the update types `routers` use."""
    from bot.telegram.app import create_bot

    if settings.webhook_url is None:
        raise SettingsError("TIPLINE_WEBHOOK_URL: not set; the public HTTPS URL Telegram should POST to")
    if settings.webhook_secret is None:
        raise SettingsError("TIPLINE_WEBHOOK_SECRET: not set; choose 1-256 characters of A-Z a-z 0-9 _ -")
    bot = create_bot(settings)
    try:
        await bot.set_webhook(
            url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=used_update_types(routers),
            drop_pending_updates=drop_pending,
        )
    finally:
        await bot.session.close()
    return settings.webhook_url


async def delete_webhook(settings: Settings, drop_pending: bool = False) -> None:
    from bot.telegram.app import create_bot

    bot = create_bot(settings)
    try:
        await bot.delete_webhook(drop_pending_updates=drop_pending)
    finally:
        await bot.session.close()
