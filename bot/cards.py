"""What readers see: verdict cards, choices and keyboards, rendered in their language."""

from __future__ import annotations

import html

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.models import Verdict
from knowledge.language import LANGUAGE_NAMES
from knowledge.verdicts import LANGUAGES, RATINGS

BUTTON_CHARS = 60


class PickVerdict(CallbackData, prefix="pick"):
    """A reader's answer to "is it one of these?"; verdict 0 means none of them."""

    request: int
    verdict: int


class ChooseLanguage(CallbackData, prefix="lang"):
    code: str


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
    if verdict.publisher or verdict.published:
        published = [p for p in (verdict.publisher, verdict.published and verdict.published.isoformat()) if p]
        lines.append(html.escape(" · ".join(published)))
    return "\n".join(lines)


def choice_keyboard(t: Translator, request_id: int, verdicts: list[Verdict]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=shorten(f"{rating_label(t, v.rating)}: {v.claim_in(t.lang)}", BUTTON_CHARS),
                callback_data=PickVerdict(request=request_id, verdict=v.id).pack(),
            )
        ]
        for v in verdicts
    ]
    rows.append(
        [
            InlineKeyboardButton(
                text=t("choose-none"), callback_data=PickVerdict(request=request_id, verdict=0).pack()
            )
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def language_keyboard() -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(text=LANGUAGE_NAMES[code], callback_data=ChooseLanguage(code=code).pack())
        for code in LANGUAGES
    ]
    return InlineKeyboardMarkup(inline_keyboard=[buttons[i : i + 2] for i in range(0, len(buttons), 2)])
