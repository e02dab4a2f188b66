"""The knowledge base: verdicts, their claims and revisions, the change feed other processes follow, and the
evidence (pictures, links, channel posts) tied to a verdict or a tip."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    insert,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from bot.db.models.base import Base, Timestamp, utcnow


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
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"), index=True)
    """The partner newsroom whose feed it came from (None: the newsroom's own verdict)."""
    country: Mapped[str | None] = mapped_column(String(100))
    """Where the newsroom that checked it works, as its feed names it (partner verdicts)."""
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    """Set when the verdict was withdrawn: it answers no one and its feed entry says so."""
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


class Partner(Base):
    """Another newsroom's tipline: one that reads this newsroom's feed (`token_hash`: the SHA-256 of the
    bearer token it was given) and/or one whose feed this newsroom follows (`feed_url`)."""

    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    feed_url: Mapped[str | None] = mapped_column(String(2000))
    feed_token: Mapped[str | None] = mapped_column(String(500))
    trust: Mapped[str] = mapped_column(String(16), default="suggest")
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    """The highest change of its feed imported."""
    etag: Mapped[str | None] = mapped_column(String(200))
    rising_url: Mapped[str | None] = mapped_column(String(2000))
    """Where its feed says the claims rising at it are listed (when it shares them)."""
    synced_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    """The last sync that reached its feed."""
    failures: Mapped[int] = mapped_column(Integer, default=0)
    """Syncs that failed in a row (the next waits longer)."""
    errors: Mapped[int] = mapped_column(Integer, default=0)
    """Failed syncs in all."""
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    """Malformed records of its feed skipped, in all."""
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)


class RisingClaim(Base):
    """A claim spreading at a partner (an open cluster of its readers), as its rising feed last listed it."""

    __tablename__ = "rising_claims"
    __table_args__ = (UniqueConstraint("partner_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(150))
    lang: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    demand: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    channels: Mapped[list] = mapped_column(JSON, default=list)


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


class Explainer(Base):
    """An evergreen explainer in one language (knowledge/explainers.py); `key` is the editor's id, shared
    by its languages."""

    __tablename__ = "explainers"
    __table_args__ = (UniqueConstraint("key", "lang", name="uq_explainers_key_lang"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True)
    lang: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    questions: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


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
