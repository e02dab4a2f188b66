"""Assembling the running service: database, knowledge base, bot and dispatcher."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import logging
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from aiogram import Bot, Dispatcher
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.app import create_bot, create_dispatcher, isolation_for, publish_commands
from bot.broadcasts import BroadcastEngine
from bot.database import create_engine, create_sessionmaker, upgrade
from bot.i18n import Locales
from bot.kb import KnowledgeBase, Progress
from bot.metrics import start_metrics_server
from bot.polling import InboxPoller
from bot.privacy import keep_retention
from bot.settings import Settings
from knowledge.embeddings import Embedder, RecentEmbedder, default_embedder
from knowledge.matching import Matcher, Thresholds

log = logging.getLogger(__name__)


def create_matcher(settings: Settings, embedder: Embedder | None) -> Matcher:
    overrides = {
        name: value
        for name, value in (("auto", settings.auto_threshold), ("suggest", settings.suggest_threshold))
        if value is not None
    }
    return Matcher(embedder=embedder, thresholds=dataclasses.replace(Thresholds(), **overrides))


def index_snapshot_path(settings: Settings) -> Path | None:
    """Where the matcher's index is kept between starts (`TIPLINE_INDEX_CACHE`)."""
    if settings.index_cache == "off":
        return None
    if settings.index_cache != "auto":
        return Path(settings.index_cache)
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:"):
            return None
        return Path(url.database).with_name(Path(url.database).name + ".index")
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:12]
    return Path.home() / ".cache" / "tipline" / f"index-{digest}.pickle"


def create_embedder(settings: Settings) -> Embedder | None:
    embedder = default_embedder() if settings.semantic else None
    return RecentEmbedder(embedder) if embedder is not None else None


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker
    kb: KnowledgeBase


@contextlib.asynccontextmanager
async def open_services(
    settings: Settings, migrate: bool = True, progress: Progress | None = None
) -> AsyncIterator[Services]:
    """Database (migrated), and the knowledge base loaded into a matcher."""
    engine = create_engine(settings.database_url)
    try:
        if migrate:
            await upgrade(engine)
        sessionmaker = create_sessionmaker(engine)
        embedder = create_embedder(settings)
        kb = await KnowledgeBase.load(
            sessionmaker,
            create_matcher(settings, embedder),
            embedder,
            progress,
            index_snapshot_path(settings),
        )
        yield Services(settings, engine, sessionmaker, kb)
        await kb.save_snapshot()
    finally:
        await engine.dispose()


@dataclass
class RunningBot:
    services: Services
    bot: Bot
    dispatcher: Dispatcher
    poller: InboxPoller
    stopping: asyncio.Event
    """Set by SIGINT or SIGTERM."""


@contextlib.asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[RunningBot]:
    """What every serving process runs: the services, the bot and its dispatcher, the inbox, the broadcast
    sender (which resumes unfinished broadcasts at once) and the retention purge; stopped cleanly on exit."""
    async with open_services(settings) as services:
        bot: Bot = create_bot(settings)
        locales = Locales(default=settings.default_language)
        dispatcher: Dispatcher = create_dispatcher(settings, services.kb, locales)
        isolation = isolation_for(dispatcher.storage)
        poller = InboxPoller(bot, dispatcher, services.engine, services.sessionmaker, isolation=isolation)
        sender = BroadcastEngine.from_settings(bot, services.sessionmaker, locales, settings)
        dispatcher["broadcast_engine"] = sender
        stopping = asyncio.Event()

        def stop() -> None:
            stopping.set()
            poller.stop()
            sender.stop()

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop)
        background: list[asyncio.Task] = []
        sending: asyncio.Task | None = None
        try:
            me = await bot.get_me()
            log.info("tipline running as @%s with %d verdicts", me.username, len(services.kb.matcher))
            menu = asyncio.create_task(publish_commands(bot, locales))
            menu.add_done_callback(lambda task: task.cancelled() or task.exception())
            sending = asyncio.create_task(sender.serve())
            background.append(
                asyncio.create_task(keep_retention(services.sessionmaker, settings.retention_days))
            )
            background.append(asyncio.create_task(services.kb.keep_in_sync(settings.sync_interval)))
            background.append(asyncio.create_task(poller.keep_sweeping()))
            yield RunningBot(services, bot, dispatcher, poller, stopping)
        finally:
            await poller.drain()
            if sending is not None:
                sender.stop()  # the sends in flight are answered and recorded first
                try:
                    await asyncio.wait_for(sending, 15)
                except Exception:  # noqa: BLE001
                    log.exception("the broadcast sender did not stop cleanly")
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            await dispatcher.emit_shutdown(bot=bot)  # the dispatcher's own resources (the reader limits)
            await poller.isolation.close()
            await dispatcher.storage.close()
            await bot.session.close()
            log.info("tipline stopped")


async def run_polling(settings: Settings) -> None:
    """`tipline run`: migrate, load the knowledge base, and poll until SIGINT or SIGTERM."""
    async with running_bot(settings) as running:
        metrics = None
        if settings.metrics_port is not None:
            metrics = await start_metrics_server(
                settings.webhook_host, settings.metrics_port, running.services.sessionmaker
            )
        try:
            await running.poller.run()
        finally:
            if metrics is not None:
                await metrics.cleanup()
