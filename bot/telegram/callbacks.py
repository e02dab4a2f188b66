"""The data behind every inline button, one section per audience."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

# --- reader ---


class PickVerdict(CallbackData, prefix="pick"):
    """A reader's answer to "is it one of these?"; verdict 0 means none of them."""

    request: int
    verdict: int


class ChooseLanguage(CallbackData, prefix="lang"):
    code: str


class ConfirmForget(CallbackData, prefix="forget"):
    """The reader's answer to "erase everything?"; `reader` is checked against the chat's reader."""

    reader: int
    erase: bool
