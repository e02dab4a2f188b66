"""`tipline explainers`: the evergreen explainers, imported from and exported to JSON Lines
(knowledge/explainers.py for the format)."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli.common import fail, open_database, run_async, say, settings

explainers_app = typer.Typer(
    help="Explainers: evergreen answers for what no verdict answers.", no_args_is_help=True
)


@explainers_app.command("import")
def explainers_import(file: Path = typer.Argument(..., help="Explainers, JSON Lines.")) -> None:
    """Upsert the explainers of FILE (by id and language), all or none; the running bot picks them up at
    its next knowledge-base sync."""
    from bot.cli.kb import read_import_file
    from bot.db.explainers import upsert_explainers
    from knowledge.explainers import read_explainers
    from knowledge.formats import decode
    from knowledge.verdicts import RecordError

    try:
        records = read_explainers(decode(read_import_file(file)))
    except RecordError as error:
        raise fail(f"{file}: {error}; nothing was imported") from None
    except ValueError as error:
        raise fail(f"{file}: {error}; nothing was imported") from None
    config = settings()

    async def store() -> tuple[int, int, int]:
        async with open_database(config) as sessionmaker, sessionmaker() as session:
            counts = await upsert_explainers(session, records)
            await session.commit()
            return counts

    created, updated, unchanged = run_async(store(), config.database_url)
    say(f"{file}: {created} explainers created, {updated} updated, {unchanged} unchanged")


@explainers_app.command("export")
def explainers_export(file: Path = typer.Argument(..., help="Where to write them (JSON Lines).")) -> None:
    """Write every explainer, each language a line, as `tipline explainers import` reads them."""
    import os

    from bot.db.explainers import all_explainers, as_record
    from knowledge.explainers import explainer_lines

    config = settings()

    async def load() -> list:
        async with open_database(config) as sessionmaker, sessionmaker() as session:
            return [as_record(row) for row in await all_explainers(session)]

    records = run_async(load(), config.database_url)
    partial = file.with_name(f".{file.name}.partial")
    try:
        partial.write_text(explainer_lines(records), encoding="utf-8")
        os.replace(partial, file)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise fail(f"{file}: cannot write ({error.strerror})") from None
    say(f"{file}: {len(records)} explainers written")
