"""Inline keyboards, one section per audience, built with aiogram's InlineKeyboardBuilder."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from bot.telegram.callbacks import BroadcastAction, BroadcastChoice

# --- editor ---


def broadcast_confirmation_keyboard(t: Translator, broadcast_id: int, total: int) -> InlineKeyboardMarkup:
    """Send to `total` readers, or cancel the draft."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("broadcast-send-button", total=total),
        callback_data=BroadcastAction(action=BroadcastChoice.SEND, id=broadcast_id),
    )
    builder.button(
        text=t("broadcast-cancel-button"),
        callback_data=BroadcastAction(action=BroadcastChoice.CANCEL, id=broadcast_id),
    )
    builder.adjust(2)
    return builder.as_markup()
