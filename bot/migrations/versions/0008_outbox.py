"""the core: failed and album-aware inbox, raw updates, the outbox

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:00:00
"""

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


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("raw_updates")
    op.drop_index(op.f("ix_inbox_failed_at"), "inbox")
    op.drop_index(op.f("ix_inbox_user_id"), "inbox")
    with op.batch_alter_table("inbox") as batch:
        for column in ("error", "failed_at", "next_attempt_at", "media_group_id", "user_id"):
            batch.drop_column(column)
