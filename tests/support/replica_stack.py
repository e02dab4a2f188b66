"""Real bot processes for end-to-end tests and the load benchmark: `python -m bot run` (polling) or
`python -m bot webhook` replicas, pointed at an in-process FakeBotAPI, their output in a log file."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from tests.support.e2e_support import Forked, Zygote
from tests.support.fakebotapi import DEFAULT_TOKEN, FakeBotAPI

SECRET = "replica-secret_42"
CHECKERS_CHAT = -100500
ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120.0
"""Seconds until a bot process serves: a loaded 2-core machine took over 30 s (the waits return at once when
it is up)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bot_env(api: FakeBotAPI, database_url: str, **settings: str) -> dict[str, str]:
    """The environment of a bot process: no TIPLINE_ variable of the caller leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
    env.update(
        TIPLINE_BOT_TOKEN=DEFAULT_TOKEN,
        TIPLINE_API_BASE=api.base_url,
        TIPLINE_DATABASE_URL=database_url,
        TIPLINE_CHECKERS_CHAT_ID=str(CHECKERS_CHAT),
        TIPLINE_ADMIN_IDS="1",
        TIPLINE_INDEX_CACHE="off",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(ROOT),
    )
    env.update({f"TIPLINE_{k.upper()}": v for k, v in settings.items()})
    return env


@dataclass
class Replica:
    name: str
    process: asyncio.subprocess.Process | Forked
    log: Path
    port: int | None = None
    command: str = "webhook"
    env: dict[str, str] = field(default_factory=dict)
    directory: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@dataclass
class Stack:
    api: FakeBotAPI
    replicas: list[Replica] = field(default_factory=list)

    def by_url(self, url: str) -> Replica:
        return next(r for r in self.replicas if url.startswith(r.url))

    def logs(self) -> str:
        return "\n".join(f"--- {r.name}\n{r.output()}" for r in self.replicas)


async def _launch(
    command: str, env: dict[str, str], directory: Path, log: Path, zygote: Zygote | None
) -> asyncio.subprocess.Process | Forked:
    if zygote is not None:
        return await zygote.spawn([command], env, directory, log)
    with log.open("a", encoding="utf-8") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", command, cwd=directory, env=env, stdout=out, stderr=out
        )


async def start_process(
    name: str, command: str, env: dict[str, str], directory: Path, zygote: Zygote | None = None
) -> Replica:
    """`python -m bot <command>` (forked by `zygote` when given, see tests/support/e2e_support/)."""
    log = directory / f"{name}.log"
    log.write_text("", encoding="utf-8")
    process = await _launch(command, env, directory, log, zygote)
    return Replica(name, process, log, command=command, env=env, directory=directory)


async def restart(replica: Replica, zygote: Zygote | None = None) -> None:
    """A new process in place of the replica's stopped one (same command, settings, port), until healthy."""
    assert replica.directory is not None and replica.process.returncode is not None
    with replica.log.open("a", encoding="utf-8") as out:
        out.write(f"\n===== {replica.name} started again =====\n")
    replica.process = await _launch(replica.command, replica.env, replica.directory, replica.log, zygote)
    if replica.port is not None:
        await wait_healthy(replica)


async def wait_healthy(replica: Replica, timeout: float = START_TIMEOUT) -> None:  # noqa: ASYNC109
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with aiohttp.ClientSession() as http:
        while loop.time() < deadline:
            if replica.process.returncode is not None:
                raise RuntimeError(f"{replica.name} exited:\n{replica.output()}")
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"{replica.url}/healthz") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.1)
    raise TimeoutError(f"{replica.name} did not become healthy:\n{replica.output()}")


async def stop(replica: Replica, grace: float = 20.0) -> int | None:
    if replica.process.returncode is None:
        replica.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(replica.process.wait(), grace)
        except TimeoutError:
            replica.process.kill()
            await replica.process.wait()
    return replica.process.returncode


@contextlib.asynccontextmanager
async def webhook_replicas(
    api: FakeBotAPI,
    database_url: str,
    directory: Path,
    count: int = 2,
    zygote: Zygote | None = None,
    **settings: str,
) -> AsyncIterator[Stack]:
    """`count` webhook replicas sharing one database (and Redis, when `redis_url` is given), registered
    once with the fake Bot API, which then spreads the deliveries over them in turn."""
    stack = Stack(api)
    try:
        for number in range(count):
            name = f"replica-{chr(ord('a') + number)}"
            port = free_port()
            env = bot_env(
                api,
                database_url,
                webhook_host="127.0.0.1",
                webhook_port=str(port),
                webhook_secret=SECRET,
                replica_id=name,
                **settings,
            )
            replica = await start_process(name, "webhook", env, directory, zygote)
            replica.port = port
            stack.replicas.append(replica)
        await asyncio.gather(*(wait_healthy(r) for r in stack.replicas))
        await api.call("setWebhook", {"url": "https://tips.example/telegram", "secret_token": SECRET})
        api.spread_webhook(f"{r.url}/telegram" for r in stack.replicas)
        yield stack
    finally:
        codes = await asyncio.gather(*(stop(r) for r in stack.replicas))
        for replica, code in zip(stack.replicas, codes, strict=True):
            if code != 0:
                print(f"{replica.name} exited with {code}:\n{replica.output()}")


@contextlib.asynccontextmanager
async def polling_bot(
    api: FakeBotAPI, database_url: str, directory: Path, **settings: str
) -> AsyncIterator[Stack]:
    """One `python -m bot run` process, polling the fake Bot API."""
    stack = Stack(api)
    polls = len(api.requests("getUpdates"))
    replica = await start_process("bot", "run", bot_env(api, database_url, **settings), directory)
    stack.replicas.append(replica)
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        while len(api.requests("getUpdates")) <= polls:
            if replica.process.returncode is not None or loop.time() > deadline:
                raise RuntimeError(f"the bot did not start polling:\n{replica.output()}")
            await asyncio.sleep(0.1)
        yield stack
    finally:
        code = await stop(replica)
        if code != 0:
            print(f"the bot exited with {code}:\n{replica.output()}")
