"""The pictures read after the reader's answer left (bot/services/posts.py stores them as `readings`),
and the voice notes and videos transcribed (bot/services/transcripts.py): their words join the tip, and
a verdict a picture's words match under the stricter rule for read words answers every reader of the
tip, by the desk's notices (sent by the caller in the same unit of work)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.evidence import learn_from_tip
from bot.db.models import Request, Tip, utcnow
from bot.db.readings import lease_readings, reading_by_id, reading_failed
from bot.services.desk.audit import Actor, AuditAction, record_action, tip_snapshot
from bot.services.desk.notices import Notices, cluster_notices
from bot.services.knowledge_base import KnowledgeBase
from bot.services.posts import assess
from knowledge.posts import Post, fingerprint
from knowledge.screenshots import ScreenText, WordsRead, read_decision, with_words_read
from knowledge.statuses import Action, ReadingKind, ReadingStatus, TipStatus

READING_ACTOR = Actor(0, "reading")
"""The author, in the audit log, of a tip answered by the words read from its picture."""
LEASE = dt.timedelta(minutes=2)
"""How long a worker holds a reading before another may take it (its process died)."""


@dataclass(frozen=True)
class Leased:
    """A reading a worker holds: what to download."""

    id: int
    file_unique_id: str
    file_id: str


@dataclass
class FollowUp:
    """What a reading changed: the tip whose card to redraw, the notices to send."""

    tip_id: int | None = None
    notices: Notices | None = None
    text: str = ""
    lang: str = ""


def _wants_words(tip: Tip | None) -> bool:
    """An open tip with no words read or heard yet (another reading of it may have given them)."""
    return tip is not None and tip.status == TipStatus.QUEUED and "read" not in (tip.payload or {})


async def lease(session: AsyncSession, kind: ReadingKind, limit: int) -> list[Leased]:
    """Pending readings of `kind` for this worker (the caller commits)."""
    held = await lease_readings(session, [kind], LEASE, limit)
    return [Leased(r.id, r.file_unique_id, r.file_id) for r in held]


async def settled(session: AsyncSession, reading_id: int) -> bool:
    """Whether the reading needs no reading: gone, done, or its tip closed or given words already (by
    another reader's reading of it: one reading per request, so one reader's /forget leaves the others').
    Such a pending reading is marked done; the caller commits."""
    reading = await reading_by_id(session, reading_id)
    if reading is None or reading.status != ReadingStatus.PENDING:
        return True
    tip = await session.get(Tip, reading.tip_id) if reading.tip_id else None
    if _wants_words(tip):
        return False
    reading.status, reading.read_at = ReadingStatus.DONE, utcnow()
    return True


async def failed(session: AsyncSession, reading_id: int, final: bool) -> None:
    """A try failed: tried again after its lease, or given up (`final`, or after the last try)."""
    reading = await reading_by_id(session, reading_id)
    if reading is None:
        return
    if final:
        reading.status = ReadingStatus.FAILED
    else:
        reading_failed(reading)


async def read_done(session: AsyncSession, kb: KnowledgeBase, reading_id: int, read: WordsRead) -> FollowUp:
    """The words of a reading's picture (a ScreenText) or audio (a Transcript): stored on it and on its
    tip, matched, and, for a picture whose match is automatic and whose reading is confident, the tip
    answered (its notices recorded in `session`, not committed); a transcript, which carries no
    confidence, only puts the nearest verdicts on the card. Nothing when the reading is gone (erased,
    or done by another worker)."""
    reading = await reading_by_id(session, reading_id)
    if reading is None or reading.status != ReadingStatus.PENDING:
        return FollowUp()
    reading.status, reading.read_at = ReadingStatus.DONE, utcnow()
    reading.text = read.text
    reading.confidence = read.confidence if isinstance(read, ScreenText) else None
    tip = await session.get(Tip, reading.tip_id) if reading.tip_id else None
    request = await session.get(Request, reading.request_id)
    if not _wants_words(tip) or request is None or not read.readable:
        return FollowUp()  # words read already (a checker's correction among them) stay
    post = with_words_read(Post(request.chat_id, request.message_id, tip.text, payload=tip.payload), read)
    assessment = await assess(kb, read.text, tip.lang, media=True)
    tip.text, tip.payload, tip.fingerprint = post.text, post.payload, fingerprint(post)
    tip.lang = assessment.lang
    follow = FollowUp(tip.id, text=post.text, lang=assessment.lang)
    if not isinstance(read, ScreenText) or read_decision(assessment, read).decision.action != Action.AUTO:
        return follow
    verdict_id = assessment.decision.matches[0].verdict_id
    before = tip_snapshot(tip)
    tip.status, tip.verdict_id, tip.resolved_at = TipStatus.ANSWERED, verdict_id, utcnow()
    record_action(session, READING_ACTOR, AuditAction.LINK, before, tip_snapshot(tip), tip.id, verdict_id)
    await learn_from_tip(session, tip.id, verdict_id)
    follow.notices = await cluster_notices(session, kb, tip.id, verdict_id, commit=False)
    return follow
