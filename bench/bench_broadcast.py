"""Broadcast benchmark: 10,000 subscribers, the real bot process, a crash at half way.

    python bench/bench_broadcast.py [--readers 10000] [--rate-limit 30] [--timeout 900]

What it does:

1. A fresh SQLite database (`tipline db upgrade`, `tipline kb import tests/data/small_kb.jsonl`) and
   N subscribed readers inserted directly (languages spread over the eight and one unsupported
   language, which falls back to the default); a few of them have blocked the bot.
2. The standalone fake Bot API (`python -m tests.fakebotapi --rate-limit 30`): 429 with
   retry_after beyond 30 sends in any one-second window, plus 429s injected through its control
   endpoint at a few points of the run (`/_fake/fail_next`).
3. The real bot (`python -m bot run`), and a broadcast of two verdicts started with the CLI
   (`tipline broadcast start t-ru-water t-en-bridge --yes`); the running bot picks it up.
4. At half way (N/2 sendMessage requests seen by the fake) the bot is SIGKILLed, then started again;
   it resumes the broadcast on its own.
5. When the broadcast is done, the fake's request log gives the figures: successful sends per
   chat (duplicates: a chat that got the broadcast twice; misses: a subscriber who never got it), the
   sustained rate (successful sends over the time from the first to the last, minus the restart
   gap), the busiest one-second window, and the 429s.

It bounds its own runtime (--timeout) and kills its subprocesses whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:TEST-token-ABCdef"
LANGS = ("ru", "en", "kk", "uz", "ky", "tg", "az", "tr", "de")
VERDICTS = ("t-ru-water", "t-en-bridge")
INJECT_429_AT = (0.1, 0.3, 0.65, 0.8, 0.95)  # fractions of the run at which one 429 is injected
BLOCKED = 10


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Run:
    def __init__(self, tmp: Path, port: int, deadline: float):
        self.tmp = tmp
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.deadline = deadline
        self.db_path = tmp / "tipline.db"
        self.procs: list[subprocess.Popen] = []
        self.bot: subprocess.Popen | None = None

    # -- processes

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
        env.update(
            TIPLINE_BOT_TOKEN=TOKEN,
            TIPLINE_API_BASE=self.base,
            TIPLINE_DATABASE_URL=f"sqlite+aiosqlite:///{self.db_path}",
            TIPLINE_SEMANTIC="false",
            TIPLINE_LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
            PYTHONPATH=str(ROOT),
        )
        return env

    def cli(self, *args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=self.tmp,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if proc.returncode != 0:
            raise SystemExit(f"tipline {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc.stdout

    def start_fake(self, rate_limit: int) -> None:
        log = (self.tmp / "fake.log").open("a")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.fakebotapi",
                "--port",
                str(self.port),
                "--rate-limit",
                str(rate_limit),
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
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
            raise SystemExit("the benchmark ran out of time (--timeout)")
        if self.bot is not None and self.bot.poll() is not None and self.bot.returncode != -signal.SIGKILL:
            raise SystemExit(f"the bot exited with {self.bot.returncode}; see {self.tmp / 'bot.log'}")

    # -- the fake's control API

    def control(self, http: str, path: str, body: dict | None = None) -> object:
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


def add_readers(run: Run, count: int) -> list[int]:
    chats = [10_000_000 + i for i in range(count)]
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    with contextlib.closing(sqlite3.connect(run.db_path)) as db:
        db.executemany(
            "INSERT INTO readers (chat_id, user_id, language, language_chosen, subscribed, active,"
            " created_at, last_seen_at) VALUES (?, ?, ?, 1, 1, 1, ?, ?)",
            [(c, c, LANGS[i % len(LANGS)], now, now) for i, c in enumerate(chats)],
        )
        db.commit()
    return chats


def busiest_second(times: list[float]) -> int:
    best, j = 0, 0
    for i, t in enumerate(times):
        while times[j] <= t - 1.0:
            j += 1
        best = max(best, i - j + 1)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--rate-limit", type=int, default=30, help="the fake's sends per second")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before the benchmark gives up")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="tipline-bench-broadcast-"))
    run = Run(tmp, free_port(), started + args.timeout)
    try:
        run.cli("db", "upgrade")
        run.cli("kb", "import", str(ROOT / "tests" / "data" / "small_kb.jsonl"))
        chats = add_readers(run, args.readers)
        blocked = set(chats[7 :: max(1, len(chats) // BLOCKED)][:BLOCKED])
        run.start_fake(args.rate_limit)
        run.control("POST", "block", {"chat_ids": sorted(blocked)})
        run.start_bot()
        while not run.control("GET", "state")["requests"].get("getUpdates"):
            run.check_time()
            time.sleep(0.1)
        print(run.cli("broadcast", "start", *VERDICTS, "--yes").strip(), flush=True)
        half = args.readers // 2
        injections = [int(f * args.readers) for f in INJECT_429_AT]
        injected = 0
        killed_at = None
        while True:
            run.check_time()
            seen = run.sends_seen()
            while injections and seen >= injections[0]:
                injections.pop(0)
                run.control("POST", "fail_next", {"method": "sendMessage", "status": 429, "retry_after": 1})
                injected += 1
            if killed_at is None and seen >= half:
                run.kill_bot()
                killed_at = time.time()
                print(f"SIGKILLed the bot after {seen} sendMessage requests; restarting", flush=True)
                run.start_bot()
            status = run.query("SELECT status FROM broadcasts ORDER BY id DESC LIMIT 1")
            if killed_at is not None and status and status[0][0] == "done":
                break
            time.sleep(0.1)
        states = dict(run.query("SELECT state, count(*) FROM broadcast_recipients GROUP BY state"))
        unconfirmed = run.query(
            "SELECT count(*) FROM broadcast_recipients WHERE state = 'sent' AND sent_message_id IS NULL"
        )[0][0]
        log = run.control("GET", "requests?method=sendMessage")
    finally:
        run.cleanup()
    ok = [r for r in log if r["status"] == 200]
    per_chat = Counter(int(r["params"]["chat_id"]) for r in ok)
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    misses = sorted(c for c in chats if c not in blocked and c not in per_chat)
    limited = [r for r in log if r["status"] == 429]
    times = sorted(r["time"] for r in ok)
    before = [t for t in times if t <= killed_at]
    after = [t for t in times if t > killed_at]
    gap = (after[0] - before[-1]) if before and after else 0.0
    span = times[-1] - times[0]
    rate = (len(times) - 1) / (span - gap)
    figures = {
        "readers": args.readers,
        "blocked_readers": len(blocked),
        "sent_ok": len(ok),
        "duplicates": duplicates,
        "misses": len(misses),
        "sustained_rate_per_s": round(rate, 2),
        "rate_including_restart_per_s": round((len(times) - 1) / span, 2),
        "busiest_1s_window": busiest_second(times),
        "restart_gap_s": round(gap, 2),
        "send_span_s": round(span, 1),
        "http_429": len(limited),
        "http_429_injected": injected,
        "http_403": sum(1 for r in log if r["status"] == 403),
        "recipient_states": states,
        "unconfirmed_after_crash": unconfirmed,
        "wall_clock_s": round(time.monotonic() - started, 1),
    }
    print(json.dumps(figures, indent=2))
    if misses:
        print(f"missed chats (first 20): {misses[:20]}")
    if args.keep:
        (tmp / "sends.json").write_text(
            json.dumps(
                [
                    {"time": r["time"], "status": r["status"], "chat_id": r["params"].get("chat_id")}
                    for r in log
                ]
            )
        )
        print(f"logs, database and the send log (sends.json) in {tmp}")
    else:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
