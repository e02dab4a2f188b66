from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Dispatcher
from aiogram.types import Update

from bot.app import create_dispatcher
from bot.i18n import Locales
from bot.runtime import Services, open_services
from bot.settings import Settings, load_settings
from knowledge.verdicts import read_jsonl
from tests.fakebotapi import FakeBotAPI
from tests.mocked_bot import MockedBot

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SMALL_KB = Path(__file__).parent / "data" / "small_kb.jsonl"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def shared_data(*parts: str) -> Path:
    """A file of ../shared/data; tests that need it skip without it (never in CI)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}",
        bot_token="123456:TEST-token",
        semantic=False,
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
    return create_dispatcher(settings, services.kb, Locales())


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
