from alembic import context

from bot.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("run migrations through `tipline db upgrade`")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
