"""`tipline run`, `tipline webhook` and `tipline db upgrade`: the commands that serve Telegram or prepare
the database for it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

import typer

from bot.cli.common import console, fail, operator_message, run_async, settings

if TYPE_CHECKING:
    from bot.settings import Settings

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
webhook_app = typer.Typer(
    help="Webhook mode: serve updates over HTTP; `set` / `delete` register the webhook with Telegram."
)

CHECK_TIMEOUT = 20
"""Seconds the getMe made before serving may take."""


def bot_api_message(error: BaseException, config: Settings) -> str | None:
    """One line for a Bot API that refuses the token, cannot be reached or does not answer as the Bot
    API does; None for any other error."""
    from aiogram.exceptions import (
        ClientDecodeError,
        TelegramAPIError,
        TelegramNetworkError,
        TelegramUnauthorizedError,
    )

    from bot.logs import Redactor

    secrets = [s.get_secret_value() for s in (config.bot_token, config.webhook_secret) if s is not None]
    redact = Redactor(secrets)
    where = f"the Bot API at {config.api_base} (TIPLINE_API_BASE)"
    if isinstance(error, TelegramUnauthorizedError):
        return "the Bot API refused the token (401 Unauthorized); check TIPLINE_BOT_TOKEN"
    if isinstance(error, TelegramNetworkError):
        return f"cannot reach {where}: {redact(error.message)}"
    if isinstance(error, ClientDecodeError):
        return f"{where} answered with something other than the Bot API's JSON: {redact(str(error.original))}"
    if isinstance(error, TelegramAPIError):
        return f"{where} answered {redact(error.message)}"
    return None


def check_serving(config: Settings) -> None:
    """The settings checked as far as they can be before serving: the token set, the optional packages
    the settings need installed, the partners file readable, and the Bot API taking the token (one
    getMe)."""
    from bot.settings import SettingsError, require_packages, require_token

    try:
        require_token(config)
        require_packages(config)
        if config.partners_file:
            from bot.services.partners import followed_in_file

            followed_in_file(config.partners_file)
    except SettingsError as error:
        raise fail(str(error)) from None
    try:
        asyncio.run(check_bot_api(config))
    except Exception as error:
        message = bot_api_message(error, config)
        if message is None:
            raise
        raise fail(message) from None


async def check_bot_api(config: Settings) -> None:
    from bot.telegram.app import create_bot

    bot = create_bot(config)
    try:
        await bot.get_me(request_timeout=CHECK_TIMEOUT)
    finally:
        await bot.session.close()


def serve(main: Coroutine[Any, Any, None], config: Settings, what: str) -> None:
    """Run a serving process until it stops: an error an operator can fix is one line and exit status 2;
    anything else is logged (through the redacting log handler, never a raw traceback), exit status 1."""
    try:
        asyncio.run(main)
    except (KeyboardInterrupt, typer.Exit):
        raise
    except Exception as error:
        message = bot_api_message(error, config) or operator_message(error, config.database_url)
        if message is not None:
            raise fail(message) from None
        logging.getLogger("bot").exception("%s stopped on an error", what)
        raise typer.Exit(1) from None


def run() -> None:
    """Start the bot with long polling (applies migrations first)."""
    from bot.cli.common import configure_logging

    config = settings()
    check_serving(config)
    import handlers
    from bot.telegram.runtime import run_polling

    configure_logging(config.log_level, config)
    serve(run_polling(config, handlers.routers()), config, "tipline run")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations."""
    from bot.db.engine import create_engine, upgrade

    config = settings()

    async def main() -> None:
        engine = create_engine(config.database_url)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    run_async(main(), config.database_url)
    console.print("database is up to date")


@webhook_app.callback(invoke_without_command=True)
def webhook(ctx: typer.Context) -> None:
    """Serve Telegram's webhook, /healthz and /metrics (applies migrations first); does not register
    the webhook (`tipline webhook set` does)."""
    if ctx.invoked_subcommand is not None:
        return
    from bot.cli.common import configure_logging

    config = settings()
    if config.webhook_secret is None:
        raise fail("TIPLINE_WEBHOOK_SECRET: not set; the webhook refuses updates without it")
    check_serving(config)
    import handlers
    from bot.telegram.webhook import run_webhook

    configure_logging(config.log_level, config)
    serve(run_webhook(config, handlers.routers()), config, "tipline webhook")


def telegram_call(main: Coroutine[Any, Any, Any], config: Settings, method: str) -> Any:
    """One Bot API call from the shell: a refusal or a network error is one line, exit status 2."""
    from bot.settings import SettingsError

    try:
        return asyncio.run(main)
    except SettingsError as error:
        raise fail(str(error)) from None
    except Exception as error:
        message = bot_api_message(error, config)
        if message is None:
            raise
        raise fail(f"{method} failed: {message}") from None


def webhook_settings() -> Settings:
    from bot.settings import SettingsError, require_token

    config = settings()
    try:
        require_token(config)
    except SettingsError as error:
        raise fail(str(error)) from None
    return config


@webhook_app.command("set")
def webhook_set(
    drop_pending: bool = typer.Option(False, "--drop-pending", help="Drop the updates Telegram holds."),
) -> None:
    """Register TIPLINE_WEBHOOK_URL with Telegram, with TIPLINE_WEBHOOK_SECRET as its secret token."""
    import handlers
    from bot.cli.common import configure_logging, say
    from bot.telegram.webhook import set_webhook

    config = webhook_settings()
    configure_logging(config.log_level, config)
    url = telegram_call(set_webhook(config, handlers.routers(), drop_pending), config, "setWebhook")
    say(f"webhook set to {url}")


@webhook_app.command("delete")
def webhook_delete(
    drop_pending: bool = typer.Option(False, "--drop-pending", help="Drop the updates Telegram holds."),
) -> None:
    """Remove the webhook (`tipline run` can poll again)."""
    from bot.cli.common import configure_logging
    from bot.telegram.webhook import delete_webhook

    config = webhook_settings()
    configure_logging(config.log_level, config)
    telegram_call(delete_webhook(config, drop_pending), config, "deleteWebhook")
    console.print("webhook deleted")
