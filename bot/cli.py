"""The `tipline` command."""

from __future__ import annotations

import asyncio
import html
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


def configure_logging(level: str, config: Settings | None = None) -> None:
    """One line per event (JSON when TIPLINE_LOG_FORMAT=json); the bot token and the webhook secret
    (and any `bot<digits>:<token>` in a URL) are redacted from every record."""
    from bot.logs import install

    secrets = []
    if config is not None:
        secrets = [s.get_secret_value() for s in (config.bot_token, config.webhook_secret) if s is not None]
    install(level, config.log_format if config is not None else "text", secrets, sys.stderr)


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

    configure_logging(config.log_level, config)
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


MAX_SHOWN_ERRORS = 20


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
    from knowledge.formats import DEFAULT_RATINGS, FORMATS, decode, detect_format, load_ratings, parse
    from knowledge.verdicts import RecordError

    if (file is None) == (not sample):
        raise fail("give a FILE or --sample (one of them)")
    if fmt != "auto" and fmt not in FORMATS:
        raise fail(f"--format must be auto or one of {', '.join(FORMATS)}")
    config = settings()
    ratings_file = ratings or config.ratings_file
    try:
        table = load_ratings(ratings_file) if ratings_file else DEFAULT_RATINGS
    except ValueError as error:
        if ratings is None:
            raise fail(f"TIPLINE_RATINGS_FILE: {error}") from None
        raise fail(str(error), 1) from None
    try:
        if sample:
            name = "the sample knowledge base"
            data = resources.files("knowledge").joinpath("sample/verdicts.jsonl").read_bytes()
        else:
            name = str(file)
            data = file.read_bytes()
    except FileNotFoundError:
        raise fail(f"{name}: no such file") from None
    except IsADirectoryError:
        raise fail(f"{name}: is a directory") from None
    try:
        text = decode(data)
        kind = fmt if fmt != "auto" else "jsonl" if sample else detect_format(name, data[:65536])
    except (RecordError, ValueError) as error:
        raise fail(f"{name}: {error}; nothing was imported", 1) from None
    parsed = parse(text, kind, table)
    records = parsed.records
    pictures: dict = {}
    if images is not None:
        from knowledge.images import pictures_for_records

        if not images.is_dir():
            raise fail(f"--images {images}: not a folder")
        pictures, bad = pictures_for_records(images, records)
        parsed.errors.extend(f"--images {images}/{error}" for error in bad)
    if dry_run:
        for error in parsed.errors:
            print(f"{name}: {error}", file=sys.stderr)
        console.print(
            f"{name} ({kind}): {len(records)} verdicts read, {len(parsed.errors)} bad; "
            "dry run, nothing was imported",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1 if parsed.errors else 0)
    if parsed.errors:
        if len(parsed.errors) == 1:
            raise fail(f"{name}: {parsed.errors[0]}; nothing was imported", 1)
        for error in parsed.errors[:MAX_SHOWN_ERRORS]:
            print(f"tipline: {name}: {error}", file=sys.stderr)
        more = len(parsed.errors) - MAX_SHOWN_ERRORS
        hint = f" ({more} more not shown; --dry-run lists them all)" if more > 0 else ""
        raise fail(f"{name}: {len(parsed.errors)} bad records{hint}; nothing was imported", 1)

    from sqlalchemy.exc import SQLAlchemyError

    from bot.runtime import open_services

    async def main() -> None:
        with progress_bar("embedding") as bar:
            async with open_services(config, progress=bar) as services:
                report = await services.kb.import_records(records, progress=bar)
                attached = 0
                if pictures:
                    from bot.signals import attach_record_images

                    attached = await attach_record_images(services.sessionmaker, records, pictures)
        console.print(
            f"{name}: {report.created} new, {report.updated} updated, {report.unchanged} unchanged "
            f"({len(records)} verdicts read)" + (f"; {attached} pictures attached" if pictures else ""),
            markup=False,
            soft_wrap=True,
        )

    try:
        asyncio.run(main())
    except SQLAlchemyError as error:
        cause = getattr(error, "orig", None) or error
        raise fail(f"{name}: the database refused the import ({cause}); nothing was imported", 1) from None


@kb_app.command("export")
def kb_export(
    file: Path = typer.Argument(..., help="Where to write; .jsonld, .csv or .jsonl picks the format."),
    fmt: str | None = typer.Option(None, "--format", help="claimreview, csv or jsonl."),
) -> None:
    """Write every verdict to FILE as ClaimReview JSON-LD, CSV or JSON Lines."""
    import os

    from bot.database import create_engine, create_sessionmaker, upgrade
    from bot.kb import stored_records
    from knowledge.formats import EXPORT_FORMATS, export_format, write_records

    if fmt is not None and fmt not in EXPORT_FORMATS:
        raise fail(f"--format must be one of {', '.join(EXPORT_FORMATS)}")
    try:
        kind = fmt or export_format(file)
    except ValueError as error:
        raise fail(str(error)) from None
    config = settings()

    async def load() -> list:
        engine = create_engine(config.database_url)
        try:
            await upgrade(engine)
            return await stored_records(create_sessionmaker(engine))
        finally:
            await engine.dispose()

    records = asyncio.run(load())
    try:
        with progress_bar("exporting") as bar:
            text = write_records(records, kind, progress=bar)
    except ValueError as error:
        raise fail(f"{error}; export to CSV or JSON Lines instead", 1) from None
    partial = file.with_name(f".{file.name}.partial")
    try:
        partial.write_bytes(text.encode("utf-8"))
        os.replace(partial, file)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise fail(f"{file}: cannot write ({error.strerror})", 1) from None
    console.print(f"{file}: {len(records)} verdicts written ({kind})", markup=False, soft_wrap=True)


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
                f"{match.score:.3f}",
                verdict.external_id,
                verdict.rating or "-",
                verdict.claims[0].text,
                match.text,
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
    from bot.pipeline import Assessment, assess
    from bot.runtime import open_services
    from bot.signals import Signals, known_verdict
    from knowledge.links import extract_urls, post_keys
    from knowledge.matching import Decision, Match

    config = settings()
    locales = Locales(default=config.default_language)
    t = locales[locales.resolve(lang)]

    async def main() -> None:
        async with open_services(config) as services:
            assessment = await assess(services.kb, text, t.lang)
            async with services.sessionmaker() as session:  # a link where a verdict's claim appeared
                hit = await known_verdict(session, Signals(links=post_keys(extract_urls(text))))
            if hit is not None:
                auto = Decision("auto", (Match(hit.verdict_id, 1.0, "", ""),))
                assessment = Assessment(assessment.lang, auto, True, assessment.ranked)
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
    queries: Path = typer.Option(
        ..., "--queries", help='Queries, JSON Lines: {"id", "text", "gold": [ids], ...}.'
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    run_out: Path | None = typer.Option(
        None, "--run-out", help="Write each query's ranking and decision here."
    ),
    db: str | None = typer.Option(
        None, "--db", help="Import into (and keep) this database instead of a fresh one."
    ),
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

    async def main(url: str) -> tuple[list[Outcome], list[dict]]:
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
                    Outcome(
                        query.gold,
                        ranked,
                        decision.action,
                        auto,
                        query.kind,
                        query.lang,
                        latency,
                        result.ranked[0].score if result.ranked else 0.0,
                    )
                )
                rows.append(
                    {
                        "id": query.id,
                        "gold": list(query.gold),
                        "ranked": list(ranked[:10]),
                        "scores": [round(m.score, 4) for m in result.ranked[:10]],
                        "decision": decision.action,
                        "auto": auto,
                        "lang": result.lang,
                    }
                )
        return outcomes, rows

    if db:
        outcomes, rows = asyncio.run(main(db))
    else:
        with tempfile.TemporaryDirectory(prefix="tipline-eval-") as directory:
            outcomes, rows = asyncio.run(main(f"sqlite+aiosqlite:///{directory}/eval.db"))
    if run_out:
        run_out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    summary = summarise(outcomes)
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


# --- broadcasts (subscriptions and broadcasts; bot/broadcasts.py) ---------------------------------

broadcast_app = typer.Typer(help="Broadcasts of verdicts to the subscribed readers.", no_args_is_help=True)
app.add_typer(broadcast_app, name="broadcast")


def _broadcast_services(config: Settings):  # noqa: ANN202
    """Only the database (migrated): broadcasts need no knowledge-base matcher."""
    import contextlib

    from bot.database import create_engine, create_sessionmaker, upgrade

    @contextlib.asynccontextmanager
    async def opened():  # noqa: ANN202
        engine = create_engine(config.database_url)
        try:
            await upgrade(engine)
            yield create_sessionmaker(engine)
        finally:
            await engine.dispose()

    return opened()


@broadcast_app.command("status")
def broadcast_status(
    broadcast_id: int | None = typer.Argument(None, help="One broadcast; all when omitted."),
) -> None:
    """Print sent, pending, blocked and failed counts per broadcast."""
    from bot import broadcasts

    config = settings()

    async def main() -> None:
        async with _broadcast_services(config) as sessionmaker:
            found = await broadcasts.broadcasts(sessionmaker, broadcast_id)
            rows = [(b, await broadcasts.counts(sessionmaker, b.id)) for b in found]
        if broadcast_id is not None and not rows:
            raise fail(f"there is no broadcast {broadcast_id}", 1)
        if not rows:
            console.print("no broadcasts")
            return
        table = Table(
            "id",
            "status",
            "verdicts",
            "readers",
            "sent",
            "pending",
            "blocked",
            "failed",
            "unconfirmed",
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
                str(c.unconfirmed),
                b.started_at.strftime("%Y-%m-%d %H:%M:%S") if b.started_at else "-",
                b.finished_at.strftime("%Y-%m-%d %H:%M:%S") if b.finished_at else "-",
            )
        console.print(table)

    asyncio.run(main())


@broadcast_app.command("start")
def broadcast_start(
    verdicts: list[str] = typer.Argument(..., help="Verdict ids (as imported) or numbers."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
    editor: int = typer.Option(0, "--editor", help="Telegram user id recorded as the editor."),
) -> None:
    """Start a broadcast to every subscribed reader; the running bot (`tipline run`) sends it."""
    from bot import broadcasts

    config = settings()
    fallback = config.broadcast_language or config.default_language

    async def prepare(sessionmaker):  # noqa: ANN001, ANN202
        found, missing = await broadcasts.resolve_verdicts(sessionmaker, verdicts)
        return found, missing, await broadcasts.audience(sessionmaker, fallback)

    async def main() -> None:
        async with _broadcast_services(config) as sessionmaker:
            found, missing, audience = await prepare(sessionmaker)
            if missing:
                raise fail(f"no verdict with these ids: {', '.join(missing)}", 1)
            if len(found) > broadcasts.MAX_VERDICTS:
                raise fail(f"at most {broadcasts.MAX_VERDICTS} verdicts in a broadcast", 1)
            total = sum(audience.values())
            languages = ", ".join(f"{k} {v}" for k, v in audience.items())
            console.print(f"{total} subscribed readers: {languages}")
            if not total:
                raise fail("no reader is subscribed", 1)
            if not yes and not typer.confirm(f"Send {len(found)} verdicts to {total} readers?"):
                raise typer.Exit(1)
            draft = await broadcasts.create_draft(sessionmaker, editor, [v.id for v in found])
            count = await broadcasts.start(sessionmaker, draft.id, fallback)
        console.print(f"broadcast {draft.id} started for {count} readers; `tipline run` sends it")

    asyncio.run(main())


@broadcast_app.command("cancel")
def broadcast_cancel(broadcast_id: int) -> None:
    """Stop a broadcast; readers not yet messaged stay pending and are not messaged."""
    from bot import broadcasts

    config = settings()

    async def main() -> bool:
        async with _broadcast_services(config) as sessionmaker:
            return await broadcasts.cancel(sessionmaker, broadcast_id)

    if not asyncio.run(main()):
        raise fail(f"broadcast {broadcast_id} is not a draft or being sent", 1)
    console.print(f"broadcast {broadcast_id} cancelled")


# --- webhook mode (bot/webhook.py) ----------------------------------------------------------------

webhook_app = typer.Typer(
    help="Webhook mode: serve updates over HTTP; `set` / `delete` register the webhook with Telegram."
)
app.add_typer(webhook_app, name="webhook")
app.pretty_exceptions_show_locals = False  # locals would print the token and the secret


def _webhook_settings() -> Settings:
    from bot.settings import require_token

    config = settings()
    try:
        require_token(config)
    except SettingsError as error:
        raise fail(str(error)) from None
    return config


@webhook_app.callback(invoke_without_command=True)
def webhook(ctx: typer.Context) -> None:
    """Serve Telegram's webhook, /healthz and /metrics (applies migrations first); does not register
    the webhook (`tipline webhook set` does)."""
    if ctx.invoked_subcommand is not None:
        return
    config = _webhook_settings()
    if config.webhook_secret is None:
        raise fail("TIPLINE_WEBHOOK_SECRET: not set; the webhook refuses updates without it")
    from bot.webhook import run_webhook

    configure_logging(config.log_level, config)
    try:
        asyncio.run(run_webhook(config))
    except (KeyboardInterrupt, typer.Exit):
        raise
    except Exception:  # noqa: BLE001 - through the redacting log handler, not a raw traceback
        import logging

        logging.getLogger("bot.webhook").exception("tipline webhook stopped on an error")
        raise typer.Exit(1) from None


@webhook_app.command("set")
def webhook_set(
    drop_pending: bool = typer.Option(False, "--drop-pending", help="Drop the updates Telegram holds."),
) -> None:
    """Register TIPLINE_WEBHOOK_URL with Telegram, with TIPLINE_WEBHOOK_SECRET as its secret token."""
    from aiogram.exceptions import TelegramAPIError

    from bot.webhook import set_webhook

    config = _webhook_settings()
    configure_logging(config.log_level, config)
    try:
        url = asyncio.run(set_webhook(config, drop_pending))
    except SettingsError as error:
        raise fail(str(error)) from None
    except TelegramAPIError as error:
        from bot.logs import Redactor

        secrets = [config.bot_token.get_secret_value(), config.webhook_secret.get_secret_value()]
        raise fail(f"setWebhook failed: {Redactor(secrets)(str(error))}", 1) from None
    console.print(f"webhook set to {url}", markup=False, soft_wrap=True)


@webhook_app.command("delete")
def webhook_delete(
    drop_pending: bool = typer.Option(False, "--drop-pending", help="Drop the updates Telegram holds."),
) -> None:
    """Remove the webhook (`tipline run` can poll again)."""
    from aiogram.exceptions import TelegramAPIError

    from bot.webhook import delete_webhook

    config = _webhook_settings()
    configure_logging(config.log_level, config)
    try:
        asyncio.run(delete_webhook(config, drop_pending))
    except TelegramAPIError as error:
        from bot.logs import Redactor

        redact = Redactor([config.bot_token.get_secret_value()])
        raise fail(f"deleteWebhook failed: {redact(str(error))}", 1) from None
    console.print("webhook deleted")
