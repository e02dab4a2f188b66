"""Logging: one line per event (text or JSON), with the bot token and the webhook secret redacted."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable

REDACTED = "[redacted]"
TOKEN_IN_URL = re.compile(r"bot\d+:[A-Za-z0-9_-]+")
"""`.../bot123456:ABC-def/sendMessage`: how a token appears in Bot API URLs and aiohttp errors."""


class Redactor:
    def __init__(self, secrets: Iterable[str | None] = ()):
        # longest first, so a secret containing another is removed whole
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        text = TOKEN_IN_URL.sub("bot" + REDACTED, text)
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text


class RedactingFilter(logging.Filter):
    """Replaces the secrets in a record's message, exception and stack before any handler formats it.

    Installed on the handlers (not on a logger), so records of every logger pass through it."""

    _exceptions = logging.Formatter()

    def __init__(self, secrets: Iterable[str | None] = ()):
        super().__init__()
        self.redact = Redactor(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string is still logged, redacted
            message = f"{record.msg} {record.args}"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._exceptions.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class TextFormatter(logging.Formatter):
    """The classic line; newlines (a traceback's too) are escaped so that an event stays one line."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and `exception` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


def install(
    level: str = "INFO",
    fmt: str = "text",
    secrets: Iterable[str | None] = (),
    stream: object | None = None,
) -> logging.Handler:
    """Replace the root logger's handlers with one that redacts `secrets` and writes `fmt` lines."""
    import sys

    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.captureWarnings(True)
    return handler
