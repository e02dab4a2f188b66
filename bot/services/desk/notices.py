"""What readers get from the desk: the verdict that answers their tip, and corrections of verdicts they
received. Each notice is recorded once (a unique key) before it is sent; these return the notices to
send, and the Telegram side sends them (bot/telegram/desk.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Notice, Verdict
from bot.db.notices import (
    NoticeKind,
    add_notices,
    add_status_notices,
    noticed_chats,
    status_readers,
    verdict_readers,
)
from bot.db.tips import answer_tip_requests, tip_readers
from bot.services.knowledge_base import KnowledgeBase
from knowledge.statuses import TipProgress


@dataclass
class Recipient:
    chat_id: int
    lang: str
    tip_id: int | None = None


@dataclass
class Notices:
    """Notices recorded and still to send, all of one verdict."""

    verdict: Verdict | None = None
    kind: NoticeKind = NoticeKind.VERDICT
    rows: list[Notice] = field(default_factory=list)


def _once_per_chat(recipients: list[Recipient]) -> list[Recipient]:
    return list({r.chat_id: r for r in recipients}.values())


async def cluster_notices(
    session: AsyncSession, kb: KnowledgeBase, tip_id: int, verdict_id: int, commit: bool = True
) -> Notices:
    """The verdict for every reader who sent a tip of the cluster, once each, in their language;
    without `commit`, flushed for the unit of work that sends them to commit with its messages."""
    rows = await tip_readers(session, tip_id)
    await answer_tip_requests(session, tip_id, verdict_id)
    await (session.commit() if commit else session.flush())
    targets = _once_per_chat([Recipient(row.chat_id, row.language, tip_id) for row in rows])
    return await _record(session, kb, verdict_id, targets, NoticeKind.VERDICT, 0, commit)


async def verdict_recipients(session: AsyncSession, verdict_id: int) -> list[Recipient]:
    """Readers who received a verdict: by matching, by their own choice, or from the desk."""
    rows = await verdict_readers(session, verdict_id)
    return _once_per_chat([Recipient(row.chat_id, row.language) for row in rows])


async def correction_notices(
    session: AsyncSession, kb: KnowledgeBase, verdict_id: int, revision: int
) -> Notices:
    targets = await verdict_recipients(session, verdict_id)
    return await _record(session, kb, verdict_id, targets, NoticeKind.CORRECTION, revision)


async def _record(
    session: AsyncSession,
    kb: KnowledgeBase,
    verdict_id: int,
    targets: list[Recipient],
    kind: NoticeKind,
    revision: int,
    commit: bool = True,
) -> Notices:
    """Record a notice per reader not noticed yet, and commit them (else flush them)."""
    if not targets:
        return Notices(kind=kind)
    done = await noticed_chats(session, verdict_id, kind, revision)
    if kind == NoticeKind.VERDICT:
        done |= {r.chat_id for r in await verdict_recipients(session, verdict_id)}
    notices = [
        Notice(
            verdict_id=verdict_id,
            chat_id=r.chat_id,
            kind=kind,
            revision=revision,
            lang=r.lang,
            tip_id=r.tip_id,
        )
        for r in targets
        if r.chat_id not in done
    ]
    add_notices(session, notices)
    await (session.commit() if commit else session.flush())
    verdict = (await kb.verdicts([verdict_id]))[verdict_id]
    return Notices(verdict, kind, notices)


async def status_recipients(session: AsyncSession, tip_id: int, kind: TipProgress) -> list[Recipient]:
    """The tip's readers to tell `kind`, recorded in the session (committed with the messages that tell
    them, so each is told once)."""
    targets = [
        Recipient(row.chat_id, row.language, tip_id) for row in await status_readers(session, tip_id, kind)
    ]
    add_status_notices(session, tip_id, kind, [r.chat_id for r in targets])
    return targets
