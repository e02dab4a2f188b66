"""Assembling the running service: database, knowledge base, bot and dispatcher."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import signal
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass

from aiogram import Bot, Dispatcher, Router

from bot.i18n import Locales
from bot.services.container import (  # noqa: F401 - aiogram-free, in bot/services/container.py; importable from here too
    Services,
    create_embedder,
    create_matcher,
    index_snapshot_path,
    open_services,
)
from bot.services.privacy import keep_retention
from bot.services.schedule import repeat
from bot.settings import Settings
from bot.telegram.app import create_bot, create_dispatcher, isolation_for, publish_commands
from bot.telegram.broadcaster import broadcast_sender
from bot.telegram.desk import Desk
from bot.telegram.feeds import add_feed_routes
from bot.telegram.metrics import start_metrics_server
from bot.telegram.outbox import SEND_TIMEOUT, OutboxSender
from bot.telegram.polling import InboxPoller
from bot.telegram.readings import FileReader

log = logging.getLogger(__name__)

QUIET_TIMEOUT = 15.0
"""Seconds the background loops have at shutdown to finish their turn before they are cancelled."""


@dataclass
class RunningBot:
    services: Services
    bot: Bot
    dispatcher: Dispatcher
    poller: InboxPoller
    stopping: asyncio.Event
    """Set by SIGINT or SIGTERM."""


@contextlib.asynccontextmanager
async def running_bot(
    settings: Settings, routers: Sequence[Router], sole: bool = False
) -> AsyncIterator[RunningBot]:
    """What every serving process runs: services, bot, dispatcher, inbox, outbox, broadcast sender
    (resuming unfinished broadcasts), retention purge, files read (bot/telegram/readings.py); stopped
    cleanly. `routers`: `handlers.routers()`. `sole`: no other process serves this bot (polling), so
    a message left `sending` was in flight in a process that died."""
    async with open_services(settings) as services:
        bot: Bot = create_bot(settings)
        locales = Locales(default=settings.default_language)
        dispatcher: Dispatcher = create_dispatcher(
            settings, services.kb, locales, routers=routers, partners=services.partners
        )
        isolation = isolation_for(dispatcher.storage)
        poller = InboxPoller(bot, dispatcher, services.engine, services.sessionmaker, isolation=isolation)
        sender = broadcast_sender(bot, services.sessionmaker, locales, settings)
        dispatcher["broadcast_engine"] = sender
        stopping = asyncio.Event()

        def stop() -> None:
            stopping.set()
            poller.stop()
            sender.stop()

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop)
        quiet = asyncio.Event()  # set at shutdown: the background loops finish their turn and return
        background: list[asyncio.Task] = []
        sending: asyncio.Task | None = None
        try:
            me = await bot.get_me()
            log.info("tipline running as @%s with %d verdicts", me.username, len(services.kb.matcher))
            menu = asyncio.create_task(publish_commands(bot, locales))
            menu.add_done_callback(lambda task: task.cancelled() or task.exception())
            if settings.partners_file:
                await services.partners.follow_file(settings.partners_file)
            sending = asyncio.create_task(sender.serve())
            outbox: OutboxSender = dispatcher["outbox"]
            await outbox.settle_stale(0.0 if sole else SEND_TIMEOUT)
            background = start_loops(services, settings, poller, outbox, dispatcher, bot, quiet, sole)
            yield RunningBot(services, bot, dispatcher, poller, stopping)
        finally:
            await poller.drain()
            if sending is not None:
                sender.stop()  # the sends in flight are answered and recorded first
                try:
                    await asyncio.wait_for(sending, 15)
                except Exception:
                    log.exception("the broadcast sender did not stop cleanly")
            quiet.set()
            await dispatcher["outbox"].stop()
            await finish(background)
            await dispatcher.emit_shutdown(bot=bot)  # the dispatcher's own resources (the reader limits)
            await poller.isolation.close()
            await dispatcher.storage.close()
            await bot.session.close()
            log.info("tipline stopped")


def start_loops(
    services: Services,
    settings: Settings,
    poller: InboxPoller,
    outbox: OutboxSender,
    dispatcher: Dispatcher,
    bot: Bot,
    quiet: asyncio.Event,
    sole: bool = False,
) -> list[asyncio.Task]:
    """The background work of a serving process: the retention purge, the knowledge base's change feed,
    the inbox sweep, the outbox's leftovers and its sweep, the "still working" messages, the partners'
    feeds (corrections of their verdicts sent to the readers who had them), and the files read (pictures,
    voice notes: bot/telegram/readings.py, whose readers the handlers get too; `sole`: as in running_bot);
    each returns once `quiet` is set."""
    desk: Desk = dispatcher["desk"]
    readers = FileReader.of(settings, bot, desk, outbox)
    dispatcher.workflow_data.update(ocr=readers.ocr, transcriber=readers.transcriber)
    reminders = min(max(settings.still_working_hours * 3600 / 6, 1.0), 600.0)
    reading = [readers.keep_reading(quiet, sole)] if readers.ocr or readers.transcriber else []
    return [
        asyncio.create_task(work)
        for work in (
            *reading,
            keep_retention(services.sessionmaker, settings.retention_days, quiet),
            services.kb.keep_in_sync(settings.sync_interval, quiet),
            poller.keep_sweeping(quiet),
            outbox.deliver_pending(bot),  # a crash's leftovers
            outbox.keep_sending(bot, quiet),
            repeat(lambda: desk.still_working(bot, outbox), reminders, quiet, what="status messages"),
            services.partners.keep_in_sync(
                settings.partner_sync_interval,
                quiet,
                lambda notices: desk.send_in_own_unit(bot, outbox, notices),
            ),
        )
    ]


async def finish(tasks: list[asyncio.Task]) -> None:
    """Wait `QUIET_TIMEOUT` seconds for the background loops to return, then cancel the late ones."""
    if not tasks:
        return
    _, late = await asyncio.wait(tasks, timeout=QUIET_TIMEOUT)
    for task in late:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def run_polling(settings: Settings, routers: Sequence[Router]) -> None:
    """`tipline run`: migrate, load the knowledge base, and poll until SIGINT or SIGTERM."""
    async with running_bot(settings, routers, sole=True) as running:
        servers = []
        feed = functools.partial(add_feed_routes, partners=running.services.partners)
        ports: dict[int, Callable | None] = {}
        if settings.metrics_port is not None:
            ports[settings.metrics_port] = None
        if settings.feed_port is not None:
            ports[settings.feed_port] = feed  # /metrics and /healthz there too
        for port, routes in ports.items():
            sessionmaker = running.services.sessionmaker
            servers.append(await start_metrics_server(settings.webhook_host, port, sessionmaker, routes))
        try:
            await running.poller.run()
        finally:
            for server in servers:
                await server.cleanup()
