"""The schema's version: the newest migration, and bringing a database up to it."""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import MIGRATIONS, upgrade

_REVISION = re.compile(r"""^(down_revision|revision)\b[^=]*=\s*(?:["'](\w+)["']|None)""", re.MULTILINE)


def newest_migration() -> str | None:
    """The revision of the newest migration (bot/db/migrations/versions), read from the files; None when
    they do not form one line of revisions."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict((m[1], m[2]) for m in _REVISION.finditer(script.read_text(encoding="utf-8")))
        revisions.add(found.get("revision"))
        parents.add(found.get("down_revision"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and None not in revisions else None


async def applied_migrations(engine: AsyncEngine) -> list[str]:
    """The revisions recorded in the database's alembic_version (none for a new database)."""
    try:
        async with engine.connect() as connection:
            return [
                row[0] for row in await connection.execute(text("SELECT version_num FROM alembic_version"))
            ]
    except DBAPIError:  # no alembic_version table yet: a new database
        return []


async def migrate_database(engine: AsyncEngine) -> None:
    """Apply the migrations the database lacks. A database that has them all is only read: Alembic and
    the dialects it loads are not imported, a third of a second a one-shot command need not spend."""
    if await applied_migrations(engine) != [newest_migration()]:
        await upgrade(engine)
