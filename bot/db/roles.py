"""The queries of staff roles (the `roles` table: editors and checkers) and of blocked readers
(`blocked_readers`). The caller owns the session and commits."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import BlockedReader, Reader, StaffRole, utcnow


async def staff_role(session: AsyncSession, user_id: int) -> str | None:
    """The role granted to `user_id` in the table, if any."""
    return await session.scalar(select(StaffRole.role).where(StaffRole.user_id == user_id))


async def set_staff_role(session: AsyncSession, user_id: int, role: str, by: int) -> str | None:
    """Give `user_id` the role; returns the role they had before."""
    row = await session.get(StaffRole, user_id)
    before = row.role if row else None
    if row is None:
        session.add(StaffRole(user_id=user_id, role=role, granted_by=by))
    else:
        row.role, row.granted_by, row.granted_at = role, by, utcnow()
    return before


async def delete_staff_role(session: AsyncSession, user_id: int) -> str | None:
    """Take the role away; returns the role they had."""
    before = await staff_role(session, user_id)
    await session.execute(delete(StaffRole).where(StaffRole.user_id == user_id))
    return before


async def staff_roles(session: AsyncSession) -> list[StaffRole]:
    """Every granted role, by role and then user."""
    rows = await session.scalars(select(StaffRole).order_by(StaffRole.role, StaffRole.user_id))
    return list(rows.all())


async def blocked_reader(session: AsyncSession, chat_id: int) -> BlockedReader | None:
    return await session.get(BlockedReader, chat_id)


async def add_block(session: AsyncSession, reader: Reader, by: int, reason: str | None) -> bool:
    """Block the reader's chat; False when it was blocked already (then the session is rolled back)."""
    if await blocked_reader(session, reader.chat_id) is not None:
        return False
    session.add(BlockedReader(chat_id=reader.chat_id, reader_number=reader.id, blocked_by=by, reason=reason))
    try:
        await session.flush()
    except IntegrityError:
        await session.rollback()
        return False
    return True


async def remove_blocks(session: AsyncSession, number: int) -> int:
    """Unblock by the reader number the block was made with, or the reader's current number; returns
    how many blocks went."""
    reader = await session.get(Reader, number)
    condition = BlockedReader.reader_number == number
    if reader is not None:
        condition = condition | (BlockedReader.chat_id == reader.chat_id)
    result = await session.execute(delete(BlockedReader).where(condition))
    return result.rowcount or 0


async def blocked_readers(session: AsyncSession) -> list[BlockedReader]:
    """Every block, oldest first."""
    rows = await session.scalars(select(BlockedReader).order_by(BlockedReader.created_at))
    return list(rows.all())
