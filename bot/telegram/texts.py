"""What readers read: verdict cards and rating labels as Telegram HTML text. No Telegram types
here (the keyboards are in bot/telegram/keyboards.py), so the command line can render a card
without importing aiogram."""

from __future__ import annotations

import html

from bot.db.models import Explainer, Verdict
from bot.i18n import Translator
from knowledge.verdicts import RATINGS


def rating_label(t: Translator, rating: str | None) -> str:
    return t(f"rating-{rating}") if rating in RATINGS else t("rating-none")


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def verdict_card(t: Translator, verdict: Verdict, intro: bool = True) -> str:
    lines = [t("card-intro")] if intro else []
    lines.append(f"<b>{rating_label(t, verdict.rating)}</b>")
    lines.append(t("card-claim", claim=shorten(verdict.claim_in(t.lang), 1000)))
    summary = verdict.summary_in(t.lang)
    if summary:
        lines.append("")
        lines.append(html.escape(shorten(summary, 2000)))
    if verdict.url:
        lines.append("")
        lines.append(f'🔗 <a href="{html.escape(verdict.url)}">{t("card-read-more")}</a>')
    if verdict.partner_id is not None:
        lines.append(checked_by(t, verdict))
    elif verdict.publisher or verdict.published:
        published = [p for p in (verdict.publisher, verdict.published and verdict.published.isoformat()) if p]
        lines.append(html.escape(" · ".join(published)))
    return "\n".join(lines)


def checked_by(t: Translator, verdict: Verdict) -> str:
    """The credit line of a partner's verdict: "Checked by <partner>, <country>" (escaped: they wrote it)."""
    partner = shorten(verdict.publisher or "?", 200)
    if verdict.country:
        return "🤝 " + t("card-checked-by", partner=partner, country=shorten(verdict.country, 100))
    return "🤝 " + t("card-checked-by-partner", partner=partner)


def explainer_card(t: Translator, explainer: Explainer) -> str:
    """An explainer as a reader sees it: its title and text, escaped (an editor wrote them)."""
    return t("explainer-card", title=explainer.title, text=explainer.text)
