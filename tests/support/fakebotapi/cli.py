"""The standalone server: ``python -m tests.support.fakebotapi``."""

from __future__ import annotations

import argparse
import asyncio

from tests.support.fakebotapi.protocol import BOT_USERNAME, DEFAULT_TOKEN
from tests.support.fakebotapi.server import FakeBotAPI


async def _serve(args: argparse.Namespace) -> None:
    api = FakeBotAPI(args.token, host=args.host, port=args.port, bot_username=args.username)
    if args.rate_limit:
        api.rate_limit(args.rate_limit, args.rate_limit_per_chat)
    api.latency = args.latency
    await api.start()
    print(
        f"FakeBotAPI listening on {api.base_url} (token {api.token}); control API at {api.base_url}/_fake/",
        flush=True,
    )
    try:
        await asyncio.Event().wait()
    finally:
        await api.close()


def main(argv: list[str] | None = None) -> None:
    from tests.support import fakebotapi

    parser = argparse.ArgumentParser(
        prog="python -m tests.support.fakebotapi", description=fakebotapi.__doc__.split("\n")[0]
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--username", default=BOT_USERNAME)
    parser.add_argument("--rate-limit", type=int, default=0, help="sends per second (0: unlimited)")
    parser.add_argument("--rate-limit-per-chat", type=int, default=None)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every method")
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve(args))
    except KeyboardInterrupt:
        pass
