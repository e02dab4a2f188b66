"""The README's first command on a machine with nothing but Python: Redis and asyncpg are needed only
when configured, and a setting that needs one that is not installed is one line. Here the two packages
are hidden from a real `tipline` process (None in sys.modules: `import redis` fails as it does where
it was never installed); `.ci/first_run.py` does the same in a fresh virtual environment."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.telegram.chat_locks import ChatLocks
from tests.support.fakebotapi import FakeBotAPI

WITHOUT = """
import sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None
sys.argv[0:2] = ["tipline"]
from bot.cli import main
main()
"""
"""A `tipline` whose first argument names the packages it cannot import."""

ABSENT = "redis,asyncpg"
SNOW_LEOPARD = "Photos show a snow leopard walking down a main street in Bishkek this morning."
"""A claim of the sample knowledge base (sample-051): the bot answers it with the verdict's card."""


def environment(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
    env.update({"TIPLINE_SEMANTIC": "false", **settings})
    return env


def tipline_without(absent: str, *args: str, cwd: Path, **settings: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT, absent, *args],
        cwd=cwd,
        env=environment(**settings),
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_the_inbox_locks_are_in_process_when_redis_is_not_installed(monkeypatch):
    from aiogram.fsm.storage.memory import MemoryStorage

    from bot.telegram.app import isolation_for

    monkeypatch.setitem(sys.modules, "aiogram.fsm.storage.redis", None)
    assert isinstance(isolation_for(MemoryStorage()), ChatLocks)


@pytest.mark.parametrize(
    ("args", "settings", "message"),
    [
        (
            ("run",),
            {"TIPLINE_REDIS_URL": "redis://127.0.0.1:6379/15", "TIPLINE_BOT_TOKEN": "123456:TEST-token"},
            "TIPLINE_REDIS_URL is set but the redis package is not installed: pip install 'tipline[redis]'",
        ),
        (
            ("kb", "import", "--sample"),
            {"TIPLINE_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test"},
            "TIPLINE_DATABASE_URL is a PostgreSQL URL but the asyncpg package is not installed: "
            "pip install 'tipline[postgres]'",
        ),
        (
            ("run",),
            {"TIPLINE_DATABASE_URL": "postgres://db/tipline", "TIPLINE_BOT_TOKEN": "123456:TEST-token"},
            "TIPLINE_DATABASE_URL is a PostgreSQL URL but the asyncpg package is not installed: "
            "pip install 'tipline[postgres]'",
        ),
    ],
)
def test_a_setting_that_needs_a_missing_package_says_which_in_one_line(tmp_path, args, settings, message):
    result = tipline_without(ABSENT, *args, cwd=tmp_path, **settings)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == f"tipline: {message}"


@pytest.mark.e2e
async def test_the_bot_runs_and_answers_without_redis_and_asyncpg(tmp_path):
    imported = tipline_without(ABSENT, "kb", "import", "--sample", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    async with FakeBotAPI() as api:
        log = (tmp_path / "bot.log").open("w")
        bot = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            WITHOUT,
            ABSENT,
            "run",
            cwd=tmp_path,
            env=environment(
                TIPLINE_BOT_TOKEN=api.token, TIPLINE_API_BASE=api.base_url, TIPLINE_SEMANTIC="true"
            ),
            stdout=log,
            stderr=log,
        )
        try:
            await api.wait_until(lambda: api.requests("getUpdates"), 180, "the bot polling")
            api.push_text(4242, SNOW_LEOPARD, language_code="en")
            answer = await api.wait_until(lambda: api.sent_texts(4242), 120, "the answer")
            assert "https://factcheck.example/snow-leopard-bishkek-street-ai" in answer[0]
        finally:
            if bot.returncode is None:
                bot.terminate()
                await asyncio.wait_for(bot.wait(), 60)
            log.close()
    output = (tmp_path / "bot.log").read_text()
    assert bot.returncode == 0, output
    assert "Traceback" not in output and "ModuleNotFoundError" not in output
