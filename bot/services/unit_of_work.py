"""The unit of work of one update: its session, and the messages it will send.

It lives among the use cases, not in bot/telegram, because nothing in it speaks to Telegram: the services
write the reader's request and tip in `Unit.session` and add messages (`Outgoing`, plain data) or cards
to it; `commit` writes them to the outbox in the same transaction as the mark that the inbox update is
handled. What is aiogram's stays in bot/telegram/outbox.py: the request middleware that turns the
handlers' Bot API calls into `Outgoing` messages, the dispatcher middleware that opens and commits the
unit, and the sender that delivers the outbox once the unit has committed.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.inbox import mark_handled
from bot.db.outbox import CARD, Outgoing, add_messages, written_twice

_unit: contextvars.ContextVar[Unit | None] = contextvars.ContextVar("tipline_unit", default=None)
_purpose: contextvars.ContextVar[dict | None] = contextvars.ContextVar("tipline_purpose", default=None)


def current_unit() -> Unit | None:
    """The unit of work of the update being handled, while it is still open."""
    unit = _unit.get()
    return unit if unit is not None and unit.open else None


@contextlib.contextmanager
def handling(unit: Unit) -> Iterator[Unit]:
    """`unit` is the current one inside (what the update's handlers send goes to it)."""
    token = _unit.set(unit)
    try:
        yield unit
    finally:
        _unit.reset(token)


@contextlib.contextmanager
def purpose(**what: int) -> Iterator[None]:
    """What the messages sent inside record once delivered, e.g. `purpose(notice=17)`."""
    token = _purpose.set(what)
    try:
        yield
    finally:
        _purpose.reset(token)


class AlreadyHandled(Exception):
    """Another process handled this update first: this unit's work is rolled back, nothing is sent."""


class Unit:
    """The unit of work of one update: its session, and the messages it will send."""

    def __init__(
        self, sessionmaker: async_sessionmaker, update_id: int | None, inbox_ids: Sequence[int] = ()
    ):
        self.sessionmaker = sessionmaker
        self.update_id = update_id
        self.inbox_ids = tuple(inbox_ids)
        """The inbox rows this update stands for (several for an album), marked handled on commit."""
        self.messages: list[Outgoing] = []
        self.open = True
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        """Writes that belong to the update (the reader's request and tip); committed with its messages."""
        if self._session is None:
            self._session = self.sessionmaker()
        return self._session

    def send(self, method: str, payload: dict, chat_id: int | None) -> None:
        """Keep a Bot API call for the outbox, with the purpose in force (`purpose`)."""
        self.messages.append(Outgoing(method, payload, chat_id, _purpose.get() or {}))

    def card(self, tip_id: int, chat_id: int | None, repost: bool = False) -> None:
        """Post or refresh the tip's card after the commit (once per update, whatever asks for it)."""
        for message in self.messages:
            if message.method == CARD and message.payload["tip_id"] == tip_id:
                message.payload["repost"] = message.payload["repost"] or repost
                return
        self.messages.append(Outgoing(CARD, {"tip_id": tip_id, "repost": repost}, chat_id))

    async def commit(self) -> list[int]:
        """Write the messages and the inbox marks with the update's other effects; their outbox ids."""
        if self._session is None and not self.messages and not self.inbox_ids:
            return []
        session = self.session
        rows = add_messages(session, self.update_id, self.messages)
        try:
            if self.inbox_ids and await mark_handled(session, self.inbox_ids) != len(self.inbox_ids):
                raise AlreadyHandled(self.update_id)
            await session.commit()
        except IntegrityError as error:
            if written_twice(error):
                raise AlreadyHandled(self.update_id) from error
            raise
        return [row.id for row in rows]

    async def close(self) -> None:
        self.open = False
        if self._session is not None:
            await self._session.close()
