"""Subscriptions and broadcasts of verdicts to the subscribed readers, without Telegram.

`subscriptions`: who gets broadcasts; `drafts`: a broadcast from draft to end and its counts;
`engine`: the durable delivery (at most once per recipient), through a `messenger` (what it needs from
Telegram); `limiter`: the one pace of all sends.
The use cases an editor's command or the CLI calls are importable from here."""

from bot.services.broadcasts.drafts import (
    MAX_VERDICTS,
    RecipientCounts,
    cancel_broadcast,
    create_draft,
    fallback_language,
    list_broadcasts,
    load_verdicts,
    recipient_counts,
    resolve_verdicts,
    start_broadcast,
)
from bot.services.broadcasts.subscriptions import audience, set_subscription

__all__ = [
    "MAX_VERDICTS",
    "RecipientCounts",
    "audience",
    "cancel_broadcast",
    "create_draft",
    "fallback_language",
    "list_broadcasts",
    "load_verdicts",
    "recipient_counts",
    "resolve_verdicts",
    "set_subscription",
    "start_broadcast",
]
