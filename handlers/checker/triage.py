"""The buttons of a tip's card and of the desk's answers: open, take, history, link (search, pick,
confirm), reject (reason, confirm), cancel, transcribe, and the verdict dialog's two doors (new,
correct)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.db.models import Verdict
from bot.i18n import Translator
from bot.services.desk.triage import CLOSED_OUT, REJECT_REASONS, reject, take
from bot.services.knowledge_base import KnowledgeBase
from bot.services.transcription import Transcriber
from bot.services.transcripts import ask_transcript
from bot.services.unit_of_work import Unit
from bot.telegram.callbacks import DeskAction, DeskButton
from bot.telegram.desk import Desk
from bot.telegram.keyboards import confirm_keyboard, reject_reasons_keyboard, results_keyboard
from bot.telegram.texts import shorten
from bot.telegram.views.desk import history_text
from handlers.checker.dialog import TYPED, correction_draft, start_draft
from handlers.checker.states import LinkSearch, actor_of
from knowledge.normalise import has_letters
from knowledge.statuses import TipProgress
from knowledge.transcripts import Due

FOUND = 5
"""Verdicts a search offers."""


def pressed(action: DeskButton):
    return DeskAction.filter(F.action == action)


async def _not_open(query: CallbackQuery, t: Translator, tip_id: int) -> None:
    await query.answer(t("desk-not-open", id=str(tip_id)), show_alert=True)


async def _found(kb: KnowledgeBase, text: str) -> list[Verdict]:
    matches = await kb.search(text, FOUND)
    found = await kb.verdicts([m.verdict_id for m in matches])
    return [found[m.verdict_id] for m in matches if m.verdict_id in found]


async def open_pressed(query: CallbackQuery, callback_data: DeskAction, desk: Desk, bot: Bot) -> None:
    await query.answer()
    await desk.show(bot, callback_data.tip, repost=True)


async def take_pressed(
    query: CallbackQuery, callback_data: DeskAction, desk: Desk, bot: Bot, uow: Unit, t: Translator
) -> None:
    taken = await take(uow.session, callback_data.tip, actor_of(query.from_user))
    await query.answer(t("desk-taken" if taken else "desk-not-open", id=str(callback_data.tip)))
    if taken:
        await desk.tell_readers(bot, uow.session, callback_data.tip, TipProgress.TAKEN)
    await desk.show(bot, callback_data.tip)


async def history_pressed(query: CallbackQuery, callback_data: DeskAction, desk: Desk, t: Translator) -> None:
    await query.answer()
    await query.message.answer(history_text(t, callback_data.tip, await desk.history(callback_data.tip)))


async def link_pressed(
    query: CallbackQuery,
    callback_data: DeskAction,
    desk: Desk,
    kb: KnowledgeBase,
    state: FSMContext,
    t: Translator,
) -> None:
    """Search the knowledge base right here: the nearest verdicts now, more for any words sent next."""
    tip = await desk.queued_tip(callback_data.tip)
    if tip is None:
        await _not_open(query, t, callback_data.tip)
        return
    await state.set_state(LinkSearch.query)
    await state.set_data({"tip": tip.id})
    verdicts = await _found(kb, tip.text) if has_letters(tip.text) else []
    await query.answer()
    await query.message.answer(
        t("desk-link-prompt", id=str(tip.id)), reply_markup=results_keyboard(t, tip.id, verdicts)
    )


async def link_search(message: Message, state: FSMContext, kb: KnowledgeBase, t: Translator) -> None:
    tip_id = (await state.get_data()).get("tip", 0)
    verdicts = await _found(kb, message.text)
    if not verdicts:
        await message.answer(t("desk-link-nothing"))
        return
    await message.answer(
        t("desk-link-results", id=str(tip_id)), reply_markup=results_keyboard(t, tip_id, verdicts)
    )


async def pick_pressed(
    query: CallbackQuery, callback_data: DeskAction, desk: Desk, kb: KnowledgeBase, t: Translator
) -> None:
    tip = await desk.queued_tip(callback_data.tip)
    verdict = (await kb.verdicts([callback_data.arg])).get(callback_data.arg)
    if tip is None or verdict is None:
        await _not_open(query, t, callback_data.tip)
        return
    await query.answer()
    await query.message.edit_text(
        t(
            "desk-link-confirm",
            id=str(tip.id),
            verdict=str(verdict.id),
            claim=shorten(verdict.claim_in(t.lang), 300),
            readers=tip.demand,
        ),
        reply_markup=confirm_keyboard(t, tip.id, DeskButton.LINK_CONFIRMED, verdict.id),
    )


async def link_confirmed(
    query: CallbackQuery, callback_data: DeskAction, desk: Desk, bot: Bot, state: FSMContext, t: Translator
) -> None:
    notified = await desk.link(bot, callback_data.tip, callback_data.arg, actor_of(query.from_user))
    await query.answer()
    if notified is None:
        await query.message.edit_text(t("desk-not-open", id=str(callback_data.tip)))
        return
    if await state.get_state() == LinkSearch.query.state:
        await state.clear()
    await query.message.edit_text(
        t("desk-linked", id=str(callback_data.tip), verdict=str(callback_data.arg), notified=str(notified))
    )
    await desk.show(bot, callback_data.tip)


async def reject_pressed(query: CallbackQuery, callback_data: DeskAction, desk: Desk, t: Translator) -> None:
    tip = await desk.queued_tip(callback_data.tip)
    if tip is None:
        await _not_open(query, t, callback_data.tip)
        return
    await query.answer()
    await query.message.answer(
        t("desk-reject-ask", id=str(tip.id)), reply_markup=reject_reasons_keyboard(t, tip.id, REJECT_REASONS)
    )


def _reason(callback_data: DeskAction) -> str | None:
    return REJECT_REASONS[callback_data.arg] if 0 <= callback_data.arg < len(REJECT_REASONS) else None


async def reason_pressed(query: CallbackQuery, callback_data: DeskAction, t: Translator) -> None:
    reason = _reason(callback_data)
    await query.answer()
    if reason is None:
        return
    await query.message.edit_text(
        t("desk-reject-confirm", id=str(callback_data.tip), reason=t(f"desk-reason-{reason}")),
        reply_markup=confirm_keyboard(t, callback_data.tip, DeskButton.REJECT_CONFIRMED, callback_data.arg),
    )


async def reject_confirmed(
    query: CallbackQuery, callback_data: DeskAction, desk: Desk, bot: Bot, uow: Unit, t: Translator
) -> None:
    reason = _reason(callback_data) or ""
    done = await reject(uow.session, desk.clusters, callback_data.tip, reason, actor_of(query.from_user))
    await query.answer()
    if not done:
        await query.message.edit_text(t("desk-not-open", id=str(callback_data.tip)))
        return
    await query.message.edit_text(
        t("desk-rejected", id=str(callback_data.tip), reason=t(f"desk-reason-{reason}"))
    )
    if reason in CLOSED_OUT:
        await desk.tell_readers(bot, uow.session, callback_data.tip, TipProgress.CLOSED)
    await desk.show(bot, callback_data.tip)


async def cancel_pressed(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    if await state.get_state() == LinkSearch.query.state:
        await state.clear()
    await query.answer()
    await query.message.edit_text(t("desk-cancelled"))


async def new_pressed(
    query: CallbackQuery, callback_data: DeskAction, desk: Desk, state: FSMContext, t: Translator
) -> None:
    tip = await desk.queued_tip(callback_data.tip)
    if tip is None:
        await _not_open(query, t, callback_data.tip)
        return
    await query.answer()
    await start_draft(query.message, state, t, {"tip": tip.id, "verdict": 0, "detected": tip.lang})


async def correct_pressed(
    query: CallbackQuery, callback_data: DeskAction, desk: Desk, state: FSMContext, t: Translator
) -> None:
    draft = await correction_draft(desk, callback_data.tip, callback_data.arg)
    if draft is None:
        await query.answer(t("desk-unknown-verdict", verdict=str(callback_data.arg)), show_alert=True)
        return
    await query.answer()
    await start_draft(query.message, state, t, draft)


async def transcribe_pressed(
    query: CallbackQuery,
    callback_data: DeskAction,
    desk: Desk,
    bot: Bot,
    uow: Unit,
    t: Translator,
    transcriber: Transcriber | None = None,
) -> None:
    """A checker asks for the tip's recording to be transcribed now, whatever its demand."""
    tip_id = callback_data.tip
    if transcriber is None:
        await query.answer(t("desk-transcribe-nothing", id=str(tip_id)), show_alert=True)
        return
    due = await ask_transcript(uow.session, tip_id, transcriber.gate, asked=True)
    if due == Due.NOW:
        await query.answer(t("desk-transcribe-asked", id=str(tip_id)))
    elif due == Due.LONG:
        seconds = f"{transcriber.gate.max_seconds:.0f}"
        await query.answer(t("desk-transcribe-long", seconds=seconds), show_alert=True)
    else:
        await query.answer(t("desk-transcribe-nothing", id=str(tip_id)), show_alert=True)


BUTTONS = {
    DeskButton.OPEN: open_pressed,
    DeskButton.TAKE: take_pressed,
    DeskButton.HISTORY: history_pressed,
    DeskButton.LINK: link_pressed,
    DeskButton.PICK: pick_pressed,
    DeskButton.LINK_CONFIRMED: link_confirmed,
    DeskButton.REJECT: reject_pressed,
    DeskButton.REASON: reason_pressed,
    DeskButton.REJECT_CONFIRMED: reject_confirmed,
    DeskButton.CANCEL: cancel_pressed,
    DeskButton.NEW: new_pressed,
    DeskButton.CORRECT: correct_pressed,
    DeskButton.TRANSCRIBE: transcribe_pressed,
}


def router() -> Router:
    triage = Router(name="checker-triage")
    for action, handler in BUTTONS.items():
        triage.callback_query.register(handler, pressed(action))
    triage.message.register(link_search, LinkSearch.query, TYPED)
    return triage
