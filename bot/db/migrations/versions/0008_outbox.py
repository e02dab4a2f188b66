"""the core: failed and album-aware inbox, raw updates, the outbox; verdicts' own URLs as known links

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:00:00
"""

import datetime as dt
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("user_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("media_group_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("error", sa.Text(), nullable=True))
    op.create_index(op.f("ix_inbox_user_id"), "inbox", ["user_id"])
    op.create_index(op.f("ix_inbox_failed_at"), "inbox", ["failed_at"])
    op.create_table(
        "raw_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.String(length=40), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raw_updates")),
    )
    op.create_index(op.f("ix_raw_updates_update_id"), "raw_updates", ["update_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("method", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("purpose", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("update_id", "position", name="uq_outbox_update_position"),
    )
    op.create_index("ix_outbox_state", "outbox", ["state", "id"])
    op.create_index(op.f("ix_outbox_chat_id"), "outbox", ["chat_id"])
    # before 0008 a recipient in flight at a crash was recorded sent, unconfirmed: it may not have arrived
    op.execute(
        "UPDATE broadcast_recipients SET state = 'unknown' "
        "WHERE state = 'sent' AND sent_message_id IS NULL AND error LIKE 'unconfirmed%'"
    )
    _backfill_verdict_links()


def _backfill_verdict_links() -> None:
    """Verdicts imported before this revision: their own URL becomes a link that answers with them."""
    from knowledge.links import post_keys

    bind = op.get_bind()
    verdicts = sa.table("verdicts", sa.column("id", sa.Integer), sa.column("url", sa.String))
    links = sa.table(
        "post_links",
        sa.column("key", sa.String),
        sa.column("url", sa.Text),
        sa.column("source", sa.String),
        sa.column("verdict_id", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            "key": hashlib.sha256(url.encode()).hexdigest(),
            "url": url,
            "source": "verdict",
            "verdict_id": verdict_id,
            "created_at": now,
        }
        for verdict_id, own in bind.execute(sa.select(verdicts.c.id, verdicts.c.url))
        if own
        for url in post_keys([own])
    ]
    if rows:
        op.bulk_insert(links, rows)


def downgrade() -> None:
    op.execute("DELETE FROM post_links WHERE source = 'verdict'")
    op.drop_table("outbox")
    op.drop_table("raw_updates")
    op.drop_index(op.f("ix_inbox_failed_at"), "inbox")
    op.drop_index(op.f("ix_inbox_user_id"), "inbox")
    with op.batch_alter_table("inbox") as batch:
        for column in ("error", "failed_at", "next_attempt_at", "media_group_id", "user_id"):
            batch.drop_column(column)
