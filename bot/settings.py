"""Settings from the environment (prefix TIPLINE_) and an optional .env file."""

from __future__ import annotations

import importlib.util
import re
import socket
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from knowledge.verdicts import LANGUAGES

OFFICIAL_API_BASE = "https://api.telegram.org"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TIPLINE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    bot_token: SecretStr | None = None
    database_url: str = "sqlite+aiosqlite:///tipline.db"
    api_base: str = OFFICIAL_API_BASE
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    checkers_chat_id: int | None = None
    redis_url: str | None = None
    default_language: str = "en"
    desk_language: str = "en"
    """The language of the checkers' chat: tip cards, the desk's buttons and its answers
    (bot/telegram/desk.py)."""
    newsroom_name: str = "our newsroom"
    status_messages: bool = True
    """A tip's readers are told when a checker takes it, when it is closed as spam or not checkable, and
    once when it is still waiting after `still_working_hours`."""
    still_working_hours: float = Field(default=24, ge=0)
    """Hours without a verdict before a tip's readers hear "still working" (once); 0: never."""
    semantic: bool = True
    ocr: bool = True
    """Read the words of the pictures readers send (tesseract, when installed; bot/services/ocr.py)."""
    ocr_workers: int = Field(default=1, ge=1, le=64)
    """Pictures read at once (each reading takes one core while it runs)."""
    ocr_queue: int = Field(default=32, ge=1, le=100000)
    """Pictures waiting for a reader at most; more are read later by the pending-readings loop."""
    ocr_wait: float = Field(default=1.0, ge=0, le=60)
    """Seconds a reader's answer waits for their picture to be read; later, the verdict follows."""
    transcription_url: str | None = None
    """An OpenAI-compatible transcription endpoint the newsroom runs beside the bot, such as
    http://127.0.0.1:8080/v1/audio/transcriptions (whisper.cpp's server, faster-whisper servers); not
    set: voice notes and videos are not transcribed. Never a hosted service unless set to one."""
    transcription_model: str = "whisper-1"
    transcription_key: SecretStr | None = None
    """Sent as a bearer token, when the endpoint asks for one."""
    transcribe_min_seconds: float = Field(default=2, ge=0)
    transcribe_max_seconds: float = Field(default=300, gt=0)
    """Voice notes and videos outside these durations are not transcribed (a checker's "Transcribe"
    still obeys the maximum)."""
    transcribe_demand: int = Field(default=3, ge=1)
    """Readers a voice note's tip needs before it is transcribed without a checker asking."""
    embed_threads: int = Field(default=0, ge=0, le=256)
    """CPU threads of the e5 model; 0: every core. Fewer leave cores to other services on a shared
    host; the commands that embed one query use one (bot/cli)."""
    auto_threshold: float | None = Field(default=None, ge=0, le=1)
    suggest_threshold: float | None = Field(default=None, ge=0, le=1)
    cluster_threshold: float = Field(default=0.91, ge=0, le=1)
    """Cosine similarity at or above which a tip in another language joins an open tip's cluster
    (the same language needs max(this, 0.97) or a near-identical text); see knowledge/clustering.py."""
    log_level: str = "INFO"
    index_cache: str = "auto"
    """Where the matcher's index is saved between starts: a file path, "auto" (beside a SQLite database,
    else in ~/.cache/tipline) or "off"."""
    ratings_file: str | None = None
    """A JSON file mapping publishers' rating words to the bot's ratings, for `tipline kb import`."""
    broadcast_rate: float = Field(default=29.0, gt=0, le=1000)
    """Broadcast messages a second, for the whole bot (Telegram allows about 30)."""
    broadcast_workers: int = Field(default=8, ge=1, le=100)
    """Broadcast sends in flight at once (they share `broadcast_rate`)."""
    broadcast_attempts: int = Field(default=3, ge=1, le=20)
    """Tries per reader on 5xx and network errors before the reader is counted as failed."""
    broadcast_language: str | None = None
    """The language of a broadcast for readers whose language is not one of the eight, and for
    verdict text missing in a reader's language; TIPLINE_DEFAULT_LANGUAGE when not set."""
    retention_days: int = Field(default=180, ge=1)
    """Days after which the links between readers and their tips are purged (bot/services/privacy.py)."""
    webhook_host: str = "0.0.0.0"
    """Where `tipline webhook` listens."""
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_path: str = "/telegram"
    """The path Telegram POSTs updates to."""
    webhook_url: str | None = None
    """The public HTTPS URL Telegram is given by `tipline webhook set` (ends with the path)."""
    webhook_secret: SecretStr | None = None
    """Checked against the X-Telegram-Bot-Api-Secret-Token header (1-256 of A-Z a-z 0-9 _ -)."""
    log_format: str = "text"
    """text or json (one JSON object a line)."""
    replica_id: str = Field(default_factory=socket.gethostname, min_length=1, max_length=200)
    """Names this bot process among several replicas (the host name: a restarted container keeps it and
    takes its broadcast back at once); two processes on one host need different ids."""
    sync_interval: float = Field(default=2.0, gt=0, le=3600)
    """Seconds between looks at the knowledge base's change feed (verdicts added by another replica or
    by `tipline kb import`)."""
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    """In polling mode, serve /metrics and /healthz on this port (webhook mode serves them anyway)."""
    reader_burst: int = Field(default=10, ge=0)
    """Messages a reader may send within `reader_burst_window` seconds (0: no limit);
    bot/services/limits.py."""
    reader_burst_window: int = Field(default=60, ge=1, le=86400)
    reader_daily_cap: int = Field(default=100, ge=0)
    """Messages a reader may send within 24 hours (0: no limit)."""
    show_reader_identity: bool = False
    """Show readers' names and usernames on the tip cards in the checkers' chat."""
    newsroom_country: str | None = None
    """Where the newsroom works, as its feed tells partners ("Checked by <newsroom>, <country>")."""
    feed_port: int | None = Field(default=None, ge=1, le=65535)
    """In polling mode, serve the partners' feed (/partners/feed) on this port; webhook mode serves it
    with the webhook."""
    partners_file: str | None = None
    """A TOML file of partner feeds to follow, applied at each start (see the README: Partners)."""
    partner_sync_interval: float = Field(default=60.0, ge=0.5, le=86400)
    """Seconds between reads of each followed partner's feed (longer after errors)."""
    share_rising: int = Field(default=0, ge=0)
    """Share with the partners the open clusters at least this many readers sent (their claim, language,
    demand, first sighting and channels; never who sent them) at /partners/rising; 0: not shared."""
    group_threshold: float = Field(default=0.97, ge=0, le=1)
    """Score at or above which the bot answers a /check or a mention in a group (near-exact only)."""

    @field_validator("webhook_path")
    @classmethod
    def _webhook_path(cls, value: str) -> str:
        return value if value.startswith("/") else "/" + value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with https:// (Telegram accepts only HTTPS)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("1 to 256 characters, only A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return value

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value.lower() not in ("text", "json"):
            raise ValueError("must be text or json")
        return value.lower()

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError("expected Telegram user ids separated by commas, e.g. 1234,5678") from None
        return value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        head, sep, tail = value.get_secret_value().partition(":")
        if not (sep and head.isdigit() and tail and " " not in tail):
            raise ValueError("does not look like a bot token from @BotFather (digits:letters)")
        return value

    @field_validator("api_base")
    @classmethod
    def _url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        return database_url(value)

    @field_validator("broadcast_language")
    @classmethod
    def _broadcast_language(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if value not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return value

    @field_validator("default_language", "desk_language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return value


DATABASE_SCHEMES = {
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "sqlite": "sqlite+aiosqlite",
    "postgresql+asyncpg": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}
"""The database URL schemes tipline runs on, and the driver each one means."""


def database_url(value: str) -> str:
    """`value` as the URL of a database tipline supports, with its async driver; ValueError otherwise."""
    scheme, sep, rest = value.strip().partition("://")
    if not sep or not scheme:
        raise ValueError("must be a URL such as sqlite+aiosqlite:///tipline.db or postgresql://user@host/db")
    if scheme.lower() not in DATABASE_SCHEMES:
        raise ValueError(
            f"{scheme}:// is not supported; use sqlite+aiosqlite:// (sqlite://) or "
            "postgresql+asyncpg:// (postgresql://, postgres://)"
        )
    return f"{DATABASE_SCHEMES[scheme.lower()]}://{rest}"


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line meant for the operator."""


def require_package(module: str, extra: str, reason: str) -> None:
    """SettingsError naming the extra to install when `reason` (a setting) needs a package that is
    not installed; nothing is imported."""
    if importlib.util.find_spec(module) is None:
        raise SettingsError(
            f"{reason} but the {module} package is not installed: pip install 'tipline[{extra}]'"
        )


def require_packages(settings: Settings) -> None:
    """SettingsError when a setting needs an optional package that is not installed."""
    if settings.database_url.startswith("postgresql+asyncpg://"):
        require_package("asyncpg", "postgres", "TIPLINE_DATABASE_URL is a PostgreSQL URL")
    if settings.redis_url:
        require_package("redis", "redis", "TIPLINE_REDIS_URL is set")


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        name = "TIPLINE_" + str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None


def require_token(settings: Settings) -> str:
    if settings.bot_token is None:
        raise SettingsError("TIPLINE_BOT_TOKEN: not set; get a token from @BotFather and set it")
    return settings.bot_token.get_secret_value()
