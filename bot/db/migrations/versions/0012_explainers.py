"""explainers: evergreen texts per language, and the one a tip's readers get while it waits

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "explainers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_explainers")),
        sa.UniqueConstraint("key", "lang", name="uq_explainers_key_lang"),
    )
    op.create_index(op.f("ix_explainers_key"), "explainers", ["key"])
    with op.batch_alter_table("tips", schema=None) as batch_op:
        batch_op.add_column(sa.Column("explainer_key", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tips", schema=None) as batch_op:
        batch_op.drop_column("explainer_key")
    op.drop_index(op.f("ix_explainers_key"), table_name="explainers")
    op.drop_table("explainers")
