"""A broadcast from draft to end: the verdicts it carries, confirming it (one recipient per reader in the
audience), cancelling it, and how far its delivery got."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import broadcasts as db
from bot.db.models import Broadcast, Verdict, utcnow
from bot.settings import Settings
from knowledge.statuses import MessageState

MAX_VERDICTS = 10
STATES = frozenset(MessageState)


def fallback_language(settings: Settings) -> str:
    """The language of a broadcast for readers whose own is not one of the eight."""
    return settings.broadcast_language or settings.default_language


@dataclass
class RecipientCounts:
    """A broadcast's recipients per state (knowledge.statuses.MessageState)."""

    total: int = 0
    pending: int = 0
    sending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    unknown: int = 0
    """The request may have reached Telegram (in flight at a crash, or cut after it left): not resent."""

    @property
    def remaining(self) -> int:
        return self.pending + self.sending


async def resolve_verdicts(session: AsyncSession, refs: Iterable[str]) -> tuple[list[Verdict], list[str]]:
    """Verdicts named by external id or numeric id, in the order given; and the refs not found."""
    found: list[Verdict] = []
    missing: list[str] = []
    for ref in refs:
        verdict = await db.verdict_by_ref(session, ref)
        if verdict is None:
            missing.append(ref)
        elif all(v.id != verdict.id for v in found):
            found.append(verdict)
    return found, missing


async def load_verdicts(sessionmaker: async_sessionmaker, ids: Sequence[int]) -> list[Verdict]:
    async with sessionmaker() as session:
        return await db.verdicts_with_ids(session, ids)


async def create_draft(session: AsyncSession, editor_id: int, verdict_ids: Sequence[int]) -> Broadcast:
    """A draft with its id (flushed); the caller commits."""
    if not verdict_ids or len(verdict_ids) > MAX_VERDICTS:
        raise ValueError(f"a broadcast has 1 to {MAX_VERDICTS} verdicts")
    broadcast = db.add_draft(session, editor_id, verdict_ids)
    await session.flush()
    return broadcast


async def start_broadcast(
    sessionmaker: async_sessionmaker,
    broadcast_id: int,
    default_language: str,
    progress_chat_id: int | None = None,
    progress_message_id: int | None = None,
) -> int | None:
    """Draft -> sending: one `pending` recipient per subscribed, active reader, in one transaction.
    Returns the number of recipients, or None when the broadcast was not a draft (confirmed twice).
    It opens and commits its own transaction: the editor's handler wakes the broadcast engine right after,
    and the engine must find the recipients already committed."""
    async with sessionmaker() as session:
        now = utcnow()
        if not await db.mark_sending(session, broadcast_id, now, progress_chat_id, progress_message_id):
            await session.rollback()
            return None
        total = await db.add_recipients(session, broadcast_id, default_language, now)
        if not total:
            await db.mark_done(session, broadcast_id, now)
        await session.commit()
        return total


async def cancel_broadcast(session: AsyncSession, broadcast_id: int) -> bool:
    """A draft or a broadcast being sent is cancelled; recipients not yet sent to stay `pending`.
    The caller commits."""
    return await db.mark_cancelled(session, broadcast_id, utcnow())


async def recipient_counts(sessionmaker: async_sessionmaker, broadcast_id: int) -> RecipientCounts:
    async with sessionmaker() as session:
        rows = await db.state_counts(session, broadcast_id)
    result = RecipientCounts()
    for state, n in rows:
        if state in STATES:
            setattr(result, state, n)
        result.total += n
    return result


async def list_broadcasts(session: AsyncSession, broadcast_id: int | None = None) -> list[Broadcast]:
    """One broadcast, or all of them when `broadcast_id` is None; oldest first."""
    return await db.find_broadcasts(session, broadcast_id)
