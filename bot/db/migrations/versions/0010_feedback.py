"""feedback: a reader's 👍 or 👎 on a verdict they were sent, one per chat and verdict

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 13:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("verdict_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=8), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["verdict_id"], ["verdicts.id"], name=op.f("fk_feedback_verdict_id_verdicts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("chat_id", "verdict_id", name="uq_feedback_once"),
    )
    op.create_index(op.f("ix_feedback_chat_id"), "feedback", ["chat_id"])
    op.create_index(op.f("ix_feedback_verdict_id"), "feedback", ["verdict_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_feedback_verdict_id"), table_name="feedback")
    op.drop_index(op.f("ix_feedback_chat_id"), table_name="feedback")
    op.drop_table("feedback")
