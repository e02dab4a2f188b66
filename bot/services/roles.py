"""Staff roles (admin > editor > checker), looked up on the server side for every command and callback."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject, User
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.db.models import StaffRole, utcnow

log = logging.getLogger(__name__)

RANKS = {"checker": 1, "editor": 2, "admin": 3}
GRANTABLE = ("checker", "editor")


class Roles:
    """Admins come from TIPLINE_ADMIN_IDS; editors and checkers from the `roles` table."""

    def __init__(self, sessionmaker: async_sessionmaker, admin_ids: frozenset[int]):
        self.sessionmaker = sessionmaker
        self.admin_ids = admin_ids

    async def role_of(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        if user_id in self.admin_ids:
            return "admin"
        async with self.sessionmaker() as session:
            return await session.scalar(select(StaffRole.role).where(StaffRole.user_id == user_id))

    async def grant(self, user_id: int, role: str, by: int) -> str | None:
        """Give `user_id` the role; returns the role they had before."""
        if role not in GRANTABLE:
            raise ValueError(role)
        async with self.sessionmaker() as session:
            row = await session.get(StaffRole, user_id)
            before = row.role if row else None
            if row is None:
                session.add(StaffRole(user_id=user_id, role=role, granted_by=by))
            else:
                row.role, row.granted_by, row.granted_at = role, by, utcnow()
            await session.commit()
            return before

    async def revoke(self, user_id: int) -> str | None:
        """Take the role away; returns the role they had. A desk dialog they have open ends at its next
        step, which the role no longer passes (handlers/checker.py, create_denied_router)."""
        async with self.sessionmaker() as session:
            before = await session.scalar(select(StaffRole.role).where(StaffRole.user_id == user_id))
            await session.execute(delete(StaffRole).where(StaffRole.user_id == user_id))
            await session.commit()
            return before

    async def all(self) -> list[StaffRole]:
        async with self.sessionmaker() as session:
            return list(
                (await session.scalars(select(StaffRole).order_by(StaffRole.role, StaffRole.user_id))).all()
            )


class HasRole(Filter):
    """Passes when the sender holds `minimum` or a higher role, and gives handlers `role`."""

    def __init__(self, minimum: str):
        self.minimum = minimum

    async def __call__(
        self, event: TelegramObject, roles: Roles, event_from_user: User | None = None, **_: Any
    ) -> bool | dict[str, Any]:
        role = await roles.role_of(event_from_user.id if event_from_user else None)
        if role is not None and RANKS[role] >= RANKS[self.minimum]:
            return {"role": role}
        return False


def describe(event: Message | CallbackQuery) -> str:
    """For the log: who tried what, where."""
    user = event.from_user
    if isinstance(event, CallbackQuery):
        chat = event.message.chat.id if event.message else None
        return f"callback {event.data!r} from user {user.id if user else None} in chat {chat}"
    return (
        f"command {(event.text or '')[:60]!r} from user {user.id if user else None} in chat {event.chat.id}"
    )


class CheckersChat(Filter):
    """Passes for messages and button presses in the checkers' chat (TIPLINE_CHECKERS_CHAT_ID)."""

    async def __call__(self, event: TelegramObject, settings: Any, event_chat: Any = None, **_: Any) -> bool:
        return (
            event_chat is not None
            and settings.checkers_chat_id is not None
            and (event_chat.id == settings.checkers_chat_id)
        )
