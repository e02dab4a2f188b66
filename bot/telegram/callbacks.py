"""The callback data of every inline button, one section per audience; actions are StrEnums."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

# --- editor ---


class BroadcastChoice(StrEnum):
    SEND = "send"
    CANCEL = "cancel"


class BroadcastAction(CallbackData, prefix="bcast"):
    """An editor's answer to a broadcast's confirmation."""

    action: BroadcastChoice
    id: int
