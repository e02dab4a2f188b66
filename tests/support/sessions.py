"""Calling a use case that takes a session from a test, as a handler's unit of work or a CLI command would."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker


async def committed(
    sessionmaker: async_sessionmaker, use_case: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any
) -> Any:
    """`use_case(session, *args, **kwargs)` in a session of its own, committed."""
    async with sessionmaker() as session:
        result = await use_case(session, *args, **kwargs)
        await session.commit()
        return result
