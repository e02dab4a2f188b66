"""Abuse resistance: per-reader limits, blocked readers, and who sent a tip (for the checkers' cards).

Limits (`TIPLINE_READER_BURST` messages within `TIPLINE_READER_BURST_WINDOW` seconds, and
`TIPLINE_READER_DAILY_CAP` within 24 hours) are checked by `SafetyMiddleware` (bot/telegram/safety.py, with
the blocks) after a router's filters chose a handler and before the handler runs, so an over-limit message
costs one counter update and never reaches the matcher or the database. The counters live in Redis when
`TIPLINE_REDIS_URL` is set (shared by every replica, one atomic script call per message), else in the
process.

`/mydata`, `/forget` and its confirmation buttons bypass all of this (ALWAYS_ALLOWED_COMMANDS).

A flood keeps its reader limited: every message over the burst limit restarts the window, so the
limited stretch ends only after the reader has been quiet for a whole window. The polite notice is
sent once per stretch: for the first message over the limit (the counter reaching limit + 1).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import BlockedReader, Reader
from bot.db.privacy import reader_by_id, tip_senders
from bot.db.roles import add_block, blocked_reader, blocked_readers, remove_blocks

log = logging.getLogger(__name__)

DAY = 86400
ALWAYS_ALLOWED_COMMANDS = ("/mydata", "/forget")
"""Privacy rights do not depend on behaviour: these commands and the /forget buttons are never limited,
never counted toward a limit, and work for blocked readers."""


class LimitNotice(StrEnum):
    """Which limit a reader went over; the notice they get is the string `limit-<value>`."""

    BURST = "burst"
    DAILY = "daily"


@dataclass(frozen=True)
class LimitCheck:
    allowed: bool
    notice: LimitNotice | None = None
    """The limit, for the first message over it in a limited stretch, else None."""


ALLOWED = LimitCheck(True)


class Limits(Protocol):
    async def hit(self, key: str) -> LimitCheck: ...

    async def close(self) -> None: ...


class MemoryLimits:
    """Counters in this process (one replica). `clock` is injectable for tests."""

    def __init__(
        self, burst: int, window: int, daily: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.burst, self.window, self.daily, self.clock = burst, window, daily, clock
        self._burst: dict[str, list[float]] = {}  # key -> [expires_at, count]
        self._daily: dict[str, list[float]] = {}

    @staticmethod
    def _live(table: dict[str, list[float]], key: str, now: float) -> list[float] | None:
        entry = table.get(key)
        if entry is not None and entry[0] <= now:
            del table[key]
            return None
        return entry

    async def hit(self, key: str) -> LimitCheck:
        now = self.clock()
        if len(self._burst) > 100_000:  # forget idle readers now and then
            for stale in [k for k, v in self._burst.items() if v[0] <= now]:
                del self._burst[stale]
            for stale in [k for k, v in self._daily.items() if v[0] <= now]:
                del self._daily[stale]
        day = self._live(self._daily, key, now)
        if self.daily and day is not None and day[1] >= self.daily:
            day[1] += 1
            return LimitCheck(False, LimitNotice.DAILY if day[1] == self.daily + 1 else None)
        if self.burst:
            entry = self._live(self._burst, key, now)
            if entry is None:
                entry = self._burst[key] = [now + self.window, 0]
            entry[1] += 1
            if entry[1] > self.burst:
                entry[0] = now + self.window
                return LimitCheck(False, LimitNotice.BURST if entry[1] == self.burst + 1 else None)
        if self.daily:
            if day is None:
                day = self._daily[key] = [now + DAY, 0]
            day[1] += 1
        return ALLOWED

    async def close(self) -> None:
        pass


HIT_SCRIPT = """
local burst, window, cap, day = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if cap > 0 then
  local d = tonumber(redis.call('GET', KEYS[2]) or '0')
  if d >= cap then
    d = redis.call('INCR', KEYS[2])
    if d == cap + 1 then return {0, 2} end
    return {0, 0}
  end
end
if burst > 0 then
  local b = redis.call('INCR', KEYS[1])
  if b == 1 or b > burst then redis.call('EXPIRE', KEYS[1], window) end
  if b > burst then
    if b == burst + 1 then return {0, 1} end
    return {0, 0}
  end
end
if cap > 0 then
  if redis.call('INCR', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], day) end
end
return {1, 0}
"""


class RedisLimits:
    """The same counters in Redis, shared by every replica; one script call per message."""

    def __init__(self, url: str, burst: int, window: int, daily: int, prefix: str = "tipline:limits") -> None:
        from redis.asyncio import Redis

        self.client = Redis.from_url(url)
        self.script = self.client.register_script(HIT_SCRIPT)
        self.burst, self.window, self.daily, self.prefix = burst, window, daily, prefix

    async def hit(self, key: str) -> LimitCheck:
        keys = [f"{self.prefix}:burst:{key}", f"{self.prefix}:day:{key}"]
        try:
            allowed, notice = await self.script(keys=keys, args=[self.burst, self.window, self.daily, DAY])
        except Exception:
            log.exception("reader limits unavailable (Redis); letting the message through")
            return ALLOWED
        return LimitCheck(bool(allowed), {1: LimitNotice.BURST, 2: LimitNotice.DAILY}.get(int(notice)))

    async def close(self) -> None:
        await self.client.aclose()


def create_limits(settings: Any) -> Limits:
    args = (settings.reader_burst, settings.reader_burst_window, settings.reader_daily_cap)
    if settings.redis_url:
        return RedisLimits(settings.redis_url, *args)
    return MemoryLimits(*args)


class Blocks:
    """Readers blocked by an admin, stored in `blocked_readers` (keyed by their private chat id)."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def is_blocked(self, chat_id: int) -> bool:
        async with self.sessionmaker() as session:
            return await blocked_reader(session, chat_id) is not None

    async def reader(self, number: int) -> Reader | None:
        async with self.sessionmaker() as session:
            return await reader_by_id(session, number)

    async def block(self, reader: Reader, by: int, reason: str | None) -> bool:
        """Returns False when the reader was blocked already."""
        async with self.sessionmaker() as session:
            if not await add_block(session, reader, by, reason):
                return False
            await session.commit()
            return True

    async def unblock(self, number: int) -> bool:
        """Unblock by the reader number the block was made with (or the reader's current number)."""
        async with self.sessionmaker() as session:
            removed = await remove_blocks(session, number)
            await session.commit()
            return bool(removed)

    async def all(self) -> list[BlockedReader]:
        async with self.sessionmaker() as session:
            return await blocked_readers(session)


@dataclass
class Safety:
    limits: Limits
    blocks: Blocks

    async def close(self) -> None:
        await self.limits.close()


async def senders(session: AsyncSession, tip_id: int, limit: int = 5) -> list[Reader]:
    """The readers who sent a tip, lowest reader numbers (first contact) first, at most `limit`."""
    return await tip_senders(session, tip_id, limit)


class TelegramUser(Protocol):
    """What `display_name` reads of a Telegram user."""

    @property
    def full_name(self) -> str: ...

    @property
    def username(self) -> str | None: ...


def display_name(user: TelegramUser | None) -> tuple[str | None, str | None]:
    """The name and username a reader's row keeps (with TIPLINE_SHOW_READER_IDENTITY)."""
    if user is None:
        return None, None
    return user.full_name[:200] or None, (user.username or None)


async def senders_line(
    t: Any, sessionmaker: async_sessionmaker[AsyncSession], tip_id: int, identity: bool, limit: int = 5
) -> str | None:
    """The card's "sent by" line: reader numbers (R17), with names only when `identity` is on. It opens
    its own session: cards are rendered by the outbox sender, after the update's unit has committed."""
    async with sessionmaker() as session:
        readers = await senders(session, tip_id, limit + 1)
    if not readers:
        return None
    labels = []
    for reader in readers[:limit]:
        label = f"R{reader.id}"
        if identity:
            who = " ".join(
                part for part in (reader.name, f"@{reader.username}" if reader.username else None) if part
            )
            label = f"{label} {who}" if who else label
        labels.append(label)
    if len(readers) > limit:
        labels.append("…")
    return t("desk-card-readers", readers=", ".join(labels))
