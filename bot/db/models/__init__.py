"""Database tables, one module per part of the schema. Portable between SQLite and PostgreSQL: no
dialect-specific types."""

from __future__ import annotations

from bot.db.models.base import NAMING, Base, Timestamp, as_utc, utcnow
from bot.db.models.delivery import Broadcast, BroadcastRecipient, InboxUpdate, OutboxMessage, RawUpdate
from bot.db.models.knowledge import (
    Claim,
    Explainer,
    ImagePrint,
    KnowledgeChange,
    Partner,
    PostLink,
    PostOrigin,
    RisingClaim,
    Verdict,
    VerdictRevision,
    record_knowledge_changes,
)
from bot.db.models.tips import (
    AuditEntry,
    BlockedReader,
    Feedback,
    Notice,
    Reader,
    Reading,
    Request,
    StaffRole,
    StatusNotice,
    Tip,
)

__all__ = [
    "AuditEntry",
    "Base",
    "BlockedReader",
    "Broadcast",
    "BroadcastRecipient",
    "Claim",
    "Explainer",
    "Feedback",
    "ImagePrint",
    "InboxUpdate",
    "KnowledgeChange",
    "NAMING",
    "Notice",
    "OutboxMessage",
    "Partner",
    "RisingClaim",
    "PostLink",
    "PostOrigin",
    "RawUpdate",
    "Reader",
    "Reading",
    "Request",
    "StaffRole",
    "StatusNotice",
    "Timestamp",
    "Tip",
    "Verdict",
    "VerdictRevision",
    "record_knowledge_changes",
    "as_utc",
    "utcnow",
]
