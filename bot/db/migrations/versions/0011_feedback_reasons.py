"""feedback reasons: what a 👎 says is wrong and the tip it sent to the checkers; an automatic answer's
score, matched phrasing and the post's words, so a disputed answer can be queued and measured; the tip
a reader's next message is a note on (where they saw it, what is wrong); when a reader came back

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("readers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note_tip_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("note_asked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("note_kind", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_readers_note_tip_id_tips"), "tips", ["note_tip_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("score", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("phrasing", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("payload", sa.JSON(), nullable=True))
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("request_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("tip_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_feedback_request_id_requests"),
            "requests",
            ["request_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_feedback_tip_id_tips"), "tips", ["tip_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_feedback_tip_id_tips"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_feedback_request_id_requests"), type_="foreignkey")
        batch_op.drop_column("tip_id")
        batch_op.drop_column("request_id")
        batch_op.drop_column("reason")
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_column("payload")
        batch_op.drop_column("text")
        batch_op.drop_column("phrasing")
        batch_op.drop_column("score")
    with op.batch_alter_table("readers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_readers_note_tip_id_tips"), type_="foreignkey")
        batch_op.drop_column("returned_at")
        batch_op.drop_column("note_kind")
        batch_op.drop_column("note_asked_at")
        batch_op.drop_column("note_tip_id")
