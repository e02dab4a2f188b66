"""The one pace of the whole bot's broadcast sends: a token bucket with a shared pause (a 429)."""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable


class Slot:
    """One granted send; `release()` when its answer (or error) is back."""

    __slots__ = ("answered_at", "clock")

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.answered_at: float | None = None
        self.clock = clock

    def release(self) -> None:
        if self.answered_at is None:
            self.answered_at = self.clock()


class RateLimiter:
    """A token bucket (`per_second`, holding at most `burst` tokens) with a shared pause.

    `acquire()` grants slots one at a time, in order, evenly spaced; `pause(seconds)` holds every
    caller until the pause is over (a 429's `retry_after` applies to the whole sender).

    Even spacing alone does not keep Telegram's count per second: requests reach the server with
    varying delays (a new connection, a slow commit), and at 29/s two arrivals 34 ms late or early
    make 31 in a second. So a slot is also held until the answer to the request `window` slots
    before it came back at least a second ago: then that request had arrived, and at most
    `window` (floor(per_second) + 1, i.e. 30 at 29/s) can arrive in any one second. It costs
    nothing while answers take less than 1/per_second."""

    def __init__(
        self,
        per_second: float,
        burst: int = 2,
        window: int | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ):
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.interval = 1.0 / per_second
        self.burst = max(1, burst)
        self.window = window or math.floor(per_second) + 1
        self._slots: deque[Slot] = deque(maxlen=self.window)
        self._next = 0.0
        self._paused_until = 0.0
        self._lock = asyncio.Lock()
        self.clock = clock
        self._sleep = sleep

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self.clock() + seconds)

    async def acquire(self) -> Slot:
        async with self._lock:
            while True:
                now = self.clock()
                wait = max(self._paused_until, self._next) - now
                if len(self._slots) == self.window:
                    oldest = self._slots[0].answered_at
                    wait = max(wait, 0.005 if oldest is None else oldest + 1.0 - now)
                if wait <= 0:
                    break
                await self._sleep(wait)
            # up to `burst` slots may be taken back to back after an idle spell; with 2, a wake-up a
            # few ms late (the event loop is busy) does not push every later slot back
            self._next = max(self._next, now - (self.burst - 1) * self.interval) + self.interval
            slot = Slot(self.clock)
            self._slots.append(slot)
            return slot
