"""media: known images, links and forward origins

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 04:30:00
"""

import datetime as dt
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SIGNALS = ("image_prints", "post_links", "post_origins")


def _links(name: str, *columns: sa.Column) -> None:
    """A table of signals tied to a verdict, a tip and a request."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        *columns,
        sa.Column("verdict_id", sa.Integer(), nullable=True),
        sa.Column("tip_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["verdict_id"], ["verdicts.id"], name=op.f(f"fk_{name}_verdict_id_verdicts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tip_id"], ["tips.id"], name=op.f(f"fk_{name}_tip_id_tips"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f(f"fk_{name}_request_id_requests"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_verdict_id"), name, ["verdict_id"])
    op.create_index(op.f(f"ix_{name}_tip_id"), name, ["tip_id"])


def upgrade() -> None:
    _links(
        "image_prints",
        sa.Column("file_unique_id", sa.String(length=128), nullable=True),
        sa.Column("phash", sa.BigInteger(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
    )
    op.create_index(op.f("ix_image_prints_file_unique_id"), "image_prints", ["file_unique_id"])
    _links(
        "post_links",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
    )
    op.create_index(op.f("ix_post_links_key"), "post_links", ["key"])
    _links(
        "post_origins",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("username", sa.String(length=100), nullable=True),
    )
    op.create_index("ix_post_origins_post", "post_origins", ["chat_id", "message_id"])
    _backfill_appearances()


def _backfill_appearances() -> None:
    """The appearances of verdicts imported before this revision become matchable links."""
    from knowledge.links import post_keys

    bind = op.get_bind()
    verdicts = sa.table("verdicts", sa.column("id", sa.Integer), sa.column("appearances", sa.JSON))
    links = sa.table(
        "post_links",
        sa.column("key", sa.String),
        sa.column("url", sa.Text),
        sa.column("source", sa.String),
        sa.column("verdict_id", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    now = dt.datetime.now(dt.UTC)
    rows = []
    for verdict_id, appearances in bind.execute(sa.select(verdicts.c.id, verdicts.c.appearances)):
        for url in post_keys(list(appearances or [])):
            rows.append(
                {
                    "key": hashlib.sha256(url.encode()).hexdigest(),
                    "url": url,
                    "source": "appearance",
                    "verdict_id": verdict_id,
                    "created_at": now,
                }
            )
    if rows:
        op.bulk_insert(links, rows)


def downgrade() -> None:
    op.drop_index("ix_post_origins_post", table_name="post_origins")
    op.drop_index(op.f("ix_image_prints_file_unique_id"), table_name="image_prints")
    op.drop_index(op.f("ix_post_links_key"), table_name="post_links")
    for name in SIGNALS:
        op.drop_index(op.f(f"ix_{name}_tip_id"), table_name=name)
        op.drop_index(op.f(f"ix_{name}_verdict_id"), table_name=name)
        op.drop_table(name)
