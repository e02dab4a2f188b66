"""`tipline inbox`: the updates whose every attempt failed, listed and handed back to the bot."""

from __future__ import annotations

import typer

from bot.cli.common import fail, open_database, run_async, say, settings

inbox_app = typer.Typer(
    help="The inbox of updates: the failed ones, listed and replayed.", no_args_is_help=True
)


@inbox_app.command("failed")
def inbox_failed() -> None:
    """List the updates whose every attempt failed (kept, not handled): id, chat, attempts, when, error."""
    from bot.db.inbox import failed_updates

    config = settings()

    async def main() -> list:
        async with open_database(config) as sessionmaker:
            return await failed_updates(sessionmaker)

    failed = run_async(main(), config.database_url)
    if not failed:
        say("no failed updates")
        return
    rows = [("update_id", "chat", "attempts", "failed at (UTC)", "error")]
    rows += [
        (
            str(f.update_id),
            "-" if f.chat_id is None else str(f.chat_id),
            str(f.attempts),
            f.failed_at.strftime("%Y-%m-%d %H:%M:%S"),
            f.error,
        )
        for f in failed
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:  # plain aligned lines, never wrapped or cut: ids and errors are copied from here
        say("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[4])
    say(f"{len(failed)} failed updates; `tipline inbox replay --all` hands them back to the bot")


@inbox_app.command("replay")
def inbox_replay(
    update_ids: list[int] | None = typer.Argument(None, help="The failed updates to try again."),
    every: bool = typer.Option(False, "--all", help="Every failed update."),
) -> None:
    """Hand failed updates back to the inbox with their attempts reset: the running bot's sweep (or the
    next start) handles them again. All or none: an id that is not a failed update changes nothing."""
    from bot.db.inbox import replay_failed

    if bool(update_ids) == every:
        raise fail("give the UPDATE_IDs to replay or --all (one of them)")
    config = settings()

    async def main() -> tuple[int, list[int]]:
        async with open_database(config) as sessionmaker:
            return await replay_failed(sessionmaker, None if every else update_ids)

    count, unknown = run_async(main(), config.database_url)
    if unknown:
        ids = ", ".join(map(str, sorted(unknown)))
        raise fail(
            f"no failed update with the id{'s' if len(unknown) > 1 else ''} {ids}; nothing was replayed"
        )
    say(f"{count} failed update{'s' if count != 1 else ''} handed back to the inbox")
