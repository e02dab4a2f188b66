"""What comes in and goes out: the inbox of updates (and the raw ones that do not parse), the outbox, and
broadcasts with their recipients."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, Timestamp, utcnow
from knowledge.statuses import BroadcastStatus, MessageState


class InboxUpdate(Base):
    """A raw Telegram update, stored before it is confirmed to Telegram and handled from here."""

    __tablename__ = "inbox"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[dict] = mapped_column(JSON)
    received_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    handled_at: Mapped[dt.datetime | None] = mapped_column(Timestamp, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    """Who sent it (the sender of a message, the presser of a button): /forget erases their rows."""
    media_group_id: Mapped[str | None] = mapped_column(String(64))
    """Set on the parts of an album: they are handled together, as one post."""
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    """After a failed attempt: not tried again before this (backoff)."""
    failed_at: Mapped[dt.datetime | None] = mapped_column(Timestamp, index=True)
    """Every attempt failed: kept, listed by `tipline inbox failed`, tried again by `tipline inbox replay`."""
    error: Mapped[str | None] = mapped_column(Text)
    """The last attempt's failure."""


class RawUpdate(Base):
    """An update that could not be read as one (an older or newer Bot API shape, an id beyond 64 bits,
    JSON nested too deep): kept as it came, confirmed to Telegram and skipped, so nothing behind it waits."""

    __tablename__ = "raw_updates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    update_id: Mapped[str | None] = mapped_column(String(40), index=True)
    """As text: it may not fit 64 bits."""
    body: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    """polling or webhook."""
    received_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class OutboxMessage(Base):
    """A message an update caused (an answer, a card, a notice), written in the same transaction as the
    update's other effects and delivered from here by bot/telegram/outbox.py.

    state: pending (not sent yet), sending (recorded just before the request left), sent, failed (Telegram
    refused it), unknown (in flight at a crash, or a network error after the request left: it may or may
    not have arrived, and is never sent again)."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("update_id", "position", name="uq_outbox_update_position"),
        Index("ix_outbox_state", "state", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    update_id: Mapped[int | None] = mapped_column(BigInteger)
    """The update that caused it; None for messages sent on no reader's behalf (the desk's own)."""
    position: Mapped[int] = mapped_column(Integer, default=0)
    chat_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    method: Mapped[str] = mapped_column(String(64))
    """A Bot API method (sendMessage, editMessageText, ...), or `card` (post or edit a tip's card)."""
    payload: Mapped[dict] = mapped_column(JSON)
    purpose: Mapped[dict] = mapped_column(JSON, default=dict)
    """What to record once it is sent, e.g. {"notice": 17}."""
    state: Mapped[str] = mapped_column(String(16), default=MessageState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    sent_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class Broadcast(Base):
    """An editor's broadcast of one or more verdicts to the subscribed readers."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    editor_id: Mapped[int] = mapped_column(BigInteger)
    verdict_ids: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=BroadcastStatus.DRAFT, index=True)
    """draft (previewed, not confirmed), sending, done, cancelled."""
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    finished_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    sender: Mapped[str | None] = mapped_column(String(200))
    """The replica sending it; one at a time, while `sender_until` (a lease it renews) has not passed."""
    sender_until: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class BroadcastRecipient(Base):
    """One reader of a broadcast and how far their message got; unique, so each is messaged once."""

    __tablename__ = "broadcast_recipients"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "chat_id", name="uq_broadcast_recipients_once"),
        Index("ix_broadcast_recipients_state", "broadcast_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    reader_id: Mapped[int | None] = mapped_column(ForeignKey("readers.id", ondelete="SET NULL"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16), default=MessageState.PENDING)
    """pending, sending (recorded just before the request), sent, blocked, failed, unknown (the request
    may have reached Telegram: in flight at a crash or cut after it left; never resent)."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_message_id: Mapped[int | None] = mapped_column(BigInteger)
    """The message Telegram answered with (None when the answer was not readable)."""
    error: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
