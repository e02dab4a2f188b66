"""What a failed Bot API call means for the message it carried: sent anyway, safe to send again, refused,
or unknown (the request may have reached Telegram, and there is no idempotency key to ask it)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiohttp import ClientConnectorError


class Delivery(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    """Telegram did not take it (a 429, its own 5xx, a connection that never opened): send it again."""
    UNKNOWN = "unknown"
    """It may have arrived (a timeout or a connection dropped after the request left): never sent again."""
    FAILED = "failed"
    """Refused for good (a 400, a proxy's non-JSON error page, a wrong token)."""
    BLOCKED = "blocked"
    """The reader blocked the bot (403)."""


@dataclass(frozen=True)
class SendOutcome:
    delivery: Delivery
    wait: float = 0.0
    """With RETRY: seconds to wait first (429's retry_after)."""
    reason: str = ""


def never_left(error: TelegramNetworkError) -> bool:
    """The connection failed before the request was written (refused, no route, DNS): nothing arrived."""
    return isinstance(error.__cause__, ClientConnectorError)


def outcome_of(error: BaseException) -> SendOutcome:
    reason = f"{type(error).__name__}: {error}"[:200]
    if isinstance(error, TelegramRetryAfter):
        return SendOutcome(Delivery.RETRY, float(error.retry_after), reason)
    if isinstance(error, TelegramForbiddenError):
        return SendOutcome(Delivery.BLOCKED, reason=reason)
    if isinstance(error, TelegramBadRequest) and "message is not modified" in str(error):
        return SendOutcome(Delivery.SENT, reason=reason)
    if isinstance(error, TelegramServerError):
        return SendOutcome(Delivery.RETRY, 1.0, reason)
    if isinstance(error, TelegramNetworkError):
        if never_left(error):
            return SendOutcome(Delivery.RETRY, 1.0, reason)
        return SendOutcome(Delivery.UNKNOWN, reason=reason)
    if isinstance(error, ClientDecodeError):
        data = error.data
        if isinstance(data, dict) and data.get("ok") is True:
            return SendOutcome(Delivery.SENT, reason=reason)  # delivered; only the answer's shape is new
        return SendOutcome(Delivery.FAILED, reason=reason)
    if isinstance(error, TelegramAPIError):
        return SendOutcome(Delivery.FAILED, reason=reason)
    return SendOutcome(Delivery.UNKNOWN, reason=reason)
