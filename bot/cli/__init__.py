"""The `tipline` command: one module per group of commands. Importing it loads typer and rich only;
each command imports what it uses, so `tipline check`, `kb` and `eval` never import aiogram."""

from __future__ import annotations

import sys

import typer

from bot.cli.broadcast import broadcast_app
from bot.cli.check import check, evaluate
from bot.cli.common import configure_logging, fail
from bot.cli.explainers import explainers_app
from bot.cli.feedback import feedback_app
from bot.cli.inbox import inbox_app
from bot.cli.kb import kb_app
from bot.cli.partners import partners_app
from bot.cli.serve import db_app, run, webhook_app
from bot.cli.stats import stats

__all__ = ["app", "configure_logging", "fail", "main"]

app = typer.Typer(help="tipline: a Telegram tip-line for fact-checking newsrooms.", no_args_is_help=True)
app.pretty_exceptions_show_locals = False  # locals would print the token and the secret
app.command()(run)
app.add_typer(db_app, name="db")
app.add_typer(kb_app, name="kb")
app.add_typer(partners_app, name="partners")
app.command()(check)
app.command("eval")(evaluate)
app.add_typer(explainers_app, name="explainers")
app.add_typer(feedback_app, name="feedback")
app.command()(stats)
app.add_typer(inbox_app, name="inbox")
app.add_typer(broadcast_app, name="broadcast")
app.add_typer(webhook_app, name="webhook")


def main() -> None:
    try:
        app()
    except Exception as error:
        from bot.settings import SettingsError

        if not isinstance(error, SettingsError):
            raise
        print(f"tipline: {error}", file=sys.stderr)
        raise SystemExit(2) from None
