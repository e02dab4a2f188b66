"""The `tipline` command."""

from __future__ import annotations

import asyncio
import html
import logging
import re
import sys
from importlib import resources
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from bot.settings import Settings, SettingsError, load_settings

app = typer.Typer(help="tipline: a Telegram tip-line for fact-checking newsrooms.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
kb_app = typer.Typer(help="The knowledge base of published verdicts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(kb_app, name="kb")

console = Console()
errors = Console(stderr=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    print(f"tipline: {message}", file=sys.stderr)
    return typer.Exit(code)


def settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        raise fail(str(error)) from None


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)


class progress_bar:
    """A rich progress bar usable as a `(done, total)` callback."""

    def __init__(self, description: str):
        self._progress = Progress(
            TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=errors
        )
        self._task = None

    def __enter__(self) -> progress_bar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def __call__(self, done: int, total: int) -> None:
        if self._task is None:
            self._task = self._progress.add_task("", total=total)
        self._progress.update(self._task, completed=done, total=total)


def plain(text: str) -> str:
    """An HTML message as a terminal shows it."""
    text = re.sub(r'<a href="([^"]*)">([^<]*)</a>', lambda m: f"{m[2]} ({html.unescape(m[1])})", text)
    return html.unescape(re.sub(r"</?[a-z]+[^>]*>", "", text))


@app.command()
def run() -> None:
    """Start the bot with long polling (applies migrations first)."""
    from bot.settings import require_token

    config = settings()
    try:
        require_token(config)
    except SettingsError as error:
        raise fail(str(error)) from None
    from bot.runtime import run_polling

    configure_logging(config.log_level)
    asyncio.run(run_polling(config))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations."""
    from bot.database import create_engine, upgrade

    config = settings()

    async def main() -> None:
        engine = create_engine(config.database_url)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(main())
    console.print("database is up to date")


@kb_app.command("import")
def kb_import(
    file: Path | None = typer.Argument(None, help="A JSON Lines file, one verdict per line."),
    sample: bool = typer.Option(False, "--sample", help="Load the sample knowledge base shipped with tipline."),
) -> None:
    """Load verdicts into the knowledge base (upsert by id; all or nothing)."""
    from bot.runtime import open_services
    from knowledge.verdicts import RecordError, read_jsonl

    if (file is None) == (not sample):
        raise fail("give a FILE or --sample (one of them)")
    if sample:
        source = resources.files("knowledge").joinpath("sample/verdicts.jsonl")
        name = "the sample knowledge base"
    else:
        source, name = file, str(file)
    try:
        with source.open(encoding="utf-8") as lines:
            records = list(read_jsonl(lines))
    except FileNotFoundError:
        raise fail(f"{name}: no such file") from None
    except UnicodeDecodeError as error:
        raise fail(f"{name}: not UTF-8 text ({error.reason} at byte {error.start})", 1) from None
    except RecordError as error:
        raise fail(f"{name}: {error}; nothing was imported", 1) from None
    config = settings()

    async def main() -> None:
        with progress_bar("embedding") as bar:
            async with open_services(config, progress=bar) as services:
                report = await services.kb.import_records(records, progress=bar)
        console.print(
            f"{name}: {report.created} new, {report.updated} updated, {report.unchanged} unchanged "
            f"({len(records)} verdicts read)"
        )

    asyncio.run(main())


@kb_app.command("search")
def kb_search(text: str, limit: int = typer.Option(5, help="How many matches to show.")) -> None:
    """Print the best matches for TEXT with their scores."""
    from bot.runtime import open_services

    config = settings()

    async def main() -> None:
        async with open_services(config) as services:
            matches = await services.kb.search(text, limit)
            verdicts = await services.kb.verdicts([m.verdict_id for m in matches])
        if not matches:
            console.print("no matches")
            return
        table = Table("score", "id", "rating", "claim", "matched phrasing")
        for match in matches:
            verdict = verdicts[match.verdict_id]
            table.add_row(
                f"{match.score:.3f}", verdict.external_id, verdict.rating or "-", verdict.claims[0].text, match.text
            )
        console.print(table)

    asyncio.run(main())


@app.command()
def check(
    text: str,
    lang: str = typer.Option("en", "--lang", help="The reader's interface language."),
) -> None:
    """Run the reader pipeline once on TEXT and print what the reader would see (stores nothing)."""
    from bot.cards import rating_label, shorten, verdict_card
    from bot.i18n import Locales
    from bot.pipeline import assess
    from bot.runtime import open_services

    config = settings()
    locales = Locales(default=config.default_language)
    t = locales[locales.resolve(lang)]

    async def main() -> None:
        async with open_services(config) as services:
            assessment = await assess(services.kb, text, t.lang)
            decision = assessment.decision
            verdicts = await services.kb.verdicts([m.verdict_id for m in decision.matches])
        console.print(f"[dim]language: {assessment.lang}; decision: {decision.action}[/dim]")
        if not assessment.checkable:
            console.print(plain(t("nothing-to-check")), markup=False)
        elif decision.action == "auto":
            console.print(plain(verdict_card(t, verdicts[decision.matches[0].verdict_id])), markup=False)
        elif decision.action == "choose":
            console.print(plain(t("choose-intro")), markup=False)
            for match in decision.matches:
                verdict = verdicts[match.verdict_id]
                label = shorten(f"{rating_label(t, verdict.rating)}: {verdict.claim_in(t.lang)}", 60)
                console.print(f"  [ {label} ]  ({match.score:.2f})", markup=False)
            console.print(f"  [ {t('choose-none')} ]", markup=False)
        else:
            console.print(plain(t("queued", id="…")), markup=False)

    asyncio.run(main())


@app.command("eval")
def evaluate(
    kb: Path = typer.Option(..., "--kb", help="Knowledge base, JSON Lines."),
    queries: Path = typer.Option(..., "--queries", help='Queries, JSON Lines: {"id", "text", "gold": [ids], ...}.'),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    run_out: Path | None = typer.Option(None, "--run-out", help="Write each query's ranking and decision here."),
    db: str | None = typer.Option(None, "--db", help="Import into (and keep) this database instead of a fresh one."),
) -> None:
    """Measure matching on your own data, through the same pipeline the bot uses."""
    import json
    import tempfile
    import time

    from bot.pipeline import assess
    from bot.runtime import open_services
    from knowledge.evaluation import Outcome, format_summary, load_queries, summarise
    from knowledge.verdicts import RecordError, read_jsonl

    try:
        with kb.open(encoding="utf-8") as lines:
            records = list(read_jsonl(lines))
        questions = load_queries(queries)
    except FileNotFoundError as error:
        raise fail(f"{error.filename}: no such file", 1) from None
    except (RecordError, ValueError, KeyError) as error:
        raise fail(f"{error}; nothing was evaluated", 1) from None
    config = settings()

    async def main(url: str) -> dict:
        rows = []
        async with open_services(config.model_copy(update={"database_url": url})) as services:
            with progress_bar("embedding") as bar:
                await services.kb.import_records(records, progress=bar)
            names = await services.kb.external_ids()
            outcomes = []
            for query in questions:
                began = time.perf_counter()
                result = await assess(services.kb, query.text, config.default_language)
                latency = (time.perf_counter() - began) * 1000
                ranked = tuple(names[m.verdict_id] for m in result.ranked)
                decision = result.decision
                auto = names[decision.matches[0].verdict_id] if decision.action == "auto" else None
                outcomes.append(
                    Outcome(query.gold, ranked, decision.action, auto, query.kind, query.lang, latency,
                            result.ranked[0].score if result.ranked else 0.0)
                )
                rows.append({"id": query.id, "gold": list(query.gold), "ranked": list(ranked[:10]),
                             "scores": [round(m.score, 4) for m in result.ranked[:10]],
                             "decision": decision.action, "auto": auto, "lang": result.lang})
        if run_out:
            run_out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        return summarise(outcomes)

    if db:
        summary = asyncio.run(main(db))
    else:
        with tempfile.TemporaryDirectory(prefix="tipline-eval-") as directory:
            summary = asyncio.run(main(f"sqlite+aiosqlite:///{directory}/eval.db"))
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(format_summary(summary))


def main() -> None:
    try:
        app()
    except SettingsError as error:
        print(f"tipline: {error}", file=sys.stderr)
        raise SystemExit(2) from None
