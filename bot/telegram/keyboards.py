"""Inline keyboards, built with aiogram's InlineKeyboardBuilder, one section per audience."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.db.models import Verdict
from bot.i18n import Translator
from bot.telegram.callbacks import ChooseLanguage, ConfirmForget, PickVerdict
from bot.telegram.texts import rating_label, shorten
from knowledge.language import LANGUAGE_NAMES
from knowledge.verdicts import LANGUAGES

# --- reader ---

BUTTON_CHARS = 60


def choice_keyboard(t: Translator, request_id: int, verdicts: list[Verdict]) -> InlineKeyboardMarkup:
    """The offered verdicts, one a row, then "None of these"."""
    builder = InlineKeyboardBuilder()
    for verdict in verdicts:
        label = shorten(f"{rating_label(t, verdict.rating)}: {verdict.claim_in(t.lang)}", BUTTON_CHARS)
        builder.button(text=label, callback_data=PickVerdict(request=request_id, verdict=verdict.id))
    builder.button(text=t("choose-none"), callback_data=PickVerdict(request=request_id, verdict=0))
    builder.adjust(1)
    return builder.as_markup()


def language_keyboard() -> InlineKeyboardMarkup:
    """The eight languages, two a row, each in its own name."""
    builder = InlineKeyboardBuilder()
    for code in LANGUAGES:
        builder.button(text=LANGUAGE_NAMES[code], callback_data=ChooseLanguage(code=code))
    builder.adjust(2)
    return builder.as_markup()


def forget_keyboard(t: Translator, reader_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("forget-yes"), callback_data=ConfirmForget(reader=reader_id, erase=True))
    builder.button(text=t("forget-cancel"), callback_data=ConfirmForget(reader=reader_id, erase=False))
    return builder.as_markup()
