"""What arrives from Telegram before it is handled: each update read on its own, one that does not read
as an update (an older or newer Bot API shape, an id beyond 64 bits, JSON nested too deep, not an object)
kept as it came in `raw_updates`, and the inbox rows of concurrent deliveries committed together by one
writer (group commit), so a burst of webhook deliveries takes one connection and one transaction instead
of one each."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.exceptions import ClientDecodeError
from aiogram.types import Update
from aiogram.types.update import UpdateTypeLookupError
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.engine import transient
from bot.db.inbox import add_raw_updates, add_updates
from bot.db.models import InboxUpdate, RawUpdate, utcnow
from bot.telegram.metrics import RAW_UPDATES
from bot.telegram.serialization import to_python

log = logging.getLogger(__name__)

MAX_DEPTH = 64
"""Nesting deeper than this is not a Telegram update (a real one nests about ten levels: a callback's
message's keyboard's rows' buttons)."""
RAW_BODY_LIMIT = 1 << 20
"""Characters of an unreadable update's body kept (the webhook refuses larger requests anyway)."""
INT64 = range(-(2**63), 2**63)
"""What the inbox's id columns (SQLite INTEGER, PostgreSQL BIGINT) hold."""
MEDIA_GROUP_ID_LENGTH = InboxUpdate.__table__.c.media_group_id.type.length
UPDATE_ID_LENGTH = RawUpdate.__table__.c.update_id.type.length
LEADING_UPDATE_ID = re.compile(r'\s*\{\s*"update_id"\s*:\s*(-?\d{1,40})\s*[,}]')
WRITE_RETRIES = (0.05, 0.2, 0.5, 1.0, 2.0)
"""Seconds between attempts at a transaction that met contention (a locked SQLite database, a pool with
no free connection, a PostgreSQL deadlock); after the last one the error is raised."""


@dataclass(frozen=True)
class Unreadable:
    """An update that could not be read or stored as one, kept as it came."""

    update_id: str | None
    body: str
    error: str

    @classmethod
    def of(cls, data: Any, error: str, body: str | None = None) -> Unreadable:
        update_id = data.get("update_id") if isinstance(data, dict) else None
        text = (
            str(update_id) if isinstance(update_id, int | str) and not isinstance(update_id, bool) else None
        )
        if text is not None and len(text) > UPDATE_ID_LENGTH:
            text = None
        body = json_text(data) if body is None else body
        return cls(text, body[:RAW_BODY_LIMIT].replace("\x00", "\ufffd"), error)


@dataclass(frozen=True)
class Batch:
    """What one getUpdates brought: the updates read, the unreadable ones, and the offset that confirms
    them all (None: nothing in the answer says which updates it held)."""

    updates: list[Update]
    unreadable: list[Unreadable]
    after: int | None


def json_text(data: Any) -> str:
    """`data` as JSON, non-ASCII letters kept readable unless they do not encode (a lone surrogate)."""
    text = json.dumps(data, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data)
    return text


def first_line(error: BaseException) -> str:
    """What went wrong, in one line: a validation error's first field and message."""
    if isinstance(error, ValidationError):
        problems = error.errors()
        if problems:
            where = ".".join(str(part) for part in problems[0]["loc"]) or "update"
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            return f"{where}: {problems[0]['msg']}{more}"
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def shape_problem(data: Any) -> str | None:
    """Why `data` (parsed JSON) cannot be an update whatever its fields say, or None."""
    if not isinstance(data, dict):
        return f"not an update object but a JSON {type(data).__name__}"
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return f"nested deeper than {MAX_DEPTH} levels"
            stack.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
        elif isinstance(value, int) and not isinstance(value, bool) and value not in INT64:
            return "a number beyond 64 bits"
    return None


def leading_update_id(body: str) -> int | None:
    """The update_id at the start of a body too deep to parse (Telegram writes it first)."""
    found = LEADING_UPDATE_ID.match(body)
    return int(found[1]) if found else None


def read_update(data: Any, bot: Bot, body: str | None = None) -> Update | Unreadable:
    """`data` (parsed JSON) as an aiogram Update, or as an Unreadable saying why it is not one (keeping
    `body`, the JSON as it came, when given)."""
    problem = shape_problem(data)
    if problem is not None:
        return Unreadable.of(data, problem, body)
    try:
        return Update.model_validate(data, context={"bot": bot})
    except ValidationError as error:
        return Unreadable.of(data, first_line(error), body)


def read_batch(items: list[Any], bot: Bot) -> tuple[list[Update], list[Unreadable]]:
    """A getUpdates result aiogram could not read as a whole, read one update at a time."""
    updates: list[Update] = []
    unreadable: list[Unreadable] = []
    for item in items:
        read = read_update(item, bot)
        (unreadable if isinstance(read, Unreadable) else updates).append(read)
    return updates, unreadable


def unread_batch(error: ClientDecodeError) -> list[Any] | None:
    """The updates of a getUpdates answer that is JSON but did not validate as a whole; None when the
    answer was not JSON at all (an HTML page from a proxy)."""
    data = error.data
    if isinstance(error.original, ValidationError) and isinstance(data, dict) and data.get("ok") is True:
        result = data.get("result")
        if isinstance(result, list):
            return result
    return None


def next_offset(items: list[Any]) -> int | None:
    """The getUpdates offset that confirms every update of a raw batch (None: no update_id in it)."""
    ids = [
        item["update_id"]
        for item in items
        if isinstance(item, dict) and isinstance(item.get("update_id"), int) and item["update_id"] in INT64
    ]
    return max(ids) + 1 if ids else None


def event_of(update: Update) -> Any:
    """The update's event (a Message, a CallbackQuery, ...); None for a type aiogram does not know."""
    try:
        return update.event
    except UpdateTypeLookupError:
        return None


def sender_of(update: Update) -> int | None:
    """Who caused the update: a message's sender, the presser of a button, the voter, the booster."""
    event = event_of(update)
    user = getattr(event, "from_user", None) or getattr(event, "user", None)
    if user is None:
        source = getattr(getattr(event, "boost", None), "source", None) or getattr(event, "source", None)
        user = getattr(source, "user", None)
    return getattr(user, "id", None)


def chat_of(update: Update) -> int | None:
    """The chat an update happened in; for one without a chat (an inline query, a poll answer), its
    sender; None for a type aiogram does not know."""
    event = event_of(update)
    chat = getattr(event, "chat", None) or getattr(getattr(event, "message", None), "chat", None)
    if chat is not None:
        return chat.id
    return sender_of(update)


def album_of(update: Update) -> tuple[int, str] | None:
    """(chat, media_group_id) of a message that is a part of an album."""
    message = update.message
    if message is None or not message.media_group_id:
        return None
    return message.chat.id, message.media_group_id


def inbox_row(update: Update, chat_id: int | None) -> dict | Unreadable:
    """The inbox row of an update, or an Unreadable when it would not fit the inbox."""
    payload = to_python(update)
    event = event_of(update)
    media_group_id = getattr(event, "media_group_id", None)
    problem = shape_problem(payload)
    if problem is None and media_group_id is not None and len(media_group_id) > MEDIA_GROUP_ID_LENGTH:
        problem = f"media_group_id longer than {MEDIA_GROUP_ID_LENGTH} characters"
    if problem is not None:
        return Unreadable.of(payload, problem)
    return {
        "update_id": update.update_id,
        "chat_id": chat_id,
        "user_id": sender_of(update),
        "media_group_id": media_group_id,
        "payload": payload,
        "received_at": utcnow(),
        "attempts": 0,
    }


async def with_retries(attempt: Callable[[], Awaitable[Any]]) -> Any:
    for delay in (*WRITE_RETRIES, None):
        try:
            return await attempt()
        except Exception as error:
            if delay is None or not transient(error):
                raise
            log.warning("inbox write met contention (%s); trying again in %.2fs", first_line(error), delay)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")


@dataclass
class Arrival:
    """What one caller hands the writer: inbox rows and unreadable updates, from polling or a webhook."""

    rows: list[dict]
    unreadable: list[Unreadable]
    source: str
    done: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class InboxWriter:
    """Stores deliveries for concurrent callers: every delivery that arrives while a transaction runs is
    committed in the next one, together; each caller waits for its own delivery's commit. A transaction
    that fails is tried again for each delivery alone, so one that cannot be stored fails only its caller."""

    def __init__(self, engine: AsyncEngine, sessionmaker: async_sessionmaker):
        self.engine = engine
        self.sessionmaker = sessionmaker
        self._waiting: list[Arrival] = []
        self._writing: asyncio.Task | None = None

    async def store(self, rows: list[dict], unreadable: list[Unreadable], source: str) -> list[Unreadable]:
        """Commit the rows (duplicates of stored update ids are skipped) and the unreadable updates; return
        the unreadable ones stored now (those stored before are not stored again)."""
        delivery = Arrival(rows, unreadable, source)
        self._waiting.append(delivery)
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write())
        return await delivery.done

    async def _write(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                stored = await with_retries(functools.partial(self._commit, batch))
            except Exception as error:  # noqa: BLE001 - handed to the callers
                if len(batch) == 1:
                    self._settle(batch[0], error=error)
                    continue
                for delivery in batch:  # alone, so that one that cannot be stored fails alone
                    try:
                        [new] = await with_retries(functools.partial(self._commit, [delivery]))
                    except Exception as alone:  # noqa: BLE001
                        self._settle(delivery, error=alone)
                    else:
                        self._settle(delivery, new)
                continue
            for delivery, new in zip(batch, stored, strict=True):
                self._settle(delivery, new)

    @staticmethod
    def _settle(
        delivery: Arrival, stored: list[Unreadable] | None = None, error: BaseException | None = None
    ) -> None:
        if delivery.done.done():
            return
        if error is not None:
            delivery.done.set_exception(error)
        else:
            delivery.done.set_result(stored or [])

    async def _commit(self, batch: list[Arrival]) -> list[list[Unreadable]]:
        rows = [row for delivery in batch for row in delivery.rows]
        async with self.sessionmaker() as session:
            await add_updates(session, self.engine, rows)
            stored = [await keep_raw(session, d.unreadable, d.source) for d in batch]
            await session.commit()
        return stored


async def keep_raw(session: AsyncSession, items: list[Unreadable], source: str) -> list[Unreadable]:
    """Add the unreadable updates not kept before to the session, and count them; return those added."""
    added = await add_raw_updates(session, items, source)
    RAW_UPDATES.labels(source).inc(len(added))
    return added
