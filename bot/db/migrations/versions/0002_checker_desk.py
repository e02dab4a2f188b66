"""checker desk: roles, audit log, verdict revisions, reader notices, tip cards

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 02:29:36.311142
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:  # long: a migration records one schema step whole; it is history, not edited
    op.create_table(
        "roles",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("granted_by", sa.BigInteger(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_roles")),
    )
    op.create_table(
        "verdict_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("verdict_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=32), nullable=True),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["verdict_id"],
            ["verdicts.id"],
            name=op.f("fk_verdict_revisions_verdict_id_verdicts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdict_revisions")),
        sa.UniqueConstraint("verdict_id", "number", name="uq_verdict_revisions_verdict_number"),
    )
    with op.batch_alter_table("verdict_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verdict_revisions_verdict_id"), ["verdict_id"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=False),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("tip_id", sa.Integer(), nullable=True),
        sa.Column("verdict_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tip_id"], ["tips.id"], name=op.f("fk_audit_log_tip_id_tips"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["verdict_id"],
            ["verdicts.id"],
            name=op.f("fk_audit_log_verdict_id_verdicts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_tip_id"), ["tip_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_verdict_id"), ["verdict_id"], unique=False)

    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("verdict_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("tip_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tip_id"], ["tips.id"], name=op.f("fk_notices_tip_id_tips"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["verdict_id"], ["verdicts.id"], name=op.f("fk_notices_verdict_id_verdicts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("verdict_id", "chat_id", "kind", "revision", name="uq_notices_once"),
    )
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notices_verdict_id"), ["verdict_id"], unique=False)

    with op.batch_alter_table("tips", schema=None) as batch_op:
        batch_op.add_column(sa.Column("card_message_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("assignee_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("assignee_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("reject_reason", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tips", schema=None) as batch_op:
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("reject_reason")
        batch_op.drop_column("assignee_name")
        batch_op.drop_column("assignee_id")
        batch_op.drop_column("card_message_id")

    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notices_verdict_id"))

    op.drop_table("notices")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_verdict_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_tip_id"))

    op.drop_table("audit_log")
    with op.batch_alter_table("verdict_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verdict_revisions_verdict_id"))

    op.drop_table("verdict_revisions")
    op.drop_table("roles")
