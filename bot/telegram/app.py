"""Factories that build the bot and the dispatcher from settings, so tests can point them anywhere."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramRetryAfter
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response
from aiogram.types import BotCommand, BotCommandScopeAllGroupChats

from bot.i18n import Locales
from bot.services.desk.clusters import RisingAtPartners, TipClusters
from bot.services.knowledge_base import KnowledgeBase
from bot.services.limits import Blocks, Safety, create_limits
from bot.services.partners import Partners
from bot.services.roles import Roles
from bot.settings import Settings, require_package, require_token
from bot.telegram.broadcaster import NO_REQUEST_RETRY
from bot.telegram.chat_locks import ChatLocks
from bot.telegram.desk import Desk
from bot.telegram.metrics import TimeUpdates, count_requests
from bot.telegram.middlewares import ReaderMiddleware
from bot.telegram.outbox import CaptureSends, OutboxSender, UnitOfWork
from bot.telegram.safety import LoneSurrogates
from knowledge.verdicts import LANGUAGES

log = logging.getLogger(__name__)


class RetryAfter(BaseRequestMiddleware):
    """Waits out Telegram's 429 `retry_after` and sends the request again, a bounded number of times."""

    def __init__(self, attempts: int = 5, longest_wait: float = 60):
        self.attempts = attempts
        self.longest_wait = longest_wait

    async def __call__(
        self, make_request: NextRequestMiddlewareType, bot: Bot, method: TelegramMethod[Any]
    ) -> Any:
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if isinstance(method, GetUpdates) or attempt == self.attempts or NO_REQUEST_RETRY.get():
                    raise
                wait = min(error.retry_after, self.longest_wait)
                log.warning("429 on %s, retrying in %ss", type(method).__name__, wait)
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")


class KeepResponseTypes(BaseRequestMiddleware):
    """Keeps aiogram's Response[T] model of each method's result alive. pydantic caches parametrised
    generics weakly, so each answer from Telegram built its model class anew: a seventh of the event
    loop's time under load (bench/bench_load.py)."""

    def __init__(self) -> None:
        self._kept: dict[Any, type] = {}

    async def __call__(
        self, make_request: NextRequestMiddlewareType, bot: Bot, method: TelegramMethod[Any]
    ) -> Any:
        returning = method.__returning__
        if returning not in self._kept:
            self._kept[returning] = Response[returning]
        return await make_request(bot, method)


def create_bot(settings: Settings) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.api_base))
    session.middleware(CaptureSends())  # outermost: a captured message never reaches the retries
    session.middleware(RetryAfter())
    session.middleware(KeepResponseTypes())
    return Bot(
        require_token(settings),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_storage(settings: Settings) -> BaseStorage:
    """FSM storage: Redis when configured, so dialogs survive restarts and move between replicas."""
    if settings.redis_url:
        require_package("redis", "redis", "TIPLINE_REDIS_URL is set")
        from aiogram.fsm.storage.redis import DefaultKeyBuilder, RedisStorage

        return RedisStorage.from_url(settings.redis_url, key_builder=DefaultKeyBuilder(with_destiny=True))
    return MemoryStorage()


def isolation_for(storage: BaseStorage) -> BaseEventIsolation:
    """Per-chat locks for the inbox: in Redis when the storage is (sharing its connections, so they hold
    across replicas and close with it), else in this process."""
    try:
        from aiogram.fsm.storage.redis import RedisStorage
    except ImportError:  # the redis package is not installed, so the storage is not Redis
        return ChatLocks()
    return storage.create_isolation() if isinstance(storage, RedisStorage) else ChatLocks()


def create_dispatcher(
    settings: Settings,
    kb: KnowledgeBase,
    locales: Locales | None = None,
    storage: BaseStorage | None = None,
    *,
    routers: Sequence[Router],
    partners: Partners | None = None,
) -> Dispatcher:
    """The dispatcher with its shared services and middlewares, serving `routers` (the composition root
    passes `handlers.routers()`); `partners`: the process's (bot/services/container.py), else one of
    its own."""
    locales = locales or Locales(default=settings.default_language)
    dispatcher = Dispatcher(
        storage=storage or create_storage(settings), settings=settings, kb=kb, locales=locales
    )
    dispatcher["roles"] = Roles(kb.sessionmaker, settings.admin_ids)
    dispatcher["partners"] = partners = partners or Partners(
        kb.sessionmaker, settings.newsroom_name, settings.newsroom_country, kb, settings.share_rising
    )
    clusters = TipClusters(kb, settings.cluster_threshold)
    rising = RisingAtPartners(kb, settings.cluster_threshold)
    dispatcher["desk"] = desk = Desk(settings, kb, locales, clusters, rising)
    dispatcher["outbox"] = outbox = OutboxSender(kb.sessionmaker, desk)
    dispatcher["safety"] = safety = Safety(create_limits(settings), Blocks(kb.sessionmaker))
    dispatcher.shutdown.register(safety.close)
    count_requests(kb.sessionmaker)
    dispatcher.update.outer_middleware(TimeUpdates())
    dispatcher.update.outer_middleware(LoneSurrogates())
    dispatcher.update.outer_middleware(UnitOfWork(outbox))
    dispatcher.message.outer_middleware(ReaderMiddleware())
    dispatcher.edited_message.outer_middleware(ReaderMiddleware())
    dispatcher.callback_query.outer_middleware(ReaderMiddleware())
    dispatcher.include_routers(*routers)
    return dispatcher


MENU = ("start", "help", "menu", "language", "subscribe", "unsubscribe", "mydata", "forget")


GROUP_MENU = ("check",)


async def publish_commands(bot: Bot, locales: Locales) -> None:
    """The commands menu, in every language: the readers' menu in private chats, /check in groups."""
    for lang in LANGUAGES:
        t = locales[lang]
        code = None if lang == "en" else lang
        commands = [BotCommand(command=c, description=t(f"cmd-{c}")) for c in MENU]
        await bot.set_my_commands(commands, language_code=code)
        group = [BotCommand(command=c, description=t(f"cmd-{c}")) for c in GROUP_MENU]
        await bot.set_my_commands(group, scope=BotCommandScopeAllGroupChats(), language_code=code)
