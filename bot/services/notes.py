"""A reader's note on their tip: asked for by a button (where they saw the post) or after a 👎 sent the
message back (what is wrong), their next message is attached to the tip and shown on its card instead of
being a new tip."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Reader, Tip, as_utc, utcnow
from bot.db.requests import asked_before
from knowledge.statuses import NoteKind, TipStatus

NOTE_WINDOW = dt.timedelta(hours=1)
"""How long after being asked a reader's next message is taken as a note on their tip."""
MAX_NOTE_CHARS = 1000
MAX_NOTES = 5
"""Notes a tip keeps, the latest: its card must stay within Telegram's 4,096 characters."""


async def expect_note(session: AsyncSession, reader: Reader, tip_id: int, kind: NoteKind) -> None:
    """The reader's next message is a note of `kind` on the tip. The caller commits."""
    await session.execute(
        update(Reader)
        .where(Reader.id == reader.id)
        .values(note_tip_id=tip_id, note_asked_at=utcnow(), note_kind=kind)
    )


async def ask_for_context(session: AsyncSession, reader: Reader, tip_id: int) -> bool:
    """ "Add where you saw it" under the reader's queued answer: False, and nothing changed, when the tip
    is not theirs or no longer open."""
    tip = await session.get(Tip, tip_id)
    if tip is None or tip.status != TipStatus.QUEUED or not await asked_before(session, tip_id, reader.id):
        return False
    await expect_note(session, reader, tip_id, NoteKind.CONTEXT)
    return True


def expects_note(reader: Reader, now: dt.datetime | None = None) -> bool:
    """Whether the reader's next message is a note on their tip (asked within NOTE_WINDOW)."""
    if reader.note_tip_id is None or reader.note_asked_at is None:
        return False
    return (now or utcnow()) - as_utc(reader.note_asked_at) <= NOTE_WINDOW


async def add_note(session: AsyncSession, reader: Reader, text: str) -> int | None:
    """The reader's message as a note on the tip they were asked about, shown on its card; the tip's id,
    or None when it is no longer open. Either way their next message is a post again."""
    tip_id, kind = reader.note_tip_id, reader.note_kind or NoteKind.CONTEXT
    await stop_expecting_note(session, reader)
    tip = await session.get(Tip, tip_id) if tip_id is not None else None
    if tip is None or tip.status != TipStatus.QUEUED:
        return None
    notes = [*(tip.payload or {}).get("notes", []), {"kind": kind, "text": text[:MAX_NOTE_CHARS]}][
        -MAX_NOTES:
    ]
    tip.payload = {**(tip.payload or {}), "notes": notes}
    return tip.id


async def stop_expecting_note(session: AsyncSession, reader: Reader) -> None:
    await session.execute(
        update(Reader)
        .where(Reader.id == reader.id)
        .values(note_tip_id=None, note_asked_at=None, note_kind=None)
    )
    reader.note_tip_id = reader.note_asked_at = reader.note_kind = None
