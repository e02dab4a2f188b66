"""Readers' personal data: what the bot stores about a reader (/mydata), erasing it (/forget), and
the retention purge of old links between readers and their tips.

A reader's personal data is their `readers` row (chat id, user id, language, subscription, and with
TIPLINE_SHOW_READER_IDENTITY their name) and every row that carries their identity:

- `inbox` rows they caused, wherever they wrote (their private chat, a group `/check` or mention, an
  inline query, a button press): `user_id` is theirs, or `chat_id` is their private chat, or, for rows
  stored before `user_id` existed and for other people's updates that quote them (a reply carries the
  replied message's sender), the payload names them (see `names`);
- `raw_updates` (updates that could not be parsed, kept as text) whose body names them;
- `outbox` messages to their chat (they carry the texts sent to them), and sent messages elsewhere whose
  payload or Telegram's answer names them (a reply in a group carries the message it replied to);
- `notices`, `status_notices`, `feedback` and `broadcast_recipients` of their chat;
- `requests` (reader_id, chat_id, message_id);
- `readings` of their pictures (the file, the words read from it, their chat).

Erasing or purging keeps the tips themselves (their text, with the words read from a picture, demand
and verdicts) for the fact-checkers,
detached from the person: a request is kept with `reader_id` NULL, `chat_id` ANONYMOUS_CHAT
(bot/db/privacy.py) and `message_id` minus its own id (unique, so the (chat_id, message_id) constraint
holds), which keeps the statistics (tips received, answered). The pictures, links and channel origins of a
tip (`image_prints`, `post_links`, `post_origins`) point at the detached request and name the channel a post
came from, never the reader. `blocked_readers` keeps a blocked reader's chat id, so a block outlasts
/forget.

"Names them" is one rule for every stored JSON text: a key `id`, `user_id`, `chat_id` or
`user_chat_id` whose value is exactly one of the reader's ids (`"from": {"id": 17, ...}`), not a longer
number nor a negative one. The database narrows the rows down portably (bot/db/privacy.py: the JSON or
text column cast to text, `LIKE '%17%'`), and the rule is applied here, in Python, to those rows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import privacy as stored
from bot.db.models import OutboxMessage, Reader, utcnow
from bot.db.readings import delete_readings_before, delete_readings_of, readings_count
from bot.services.schedule import repeat

log = logging.getLogger(__name__)

IDENTITY_KEYS = ("id", "user_id", "chat_id", "user_chat_id")
"""JSON keys whose value is a user's or a chat's id in Telegram's objects."""

LEAVE_NO_TRACE = "erase"
"""An outbox purpose (`purpose(erase=1)`): the message confirms an erasure; see `leave_no_trace`."""


@dataclass
class ReaderData:
    """What the bot stores about one reader, as /mydata shows it."""

    language: str
    language_chosen: bool
    subscribed: bool
    first_seen: dt.datetime
    last_seen: dt.datetime
    messages: int
    """Messages of theirs the bot keeps a link to (requests)."""
    tip_ids: list[int] = field(default_factory=list)
    """Reference numbers of the tips they sent."""
    notices: int = 0
    feedback: int = 0
    """Verdicts they rated 👍 or 👎."""
    readings: int = 0
    """Pictures of theirs whose words were read, or are waiting to be."""


@dataclass
class Erased:
    """How many rows an erasure or a purge removed or detached, by table."""

    readers: int = 0
    requests: int = 0
    notices: int = 0
    feedback: int = 0
    broadcast_recipients: int = 0
    inbox: int = 0
    raw_updates: int = 0
    outbox: int = 0
    readings: int = 0
    tip_ids: list[int] = field(default_factory=list)
    """The tips whose requests were detached (their cards may name the reader: redraw them)."""

    @property
    def total(self) -> int:
        return (
            self.readers
            + self.requests
            + self.notices
            + self.feedback
            + self.broadcast_recipients
            + self.inbox
            + self.raw_updates
            + self.outbox
            + self.readings
        )


async def reader_data(session: AsyncSession, reader_id: int) -> ReaderData | None:
    reader = await stored.reader_by_id(session, reader_id)
    if reader is None:
        return None
    return ReaderData(
        language=reader.language,
        language_chosen=reader.language_chosen,
        subscribed=reader.subscribed,
        first_seen=reader.created_at,
        last_seen=reader.last_seen_at,
        messages=await stored.request_count(session, reader),
        tip_ids=await stored.tip_ids_of(session, reader),
        notices=await stored.notice_count(session, reader.chat_id),
        feedback=await stored.feedback_count(session, reader.chat_id),
        readings=await readings_count(session, reader.chat_id),
    )


def identity_pattern(ids: Iterable[int]) -> re.Pattern[str]:
    """Matches a JSON text in which one of `ids` is the value of an identity key (`"id": 17`)."""
    numbers = "|".join(str(int(i)) for i in sorted(set(ids)))
    keys = "|".join(IDENTITY_KEYS)
    return re.compile(rf'"(?:{keys})"\s*:\s*(?:{numbers})(?![0-9.eE])')


def names(pattern: re.Pattern[str], value: object) -> bool:
    """Whether a stored value (JSON already decoded, or text) names one of the pattern's ids."""
    if value is None:
        return False
    text = value if isinstance(value, str) else json.dumps(value)
    return pattern.search(text) is not None


async def erase(
    session: AsyncSession, reader: Reader, update_id: int | None = None, keep: Iterable[int] = ()
) -> Erased:
    """Erase a reader's personal data in `session` (see the module docstring); the caller commits.

    `update_id` is the update asking for the erasure: every stored update of theirs is deleted whatever
    its state (handled, waiting, failed), except those that arrived after it and are not handled yet (new
    contact, handled as such) and `keep`, the inbox rows of the asking update itself: its unit of work
    marks them handled, and they go with the confirmation once it is delivered (`leave_no_trace`)."""
    erased = Erased()
    chat_id = reader.chat_id
    ids = sorted({chat_id} | ({reader.user_id} if reader.user_id is not None else set()))
    pattern = identity_pattern(ids)

    erased.tip_ids = await stored.tip_ids_of(session, reader)
    erased.requests = await stored.detach_requests_of(session, reader)
    erased.notices = await stored.delete_notices_of(session, chat_id)
    erased.feedback = await stored.delete_feedback_of(session, chat_id)
    erased.broadcast_recipients = await stored.delete_recipients_of(session, reader)
    erased.readings = await delete_readings_of(session, chat_id)

    candidates = await stored.inbox_payloads_naming(session, ids)
    named = [update for update, payload in candidates if names(pattern, payload)]
    erased.inbox = await stored.delete_inbox_of(session, ids, chat_id, named, update_id, list(keep))

    candidates = await stored.raw_bodies_naming(session, ids)
    erased.raw_updates = await stored.delete_raw_updates(
        session, [raw for raw, body in candidates if names(pattern, body)]
    )

    candidates = await stored.settled_outbox_naming(session, ids)
    sent = [message for message, *stored_json in candidates if any(names(pattern, v) for v in stored_json)]
    erased.outbox = await stored.delete_outbox_of(session, ids, sent)

    erased.readers = await stored.delete_reader(session, reader.id)
    return erased


async def leave_no_trace(session: AsyncSession, message: OutboxMessage) -> None:
    """For the outbox, once a message sent with the purpose LEAVE_NO_TRACE (the confirmation of an
    erasure) is settled: delete it and the inbox rows of the update that asked for the erasure, the
    last rows that named the erased reader. The caller commits."""
    await stored.delete_outbox_message(session, message.id)
    if message.update_id is not None:
        await stored.delete_inbox_update(session, message.update_id)


async def erase_by_id(
    session: AsyncSession, reader_id: int, update_id: int | None = None, keep: Iterable[int] = ()
) -> Erased | None:
    """`erase` the reader with this number; None when there is none (erased already, e.g. by a
    concurrent press of the same button). The caller commits."""
    reader = await stored.reader_by_id(session, reader_id)
    return None if reader is None else await erase(session, reader, update_id, keep)


async def erase_reader(
    sessionmaker: async_sessionmaker[AsyncSession], reader_id: int, update_id: int | None = None
) -> Erased:
    """`erase` in a transaction of its own."""
    async with sessionmaker() as session:
        erased = await erase_by_id(session, reader_id, update_id)
        await session.commit()
    return erased or Erased()


async def purge_expired_links(
    sessionmaker: async_sessionmaker[AsyncSession], days: int, now: dt.datetime | None = None
) -> Erased:
    """Detach requests older than `days` from their readers, and delete older readings of their
    pictures, notices, recipients of broadcasts not sending, handled inbox updates, unparsed raw updates
    and delivered outbox messages.
    The `readers` rows stay (readers still talking to the bot); /forget erases those. Meant to run once a
    day."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    async with sessionmaker() as session:
        erased = Erased(
            requests=await stored.detach_requests_before(session, cutoff),
            notices=await stored.delete_notices_before(session, cutoff),
            feedback=await stored.delete_feedback_before(session, cutoff),
            broadcast_recipients=await stored.delete_finished_recipients_before(session, cutoff),
            inbox=await stored.delete_handled_inbox_before(session, cutoff),
            raw_updates=await stored.delete_raw_updates_before(session, cutoff),
            outbox=await stored.delete_settled_outbox_before(session, cutoff),
            readings=await delete_readings_before(session, cutoff),
        )
        await session.commit()
    return erased


async def keep_retention(
    sessionmaker: async_sessionmaker[AsyncSession],
    days: int,
    stopping: asyncio.Event,
    every: float = 86400,
) -> None:
    """Purge expired reader links at once and then every `every` seconds, until `stopping` is set."""

    async def purge() -> None:
        log.info("retention: %s", await purge_expired_links(sessionmaker, days))

    await repeat(purge, every, stopping, what="retention purge", at_once=True)
