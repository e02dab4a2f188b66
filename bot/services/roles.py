"""Staff roles (admin > editor > checker), looked up on the server side for every command and callback.
The aiogram filters that ask them are in bot/telegram/filters.py."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import StaffRole
from bot.db.roles import delete_staff_role, set_staff_role, staff_role, staff_roles


class Role(StrEnum):
    CHECKER = "checker"
    EDITOR = "editor"
    ADMIN = "admin"


RANKS = {Role.CHECKER: 1, Role.EDITOR: 2, Role.ADMIN: 3}
GRANTABLE = (Role.CHECKER, Role.EDITOR)


class Roles:
    """Admins come from TIPLINE_ADMIN_IDS; editors and checkers from the `roles` table."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], admin_ids: frozenset[int]):
        self.sessionmaker = sessionmaker
        self.admin_ids = admin_ids

    async def role_of(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        if user_id in self.admin_ids:
            return Role.ADMIN
        async with self.sessionmaker() as session:
            return await staff_role(session, user_id)

    async def grant(self, user_id: int, role: str, by: int) -> str | None:
        """Give `user_id` the role; returns the role they had before."""
        if role not in GRANTABLE:
            raise ValueError(role)
        async with self.sessionmaker() as session:
            before = await set_staff_role(session, user_id, role, by)
            await session.commit()
            return before

    async def revoke(self, user_id: int) -> str | None:
        """Take the role away; returns the role they had. A desk dialog they have open ends at its next
        step, which the role no longer passes (handlers/checker.py, create_denied_router)."""
        async with self.sessionmaker() as session:
            before = await delete_staff_role(session, user_id)
            await session.commit()
            return before

    async def all(self) -> list[StaffRole]:
        async with self.sessionmaker() as session:
            return await staff_roles(session)
