"""When a tip's voice note or video is transcribed (the gate of knowledge/transcripts.py: its duration
and its readers, or a checker's "Transcribe"), and a checker's correction of a transcript. The
transcription itself runs off the answer path, as a `readings` row (bot/telegram/readings.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Request, Tip
from bot.db.readings import add_reading, reading_of_tip
from bot.services.desk.audit import Actor, AuditAction, record_action, tip_snapshot
from knowledge.posts import Post, fingerprint
from knowledge.statuses import ReadingKind, TipStatus
from knowledge.transcripts import Due, Gate, Transcript, spoken_file


async def ask_transcript(session: AsyncSession, tip_id: int, gate: Gate, asked: bool = False) -> Due:
    """Queue the transcription of the tip's audio when it is due (`asked`: a checker pressed
    "Transcribe"); NOW also when it is queued or done already. Written in `session`, not committed."""
    tip = await session.get(Tip, tip_id)
    spoken = spoken_file(tip.payload or {}) if tip is not None and tip.status == TipStatus.QUEUED else None
    if spoken is None:
        return Due.NOTHING
    if await reading_of_tip(session, tip_id, ReadingKind.SPEECH) is not None:
        return Due.NOW
    await session.refresh(tip, ["demand"])  # counted in SQL (bot/db/requests.py count_demand)
    due = gate.due(float(spoken.get("duration") or 0), tip.demand, asked)
    if due != Due.NOW:
        return due
    first = await session.scalar(
        select(Request).where(Request.tip_id == tip_id).order_by(Request.id).limit(1)
    )
    if first is None:
        return Due.NOTHING
    unique = spoken.get("file_unique_id") or spoken["file_id"]
    add_reading(session, first.id, tip_id, first.chat_id, unique, spoken["file_id"], ReadingKind.SPEECH)
    return Due.NOW


async def correct_transcript(session: AsyncSession, tip_id: int, text: str, actor: Actor) -> Tip | None:
    """A checker's correction of the tip's transcript: the tip's words, searched and matched from now on
    (the caller puts them in the clusters). The tip; None when it is not open or has no transcript. Not
    committed."""
    tip = await session.get(Tip, tip_id)
    if tip is None or tip.status != TipStatus.QUEUED:
        return None
    payload = dict(tip.payload or {})
    heard = payload.get("read") or {}
    if heard.get("source") != "transcript":
        return None
    before = tip_snapshot(tip)
    corrected = Transcript(" ".join(text.split()), corrected_by=actor.name[:200])
    old = heard.get("text") or ""
    tip.text = tip.text.replace(old, corrected.text) if old and old in tip.text else corrected.text
    payload["read"] = corrected.as_payload()
    tip.payload = payload
    tip.fingerprint = fingerprint(Post(0, 0, tip.text, payload=payload))
    record_action(session, actor, AuditAction.TRANSCRIPT, before, tip_snapshot(tip), tip_id=tip.id)
    return tip
