"""Broadcast benchmark: the real bot process, a slow Bot API, faults and SIGKILLs; is every count honest?

    python bench/bench_broadcast.py [--readers 300] [--latency 0.3] [--kills 3] [--compare 843791e]
    python bench/bench_broadcast.py --readers 10000 --latency 0 --kills 1 --drop-after 0 --html 0  # the pace

What one run does:

1. A fresh SQLite database (`tipline db upgrade`, `tipline kb import tests/data/small_kb.jsonl`) and
   N subscribed readers inserted directly (languages spread over the eight and one unsupported
   language, which falls back to the default); a few of them have blocked the bot.
2. The standalone fake Bot API (`python -m tests.support.fakebotapi --rate-limit 30 --latency L`): every
   method answers after L seconds, 429 with retry_after beyond 30 sends in any one-second window, and faults
   injected through its control endpoint (`/_fake/fail_next`): for some chats the connection is cut
   after the message was stored (`drop_after`: Telegram has it, the bot gets no answer), for others a
   proxy answers an HTML 502 (`html`), and a few 429s during the run.
3. The real bot (`python -m bot run`), and a broadcast of two verdicts started with the CLI
   (`tipline broadcast start t-ru-water t-en-bridge --yes`); the running bot picks it up.
4. The bot is SIGKILLed `--kills` times, evenly over the run, each time while sends are flowing, and
   started again; it resumes the broadcast on its own.
5. When the broadcast is done, the fake's request log (what each chat actually received) is set
   against the database (what the bot recorded): duplicates received (a chat that got it twice),
   missed but recorded sent (the bot says sent, the chat never got it), received but not recorded
   sent (unknown or failed, yet it arrived), and the recipients' states; plus the pace (sustained
   rate, busiest one-second window) and the 429s.

`--compare REV` (default 843791e, the code before issue 12; `--compare none` skips it) runs the same
scenario a second time with the bot of that revision (exported with `git archive`, the fake stays the
current one) and prints both side by side. It bounds its own runtime (--timeout, per run) and kills
its subprocesses whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:TEST-token-ABCdef"
LANGS = ("ru", "en", "kk", "uz", "ky", "tg", "az", "tr", "de")
VERDICTS = ("t-ru-water", "t-en-bridge")
INJECT_429_AT = (0.1, 0.3, 0.65, 0.8, 0.95)  # fractions of the run at which one 429 is injected
FINAL_STATES = ("sent", "blocked", "failed", "unknown")


@dataclass(frozen=True)
class Scenario:
    readers: int
    latency: float
    kills: int
    rate_limit: int
    drop_after: int
    html: int
    blocked: int
    timeout: float

    def chats(self) -> list[int]:
        return [10_000_000 + i for i in range(self.readers)]

    def spread(self, count: int, offset: int) -> list[int]:
        """`count` chats spread over the whole list (so the faults meet every phase of the run)."""
        chats = self.chats()
        step = max(1, len(chats) // max(1, count))
        return chats[offset::step][:count]


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Run:
    def __init__(self, tmp: Path, code: Path, port: int, deadline: float):
        self.tmp = tmp
        self.code = code
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.deadline = deadline
        self.db_path = tmp / "tipline.db"
        self.procs: list[subprocess.Popen] = []
        self.bot: subprocess.Popen | None = None

    # -- processes

    def env(self, code: Path | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
        env.update(
            TIPLINE_BOT_TOKEN=TOKEN,
            TIPLINE_API_BASE=self.base,
            TIPLINE_DATABASE_URL=f"sqlite+aiosqlite:///{self.db_path}",
            TIPLINE_SEMANTIC="false",
            TIPLINE_LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
            PYTHONPATH=str(code or self.code),  # ahead of the editable install: this revision's `bot`
        )
        return env

    def cli(self, *args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=self.tmp,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if proc.returncode != 0:
            raise SystemExit(f"tipline {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc.stdout

    def start_fake(self, rate_limit: int, latency: float) -> None:
        log = (self.tmp / "fake.log").open("a")
        command = [sys.executable, "-m", "tests.support.fakebotapi", "--port", str(self.port)]
        command += ["--rate-limit", str(rate_limit), "--latency", str(latency)]
        proc = subprocess.Popen(
            command, cwd=ROOT, env=self.env(ROOT), stdout=log, stderr=log, stdin=subprocess.DEVNULL
        )
        self.procs.append(proc)
        while True:
            self.check_time()
            try:
                self.control("GET", "state")
                return
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit("the fake Bot API exited") from None
                time.sleep(0.1)

    def start_bot(self) -> None:
        log = (self.tmp / "bot.log").open("a")
        log.write(f"\n===== start at {time.strftime('%H:%M:%S')} =====\n")
        log.flush()
        self.bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=self.tmp,
            env=self.env(),
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
        )
        self.procs.append(self.bot)

    def kill_bot(self) -> None:
        if self.bot is not None and self.bot.poll() is None:
            self.bot.send_signal(signal.SIGKILL)
            self.bot.wait()

    def cleanup(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(10)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise SystemExit(f"the benchmark ran out of time (--timeout); see {self.tmp}")
        if self.bot is not None and self.bot.poll() is not None and self.bot.returncode != -signal.SIGKILL:
            raise SystemExit(f"the bot exited with {self.bot.returncode}; see {self.tmp / 'bot.log'}")

    # -- the fake's control API

    def control(self, http: str, path: str, body: object | None = None) -> object:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.base}/_fake/{path}", data=data, method=http, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def sends_seen(self) -> int:
        return int(self.control("GET", "state")["requests"].get("sendMessage", 0))

    # -- the database

    def query(self, sql: str, *args: object) -> list[tuple]:
        with contextlib.closing(sqlite3.connect(self.db_path, timeout=30)) as db:
            return db.execute(sql, args).fetchall()


def add_readers(run: Run, chats: list[int]) -> None:
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    with contextlib.closing(sqlite3.connect(run.db_path)) as db:
        db.executemany(
            "INSERT INTO readers (chat_id, user_id, language, language_chosen, subscribed, active,"
            " created_at, last_seen_at) VALUES (?, ?, ?, 1, 1, 1, ?, ?)",
            [(c, c, LANGS[i % len(LANGS)], now, now) for i, c in enumerate(chats)],
        )
        db.commit()


def busiest_second(times: list[float]) -> int:
    best, j = 0, 0
    for i, t in enumerate(times):
        while times[j] <= t - 1.0:
            j += 1
        best = max(best, i - j + 1)
    return best


def export(revision: str, into: Path) -> Path:
    """The tree of `revision` (read from git, nothing in the working tree or the repository changes)."""
    archive = into / "code.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "-C", str(ROOT), "archive", revision], stdout=out, check=True, timeout=120)
    code = into / "code"
    with tarfile.open(archive) as tar:
        tar.extractall(code, filter="data")
    archive.unlink()
    return code


def run_scenario(label: str, code: Path, scenario: Scenario) -> dict:
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix=f"tipline-bench-broadcast-{label}-"))
    run = Run(tmp, code, free_port(), started + scenario.timeout)
    chats = scenario.chats()
    blocked = set(scenario.spread(scenario.blocked, 7))
    cut = [c for c in scenario.spread(scenario.drop_after, 3) if c not in blocked]
    pages = [c for c in scenario.spread(scenario.html, 5) if c not in blocked and c not in cut]
    print(f"[{label}] {scenario.readers} readers, bot from {code}; logs in {tmp}", flush=True)
    try:
        run.cli("db", "upgrade")
        run.cli("kb", "import", str(ROOT / "tests" / "data" / "small_kb.jsonl"))
        add_readers(run, chats)
        run.start_fake(scenario.rate_limit, scenario.latency)
        run.control("POST", "block", {"chat_ids": sorted(blocked)})
        for chat in cut:
            run.control("POST", "fail_next", {"method": "sendMessage", "kind": "drop_after", "chat_id": chat})
        for chat in pages:
            run.control("POST", "fail_next", {"method": "sendMessage", "kind": "html", "chat_id": chat})
        print(f"[{label}] {run.cli('broadcast', 'start', *VERDICTS, '--yes').strip()}", flush=True)
        run.start_bot()
        kills_at = [int((i + 1) * scenario.readers / (scenario.kills + 1)) for i in range(scenario.kills)]
        injections = [int(f * scenario.readers) for f in INJECT_429_AT]
        injected, kill_times, in_flight_at_kills = 0, [], []
        while True:
            run.check_time()
            seen = run.sends_seen()
            while injections and seen >= injections[0]:
                injections.pop(0)
                run.control("POST", "fail_next", {"method": "sendMessage", "status": 429, "retry_after": 1})
                injected += 1
            if kills_at and seen >= kills_at[0]:
                kills_at.pop(0)
                open_requests = [
                    r for r in run.control("GET", "requests?method=sendMessage") if r["status"] is None
                ]
                run.kill_bot()
                kill_times.append(time.time())
                in_flight_at_kills.append(len(open_requests))
                print(
                    f"[{label}] SIGKILL after {seen} sendMessage requests ({len(open_requests)} open)",
                    flush=True,
                )
                run.start_bot()
            status = run.query("SELECT status FROM broadcasts ORDER BY id DESC LIMIT 1")
            if not kills_at and status and status[0][0] == "done":
                break
            time.sleep(0.05)
        rows = run.query("SELECT chat_id, state FROM broadcast_recipients")
        log = run.control("GET", "requests?method=sendMessage")
    finally:
        run.cleanup()
    state_of = {int(chat): state for chat, state in rows}
    stored = [r for r in log if r["status"] == 200]  # the fake stored the message: the chat has it
    received = Counter(int(r["params"]["chat_id"]) for r in stored)
    states = Counter(state_of.values())
    times = sorted(r["time"] for r in stored)
    gaps = sum(
        next((t for t in times if t > k), k) - max((t for t in times if t <= k), default=k)
        for k in kill_times
    )
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    figures = {
        "recipients": len(state_of),
        **{state: states.get(state, 0) for state in FINAL_STATES},
        "left pending/sending": states.get("pending", 0) + states.get("sending", 0),
        "duplicates received": sum(n - 1 for n in received.values() if n > 1),
        "chats received twice": sum(1 for n in received.values() if n > 1),
        "missed but recorded sent": sum(1 for c, s in state_of.items() if s == "sent" and c not in received),
        "received, recorded unknown": sum(1 for c, s in state_of.items() if s == "unknown" and c in received),
        "received, recorded failed": sum(1 for c, s in state_of.items() if s == "failed" and c in received),
        "never received (not blocked)": sum(1 for c in chats if c not in received and c not in blocked),
        "cut after storing (drop_after)": len(cut),
        "cut chats received twice": sum(1 for c in cut if received[c] > 1),
        "html 502 chats": len(pages),
        "kills": len(kill_times),
        "open at the kills (fake)": sum(in_flight_at_kills),
        "http 429 (injected)": f"{sum(1 for r in log if r['status'] == 429)} ({injected})",
        "busiest 1 s window": busiest_second(times),
        "sustained rate /s": round((len(times) - 1) / (span - gaps), 2) if span > gaps else 0.0,
        "wall clock s": round(time.monotonic() - started, 1),
    }
    shutil.rmtree(tmp, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readers", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.3, help="seconds the fake takes for every method")
    parser.add_argument("--kills", type=int, default=3, help="SIGKILLs of the bot, evenly over the run")
    parser.add_argument("--rate-limit", type=int, default=30, help="the fake's sends per second")
    parser.add_argument(
        "--drop-after", type=int, default=10, help="chats whose connection is cut after storing"
    )
    parser.add_argument("--html", type=int, default=3, help="chats answered with a proxy's HTML 502")
    parser.add_argument("--blocked", type=int, default=5, help="readers who blocked the bot (403)")
    parser.add_argument("--compare", default="843791e", help="a revision to run side by side ('none': skip)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before one run gives up")
    args = parser.parse_args()
    scenario = Scenario(
        args.readers,
        args.latency,
        args.kills,
        args.rate_limit,
        args.drop_after,
        args.html,
        args.blocked,
        args.timeout,
    )
    results = {"this tree": run_scenario("current", ROOT, scenario)}
    if args.compare != "none":
        with tempfile.TemporaryDirectory(prefix="tipline-bench-previous-") as previous:
            code = export(args.compare, Path(previous))
            results[args.compare] = run_scenario(args.compare, code, scenario)
    print(json.dumps({"scenario": scenario.__dict__, "results": results}, indent=2))
    names = list(results)
    width = max(len(k) for k in results[names[0]])
    print(f"\n{'':{width}}  " + "  ".join(f"{n:>12}" for n in names))
    for key in results[names[0]]:
        print(f"{key:{width}}  " + "  ".join(f"{results[n][key]!s:>12}" for n in names))


if __name__ == "__main__":
    main()
