"""replicas: the knowledge-base change feed and the broadcast sender's lease

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 04:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kb_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("verdict_id", sa.Integer(), nullable=False),
        sa.Column("writer", sa.String(length=64), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_changes")),
    )
    op.create_index(op.f("ix_kb_changes_verdict_id"), "kb_changes", ["verdict_id"])
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sender", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("sender_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_column("sender_until")
        batch_op.drop_column("sender")
    op.drop_index(op.f("ix_kb_changes_verdict_id"), table_name="kb_changes")
    op.drop_table("kb_changes")
