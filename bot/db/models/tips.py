"""Readers, their requests and tips, the notices they get, and the desk's staff, audit and blocks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, Timestamp, utcnow
from knowledge.statuses import TipStatus


class Reader(Base):
    __tablename__ = "readers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(8))
    language_chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    subscribed: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    """False once a send answered 403 (the reader blocked the bot); true again when they write."""
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    name: Mapped[str | None] = mapped_column(String(200))
    """The reader's Telegram name, stored only with TIPLINE_SHOW_READER_IDENTITY (bot/services/limits.py)."""
    username: Mapped[str | None] = mapped_column(String(64))
    note_tip_id: Mapped[int | None] = mapped_column(ForeignKey("tips.id", ondelete="SET NULL"))
    """The tip the reader's next message is a note on (bot/services/notes.py), asked at `note_asked_at`
    for a note of `note_kind` (a NoteKind)."""
    note_asked_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    note_kind: Mapped[str | None] = mapped_column(String(16))
    returned_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    """When the reader first wrote again a day or more after their first contact, within 30 days of it
    (bot/db/readers.py: RETURN_AFTER, RETURN_WINDOW): the share of readers who come back (/stats)."""


class Tip(Base):
    """A claim readers sent that the knowledge base did not answer; `id` is its reference number."""

    __tablename__ = "tips"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    lang: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default=TipStatus.QUEUED)
    """suggested (the reader is choosing), queued, answered, rejected."""
    demand: Mapped[int] = mapped_column(Integer, default=1)
    verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id", ondelete="SET NULL"))
    first_seen_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)
    """The tip's card in the checkers' chat, edited in place."""
    assignee_id: Mapped[int | None] = mapped_column(BigInteger)
    assignee_name: Mapped[str | None] = mapped_column(String(200))
    reject_reason: Mapped[str | None] = mapped_column(String(16))
    explainer_key: Mapped[str | None] = mapped_column(String(300))
    """The explainer its readers get while it waits for a verdict: matched, or attached by a checker."""
    resolved_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class Request(Base):
    """One message a reader sent us and what the bot did with it."""

    __tablename__ = "requests"
    __table_args__ = (UniqueConstraint("chat_id", "message_id", name="uq_requests_chat_message"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reader_id: Mapped[int | None] = mapped_column(ForeignKey("readers.id", ondelete="SET NULL"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    tip_id: Mapped[int | None] = mapped_column(ForeignKey("tips.id", ondelete="SET NULL"), index=True)
    verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(String(16))
    options: Mapped[list] = mapped_column(JSON, default=list)
    lang: Mapped[str] = mapped_column(String(8), default="unknown")
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    answered_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    score: Mapped[float | None] = mapped_column(Float)
    """The best verdict's score when the message was decided."""
    phrasing: Mapped[str | None] = mapped_column(Text)
    """The phrasing an automatic answer matched (a learnt one loses its automatic answers when readers
    dispute them: bot/services/feedback.py)."""
    text: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict | None] = mapped_column(JSON)
    """The words and payload of a post answered at once or with choices (a queued one's are its tip's),
    so a reader who says the answer is wrong can send it to the checkers and `tipline feedback export`
    can measure it; erased with the reader, and when the retention detaches the request."""


class Reading(Base):
    """The words of a reader's picture still to be read, or read after their answer left (the verdict
    follows if the words match: bot/services/readings.py), or of a voice note or video to transcribe
    (bot/services/transcripts.py). Erased with the reader and by the retention."""

    __tablename__ = "readings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="picture")
    """picture (read by tesseract) or speech (by the transcription server)."""
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    tip_id: Mapped[int | None] = mapped_column(ForeignKey("tips.id", ondelete="SET NULL"))
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    file_unique_id: Mapped[str] = mapped_column(String(200))
    file_id: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    """pending, done (`text` read), failed (after `attempts` tries)."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    leased_until: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    """A worker is reading it until then; after, another may (its process died)."""
    text: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class Notice(Base):
    """A verdict or a correction sent to a reader's chat; unique, so each is sent once."""

    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("verdict_id", "chat_id", "kind", "revision", name="uq_notices_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    """verdict or correction."""
    revision: Mapped[int] = mapped_column(Integer, default=1)
    lang: Mapped[str] = mapped_column(String(8))
    tip_id: Mapped[int | None] = mapped_column(ForeignKey("tips.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class StatusNotice(Base):
    """A status message about a tip sent to one of its readers' chats; unique, so each goes once."""

    __tablename__ = "status_notices"
    __table_args__ = (UniqueConstraint("tip_id", "chat_id", "kind", name="uq_status_notices_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tips.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    """A TipProgress."""
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class Feedback(Base):
    """A reader's 👍 or 👎 on a verdict they were sent; one per chat and verdict (a second press changes
    it)."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("chat_id", "verdict_id", name="uq_feedback_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    """A FeedbackKind: how the verdict reached the reader."""
    value: Mapped[str] = mapped_column(String(8))
    """A FeedbackValue."""
    lang: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    reason: Mapped[str | None] = mapped_column(String(16))
    """A FeedbackReason: what a 👎 says is wrong."""
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id", ondelete="SET NULL"))
    """The reader's message the verdict answered."""
    tip_id: Mapped[int | None] = mapped_column(ForeignKey("tips.id", ondelete="SET NULL"))
    """The tip a 👎 sent to the checkers."""


class StaffRole(Base):
    """A role granted by an admin: editor or checker (admins come from the settings)."""

    __tablename__ = "roles"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    role: Mapped[str] = mapped_column(String(16))
    granted_by: Mapped[int | None] = mapped_column(BigInteger)
    granted_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class AuditEntry(Base):
    """One triage action: who did what to which tip or verdict, with the state before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(BigInteger)
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(32))
    tip_id: Mapped[int | None] = mapped_column(ForeignKey("tips.id", ondelete="SET NULL"), index=True)
    verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id", ondelete="SET NULL"), index=True)
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    after: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class BlockedReader(Base):
    """A reader an admin blocked (/block): their posts are dropped before matching (bot/services/limits.py).

    Keyed by the private chat id, so the block outlasts /forget (a new `readers` row would otherwise
    start clean); `reader_number` is the number checkers saw on the cards (readers.id at the time)."""

    __tablename__ = "blocked_readers"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    reader_number: Mapped[int] = mapped_column(Integer, index=True)
    blocked_by: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
