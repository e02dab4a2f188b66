"""Inline keyboards, built with aiogram's InlineKeyboardBuilder, one section per audience."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.db.models import Explainer, Tip, Verdict
from bot.i18n import Translator
from bot.services.partners import PartnerView
from bot.telegram.callbacks import (
    AddContext,
    BroadcastAction,
    BroadcastChoice,
    ChooseLanguage,
    ConfirmForget,
    DeskAction,
    DeskButton,
    DraftAction,
    DraftButton,
    ExplainDown,
    PartnerTrust,
    PickVerdict,
    RateAnswer,
    SendDisputed,
    ShowExplainer,
)
from bot.telegram.texts import rating_label, shorten
from knowledge.language import LANGUAGE_NAMES
from knowledge.statuses import FeedbackKind, FeedbackReason, FeedbackValue, TipStatus, Trust
from knowledge.transcripts import spoken_file
from knowledge.verdicts import LANGUAGES, RATINGS

# --- desk ---

DESK_BUTTON_CHARS = 60


def desk_button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def rows_of(*rows: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """A keyboard of these rows, empty ones left out."""
    builder = InlineKeyboardBuilder()
    for row in rows:
        if row:
            builder.row(*row)
    return builder.as_markup()


def _chunks(buttons: list[InlineKeyboardButton], size: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + size] for i in range(0, len(buttons), size)]


def card_keyboard(t: Translator, tip: Tip, transcribe: bool = False) -> InlineKeyboardMarkup:
    """`transcribe`: voice notes and videos can be transcribed (a "Transcribe" button while a queued
    tip's recording has no transcript)."""

    def button(key: str, action: DeskButton, arg: int = 0) -> InlineKeyboardButton:
        return desk_button(t(key), DeskAction(action=action, tip=tip.id, arg=arg))

    history = button("desk-button-history", DeskButton.HISTORY)
    if tip.status == TipStatus.QUEUED:
        rows = [
            [button("desk-button-take", DeskButton.TAKE), button("desk-button-link", DeskButton.LINK)],
            [button("desk-button-new", DeskButton.NEW), button("desk-button-reject", DeskButton.REJECT)],
        ]
        payload = tip.payload or {}
        if transcribe and spoken_file(payload) and "read" not in payload:
            rows.append([button("desk-button-transcribe", DeskButton.TRANSCRIBE)])
        return rows_of(*rows)
    if tip.status == TipStatus.ANSWERED and tip.verdict_id:
        return rows_of([button("desk-button-correct", DeskButton.CORRECT, tip.verdict_id), history])
    return rows_of([history])


def desk_cancel_button(t: Translator, tip_id: int) -> InlineKeyboardButton:
    return desk_button(t("desk-button-cancel"), DeskAction(action=DeskButton.CANCEL, tip=tip_id))


def queue_keyboard(t: Translator, tips: Sequence[Tip]) -> InlineKeyboardMarkup:
    buttons = [
        desk_button(t("desk-button-open", id=str(tip.id)), DeskAction(action=DeskButton.OPEN, tip=tip.id))
        for tip in tips
    ]
    return rows_of(*_chunks(buttons, 3))


def results_keyboard(t: Translator, tip_id: int, verdicts: Sequence[Verdict]) -> InlineKeyboardMarkup:
    """The verdicts a search found, one a row, to answer the tip with."""
    rows = [
        [
            desk_button(
                shorten(f"#{v.id} {rating_label(t, v.rating)}: {v.claim_in(t.lang)}", DESK_BUTTON_CHARS),
                DeskAction(action=DeskButton.PICK, tip=tip_id, arg=v.id),
            )
        ]
        for v in verdicts
    ]
    return rows_of(*rows, [desk_cancel_button(t, tip_id)])


def confirm_keyboard(t: Translator, tip_id: int, action: DeskButton, arg: int) -> InlineKeyboardMarkup:
    """Confirm (the action) or cancel."""
    confirm = desk_button(t("desk-button-confirm"), DeskAction(action=action, tip=tip_id, arg=arg))
    return rows_of([confirm, desk_cancel_button(t, tip_id)])


def reject_reasons_keyboard(t: Translator, tip_id: int, reasons: Sequence[str]) -> InlineKeyboardMarkup:
    buttons = [
        desk_button(t(f"desk-reason-{reason}"), DeskAction(action=DeskButton.REASON, tip=tip_id, arg=i))
        for i, reason in enumerate(reasons)
    ]
    return rows_of(buttons, [desk_cancel_button(t, tip_id)])


def draft_button(t: Translator, key: str, field: DraftButton, value: str = "") -> InlineKeyboardButton:
    return desk_button(t(key), DraftAction(field=field, value=value))


def rating_keyboard(t: Translator) -> InlineKeyboardMarkup:
    buttons = [
        desk_button(rating_label(t, r), DraftAction(field=DraftButton.RATING, value=r)) for r in RATINGS
    ]
    return rows_of(*_chunks(buttons, 2), [draft_button(t, "desk-button-cancel", DraftButton.CANCEL)])


def claim_language_keyboard(t: Translator, detected: str) -> InlineKeyboardMarkup:
    """The language of the verdict's claim: the detected one first, then the others."""

    def button(text: str, code: str) -> InlineKeyboardButton:
        return desk_button(text, DraftAction(field=DraftButton.LANG, value=code))

    first = [button(f"✅ {LANGUAGE_NAMES.get(detected, detected)}", detected)]
    others = [button(LANGUAGE_NAMES.get(code, code), code) for code in LANGUAGES if code != detected]
    return rows_of(first, *_chunks(others, 3), [draft_button(t, "desk-button-cancel", DraftButton.CANCEL)])


def text_step_keyboard(t: Translator, can_keep: bool) -> InlineKeyboardMarkup:
    """Cancel, and Keep first when a correction has a current value for the step."""
    row = [draft_button(t, "desk-button-cancel", DraftButton.CANCEL)]
    if can_keep:
        row.insert(0, draft_button(t, "desk-button-keep", DraftButton.KEEP))
    return rows_of(row)


def publish_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return rows_of(
        [
            draft_button(t, "desk-button-publish", DraftButton.PUBLISH),
            draft_button(t, "desk-button-cancel", DraftButton.CANCEL),
        ]
    )


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


def feedback_keyboard(t: Translator, verdict_id: int, kind: FeedbackKind) -> InlineKeyboardMarkup:
    """👍 / 👎 under a verdict card."""
    builder = InlineKeyboardBuilder()
    for value, key in ((FeedbackValue.UP, "feedback-up"), (FeedbackValue.DOWN, "feedback-down")):
        builder.button(text=t(key), callback_data=RateAnswer(verdict=verdict_id, kind=kind, value=value))
    builder.adjust(2)
    return builder.as_markup()


def reason_keyboard(t: Translator, verdict_id: int) -> InlineKeyboardMarkup:
    """After a 👎: what is wrong, one reason a row."""
    builder = InlineKeyboardBuilder()
    for reason in FeedbackReason:
        builder.button(
            text=t(f"feedback-reason-{reason}"), callback_data=ExplainDown(verdict=verdict_id, reason=reason)
        )
    builder.adjust(1)
    return builder.as_markup()


def send_disputed_keyboard(t: Translator, verdict_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("feedback-send"), callback_data=SendDisputed(verdict=verdict_id, send=True))
    builder.button(text=t("feedback-send-no"), callback_data=SendDisputed(verdict=verdict_id, send=False))
    builder.adjust(1)
    return builder.as_markup()


def context_keyboard(t: Translator, tip_id: int) -> InlineKeyboardMarkup:
    """Under a queued answer: "add where you saw it"."""
    builder = InlineKeyboardBuilder()
    builder.button(text=t("context-button"), callback_data=AddContext(tip=tip_id))
    return builder.as_markup()


def menu_keyboard(explainers: Sequence[Explainer]) -> InlineKeyboardMarkup:
    """/menu: an explainer a row, by its title."""
    builder = InlineKeyboardBuilder()
    for explainer in explainers:
        builder.button(text=shorten(explainer.title, 60), callback_data=ShowExplainer(id=explainer.id))
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


# --- editor: partners ---


def partners_keyboard(t: Translator, partners: Sequence[PartnerView]) -> InlineKeyboardMarkup:
    """A row per partner newsroom: its three trust levels, the current one ticked."""

    def button(partner: PartnerView, level: Trust) -> InlineKeyboardButton:
        mark = "✓ " if partner.trust == level else ""
        label = f"{mark}{shorten(partner.name, 16)}: {t(f'trust-{level}')}"
        return InlineKeyboardButton(
            text=label, callback_data=PartnerTrust(partner=partner.id, trust=level).pack()
        )

    return rows_of(*([button(p, level) for level in Trust] for p in partners))
