"""What a broadcast looks like in Telegram: the message readers get and the editor's progress message."""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot.db.models import Verdict
from bot.i18n import Translator
from bot.services.broadcasts.drafts import RecipientCounts
from bot.telegram.texts import rating_label, shorten, verdict_card
from knowledge.statuses import BroadcastStatus

MESSAGE_LIMIT = 4096
"""Telegram's limit on a message's text."""

PROGRESS_KEYS = {BroadcastStatus.DONE: "broadcast-finished", BroadcastStatus.CANCELLED: "broadcast-stopped"}


class _ContentIn:
    """A Translator whose strings are in the reader's language but whose verdict text is in `lang`."""

    def __init__(self, t: Translator, lang: str):
        self._t = t
        self.lang = lang

    def __call__(self, key: str, **args: object) -> str:
        return self._t(key, **args)


def has_text_in(verdict: Verdict, lang: str) -> bool:
    if verdict.lang == lang or lang in (verdict.summaries or {}):
        return True
    return any(c.lang == lang and c.kind in ("claim", "phrasing") for c in verdict.claims)


def content_language(verdict: Verdict, lang: str, fallback: str) -> str:
    """The reader's language when the verdict has text in it, else the configured default when it
    has text in that, else the reader's (the card then shows the verdict's original text)."""
    if has_text_in(verdict, lang) or not has_text_in(verdict, fallback):
        return lang
    return fallback


def broadcast_text(t: Translator, verdicts: Sequence[Verdict], fallback: str) -> str:
    """The broadcast message: an intro and the verdict cards, compact when the cards would not fit."""
    intro = t("broadcast-intro", count=len(verdicts))
    cards = [
        verdict_card(_ContentIn(t, content_language(v, t.lang, fallback)), v, intro=False) for v in verdicts
    ]  # type: ignore[arg-type]
    text = "\n\n".join([intro, *cards])
    if len(text) <= MESSAGE_LIMIT:
        return text
    lines = [intro]
    budget = (MESSAGE_LIMIT - len(intro)) // max(1, len(verdicts)) - 120
    for verdict in verdicts:
        claim = verdict.claim_in(content_language(verdict, t.lang, fallback))
        line = f"<b>{rating_label(t, verdict.rating)}</b> {html.escape(shorten(claim, max(60, budget)))}"
        if verdict.url:
            line += f'\n🔗 <a href="{html.escape(verdict.url)}">{t("card-read-more")}</a>'
        lines.append(line)
    return "\n\n".join(lines)[:MESSAGE_LIMIT]


def progress_text(t: Translator, broadcast_id: int, c: RecipientCounts, status: str) -> str:
    return t(
        PROGRESS_KEYS.get(status, "broadcast-progress"),
        id=str(broadcast_id),
        total=c.total,
        sent=c.sent,
        pending=c.remaining,
        blocked=c.blocked,
        failed=c.failed,
        unknown=c.unknown,
    )
