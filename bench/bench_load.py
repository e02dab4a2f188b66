"""Load benchmark: 1,000 readers forwarding 5 posts each, through the fake Bot API, to real bot processes.

    python bench/bench_load.py [--readers 1000] [--posts 5] [--rate 25] [--setups sqlite postgres]
        [--old-path] [--baseline DIR]

Setups:
  sqlite    one `tipline run` process polling the fake Bot API, on a SQLite file (the default install);
  postgres  two `tipline webhook` replicas on PostgreSQL and Redis, the fake Bot API spreading the
            webhook deliveries over them in turn, as a load balancer would.

Posts: 40% (--known) are claims of the sample knowledge base (answered with a verdict card), the others
unknown claims, all different (stored as tips, each announced to the checkers' chat). Semantic matching is
on (the default install). Posts arrive at --rate a second on average (Poisson arrivals; each reader's
posts in order); --rate 0 pushes all of them at once, which measures capacity rather than latency.

Figures per setup: tips per second (answered posts over the time from the first post to the last
answer), p50/p95/p99 of the time from a post reaching the fake Bot API to the bot's answer reaching it,
errors (webhook deliveries not answered 200, ERROR lines in the bot logs, readers who did not get exactly
one answer per post), and lost tips (posts without their stored request). Targets (issue 6): zero
errors, zero lost tips, p95 under 1 s.

--old-path runs each setup a second time on the old code path (TIPLINE_EMBED_OLD_PATH=1,
knowledge/embeddings.py: every call encoded on its own, not batched with the calls of concurrent posts,
and every queued tip embedded a second time, as a passage, for the desk's clustering) and prints both side
by side with the ratio of their tips per second. --baseline DIR runs each setup again with the bot
processes importing the code of DIR, a checkout of another commit (`git worktree add /tmp/before
<commit>`; its database schema must be this one's), and compares the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from bot.db.engine import create_engine  # noqa: E402
from bot.db.models import Request  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.telegram.runtime import open_services  # noqa: E402
from knowledge.verdicts import read_jsonl  # noqa: E402
from tests.support.databases import reset_database  # noqa: E402
from tests.support.e2e_support import distinct_claims  # noqa: E402
from tests.support.fakebotapi import FakeBotAPI  # noqa: E402
from tests.support.replica_stack import CHECKERS_CHAT, Stack, polling_bot, webhook_replicas  # noqa: E402

SAMPLE_KB = ROOT / "knowledge" / "sample" / "verdicts.jsonl"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def fresh_postgres(url: str) -> None:
    """An empty database at `url`, created when missing."""
    parsed = make_url(url)
    admin = create_async_engine(
        parsed.set(database="postgres").render_as_string(hide_password=False), isolation_level="AUTOCOMMIT"
    )
    async with admin.connect() as connection:
        exists = await connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        )
        if not exists:
            await connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    await admin.dispose()
    await reset_database(url)


async def flush_redis(url: str) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(url)
    await client.flushdb()
    await client.aclose()


async def prepare(database_url: str) -> list[str]:
    """Schema and the sample knowledge base; returns the claims readers will forward."""
    settings = load_settings(database_url=database_url, bot_token="123456:TEST-token", index_cache="off")
    async with open_services(settings) as services:
        with SAMPLE_KB.open(encoding="utf-8") as lines:
            records = list(read_jsonl(lines))
        await services.kb.import_records(records)
    return [record.claims[0].text for record in records]


def plan(
    readers: int, posts: int, known: list[str], known_share: float = 0.4, seed: int = 5
) -> list[tuple[int, str]]:
    """(chat id, text) in sending order: each reader's posts in order, readers interleaved."""
    rng = random.Random(seed)
    unknown = iter(distinct_claims(readers * posts, seed=seed))
    order = [chat for chat in range(100_001, 100_001 + readers) for _ in range(posts)]
    rng.shuffle(order)
    return [(chat, rng.choice(known) if rng.random() < known_share else next(unknown)) for chat in order]


async def drive(
    stack: Stack, posts: list[tuple[int, str]], per_reader: int, rate: float, wait: float
) -> dict:
    api = stack.api
    rng = random.Random(11)
    pushed: dict[int, list[float]] = defaultdict(list)
    began = time.time()
    due = time.monotonic()
    for chat, text_ in posts:
        if rate > 0:
            due += rng.expovariate(rate)
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
        pushed[chat].append(time.time())
        api.push_update(
            api.make_private_text(chat, text_, language_code=rng.choice(("ru", "kk", "en", "uz")))
        )
    deadline = time.monotonic() + wait
    chats = list(pushed)
    while time.monotonic() < deadline:
        answered = Counter(int(r.chat_id) for r in api.requests("sendMessage") if r.ok)
        if all(answered[chat] >= per_reader for chat in chats):
            break
        await asyncio.sleep(1)
    await asyncio.sleep(2)  # anything sent twice arrives now
    latencies, wrong = [], 0
    last_answer = began
    answer_times = defaultdict(list)
    for r in api.requests("sendMessage"):
        if r.ok:
            answer_times[int(r.chat_id)].append(r.time)
    for chat in chats:
        answers = sorted(answer_times[chat])
        if len(answers) != per_reader:
            wrong += 1
        for sent_at, answered_at in zip(pushed[chat], answers, strict=False):
            latencies.append(answered_at - sent_at)
        if answers:
            last_answer = max(last_answer, answers[-1])
    failed_deliveries = sum(1 for _, _, status in api.webhook_deliveries if status != 200)
    error_lines = [
        line for replica in stack.replicas for line in replica.output().splitlines() if " ERROR " in line
    ]
    errors_in_logs = len(error_lines)
    for line in error_lines[:3]:
        print("  log:", line[:1500])
    return {
        "posts": len(posts),
        "answered": len(latencies),
        "duration": last_answer - began,
        "latencies": latencies,
        "readers_not_answered_once_per_post": wrong,
        "webhook_deliveries_not_200": failed_deliveries,
        "error_lines_in_logs": errors_in_logs,
        "cards": len(api.sent_messages(CHECKERS_CHAT)),
    }


async def stored_requests(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.scalar(
                select(func.count()).select_from(Request).where(Request.chat_id > 100_000)
            )
    finally:
        await engine.dispose()


async def run_setup(name: str, args: argparse.Namespace, directory: Path, path: str = "new") -> dict:
    """One setup on this code path ("new"), the old one (--old-path) or another checkout's (--baseline)."""
    if name == "sqlite":
        database_url = f"sqlite+aiosqlite:///{directory / 'tipline.db'}"
    else:
        database_url = args.postgres_url
        await fresh_postgres(database_url)
        await flush_redis(args.redis_url)
    known = await prepare(database_url)
    posts = plan(args.readers, args.posts, known, args.known)
    settings = {"semantic": "true"}
    if path == "old":
        settings["embed_old_path"] = "1"
    with bot_code(args.baseline if path == "baseline" else None):
        async with FakeBotAPI() as api:
            if name == "sqlite":
                context = polling_bot(api, database_url, directory, **settings)
            else:
                context = webhook_replicas(
                    api, database_url, directory, count=args.replicas, redis_url=args.redis_url, **settings
                )
            async with context as stack:
                result = await drive(stack, posts, args.posts, args.rate, args.timeout)
    result["stored"] = await stored_requests(database_url)
    result["lost"] = result["posts"] - result["stored"]
    return result


def bot_code(checkout: Path | None) -> contextlib.AbstractContextManager:
    """The bot processes started inside import the code of `checkout` (another worktree of the
    repository, e.g. `git worktree add /tmp/before <commit>`) instead of this one."""
    if checkout is None:
        return contextlib.nullcontext()
    paths = filter(None, [str(checkout.resolve()), os.environ.get("PYTHONPATH")])
    return mock.patch.dict(os.environ, {"PYTHONPATH": os.pathsep.join(paths)})


def report(name: str, result: dict, args: argparse.Namespace) -> None:
    latencies = result["latencies"]
    errors = (
        result["readers_not_answered_once_per_post"]
        + result["webhook_deliveries_not_200"]
        + result["error_lines_in_logs"]
    )
    print(f"\n{name}: {args.readers} readers x {args.posts} posts, offered at {args.rate or 'once'} posts/s")
    print(f"  answered        {result['answered']} of {result['posts']} in {result['duration']:.1f} s")
    print(f"  tips per second {tips_per_second(result):.1f}")
    if latencies:
        p50, p95, p99 = (percentile(latencies, share) for share in (0.50, 0.95, 0.99))
        print(
            f"  post to answer  p50 {p50:.3f} s  p95 {p95:.3f} s  p99 {p99:.3f} s  max {max(latencies):.3f} s"
        )
    print(
        f"  errors          {errors} (readers without one answer per post: "
        f"{result['readers_not_answered_once_per_post']}, webhook deliveries not 200: "
        f"{result['webhook_deliveries_not_200']}, ERROR lines in logs: {result['error_lines_in_logs']})"
    )
    print(f"  lost tips       {result['lost']} (stored requests: {result['stored']})")
    print(f"  checker cards   {result['cards']}")


def tips_per_second(result: dict) -> float:
    return result["answered"] / max(result["duration"], 1e-9)


def compare(name: str, new: dict, old: dict, label: str) -> None:
    """Two code paths side by side."""
    rows = [("tips per second", tips_per_second(new), tips_per_second(old))]
    for figure, share in (("p50 s", 0.50), ("p95 s", 0.95)):
        if new["latencies"] and old["latencies"]:
            rows.append((figure, percentile(new["latencies"], share), percentile(old["latencies"], share)))
    print(f"\n{name}: this code path vs {label}")
    for figure, now, before in rows:
        print(f"  {figure:<16}{now:>9.3f} {before:>9.3f}   ratio {now / max(before, 1e-9):.2f}")


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--readers", type=int, default=1000)
    parser.add_argument("--posts", type=int, default=5)
    parser.add_argument("--known", type=float, default=0.4, help="share of posts the sample answers")
    parser.add_argument("--rate", type=float, default=25.0, help="posts a second offered; 0: all at once")
    parser.add_argument("--setups", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument(
        "--postgres-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/tipline_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds to wait for the answers")
    parser.add_argument(
        "--old-path",
        action="store_true",
        help="also run the old code path (two e5 calls a tip, unbatched) and compare",
    )
    parser.add_argument(
        "--baseline", type=Path, help="also run the bot from this checkout of another commit and compare"
    )
    args = parser.parse_args()
    paths = ["new"] + ["old"] * args.old_path + ["baseline"] * (args.baseline is not None)
    labels = {"old": "the old one (--old-path)", "baseline": f"the code of {args.baseline} (--baseline)"}
    for name in args.setups:
        results = {}
        for path in paths:
            with tempfile.TemporaryDirectory(prefix=f"tipline-load-{name}-") as directory:
                results[path] = await run_setup(name, args, Path(directory), path)
            report(name if path == "new" else f"{name}, {labels[path]}", results[path], args)
        for path in paths[1:]:
            compare(name, results["new"], results[path], labels[path])


async def guarded() -> None:
    """main(), cancelled on SIGTERM or SIGINT so the bot processes it started are stopped."""
    import signal

    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, task.cancel)
    await main()


if __name__ == "__main__":
    asyncio.run(guarded())
