"""`tipline broadcast`: start, follow and cancel broadcasts of verdicts to the subscribed readers (the
running bot sends them; bot/services/broadcasts/)."""

from __future__ import annotations

import typer

from bot.cli.common import console, fail, open_database, run_async, settings

broadcast_app = typer.Typer(help="Broadcasts of verdicts to the subscribed readers.", no_args_is_help=True)


@broadcast_app.command("status")
def broadcast_status(
    broadcast_id: int | None = typer.Argument(None, help="One broadcast; all when omitted."),
) -> None:
    """Print sent, pending, blocked, failed and unknown (may have arrived; not resent) per broadcast."""
    from bot.services import broadcasts

    config = settings()

    async def main() -> None:
        async with open_database(config) as sessionmaker:
            async with sessionmaker() as session:
                found = await broadcasts.list_broadcasts(session, broadcast_id)
            rows = [(b, await broadcasts.recipient_counts(sessionmaker, b.id)) for b in found]
        if broadcast_id is not None and not rows:
            raise fail(f"there is no broadcast {broadcast_id}")
        if not rows:
            console.print("no broadcasts")
            return
        from rich.table import Table

        table = Table(
            "id",
            "status",
            "verdicts",
            "readers",
            "sent",
            "pending",
            "blocked",
            "failed",
            "unknown",
            "started",
            "finished",
        )
        for b, c in rows:
            table.add_row(
                str(b.id),
                b.status,
                ",".join(map(str, b.verdict_ids)),
                str(c.total),
                str(c.sent),
                str(c.remaining),
                str(c.blocked),
                str(c.failed),
                str(c.unknown),
                b.started_at.strftime("%Y-%m-%d %H:%M:%S") if b.started_at else "-",
                b.finished_at.strftime("%Y-%m-%d %H:%M:%S") if b.finished_at else "-",
            )
        console.print(table)

    run_async(main(), config.database_url)


@broadcast_app.command("start")
def broadcast_start(
    verdicts: list[str] = typer.Argument(..., help="Verdict ids (as imported) or numbers."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
    editor: int = typer.Option(0, "--editor", help="Telegram user id recorded as the editor."),
) -> None:
    """Start a broadcast to every subscribed reader; the running bot (`tipline run`) sends it."""
    from bot.services import broadcasts

    config = settings()
    fallback = broadcasts.fallback_language(config)

    async def prepare(sessionmaker):
        async with sessionmaker() as session:
            found, missing = await broadcasts.resolve_verdicts(session, verdicts)
            return found, missing, await broadcasts.audience(session, fallback)

    async def main() -> None:
        async with open_database(config) as sessionmaker:
            found, missing, audience = await prepare(sessionmaker)
            if missing:
                raise fail(f"no verdict with these ids: {', '.join(missing)}")
            if len(found) > broadcasts.MAX_VERDICTS:
                raise fail(f"at most {broadcasts.MAX_VERDICTS} verdicts in a broadcast")
            total = sum(audience.values())
            languages = ", ".join(f"{k} {v}" for k, v in audience.items())
            console.print(f"{total} subscribed readers: {languages}")
            if not total:
                raise fail("no reader is subscribed")
            if not yes and not typer.confirm(f"Send {len(found)} verdicts to {total} readers?"):
                raise typer.Exit(1)
            async with sessionmaker() as session:
                draft = await broadcasts.create_draft(session, editor, [v.id for v in found])
                await session.commit()
            count = await broadcasts.start_broadcast(sessionmaker, draft.id, fallback)
        console.print(f"broadcast {draft.id} started for {count} readers; `tipline run` sends it")

    run_async(main(), config.database_url)


@broadcast_app.command("cancel")
def broadcast_cancel(broadcast_id: int) -> None:
    """Stop a broadcast; readers not yet messaged stay pending and are not messaged."""
    from bot.services import broadcasts

    config = settings()

    async def main() -> bool:
        async with open_database(config) as sessionmaker:
            async with sessionmaker() as session:
                cancelled = await broadcasts.cancel_broadcast(session, broadcast_id)
                await session.commit()
            return cancelled

    if not run_async(main(), config.database_url):
        raise fail(f"broadcast {broadcast_id} is not a draft or being sent")
    console.print(f"broadcast {broadcast_id} cancelled")
