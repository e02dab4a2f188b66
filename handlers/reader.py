"""Readers in a private chat: /start, /help, /language, and the posts they forward."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, Message, Update

from bot.db.models import Reader
from bot.i18n import Locales, Translator
from bot.services.broadcasts import set_subscription
from bot.services.choices import resolve_choice
from bot.services.explainers import explainer_sent
from bot.services.knowledge_base import KnowledgeBase
from bot.services.notes import stop_expecting_note
from bot.services.ocr import Ocr
from bot.services.posts import receive_post, recheck_post
from bot.services.privacy import LEAVE_NO_TRACE, erase_by_id, reader_data
from bot.services.readers import answer_given, answer_language, choose_interface_language
from bot.services.transcription import Transcriber
from bot.services.transcripts import ask_transcript
from bot.services.unit_of_work import Unit, purpose
from bot.settings import Settings
from bot.telegram.callbacks import ChooseLanguage, ConfirmForget, PickVerdict, ShowExplainer
from bot.telegram.desk import Desk
from bot.telegram.keyboards import (
    choice_keyboard,
    context_keyboard,
    feedback_keyboard,
    forget_keyboard,
    language_keyboard,
    menu_keyboard,
)
from bot.telegram.reading import edited_parts, picture_hashes, read_post, screen_of
from bot.telegram.texts import explainer_card, verdict_card
from knowledge.language import LANGUAGE_NAMES
from knowledge.posts import AnswerKind, PostOutcome
from knowledge.statuses import FeedbackKind

CHECKABLE = F.text | F.caption | F.photo | F.video | F.document | F.animation | F.audio
VOICE = ("voice", "video_note")
"""Posts only when they can be transcribed (the `transcribing` filter)."""
UNCHECKABLE = {
    "sticker": "sticker",
    "voice": "voice",
    "video_note": "voice",
    "poll": "poll",
    "location": "location",
    "venue": "location",
    "contact": "contact",
}


async def answer(
    message: Message, t: Translator, kb: KnowledgeBase, outcome: PostOutcome, reply: bool = False
) -> None:
    """The reader's answer; `reply`: as a reply to their message (an edited one, which may be old)."""
    send = message.reply if reply else message.answer
    if outcome.kind == AnswerKind.CARD:
        verdict = (await kb.verdicts(outcome.verdict_ids))[outcome.verdict_ids[0]]
        await send(verdict_card(t, verdict), reply_markup=feedback_keyboard(t, verdict.id, FeedbackKind.AUTO))
    elif outcome.kind == AnswerKind.CHOOSE:
        found = await kb.verdicts(outcome.verdict_ids)
        verdicts = [found[i] for i in outcome.verdict_ids if i in found]
        await send(t("choose-intro"), reply_markup=choice_keyboard(t, outcome.request_id, verdicts))
    elif outcome.kind == AnswerKind.QUEUED:
        if outcome.reading:
            key = "media-queued-reading"
        elif outcome.media and outcome.media_kind in VOICE:
            key = "media-queued-voice"
        elif outcome.media:
            key = "media-queued-photo" if outcome.media_kind == "photo" else "media-queued-unchecked"
        else:
            key = "queued"
        text = t(key, id=str(outcome.tip_id))
        explainer = None
        if outcome.explainer is not None and kb.explainers is not None:
            explainer = await kb.explainers.variant(outcome.explainer, (t.lang, outcome.lang or t.lang))
        if explainer is not None:
            text = explainer_card(t, explainer) + "\n\n" + text
        await send(text, reply_markup=context_keyboard(t, outcome.tip_id))
    else:
        await send(t("nothing-to-check"))


async def reader_language(
    uow: Unit, message: Message, reader: Reader, outcome: PostOutcome, locales: Locales, t: Translator
) -> Translator:
    """A reader whose Telegram app sent no language the bot speaks, and who did not choose one with
    /language, is answered in the language their post is written in, which becomes theirs."""
    code = message.from_user.language_code if message.from_user else None
    lang = await answer_language(uow.session, reader, outcome.lang, locales.supported(code))
    return t if lang is None else locales[lang]


async def respond(
    message: Message,
    outcome: PostOutcome,
    t: Translator,
    kb: KnowledgeBase,
    reader: Reader,
    desk: Desk,
    bot: Bot,
    uow: Unit,
    locales: Locales,
    reply: bool = False,
) -> None:
    """Answer the reader once (a redelivery whose answer left already gets nothing) and show the tips
    it touched on the desk."""
    t = await reader_language(uow, message, reader, outcome, locales, t)
    if not (outcome.repeated and outcome.answered):
        await answer(message, t, kb, outcome, reply=reply)
        if outcome.request_id is not None:
            await answer_given(uow.session, outcome.request_id)
    if outcome.kind == AnswerKind.QUEUED and outcome.tip_id is not None:
        if outcome.explainer is not None:
            await explainer_sent(uow.session, outcome.tip_id, message.chat.id)
        await desk.tip_arrived(bot, outcome.tip_id)
    if outcome.left_tip_id is not None:
        await desk.tip_arrived(bot, outcome.left_tip_id)


async def start(message: Message, t: Translator, settings: Settings) -> None:
    name = message.from_user.first_name if message.from_user else ""
    await message.answer(t("start-greeting", name=name, newsroom=settings.newsroom_name))
    await message.answer(t("start-choose-language"), reply_markup=language_keyboard())


async def help_(message: Message, t: Translator) -> None:
    await message.answer(t("help"))


async def menu(message: Message, t: Translator, kb: KnowledgeBase) -> None:
    """/menu: the explainers written in the reader's language."""
    explainers = await kb.explainers.in_language(t.lang) if kb.explainers is not None else []
    if not explainers:
        await message.answer(t("menu-empty"))
        return
    await message.answer(t("menu-title"), reply_markup=menu_keyboard(explainers))


async def explainer_shown(
    query: CallbackQuery, callback_data: ShowExplainer, t: Translator, kb: KnowledgeBase
) -> None:
    explainer = await kb.explainers.by_id(callback_data.id) if kb.explainers is not None else None
    if explainer is None:
        await query.answer(t("button-stale"))
        return
    await query.answer()
    await query.message.answer(explainer_card(t, explainer))


async def language(message: Message, t: Translator) -> None:
    await message.answer(t("language-choose"), reply_markup=language_keyboard())


async def interface_language_chosen(
    query: CallbackQuery,
    callback_data: ChooseLanguage,
    reader: Reader,
    locales: Locales,
    uow: Unit,
) -> None:
    code = locales.resolve(callback_data.code)
    await choose_interface_language(uow.session, reader.id, code)
    await query.answer()
    await query.message.edit_text(locales[code]("language-set"))


async def subscribe(message: Message, t: Translator, uow: Unit, reader: Reader) -> None:
    """Broadcasts go to subscribed readers in the language they have when a broadcast starts."""
    changed = await set_subscription(uow.session, reader.id, True)
    await message.answer(t("subscribe-done" if changed else "subscribe-already"))


async def unsubscribe(message: Message, t: Translator, uow: Unit, reader: Reader) -> None:
    changed = await set_subscription(uow.session, reader.id, False)
    await message.answer(t("unsubscribe-done" if changed else "unsubscribe-not-subscribed"))


async def mydata(message: Message, t: Translator, uow: Unit, reader: Reader) -> None:
    data = await reader_data(uow.session, reader.id)
    if data is None:  # erased by a concurrent /forget
        await message.answer(t("forget-done"))
        return
    text = t(
        "mydata",
        language=LANGUAGE_NAMES.get(data.language, data.language),
        subscribed="yes" if data.subscribed else "no",
        first=data.first_seen.strftime("%Y-%m-%d %H:%M UTC"),
        count=str(data.messages),
        rated=str(data.feedback),
        ids=", ".join(f"#{i}" for i in data.tip_ids) or "—",
    )
    if data.readings:
        text += "\n" + t("mydata-readings", count=str(data.readings))
    if reader.name or reader.username:  # stored only with TIPLINE_SHOW_READER_IDENTITY
        who = " ".join(p for p in (reader.name, f"@{reader.username}" if reader.username else None) if p)
        text += "\n" + t("mydata-name", name=who)
    await message.answer(text)


async def forget(message: Message, t: Translator, reader: Reader) -> None:
    await message.answer(t("forget-confirm"), reply_markup=forget_keyboard(t, reader.id))


async def forget_confirmed(
    query: CallbackQuery,
    callback_data: ConfirmForget,
    t: Translator,
    reader: Reader,
    event_update: Update,
    desk: Desk,
    settings: Settings,
    bot: Bot,
    uow: Unit,
) -> None:
    owner = callback_data.reader == reader.id and reader.user_id in (None, query.from_user.id)
    if not owner:
        await query.answer(t("forget-not-yours"), show_alert=True)
        return
    await query.answer()
    if not callback_data.erase:
        await query.message.edit_text(t("forget-cancelled"))
        return
    erased = await erase_by_id(uow.session, reader.id, event_update.update_id, keep=uow.inbox_ids)
    with purpose(**{LEAVE_NO_TRACE: 1}):  # the outbox deletes it, and this update, once delivered
        await query.message.edit_text(t("forget-done"))
    if erased is not None and settings.show_reader_identity and (reader.name or reader.username):
        for tip_id in erased.tip_ids:  # their cards' "sent by" line named them
            await desk.show(bot, tip_id)


async def unknown_command(message: Message, t: Translator) -> None:
    await message.answer(t("unknown-command"))


async def post(
    message: Message,
    t: Translator,
    kb: KnowledgeBase,
    reader: Reader,
    desk: Desk,
    bot: Bot,
    uow: Unit,
    locales: Locales,
    album: list[Message] | None = None,
    ocr: Ocr | None = None,
    transcriber: Transcriber | None = None,
) -> None:
    """A post, or an album handed over as one update (`album`: every part, bot/telegram/polling.py); a
    voice note or a video is transcribed once its tip has the demand for it."""
    if reader.note_tip_id is not None:  # a post, not the note they were asked for
        await stop_expecting_note(uow.session, reader)
    post, downloads = read_post(message, album)
    screen = screen_of(bot, ocr, post, downloads)
    picture = picture_hashes(bot, downloads)
    outcome = await receive_post(kb, reader, post, desk.clusters, picture, uow.session, screen)
    if transcriber is not None and outcome.kind == AnswerKind.QUEUED and outcome.tip_id is not None:
        await ask_transcript(uow.session, outcome.tip_id, transcriber.gate)
    await respond(message, outcome, t, kb, reader, desk, bot, uow, locales)


async def edited(
    message: Message,
    t: Translator,
    kb: KnowledgeBase,
    reader: Reader,
    desk: Desk,
    bot: Bot,
    uow: Unit,
    locales: Locales,
    ocr: Ocr | None = None,
) -> None:
    """An edited post is checked again; the reader hears only when the answer changes."""
    lead, album = await edited_parts(uow.session, message)
    post, downloads = read_post(lead, album)
    screen = screen_of(bot, ocr, post, downloads)
    picture = picture_hashes(bot, downloads)
    outcome = await recheck_post(kb, reader, post, desk.clusters, picture, uow.session, screen)
    await respond(message, outcome, t, kb, reader, desk, bot, uow, locales, reply=True)


async def picked(
    query: CallbackQuery,
    callback_data: PickVerdict,
    t: Translator,
    kb: KnowledgeBase,
    reader: Reader,
    desk: Desk,
    bot: Bot,
) -> None:
    choice = callback_data.verdict or None
    outcome = await resolve_choice(kb, reader, callback_data.request, choice, desk.clusters)
    await query.answer()
    if outcome.kind == AnswerKind.CARD:
        verdict = (await kb.verdicts(outcome.verdict_ids))[outcome.verdict_ids[0]]
        await query.message.edit_text(
            verdict_card(t, verdict), reply_markup=feedback_keyboard(t, verdict.id, FeedbackKind.PICKED)
        )
    elif outcome.kind == AnswerKind.QUEUED:
        await query.message.edit_text(
            t("queued", id=str(outcome.tip_id)), reply_markup=context_keyboard(t, outcome.tip_id)
        )
        await desk.tip_arrived(bot, outcome.tip_id)
    else:
        await query.message.edit_text(t("choice-expired"))


def transcribing(message: Message, transcriber: Transcriber | None = None) -> bool:
    """A filter: voice notes and video notes are posts like any other when they can be transcribed."""
    return transcriber is not None


async def uncheckable(message: Message, t: Translator) -> None:
    kind = next((UNCHECKABLE[k] for k in UNCHECKABLE if getattr(message, k, None)), "other")
    if message.forward_origin is not None and kind == "other":
        await message.answer(t("nothing-to-check"))
    else:
        await message.answer(t("unsupported-content", kind=kind))


def create_router() -> Router:
    router = Router(name="reader")
    router.message.filter(F.chat.type == "private")
    router.edited_message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(start, CommandStart())
    router.message.register(help_, Command("help"))
    router.message.register(language, Command("language"))
    router.message.register(menu, Command("menu"))
    router.callback_query.register(explainer_shown, ShowExplainer.filter())
    router.callback_query.register(interface_language_chosen, ChooseLanguage.filter())
    router.message.register(subscribe, Command("subscribe"))
    router.message.register(unsubscribe, Command("unsubscribe"))
    router.message.register(mydata, Command("mydata"))
    router.message.register(forget, Command("forget"))
    router.callback_query.register(forget_confirmed, ConfirmForget.filter())
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(post, CHECKABLE)
    router.message.register(post, F.voice | F.video_note, transcribing)
    router.edited_message.register(edited, ~F.text.startswith("/"), CHECKABLE)
    router.callback_query.register(picked, PickVerdict.filter())
    router.message.register(uncheckable)
    return router
