"""What the fake keeps of a request it received and of an update waiting for the bot."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Recorded:
    """One request the fake received."""

    method: str
    params: dict
    time: float
    token: str
    http_method: str = "POST"
    via: str = "http"  # or "webhook-reply"
    status: int | None = None  # None while the request is still pending (a long poll)
    response: dict | None = None
    files: dict = field(default_factory=dict)
    fault: str | None = None
    """The ``fail_next`` kind that shaped the answer ("json", "html", "drop_after", "drop_before")."""

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response.get("ok"))

    @property
    def result(self) -> Any:
        return (self.response or {}).get("result")

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def text(self) -> str | None:
        """The text as the bot sent it (HTML markup included)."""
        return self.params.get("text", self.params.get("caption"))

    @property
    def plain_text(self) -> str | None:
        """The text as Telegram shows it (markup removed)."""
        result = self.result
        if isinstance(result, dict):
            return result.get("text", result.get("caption"))
        return None

    @property
    def message_id(self) -> int | None:
        result = self.result
        if isinstance(result, dict):
            return result.get("message_id")
        return self.params.get("message_id")

    def as_dict(self) -> dict:
        return {
            "method": self.method,
            "params": self.params,
            "time": self.time,
            "status": self.status,
            "response": self.response,
            "via": self.via,
            "fault": self.fault,
        }


@dataclass
class PendingUpdate:
    update: dict
    forced: bool = False  # a redelivery: delivered once regardless of the offset
    delivered: bool = False
    in_flight: bool = False  # webhook delivery in progress

    @property
    def update_id(self) -> int:
        return self.update["update_id"]
