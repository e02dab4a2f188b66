"""The desk's commands: /cancel, /queue, /history, /sources, /correct and /explain."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import LinkPreviewOptions, Message

from bot.i18n import Translator
from bot.services.desk.triage import explain
from bot.services.transcripts import correct_transcript
from bot.services.unit_of_work import Unit
from bot.telegram.desk import Desk
from bot.telegram.keyboards import queue_keyboard
from bot.telegram.texts import shorten
from bot.telegram.views.desk import explainers_text, history_text, queue_text, sources_text
from handlers.checker.dialog import correction_draft, start_draft
from handlers.checker.states import actor_of

DESK_COMMANDS = ("queue", "find", "history", "correct", "cancel", "sources", "explain", "transcript")


async def cancel_command(message: Message, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await message.answer(t("desk-cancelled"))


async def queue_command(message: Message, command: CommandObject, desk: Desk, t: Translator) -> None:
    """Open clusters by demand and recency, `/queue ru` for one language."""
    lang = (command.args or "").strip().lower() or None
    tips = await desk.queue(lang)
    if not tips:
        await message.answer(t("desk-queue-empty"))
        return
    rising = {tip.id: found for tip in tips if (found := await desk.rising_at_partners(tip))}
    await message.answer(queue_text(t, tips, rising), reply_markup=queue_keyboard(t, tips))


async def find_command(message: Message, command: CommandObject, desk: Desk, t: Translator) -> None:
    """`/find words`: the latest tips whose words, typed or read from a picture, have them all."""
    words = (command.args or "").split()
    if not words:
        await message.answer(t("desk-find-usage"))
        return
    tips = await desk.find(words)
    said = shorten(" ".join(words), 100)
    if not tips:
        await message.answer(t("desk-find-none", words=said))
        return
    title = t("desk-find-title", words=said)
    await message.answer(queue_text(t, tips, title=title), reply_markup=queue_keyboard(t, tips))


async def transcript_command(
    message: Message, command: CommandObject, desk: Desk, bot: Bot, uow: Unit, t: Translator
) -> None:
    """`/transcript corrected words`, replying to a card: the tip's transcript, corrected."""
    tip_id = await _replied_tip(message, desk)
    text = (command.args or "").strip()
    if tip_id is None or not text:
        await message.answer(t("desk-transcript-usage"))
        return
    tip = await correct_transcript(uow.session, tip_id, text, actor_of(message.from_user))
    if tip is None:
        await message.answer(t("desk-transcript-none", id=str(tip_id)))
        return
    await message.answer(t("desk-transcript-done", id=str(tip_id)))
    await desk.show(bot, tip_id)
    await desk.reclustered(tip)


async def _replied_tip(message: Message, desk: Desk) -> int | None:
    """The tip whose card the message replies to."""
    if message.reply_to_message is None:
        return None
    tip = await desk.tip_by_card(message.reply_to_message.message_id)
    return tip.id if tip else None


async def history_command(message: Message, command: CommandObject, desk: Desk, t: Translator) -> None:
    """The audit log of a tip: reply to its card, or give its number."""
    argument = (command.args or "").strip().lstrip("#")
    tip_id = int(argument) if argument.isdigit() else await _replied_tip(message, desk)
    if tip_id is None:
        await message.answer(t("desk-history-usage"))
        return
    if await desk.tip(tip_id) is None:
        await message.answer(t("desk-unknown-tip", id=str(tip_id)))
        return
    await message.answer(history_text(t, tip_id, await desk.history(tip_id)))


async def sources_command(message: Message, command: CommandObject, desk: Desk, t: Translator) -> None:
    """The channels that spread a verdict or a cluster, with how many forwards each."""
    await message.answer(
        await sources_text(desk, t, command.args or "", await _replied_tip(message, desk)),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )


async def correct_command(
    message: Message, command: CommandObject, desk: Desk, state: FSMContext, t: Translator
) -> None:
    """`/correct 12`: the verdict dialog on verdict 12, its current text offered at each step."""
    argument = (command.args or "").strip().lstrip("#")
    if not argument.isdigit():
        await message.answer(t("desk-correct-usage"))
        return
    draft = await correction_draft(desk, tip_id=0, verdict_id=int(argument))
    if draft is None:
        await message.answer(t("desk-unknown-verdict", verdict=argument))
        return
    await start_draft(message, state, t, draft)


async def explain_command(
    message: Message, command: CommandObject, desk: Desk, bot: Bot, uow: Unit, t: Translator
) -> None:
    """`/explain KEY` in reply to a card, or `/explain 17 KEY`: the explainer answers the tip's readers,
    once each, and every later one; `/explain` alone lists the explainers."""
    explainers = desk.kb.explainers
    words = (command.args or "").split()
    if not words or explainers is None:
        records = await explainers.records() if explainers is not None else []
        await message.answer(explainers_text(t, records))
        return
    if len(words) > 1 and words[0].lstrip("#").isdigit():
        tip_id, key = int(words[0].lstrip("#")), words[1]
    else:
        tip_id, key = await _replied_tip(message, desk), words[0]
    if tip_id is None:
        await message.answer(t("desk-explain-usage"))
        return
    explainer = await explainers.variant(key, (t.lang,))
    if explainer is None:
        await message.answer(t("desk-unknown-explainer", name=key))
        return
    if not await explain(uow.session, tip_id, key, actor_of(message.from_user)):
        await message.answer(t("desk-not-open", id=str(tip_id)))
        return
    told = await desk.send_explainer(bot, uow.session, tip_id, key)
    await message.answer(t("desk-explainer-attached", id=str(tip_id), title=explainer.title, count=told))
    await desk.show(bot, tip_id)


def router() -> Router:
    commands = Router(name="checker-commands")
    commands.message.register(cancel_command, Command("cancel"))
    commands.message.register(queue_command, Command("queue"))
    commands.message.register(find_command, Command("find"))
    commands.message.register(transcript_command, Command("transcript"))
    commands.message.register(history_command, Command("history"))
    commands.message.register(sources_command, Command("sources"))
    commands.message.register(correct_command, Command("correct"))
    commands.message.register(explain_command, Command("explain"))
    return commands
