"""status messages: a tip's readers told once each that it was taken, closed, or is still being checked

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 06:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "status_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tip_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tip_id"], ["tips.id"], name=op.f("fk_status_notices_tip_id_tips"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_notices")),
        sa.UniqueConstraint("tip_id", "chat_id", "kind", name="uq_status_notices_once"),
    )
    op.create_index(op.f("ix_status_notices_tip_id"), "status_notices", ["tip_id"])
    op.create_index(op.f("ix_status_notices_chat_id"), "status_notices", ["chat_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_status_notices_chat_id"), table_name="status_notices")
    op.drop_index(op.f("ix_status_notices_tip_id"), table_name="status_notices")
    op.drop_table("status_notices")
