"""Log lines: one per event, JSON when asked, and never the bot token or the webhook secret."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.cli import configure_logging
from bot.logs import REDACTED, JsonFormatter, RedactingFilter, TextFormatter
from bot.settings import load_settings

TOKEN = "123456:AAHsecret-Token_part"
SECRET = "hook-Secret_987654"


def record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord("tipline.test", logging.ERROR, __file__, 1, message, args, exc_info)


def raised(message: str) -> BaseException:
    try:
        raise RuntimeError(message)
    except RuntimeError as error:
        return error


@pytest.mark.parametrize("formatter", [TextFormatter(), JsonFormatter()])
def test_the_token_and_the_secret_are_redacted_from_message_args_and_exception(formatter):
    entry = record(
        "POST https://api.telegram.org/bot%s/sendMessage with %s",
        TOKEN,
        SECRET,
        exc=raised(f"Cannot connect to https://api.telegram.org/bot{TOKEN}/getMe ({SECRET})"),
    )
    assert RedactingFilter([TOKEN, SECRET]).filter(entry)
    line = formatter.format(entry)
    assert TOKEN not in line and SECRET not in line
    assert "AAHsecret" not in line and "123456:" not in line
    assert REDACTED in line and "RuntimeError" in line and "\n" not in line


def test_a_token_in_a_bot_api_url_is_redacted_even_when_not_configured():
    entry = record("GET https://api.telegram.org/bot999:OTHER_token-x/getUpdates failed")
    RedactingFilter([]).filter(entry)
    assert "OTHER_token" not in TextFormatter().format(entry)


def test_json_lines_parse_and_configure_logging_installs_the_filter(monkeypatch, capsys):
    config = load_settings(
        bot_token=TOKEN, webhook_secret=SECRET, log_format="json", database_url="sqlite://"
    )
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("INFO", config)
        stream = io.StringIO()
        root.handlers[0].setStream(stream)
        log = logging.getLogger("tipline.test")
        log.info("token %s secret %s", TOKEN, SECRET)
        try:
            raise ValueError(f"bad url https://api.telegram.org/bot{TOKEN}/x")
        except ValueError:
            log.exception("it failed\nover two lines")
        lines = stream.getvalue().splitlines()
        assert len(lines) == 2
        entries = [json.loads(line) for line in lines]
        assert entries[0]["message"] == f"token {REDACTED} secret {REDACTED}"
        assert entries[0]["level"] == "INFO" and entries[0]["logger"] == "tipline.test"
        assert "ValueError" in entries[1]["exception"]
        assert TOKEN not in stream.getvalue() and SECRET not in stream.getvalue()
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def test_text_is_the_default_format():
    assert load_settings(database_url="sqlite://").log_format == "text"
    with pytest.raises(Exception, match="TIPLINE_LOG_FORMAT"):
        load_settings(log_format="xml")
