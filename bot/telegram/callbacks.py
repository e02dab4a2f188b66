"""The callback data of every inline button, one section per audience; actions are StrEnums."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from knowledge.statuses import FeedbackKind, FeedbackReason, FeedbackValue, Trust

# --- editor ---


class PartnerTrust(CallbackData, prefix="trust"):
    """An editor's choice of how far a partner newsroom's verdicts are trusted (/partners)."""

    partner: int
    trust: Trust


class BroadcastChoice(StrEnum):
    SEND = "send"
    CANCEL = "cancel"


class BroadcastAction(CallbackData, prefix="bcast"):
    """An editor's answer to a broadcast's confirmation."""

    action: BroadcastChoice
    id: int


# --- desk ---


class DeskButton(StrEnum):
    """What a button on a tip card or a desk message does."""

    OPEN = "open"
    """Post the tip's card again, at the bottom of the chat."""
    TAKE = "take"
    HISTORY = "history"
    LINK = "link"
    """Search the knowledge base for a verdict that answers the tip."""
    PICK = "pick"
    """One of the verdicts found: asks to confirm."""
    LINK_CONFIRMED = "linkok"
    REJECT = "reject"
    """Asks for the reason."""
    REASON = "rej"
    """A reason chosen: asks to confirm."""
    REJECT_CONFIRMED = "rejok"
    CANCEL = "cancel"
    NEW = "new"
    """Write a new verdict for the tip (the verdict dialog)."""
    TRANSCRIBE = "transcribe"
    """Transcribe the tip's voice note or video now, whatever its demand."""
    CORRECT = "correct"
    """Correct the verdict the tip was answered with (the verdict dialog)."""


class DeskAction(CallbackData, prefix="desk"):
    """A button on a card or a desk message; `arg` is a verdict id or a reason index."""

    action: DeskButton
    tip: int = 0
    arg: int = 0


class DraftButton(StrEnum):
    """A button of the verdict dialog."""

    RATING = "rating"
    LANG = "lang"
    KEEP = "keep"
    """Keep the corrected verdict's current text for this step."""
    PUBLISH = "publish"
    CANCEL = "cancel"


class DraftAction(CallbackData, prefix="draft"):
    """A button in the verdict dialog; `value` is the rating or the language code chosen."""

    field: DraftButton
    value: str = ""


# --- reader ---


class PickVerdict(CallbackData, prefix="pick"):
    """A reader's answer to "is it one of these?"; verdict 0 means none of them."""

    request: int
    verdict: int


class RateAnswer(CallbackData, prefix="fb"):
    """👍 or 👎 under a verdict card a reader was sent; `kind`: how it reached them."""

    verdict: int
    kind: FeedbackKind
    value: FeedbackValue


class ExplainDown(CallbackData, prefix="fbr"):
    """What a reader's 👎 on a verdict says is wrong."""

    verdict: int
    reason: FeedbackReason


class SendDisputed(CallbackData, prefix="fbs"):
    """After a 👎: send the reader's message to the checkers (`send`), or not."""

    verdict: int
    send: bool


class AddContext(CallbackData, prefix="ctx"):
    """ "Add where you saw it" under a queued answer: the reader's next message is a note on the tip."""

    tip: int


class ShowExplainer(CallbackData, prefix="expl"):
    """One of /menu's explainers (its row id)."""

    id: int


class ChooseLanguage(CallbackData, prefix="lang"):
    code: str


class ConfirmForget(CallbackData, prefix="forget"):
    """The reader's answer to "erase everything?"; `reader` is checked against the chat's reader."""

    reader: int
    erase: bool
