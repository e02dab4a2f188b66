"""The verdict dialog: a new verdict for a tip, or a correction of a verdict, one step a message.

The steps and what each asks are a table (STEPS, TEXT_STEPS): rating (buttons), claim, summary and
url (text; a correction may keep the current value), the claim's language (buttons), then a preview
to publish. Each handler stores its answer and moves to the next step."""

from __future__ import annotations

import html
from dataclasses import dataclass

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from bot.telegram.callbacks import DraftAction, DraftButton
from bot.telegram.desk import Desk
from bot.telegram.keyboards import (
    claim_language_keyboard,
    publish_keyboard,
    rating_keyboard,
    text_step_keyboard,
)
from bot.telegram.texts import rating_label
from bot.telegram.views.desk import draft_preview
from handlers.checker.states import Draft, actor_of
from knowledge.drafts import MAX_CLAIM, MAX_SUMMARY, valid_url
from knowledge.language import LANGUAGE_NAMES, detect_language
from knowledge.verdicts import LANGUAGES, RATINGS

STEPS = (Draft.rating, Draft.claim, Draft.summary, Draft.url, Draft.lang, Draft.confirm)
NEXT_STEP = {step.state: following for step, following in zip(STEPS, STEPS[1:], strict=False)}


@dataclass(frozen=True)
class TextStep:
    field: str
    prompt: str
    """Its locale key."""
    limit: int | None = None
    """Longer answers are cut; None: the answer must be a valid address instead."""


TEXT_STEPS = {
    Draft.claim.state: TextStep("claim", "desk-draft-claim", MAX_CLAIM),
    Draft.summary.state: TextStep("summary", "desk-draft-summary", MAX_SUMMARY),
    Draft.url.state: TextStep("url", "desk-draft-url"),
}
TYPED = F.text & ~F.text.startswith("/")
"""A message a step can take: text, not a command."""


def claim_language(data: dict) -> str:
    """The language the claim is written in, as the dialog proposes it."""
    lang = detect_language(data.get("claim", ""), hint=data.get("detected"))
    if lang in LANGUAGES:
        return lang
    return data.get("detected") if data.get("detected") in LANGUAGES else "en"


def can_keep(data: dict, field: str) -> bool:
    """A correction keeps the verdict's current value of a text step, when it has one."""
    return bool(data.get("verdict") and data.get(field))


async def ask(message: Message, step: State, data: dict, t: Translator) -> None:
    """Ask the checker for the step's answer."""
    text_step = TEXT_STEPS.get(step.state)
    if text_step is not None:
        keyboard = text_step_keyboard(t, can_keep(data, text_step.field))
        await message.answer(t(text_step.prompt), reply_markup=keyboard)
    elif step == Draft.lang:
        detected = claim_language(data)
        await message.answer(
            t("desk-draft-lang", lang=detected), reply_markup=claim_language_keyboard(t, detected)
        )
    else:
        await message.answer(
            t("desk-draft-confirm") + "\n\n" + draft_preview(t, data), reply_markup=publish_keyboard(t)
        )


async def ask_next(message: Message, state: FSMContext, t: Translator) -> None:
    """Move the dialog one step on from the current state and ask for it."""
    step = NEXT_STEP[await state.get_state()]
    await state.set_state(step)
    await ask(message, step, await state.get_data(), t)


async def start_draft(message: Message, state: FSMContext, t: Translator, data: dict) -> None:
    await state.set_state(Draft.rating)
    await state.set_data(data)
    if data.get("verdict"):
        text = t(
            "desk-draft-correct", verdict=str(data["verdict"]), rating=rating_label(t, data.get("rating"))
        )
    else:
        text = t("desk-draft-rating", id=str(data["tip"]))
    await message.answer(text, reply_markup=rating_keyboard(t))


async def correction_draft(desk: Desk, tip_id: int, verdict_id: int) -> dict | None:
    """The dialog's data to correct a verdict (from a tip's card, or tip 0), None when it does not exist."""
    current = await desk.editable_fields(verdict_id)
    if current is None:
        return None
    return {"tip": tip_id, "verdict": verdict_id, "detected": current["lang"], **current}


async def rating_chosen(
    query: CallbackQuery, callback_data: DraftAction, state: FSMContext, t: Translator
) -> None:
    if callback_data.value not in RATINGS:
        await query.answer(t("desk-draft-buttons-only"))
        return
    await state.update_data(rating=callback_data.value)
    await query.answer()
    await query.message.edit_text(f"{query.message.html_text}\n<b>{rating_label(t, callback_data.value)}</b>")
    await ask_next(query.message, state, t)


async def text_written(message: Message, state: FSMContext, t: Translator) -> None:
    step = TEXT_STEPS[await state.get_state()]
    if step.limit is None:
        if not valid_url(message.text):
            await message.answer(t("desk-draft-bad-url"))
            return
        answer = message.text.strip()
    else:
        answer = message.text.strip()[: step.limit]
    await state.update_data({step.field: answer})
    await ask_next(message, state, t)


async def keep_pressed(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    step = TEXT_STEPS[await state.get_state()]
    if not can_keep(await state.get_data(), step.field):
        await query.answer(t("desk-draft-buttons-only"))
        return
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)
    await ask_next(query.message, state, t)


async def claim_language_chosen(
    query: CallbackQuery, callback_data: DraftAction, state: FSMContext, t: Translator
) -> None:
    if callback_data.value not in LANGUAGES:
        await query.answer(t("desk-draft-buttons-only"))
        return
    await state.update_data(lang=callback_data.value)
    await query.answer()
    name = html.escape(LANGUAGE_NAMES.get(callback_data.value, ""))
    await query.message.edit_text(f"{query.message.html_text}\n<b>{name}</b>")
    await ask_next(query.message, state, t)


async def _published(desk: Desk, bot: Bot, data: dict, query: CallbackQuery, t: Translator) -> str:
    """Publish the draft, or the correction it holds; what the desk is told."""
    actor = actor_of(query.from_user)
    verdict = str(data.get("verdict"))
    if data.get("verdict"):
        corrected = await desk.correct(bot, data["verdict"], data, actor)
        if corrected is None:
            return t("desk-unknown-verdict", verdict=verdict)
        if not corrected[0]:
            return t("desk-unchanged", verdict=verdict)
        return t("desk-corrected", verdict=verdict, notified=str(corrected[1]))
    published = await desk.publish(bot, data["tip"], data, actor)
    if published is None:
        return t("desk-not-open", id=str(data["tip"]))
    return t("desk-published", verdict=str(published[0]), id=str(data["tip"]), notified=str(published[1]))


async def publish_pressed(
    query: CallbackQuery, state: FSMContext, desk: Desk, bot: Bot, t: Translator
) -> None:
    data = await state.get_data()
    await state.clear()
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)
    await query.message.answer(await _published(desk, bot, data, query, t))
    if data.get("tip"):
        await desk.show(bot, data["tip"])


async def draft_cancelled(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await query.answer()
    await query.message.edit_text(t("desk-cancelled"))


async def draft_expired(query: CallbackQuery, t: Translator) -> None:
    """A dialog button of another checker's dialog, or of a finished one."""
    await query.answer(t("desk-draft-expired"), show_alert=True)


async def buttons_only(message: Message, t: Translator) -> None:
    await message.answer(t("desk-draft-buttons-only"))


def router() -> Router:
    dialog = Router(name="checker-dialog")
    text_steps = StateFilter(*TEXT_STEPS)
    dialog.callback_query.register(
        rating_chosen, Draft.rating, DraftAction.filter(F.field == DraftButton.RATING)
    )
    dialog.message.register(text_written, text_steps, TYPED)
    dialog.callback_query.register(keep_pressed, text_steps, DraftAction.filter(F.field == DraftButton.KEEP))
    dialog.callback_query.register(
        claim_language_chosen, Draft.lang, DraftAction.filter(F.field == DraftButton.LANG)
    )
    dialog.callback_query.register(
        publish_pressed, Draft.confirm, DraftAction.filter(F.field == DraftButton.PUBLISH)
    )
    dialog.callback_query.register(draft_cancelled, DraftAction.filter(F.field == DraftButton.CANCEL))
    dialog.callback_query.register(draft_expired, DraftAction.filter())
    dialog.message.register(buttons_only, StateFilter(Draft.rating, Draft.lang, Draft.confirm), TYPED)
    return dialog
