from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Dispatcher
from aiogram.types import Update

import handlers
from bot.i18n import Locales
from bot.settings import Settings, load_settings
from bot.telegram.app import create_dispatcher
from bot.telegram.runtime import Services, open_services
from knowledge.verdicts import read_jsonl
from tests.support.databases import (  # noqa: F401 - re-exported: the tests import them from here
    IN_CI,
    POSTGRES_URL,
    TEST_DATABASE_URL,
    redis_or_skip,
    reset_database,
)
from tests.support.fakebotapi import FakeBotAPI
from tests.support.mocked_bot import MockedBot

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SMALL_KB = Path(__file__).parent / "data" / "small_kb.jsonl"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """.ci/run runs the suite twice, on SQLite and then with TIPLINE_TEST_DATABASE_URL on PostgreSQL. A test
    whose database does not follow that setting (`database` marker: the end-to-end tests on their own
    SQLite files, the replicas on PostgreSQL) would run the same way twice; in CI it runs in its own pass."""
    if not IN_CI:
        return
    this_pass = "postgresql" if TEST_DATABASE_URL and TEST_DATABASE_URL.startswith("postgresql") else "sqlite"
    other = [item for item in items if (m := item.get_closest_marker("database")) and m.args[0] != this_pass]
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = [item for item in items if item not in other]


_UPDATE_IDS = itertools.count(1_000_000)


def fresh_update_id() -> int:
    """An update id no other update in the test has (Telegram never reuses one)."""
    return next(_UPDATE_IDS)


def as_reply(data: dict, message_id: int) -> dict:
    """Make a built message update a reply to the bot's message `message_id` (e.g. a tip card)."""
    data["message"]["reply_to_message"] = {
        "message_id": message_id,
        "date": 1,
        "chat": data["message"]["chat"],
        "text": "card",
        "from": {"id": 42, "is_bot": True, "first_name": "Tipline"},
    }
    return data


def shared_data(*parts: str) -> Path:
    """A file of ../shared/data (the shared data sets, checked out beside the repository); a test that needs
    it skips without it, saying so, and fails in CI, where ../shared is always there."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        wanted = "/".join(("../shared/data", *parts))
        if IN_CI:
            pytest.fail(f"{wanted} is missing in CI (looked for {path})")
        pytest.skip(f"needs {wanted}: ../shared/data is missing beside the repository (looked for {path})")
    return path


@pytest.fixture
async def database_url(tmp_path: Path) -> str:
    if TEST_DATABASE_URL:
        await reset_database(TEST_DATABASE_URL)
        return TEST_DATABASE_URL
    return f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return load_settings(
        database_url=database_url,
        bot_token="123456:TEST-token",
        semantic=True,
        checkers_chat_id=-100500,
        admin_ids="1",
    )


@pytest.fixture
async def services(settings: Settings) -> AsyncIterator[Services]:
    async with open_services(settings) as services:
        with SMALL_KB.open(encoding="utf-8") as lines:
            await services.kb.import_records(read_jsonl(lines))
        yield services


@pytest.fixture
def bot() -> MockedBot:
    return MockedBot()


@pytest.fixture
def dp(settings: Settings, services: Services) -> Dispatcher:
    return create_dispatcher(settings, services.kb, Locales(), routers=handlers.routers())


class Updates:
    """Builds updates as Telegram sends them (the fake Bot API's builders) with fresh update ids."""

    def __init__(self) -> None:
        self.factory = FakeBotAPI()
        self._ids = itertools.count(1)

    def __getattr__(self, name: str):
        build = getattr(self.factory, f"make_{name}")

        def make(*args, **kwargs) -> Update:
            data = build(*args, **kwargs)
            data["update_id"] = next(self._ids)
            return Update.model_validate(data)

        return make


@pytest.fixture
def updates() -> Updates:
    return Updates()
