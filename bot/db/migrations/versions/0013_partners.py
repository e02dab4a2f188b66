"""partners: newsrooms that read this feed or whose feeds are followed; verdicts from them, withdrawals,
the claims rising at them

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 20:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("feed_url", sa.String(length=2000), nullable=True),
        sa.Column("feed_token", sa.String(length=500), nullable=True),
        sa.Column("trust", sa.String(length=16), nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("etag", sa.String(length=200), nullable=True),
        sa.Column("rising_url", sa.String(length=2000), nullable=True),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
        sa.UniqueConstraint("name", name=op.f("uq_partners_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_partners_token_hash")),
    )
    op.create_table(
        "rising_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=150), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("demand", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_rising_claims_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rising_claims")),
        sa.UniqueConstraint("partner_id", "key", name=op.f("uq_rising_claims_partner_id")),
    )
    # plain ADD COLUMNs: recreating `verdicts` on SQLite would cascade-delete its claims and links
    if op.get_bind().dialect.name == "sqlite":  # Alembic cannot add a column with a foreign key there
        op.execute(
            "ALTER TABLE verdicts ADD COLUMN partner_id INTEGER "
            "CONSTRAINT fk_verdicts_partner_id_partners REFERENCES partners (id)"
        )
    else:
        partner = sa.ForeignKey("partners.id", name=op.f("fk_verdicts_partner_id_partners"))
        op.add_column("verdicts", sa.Column("partner_id", sa.Integer(), partner, nullable=True))
    op.add_column("verdicts", sa.Column("country", sa.String(length=100), nullable=True))
    op.add_column("verdicts", sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f("ix_verdicts_partner_id"), "verdicts", ["partner_id"])


def downgrade() -> None:
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_verdicts_partner_id_partners"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_verdicts_partner_id"))
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("country")
        batch_op.drop_column("partner_id")
    op.drop_table("rising_claims")
    op.drop_table("partners")
