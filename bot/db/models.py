"""Database tables. Portable between SQLite and PostgreSQL: no dialect-specific types."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    insert,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from knowledge.statuses import BroadcastStatus, MessageState, TipStatus

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


Timestamp = DateTime(timezone=True)


class Verdict(Base):
    __tablename__ = "verdicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), unique=True)
    lang: Mapped[str] = mapped_column(String(8))
    rating: Mapped[str | None] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text, default="")
    summaries: Mapped[dict] = mapped_column(JSON, default=dict)
    url: Mapped[str | None] = mapped_column(String(2000))
    publisher: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[dt.date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    appearances: Mapped[list] = mapped_column(JSON, default=list)
    """Web addresses where the claim was seen."""
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    claims: Mapped[list[Claim]] = relationship(
        back_populates="verdict", cascade="all, delete-orphan", order_by="Claim.id"
    )

    def claim_in(self, lang: str) -> str:
        """The claim as written in `lang` when the verdict has it, else its primary claim."""
        texts = [c for c in self.claims if c.kind in ("claim", "phrasing")]
        for claim in texts:
            if claim.lang == lang:
                return claim.text
        return texts[0].text if texts else ""

    def summary_in(self, lang: str) -> str:
        if lang == self.lang:
            return self.summary
        return (self.summaries or {}).get(lang) or self.summary


class Claim(Base):
    """One searchable phrasing of a verdict's claim, with its stored embedding."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="claim")
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)
    vector_model: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)

    verdict: Mapped[Verdict] = relationship(back_populates="claims")


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


class VerdictRevision(Base):
    """A verdict as published or corrected from the checker desk; the highest number is current."""

    __tablename__ = "verdict_revisions"
    __table_args__ = (UniqueConstraint("verdict_id", "number", name="uq_verdict_revisions_verdict_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str | None] = mapped_column(String(32))
    claim: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(2000))
    lang: Mapped[str] = mapped_column(String(8))
    author_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


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


class KnowledgeChange(Base):
    """A verdict whose phrasings changed, in order; every replica replays these into its matcher."""

    __tablename__ = "kb_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verdict_id: Mapped[int] = mapped_column(Integer, index=True)
    writer: Mapped[str | None] = mapped_column(String(64))
    """The sessionmaker that wrote it (`writer` in its info): its own process has applied it already."""
    changed_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


def record_knowledge_changes(session: Session, _context: object) -> None:
    """Every flush that adds, changes or deletes a verdict or one of its claims leaves a KnowledgeChange
    in the same transaction, whoever wrote it (the bot, another replica, `tipline kb import`): an
    `after_flush` listener of the project's sessions (bot/db/engine.py: create_sessionmaker)."""
    changed: set[int] = set()
    for item in (*session.new, *session.dirty, *session.deleted):
        if isinstance(item, Verdict) and item.id is not None:
            changed.add(item.id)
        elif isinstance(item, Claim) and item.verdict_id is not None:
            changed.add(item.verdict_id)
    if changed:
        writer = session.info.get("writer")
        session.connection().execute(
            insert(KnowledgeChange),
            [{"verdict_id": v, "writer": writer, "changed_at": utcnow()} for v in sorted(changed)],
        )


class ImagePrint(Base):
    """A picture the bot has seen: Telegram's `file_unique_id` (the same file forwarded again) and its
    perceptual hash (knowledge/images.py, signed 64-bit), tied to the verdict it shows when known (a
    checker linked its tip, or an import attached it) and to the tip and request it came with."""

    __tablename__ = "image_prints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_unique_id: Mapped[str | None] = mapped_column(String(128), index=True)
    phash: Mapped[int | None] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(16))
    """tip (a reader sent it) or import (`tipline kb import --images`)."""
    verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id", ondelete="CASCADE"), index=True)
    tip_id: Mapped[int | None] = mapped_column(ForeignKey("tips.id", ondelete="SET NULL"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id", ondelete="SET NULL"))
    name: Mapped[str | None] = mapped_column(String(300))
    """The imported file's name."""
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class PostLink(Base):
    """A normalised web address (knowledge/links.py) seen in a reader's post or listed as where a verdict's
    claim appeared (ClaimReview `itemReviewed.appearance`); `key` is its SHA-256, looked up exactly."""

    __tablename__ = "post_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    """tip, appearance, or verdict (the verdict's own URL)."""
    verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id", ondelete="CASCADE"), index=True)
    tip_id: Mapped[int | None] = mapped_column(ForeignKey("tips.id", ondelete="SET NULL"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class PostOrigin(Base):
    """A channel post a reader forwarded (one row per reader's message): the same post forwarded by anyone
    is the same claim, and these rows count the channels that spread a verdict or a cluster (/sources)."""

    __tablename__ = "post_origins"
    __table_args__ = (Index("ix_post_origins_post", "chat_id", "message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str | None] = mapped_column(String(300))
    username: Mapped[str | None] = mapped_column(String(100))
    verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id", ondelete="CASCADE"), index=True)
    tip_id: Mapped[int | None] = mapped_column(ForeignKey("tips.id", ondelete="SET NULL"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
