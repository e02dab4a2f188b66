"""safety: blocked readers and reader limits

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 04:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("readers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("username", sa.String(length=64), nullable=True))

    op.create_table(
        "blocked_readers",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("reader_number", sa.Integer(), nullable=False),
        sa.Column("blocked_by", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_blocked_readers")),
    )
    with op.batch_alter_table("blocked_readers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blocked_readers_reader_number"), ["reader_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("blocked_readers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blocked_readers_reader_number"))
    op.drop_table("blocked_readers")
    with op.batch_alter_table("readers", schema=None) as batch_op:
        batch_op.drop_column("username")
        batch_op.drop_column("name")
