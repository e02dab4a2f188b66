"""Work the bot repeats in the background while it runs: each turn is finished before it stops, so a
shutdown never cancels a query half-way (aiosqlite and asyncpg then log a failed reset of the
connection)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


async def pause(stopping: asyncio.Event, seconds: float) -> bool:
    """Wait `seconds` or until `stopping` is set; True when it is."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), seconds)
    return stopping.is_set()


async def repeat(
    work: Callable[[], Awaitable[object]],
    every: float,
    stopping: asyncio.Event,
    *,
    what: str,
    at_once: bool = False,
) -> None:
    """Run `work` every `every` seconds until `stopping` is set (first at once, or after one wait); a
    failed turn is logged and the next one comes as usual."""
    if not at_once and await pause(stopping, every):
        return
    while not stopping.is_set():
        try:
            await work()
        except Exception:
            log.exception("%s failed; trying again in %.0fs", what, every)
        if await pause(stopping, every):
            return
