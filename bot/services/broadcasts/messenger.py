"""What the broadcast engine needs from Telegram, without Telegram types: a `Messenger` that renders the
texts, sends one message or edits one, and says what the request came to (an `Attempt`). The one for a
bot is bot/telegram/broadcaster.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.db.models import Verdict
from bot.services.broadcasts.drafts import RecipientCounts
from knowledge.statuses import MessageState


@dataclass(frozen=True)
class Attempt:
    """What one request to Telegram came to."""

    state: MessageState
    """SENT, BLOCKED, UNKNOWN, FAILED; PENDING when Telegram did not take it and it may be sent again."""
    message_id: int | None = None
    reason: str = ""
    rate_limited: bool = False
    """With PENDING: a 429; every send waits `wait` seconds, and the attempt does not count."""
    wait: float = 0.0
    token_refused: bool = False
    """With PENDING: the Bot API refuses the bot's token (401, 404); nothing can be sent by anyone."""


class Messenger(Protocol):
    """How the engine reaches readers: the texts in their language, one send, one progress edit."""

    def broadcast_text(self, language: str, verdicts: Sequence[Verdict]) -> str: ...

    def progress_text(
        self, language: str | None, broadcast_id: int, counts: RecipientCounts, status: str
    ) -> str: ...

    async def send(self, chat_id: int, text: str) -> Attempt: ...

    async def edit(self, chat_id: int, message_id: int, text: str) -> Attempt: ...
