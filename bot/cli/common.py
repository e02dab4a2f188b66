"""What every command shares: settings, one-line errors, logging, progress bars and terminal output.

Kept light (typer and rich only), so `tipline --help` and the commands that need no Telegram import no
more than they use; heavy modules are imported inside the commands."""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import sys
from collections.abc import AsyncIterator, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from bot.settings import Settings

console = Console()
errors = Console(stderr=True)

T = TypeVar("T")


def one_line(message: str) -> str:
    """`message` on one line: an error from a library may span several."""
    return " ".join(part.strip() for part in str(message).splitlines() if part.strip())


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `tipline: message` as one line on stderr; raise the returned Exit (status 2 by default)."""
    print(f"tipline: {one_line(message)}", file=sys.stderr)
    return typer.Exit(code)


def settings() -> Settings:
    from bot.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as error:
        raise fail(str(error)) from None


def hide_password(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL is shown without anything after its scheme
        return url.partition("://")[0] + "://…"


def operator_message(error: BaseException, database_url: str | None = None) -> str | None:
    """One line an operator can act on for an error a setting, a file or a service caused; None for
    anything else (a bug, which keeps its traceback)."""
    from sqlalchemy import exc

    from bot.settings import SettingsError

    where = f" {hide_password(database_url)}" if database_url else ""
    if isinstance(error, SettingsError):
        return str(error)
    if isinstance(error, exc.ArgumentError):
        return f"TIPLINE_DATABASE_URL: {error}"
    if isinstance(error, exc.DBAPIError):
        return f"the database{where} refused: {one_line(str(error.orig or error))}"
    if isinstance(error, ConnectionError | TimeoutError) or type(error).__module__.startswith("socket"):
        return f"cannot connect to the database{where}: {one_line(str(error)) or type(error).__name__}"
    if isinstance(error, OSError):
        return one_line(str(error))
    return None


def run_async(
    main: Coroutine[Any, Any, T], database_url: str | None = None, prefix: str = "", suffix: str = ""
) -> T:
    """`asyncio.run(main)`, an error an operator can fix becoming one line (`prefix`, what went wrong,
    `suffix`) and exit status 2."""
    try:
        return asyncio.run(main)
    except (typer.Exit, KeyboardInterrupt):
        raise
    except Exception as error:
        from bot.settings import SettingsError

        message = operator_message(error, database_url)
        if message is None:
            raise
        if isinstance(error, SettingsError):  # about a setting, not about what the command was given
            raise fail(message) from None
        raise fail(f"{prefix}{message}{suffix}") from None


@contextlib.asynccontextmanager
async def open_database(config: Settings) -> AsyncIterator[async_sessionmaker]:
    """Only the database (migrated), for the commands that need no knowledge-base matcher."""
    from bot.db.engine import create_engine, create_sessionmaker, upgrade

    engine = create_engine(config.database_url)
    try:
        await upgrade(engine)
        yield create_sessionmaker(engine)
    finally:
        await engine.dispose()


def configure_logging(level: str, config: Settings | None = None) -> None:
    """One line per event (JSON when TIPLINE_LOG_FORMAT=json); the bot token and the webhook secret
    (and any `bot<digits>:<token>` in a URL) are redacted from every record."""
    from bot.logs import install

    secrets = []
    if config is not None:
        secrets = [s.get_secret_value() for s in (config.bot_token, config.webhook_secret) if s is not None]
    install(level, config.log_format if config is not None else "text", secrets, sys.stderr)


class progress_bar:
    """A rich progress bar usable as a `(done, total)` callback; shown only on a terminal."""

    def __init__(self, description: str):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn(description),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=errors,
            disable=not errors.is_terminal,
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


def say(text: str) -> None:
    """One line (or a paragraph) of output, printed as it is: no markup, no wrapping."""
    console.print(text, markup=False, soft_wrap=True, highlight=False)
