"""`tipline kb`: import, export and search the knowledge base of published verdicts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bot.cli.common import console, fail, open_database, progress_bar, run_async, say, settings

if TYPE_CHECKING:
    from bot.settings import Settings
    from knowledge.formats import Parsed, RatingTable

kb_app = typer.Typer(help="The knowledge base of published verdicts.", no_args_is_help=True)

SHOWN_ERRORS = 3
"""Bad records named in the one line an import that fails prints; --dry-run lists them all."""


def read_import_file(path: Path, outcome: str = "nothing was imported") -> bytes:
    """The bytes of an import file, or one line naming why it cannot be read."""
    from knowledge.formats import read_file

    try:
        return read_file(path)
    except FileNotFoundError:
        raise fail(f"{path}: no such file") from None
    except IsADirectoryError:
        raise fail(f"{path}: is a directory") from None
    except OSError as error:
        raise fail(f"{path}: cannot be read ({error.strerror or error})") from None
    except ValueError as error:
        raise fail(f"{path}: {error}; {outcome}") from None


def bad_records_line(name: str, problems: list, outcome: str = "nothing was imported") -> str:
    """The one line a refused import prints: how many bad records, the first few of them."""
    if len(problems) == 1:
        return f"{name}: {problems[0]}; {outcome}"
    first = "; ".join(str(p) for p in problems[:SHOWN_ERRORS])
    more = len(problems) - SHOWN_ERRORS
    rest = f"; and {more} more (--dry-run lists them all)" if more > 0 else ""
    return f"{name}: {len(problems)} bad records: {first}{rest}; {outcome}"


def rating_table(ratings: Path | None, config: Settings) -> RatingTable:
    """The rating words of --ratings, else of TIPLINE_RATINGS_FILE, else the built-in ones."""
    from knowledge.formats import DEFAULT_RATINGS, load_ratings

    ratings_file = ratings or config.ratings_file
    try:
        return load_ratings(ratings_file) if ratings_file else DEFAULT_RATINGS
    except ValueError as error:
        raise fail(f"TIPLINE_RATINGS_FILE: {error}" if ratings is None else str(error)) from None


def read_source(file: Path | None, sample: bool, fmt: str) -> tuple[str, str, str]:
    """The name, the text and the format of what an import reads: FILE, or the sample shipped."""
    from importlib import resources

    from knowledge.formats import decode, detect_format
    from knowledge.verdicts import RecordError

    if sample:
        name = "the sample knowledge base"
        data = resources.files("knowledge").joinpath("sample/verdicts.jsonl").read_bytes()
    else:
        name = str(file)
        data = read_import_file(file)
    try:
        text = decode(data)
        kind = fmt if fmt != "auto" else "jsonl" if sample else detect_format(name, data[:65536])
    except (RecordError, ValueError) as error:
        raise fail(f"{name}: {error}; nothing was imported") from None
    return name, text, kind


def record_pictures(images: Path, parsed: Parsed) -> dict:
    """The known pictures of --images for the parsed records; the ones that cannot be used become errors."""
    from knowledge.images import pictures_for_records

    if not images.is_dir():
        raise fail(f"--images {images}: not a folder")
    pictures, bad = pictures_for_records(images, parsed.records)
    parsed.errors.extend(f"--images {images}/{error}" for error in bad)
    return pictures


def print_dry_run(name: str, kind: str, parsed: Parsed) -> None:
    """Every bad record and every optional field left out, then one line of counts."""
    for error in parsed.errors:
        print(f"{name}: {error}", file=sys.stderr)
    for skipped in parsed.skipped:
        print(f"{name}: {skipped}, the verdict kept", file=sys.stderr)
    left_out = f", {len(parsed.skipped)} unreadable optional fields left out" if parsed.skipped else ""
    say(
        f"{name} ({kind}): {len(parsed.records)} verdicts read, {len(parsed.errors)} bad{left_out}; "
        "dry run, nothing was imported"
    )


def store_records(config: Settings, name: str, records: list, pictures: dict) -> None:
    """Import the records (and attach their pictures) and print what changed."""
    from bot.services.container import open_services

    async def main() -> None:
        with progress_bar("embedding") as bar:
            async with open_services(config, progress=bar) as services:
                report = await services.kb.import_records(records, progress=bar)
                attached = 0
                if pictures:
                    from bot.services.signals import attach_record_images

                    attached = await attach_record_images(services.sessionmaker, records, pictures)
        say(
            f"{name}: {report.created} new, {report.updated} updated, {report.unchanged} unchanged "
            f"({len(records)} verdicts read)" + (f"; {attached} pictures attached" if pictures else "")
        )

    run_async(main(), config.database_url, f"{name}: ", "; nothing was imported")


@kb_app.command("import")
def kb_import(
    file: Path | None = typer.Argument(
        None, help="ClaimReview JSON-LD, a Fact Check Tools claims:search response, CSV or JSON Lines."
    ),
    sample: bool = typer.Option(
        False, "--sample", help="Load the sample knowledge base shipped with tipline."
    ),
    fmt: str = typer.Option("auto", "--format", help="auto, claimreview, factcheck-api, csv or jsonl."),
    dry_run: bool = typer.Option(False, "--dry-run", help="List every bad record; store nothing."),
    ratings: Path | None = typer.Option(
        None, "--ratings", help="JSON file mapping rating words to the bot's ratings (TIPLINE_RATINGS_FILE)."
    ),
    images: Path | None = typer.Option(
        None,
        "--images",
        help="A folder of known pictures: DIR/<id>.jpg or DIR/<id>/*.jpg, <id> being a verdict's id or "
        "the last part of its URL; readers who send one (or a copy) get the verdict.",
    ),
) -> None:
    """Load verdicts into the knowledge base (upsert by URL, else by id; all or nothing)."""
    from knowledge.formats import FORMATS, parse, skipped_summary

    if (file is None) == (not sample):
        raise fail("give a FILE or --sample (one of them)")
    if fmt != "auto" and fmt not in FORMATS:
        raise fail(f"--format must be auto or one of {', '.join(FORMATS)}")
    config = settings()
    table = rating_table(ratings, config)
    name, text, kind = read_source(file, sample, fmt)
    parsed = parse(text, kind, table)
    pictures = record_pictures(images, parsed) if images is not None else {}
    if dry_run:
        print_dry_run(name, kind, parsed)
        raise typer.Exit(1 if parsed.errors else 0)
    if parsed.errors:
        raise fail(bad_records_line(name, parsed.errors))
    if parsed.skipped:
        print(f"tipline: {name}: {skipped_summary(parsed.skipped)}", file=sys.stderr)
    store_records(config, name, parsed.records, pictures)


@kb_app.command("export")
def kb_export(
    file: Path = typer.Argument(..., help="Where to write; .jsonld, .csv or .jsonl picks the format."),
    fmt: str | None = typer.Option(None, "--format", help="claimreview, csv or jsonl."),
) -> None:
    """Write the newsroom's own verdicts (not its partners') to FILE as ClaimReview JSON-LD, CSV or JSON
    Lines."""
    import os

    from bot.services.verdict_records import stored_records
    from knowledge.formats import EXPORT_FORMATS, export_format, write_records

    if fmt is not None and fmt not in EXPORT_FORMATS:
        raise fail(f"--format must be one of {', '.join(EXPORT_FORMATS)}")
    try:
        kind = fmt or export_format(file)
    except ValueError as error:
        raise fail(str(error)) from None
    config = settings()

    async def load() -> list:
        async with open_database(config) as sessionmaker:
            return await stored_records(sessionmaker)

    records = run_async(load(), config.database_url)
    try:
        with progress_bar("exporting") as bar:
            text = write_records(records, kind, progress=bar)
    except ValueError as error:
        raise fail(f"{error}; export to CSV or JSON Lines instead") from None
    partial = file.with_name(f".{file.name}.partial")
    try:
        partial.write_bytes(text.encode("utf-8"))
        os.replace(partial, file)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise fail(f"{file}: cannot write ({error.strerror})") from None
    say(f"{file}: {len(records)} verdicts written ({kind})")


@kb_app.command("search")
def kb_search(text: str, limit: int = typer.Option(5, help="How many matches to show.")) -> None:
    """Print the best matches for TEXT with their scores."""
    from rich.table import Table

    from bot.services.container import open_services

    config = settings()

    async def main() -> None:
        async with open_services(config, embed_threads=1) as services:
            matches = await services.kb.search(text, limit)
            verdicts = await services.kb.verdicts([m.verdict_id for m in matches])
        if not matches:
            console.print("no matches")
            return
        table = Table("score", "id", "rating", "claim", "matched phrasing")
        for match in matches:
            verdict = verdicts[match.verdict_id]
            table.add_row(
                f"{match.score:.3f}",
                verdict.external_id,
                verdict.rating or "-",
                verdict.claims[0].text,
                match.text,
            )
        console.print(table)

    run_async(main(), config.database_url)


@kb_app.command("withdraw")
def kb_withdraw(
    verdict_id: str = typer.Argument(..., help="The verdict's id, as `tipline kb export` writes it."),
    restore: bool = typer.Option(False, "--restore", help="Bring a withdrawn verdict back."),
) -> None:
    """Withdraw verdict VERDICT_ID: readers stop getting it, and the partners' feed tells them it is
    withdrawn (their bots stop answering with it at their next sync)."""
    from bot.services.desk.audit import Actor
    from bot.services.desk.publishing import withdraw

    config = settings()

    async def main():
        async with open_database(config) as sessionmaker, sessionmaker() as session:
            return await withdraw(session, verdict_id, Actor(0, "tipline kb withdraw"), restore)

    verdict = run_async(main(), config.database_url)
    if verdict is None:
        raise fail(
            f"{verdict_id}: no verdict of this newsroom has this id (tipline kb search TEXT shows them)"
        )
    say(f"{verdict_id}: " + ("restored" if restore else "withdrawn"))
