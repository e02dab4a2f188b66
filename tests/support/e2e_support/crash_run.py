"""A crash run: readers sending while the bot processes serving them are SIGKILLed and started again."""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from tests.support.e2e_support.readers import ReaderMessage
from tests.support.fakebotapi import FakeBotAPI, Recorded

TIP_REF = re.compile(r"#(\d+)\b")

Fetch = Callable[..., Awaitable[list[dict]]]
"""`await fetch(sql, **params)`: the rows of a query on the bot's database, as dicts."""

TICK = 0.05
SENDING = "SELECT id, update_id, chat_id, method, payload, state FROM outbox WHERE state = 'sending'"


class Target(Protocol):
    """A bot process the run kills and starts again."""

    name: str

    def alive(self) -> bool: ...

    async def kill(self) -> None:
        """SIGKILL, sent before the first await, then wait for the exit."""

    async def start(self) -> None:
        """Start it again; return once it serves updates."""


@dataclass
class Kill:
    number: int
    target: str
    at: float
    """time.time() at the instant of the SIGKILL (the fake's clock)."""
    answers_since_last: int
    """Answers between the previous kill (or the start) and this one."""
    waiting: int
    """Reader messages waiting for their answer at the instant of the kill."""
    in_flight: list[Recorded]
    """The fake's requests, long polls aside, still open at the instant of the kill."""
    sending: list[dict]
    """Outbox rows left `sending` once the process was dead, new since the kill before."""


class CrashRun:
    """Drives the readers and the kills; `run()` returns when every message was answered (or given up on)."""

    def __init__(
        self,
        api: FakeBotAPI,
        targets: Sequence[Target],
        fetch: Fetch,
        scripts: dict[int, list[ReaderMessage]],
        *,
        kills: int = 5,
        answers_between: tuple[int, int] = (12, 25),
        answer_timeout: float = 60.0,
        seed: int = 3,
        language_code: str = "en",
        on_death: Callable[[Target], str] = lambda target: "",
        aim: bool = False,
    ):
        self.api = api
        self.targets = list(targets)
        self.fetch = fetch
        self.scripts = scripts
        self.readers = set(scripts)
        self.kills_wanted = kills
        self.answers_between = answers_between
        self.answer_timeout = answer_timeout
        self.rng = random.Random(seed)
        self.seed = seed
        self.language_code = language_code
        self.on_death = on_death
        self.aim = aim
        """Every second kill waits for an answer in flight at the fake and lands on it (with one target only:
        the fake cannot tell which process a request came from)."""
        self.kills: list[Kill] = []
        self.down: set[str] = set()
        self.answers: dict[int, list[Recorded]] = defaultdict(list)
        """Successful sendMessage requests to each reader's chat, in the order they were answered."""
        self.answer_count = 0
        self._scanned = 0
        self._open: list[Recorded] = []
        self._next = {chat: 0 for chat in scripts}
        self._waiting: dict[int, ReaderMessage] = {}
        self._waited: dict[int, float] = {}
        self._credited: dict[int, set[int]] = defaultdict(set)
        self._refs: dict[int, set[str]] = defaultdict(set)
        self.finished = asyncio.Event()

    @property
    def messages(self) -> list[ReaderMessage]:
        return [m for script in self.scripts.values() for m in script]

    def dead_rows(self) -> set[int]:
        """Outbox rows left `sending` by a killed process (a live one may still finish some of them)."""
        return {row["id"] for kill in self.kills for row in kill.sending}

    async def run(self) -> None:
        driver = asyncio.create_task(self._drive())
        killer = asyncio.create_task(self._kill_loop())
        try:
            done, _ = await asyncio.wait({driver, killer}, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()
            await asyncio.gather(driver, killer)
        finally:
            for task in (driver, killer):
                task.cancel()
            await asyncio.gather(driver, killer, return_exceptions=True)

    # -- readers

    def _push_next(self, chat: int) -> None:
        script = self.scripts[chat]
        if self._next[chat] >= len(script):
            self._waiting.pop(chat, None)
            return
        message = script[self._next[chat]]
        self._next[chat] += 1
        update = self.api.push_update(
            self.api.make_private_text(chat, message.text, language_code=self.language_code)
        )
        message.update_id = update["update_id"]
        message.message_id = update["message"]["message_id"]
        message.pushed_at = time.time()
        self._waiting[chat] = message
        self._waited[chat] = 0.0

    def collect(self) -> None:
        """Take in the answers to readers the fake has finished since the last call."""
        requests = self.api.requests()
        still_open = []
        for record in [*self._open, *requests[self._scanned :]]:
            if record.status is None:
                still_open.append(record)
            elif record.method == "sendMessage" and record.ok and chat_of(record) in self.readers:
                self.answers[chat_of(record)].append(record)
                self.answer_count += 1
        self._scanned = len(requests)
        self._open = still_open

    def _answered(self, message: ReaderMessage) -> bool:
        for record in self.answers[message.chat]:
            if id(record) in self._credited[message.chat] or record.time < (message.pushed_at or 0):
                continue
            text = record.text or ""
            if message.url is not None:
                fits = message.url in text
            else:
                refs = TIP_REF.findall(text)
                fits = bool(refs) and "https://" not in text and refs[0] not in self._refs[message.chat]
                if fits:
                    self._refs[message.chat].add(refs[0])
            if fits:
                self._credited[message.chat].add(id(record))
                return True
        return False

    def _in_flight_at_a_kill(self, message: ReaderMessage) -> int | None:
        for kill in self.kills:
            if kill.at > (message.pushed_at or 0) and any(
                row["chat_id"] == message.chat for row in kill.sending
            ):
                return kill.number
        return None

    async def _drive(self) -> None:
        for chat in self.scripts:
            self._push_next(chat)
        loop = asyncio.get_running_loop()
        last = loop.time()
        while self._waiting:
            await asyncio.sleep(TICK)
            now = loop.time()
            serving = len(self.down) < len(self.targets)
            for target in self.targets:
                if target.name not in self.down and not target.alive():
                    raise AssertionError(f"{target.name} exited by itself{self.on_death(target)}")
            self.collect()
            for chat, message in list(self._waiting.items()):
                if serving:
                    self._waited[chat] += now - last
                message.waited = self._waited[chat]
                if self._answered(message):
                    message.seen = "answered"
                elif (number := self._in_flight_at_a_kill(message)) is not None:
                    message.seen = f"in flight at kill {number}"
                elif self._waited[chat] > self.answer_timeout:
                    message.seen = "no answer"
                else:
                    continue
                self._push_next(chat)
            last = now
        self.finished.set()

    # -- kills

    async def _kill_loop(self) -> None:
        base = 0
        for number in range(1, self.kills_wanted + 1):
            target = self.targets[(number - 1) % len(self.targets)]
            wanted = self.rng.randint(*self.answers_between)
            await self.api.wait_until(
                lambda: self.answer_count >= base + wanted or self.finished.is_set(),  # noqa: B023
                timeout=float("inf"),
            )
            await asyncio.sleep(self.rng.uniform(0.0, 0.3))
            if self.aim and number % 2 == 0:
                with contextlib.suppress(TimeoutError):
                    await self.api.wait_until(
                        lambda: self._answer_in_flight() or self.finished.is_set(), self.answer_timeout
                    )
            if self.finished.is_set():
                raise AssertionError(
                    f"the readers were done before kill {number} of {self.kills_wanted} "
                    f"({self.answer_count} answers): the kills must land while answers are flowing"
                )
            in_flight = [r for r in self.api.requests() if r.status is None and r.method != "getUpdates"]
            waiting = len(self._waiting)
            self.down.add(target.name)
            at = time.time()
            await target.kill()
            # counted from the kill, not from the restart: with replicas the others answer meanwhile,
            # and a slow start would otherwise let the readers finish before the last kill
            previous, base = base, self.answer_count
            dead = self.dead_rows()
            sending = [row for row in await self.fetch(SENDING) if row["id"] not in dead]
            self.kills.append(Kill(number, target.name, at, base - previous, waiting, in_flight, sending))
            await target.start()
            self.down.discard(target.name)

    def _answer_in_flight(self) -> bool:
        return any(
            r.status is None and r.method == "sendMessage" and chat_of(r) in self.readers
            for r in self.api.requests()
        )

    async def settle(self, timeout: float = 60.0, quiet: float = 1.5) -> None:  # noqa: ASYNC109
        """Until the bot has nothing left to do: every inbox row of the readers handled (or failed), no outbox
        row pending or being sent by a live process, and no request for `quiet` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        update_ids = {m.update_id for m in self.messages}
        while loop.time() < deadline:
            inbox = await self.fetch("SELECT update_id, handled_at, failed_at FROM inbox")
            outbox = await self.fetch("SELECT id, state FROM outbox WHERE state IN ('pending', 'sending')")
            busy = [
                r for r in inbox if r["update_id"] in update_ids and not (r["handled_at"] or r["failed_at"])
            ]
            dead = self.dead_rows()
            if not busy and all(r["state"] == "sending" and r["id"] in dead for r in outbox):
                before = len(self.api.requests())
                await asyncio.sleep(quiet)
                if len(self.api.requests()) == before:
                    break
            else:
                await asyncio.sleep(0.25)
        self.collect()


def chat_of(record: Recorded) -> Any:
    """The chat a request went to, as an int when it is one."""
    chat = record.chat_id
    try:
        return int(chat)
    except (TypeError, ValueError):
        return chat
