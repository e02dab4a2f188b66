"""What readers see: verdict cards, choices and keyboards, rendered in their language."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import Verdict
from bot.i18n import Translator
from bot.telegram.texts import rating_label, shorten, verdict_card  # noqa: F401 - the card text, without aiogram
from knowledge.language import LANGUAGE_NAMES
from knowledge.verdicts import LANGUAGES

BUTTON_CHARS = 60


class PickVerdict(CallbackData, prefix="pick"):
    """A reader's answer to "is it one of these?"; verdict 0 means none of them."""

    request: int
    verdict: int


class ChooseLanguage(CallbackData, prefix="lang"):
    code: str


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
