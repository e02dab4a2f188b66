"""What readers say back, in a private chat: 👍 / 👎 under a verdict, what a 👎 says is wrong, sending the
message back to the checkers, "add where you saw it", and the note their next message then is."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.db.models import Reader
from bot.i18n import Locales, Translator
from bot.services.feedback import Rating, explain_down, rate_answer, send_to_desk
from bot.services.knowledge_base import KnowledgeBase
from bot.services.notes import add_note, ask_for_context, expects_note
from bot.services.unit_of_work import Unit
from bot.telegram.callbacks import AddContext, ExplainDown, RateAnswer, SendDisputed
from bot.telegram.desk import Desk
from bot.telegram.keyboards import reason_keyboard, send_disputed_keyboard
from handlers.reader import post
from knowledge.statuses import FeedbackValue


async def rated(
    query: CallbackQuery,
    callback_data: RateAnswer,
    t: Translator,
    reader: Reader,
    kb: KnowledgeBase,
    uow: Unit,
) -> None:
    """👍 or 👎 under a verdict card; a new 👎 asks what is wrong."""
    verdict_id, value = callback_data.verdict, callback_data.value
    rating = await rate_answer(uow.session, kb, reader, verdict_id, callback_data.kind, value)
    if rating == Rating.REFUSED:
        await query.answer(t("button-stale"))
        return
    await query.answer(t("feedback-thanks" if value == FeedbackValue.UP else "feedback-sorry"))
    if value == FeedbackValue.DOWN and rating == Rating.STORED:
        await query.message.reply(t("feedback-what-wrong"), reply_markup=reason_keyboard(t, verdict_id))


async def _show(query: CallbackQuery, text: str, reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """The question the button was under becomes `text` (a new message when it is too old to edit)."""
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=reply_markup)
    else:
        await query.message.answer(text, reply_markup=reply_markup)


async def reason_given(
    query: CallbackQuery, callback_data: ExplainDown, t: Translator, reader: Reader, uow: Unit
) -> None:
    """What a 👎 says is wrong: stored, then an offer to send the message to the checkers."""
    if not await explain_down(uow.session, reader, callback_data.verdict, callback_data.reason):
        await query.answer(t("button-stale"))
        return
    await query.answer()
    await _show(query, t("feedback-offer-desk"), send_disputed_keyboard(t, callback_data.verdict))


async def send_disputed(
    query: CallbackQuery,
    callback_data: SendDisputed,
    t: Translator,
    reader: Reader,
    desk: Desk,
    bot: Bot,
    uow: Unit,
) -> None:
    """The reader's message goes to the checkers as a possible wrong match, or not; a note may follow."""
    if not callback_data.send:
        await query.answer()
        await _show(query, t("feedback-noted"))
        return
    disputed = await send_to_desk(uow.session, reader, callback_data.verdict)
    if disputed is None:
        await query.answer(t("button-stale"))
        return
    await query.answer()
    await _show(query, t("feedback-sent", id=str(disputed.tip_id)))
    if disputed.new:
        await desk.tip_arrived(bot, disputed.tip_id)


async def context_asked(
    query: CallbackQuery, callback_data: AddContext, t: Translator, reader: Reader, uow: Unit
) -> None:
    """The "add where you saw it" button: the reader's next message will be a note on their tip."""
    if not await ask_for_context(uow.session, reader, callback_data.tip):
        await query.answer(t("button-stale"))
        return
    await query.answer()
    await query.message.answer(t("context-ask", id=str(callback_data.tip)))


def awaiting_note(message: Message, reader: Reader) -> bool:
    """A filter: the reader was asked, within the hour, for a note on their tip in their next message."""
    return expects_note(reader)


async def note_written(
    message: Message,
    t: Translator,
    kb: KnowledgeBase,
    reader: Reader,
    desk: Desk,
    bot: Bot,
    uow: Unit,
    locales: Locales,
) -> None:
    """The message is a note on the reader's tip, shown on its card, not a new tip; a post like any other
    when the tip was answered or closed meanwhile."""
    tip_id = await add_note(uow.session, reader, message.text)
    if tip_id is None:
        await post(message, t, kb, reader, desk, bot, uow, locales)
        return
    await message.answer(t("note-added", id=str(tip_id)))
    await desk.show(bot, tip_id)


def create_router() -> Router:
    router = Router(name="feedback")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.callback_query.register(rated, RateAnswer.filter())
    router.callback_query.register(reason_given, ExplainDown.filter())
    router.callback_query.register(send_disputed, SendDisputed.filter())
    router.callback_query.register(context_asked, AddContext.filter())
    router.message.register(
        note_written, F.text, ~F.text.startswith("/"), F.forward_origin.is_(None), awaiting_note
    )
    return router
