"""Readers in a private chat: /start, /help, /language, and the posts they forward."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandStart
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from aiohttp import ClientError
from sqlalchemy import update

from bot.broadcasts import set_subscription
from bot.cards import ChooseLanguage, PickVerdict, choice_keyboard, language_keyboard, verdict_card
from bot.desk import Desk
from bot.i18n import Locales, Translator
from bot.kb import KnowledgeBase
from bot.models import Reader
from bot.pipeline import Outcome, PictureHash, Post, mark_answered, receive_post, resolve_choice
from bot.privacy import erase_reader, reader_data
from bot.settings import Settings
from knowledge.images import NotAnImage, hash_bytes
from knowledge.language import LANGUAGE_NAMES
from knowledge.links import extract_urls

log = logging.getLogger(__name__)

MEDIA = ("photo", "video", "document", "animation", "audio")
UNCHECKABLE = {
    "sticker": "sticker",
    "voice": "voice",
    "video_note": "voice",
    "poll": "poll",
    "location": "location",
    "venue": "location",
    "contact": "contact",
}


class ConfirmForget(CallbackData, prefix="forget"):
    """The reader's answer to "erase everything?"; `reader` is checked against the chat's reader."""

    reader: int
    erase: bool


def forget_keyboard(t: Translator, reader_id: int) -> InlineKeyboardMarkup:
    yes = ConfirmForget(reader=reader_id, erase=True).pack()
    no = ConfirmForget(reader=reader_id, erase=False).pack()
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=t("forget-yes"), callback_data=yes),
                InlineKeyboardButton(text=t("forget-cancel"), callback_data=no),
            ]
        ]
    )


def forward_origin(message: Message) -> dict | None:
    origin = message.forward_origin
    if origin is None:
        return None
    data: dict = {"type": origin.type, "date": int(origin.date.timestamp())}
    if origin.type == "channel":
        data.update(
            chat_id=origin.chat.id,
            title=origin.chat.title,
            username=origin.chat.username,
            message_id=origin.message_id,
        )
    elif origin.type == "chat":
        data.update(chat_id=origin.sender_chat.id, title=origin.sender_chat.title)
    elif origin.type == "hidden_user":
        data.update(name=origin.sender_user_name)
    return data


def post_from(message: Message) -> Post:
    """What the reader sent, as the pipeline sees it."""
    text = message.text or message.caption or ""
    media = next((kind for kind in MEDIA if getattr(message, kind)), None)
    payload: dict = {}
    if media:
        payload["media"] = media
        item = message.photo[-1] if media == "photo" else getattr(message, media)
        payload["file_id"] = item.file_id
        payload["file_unique_id"] = item.file_unique_id
        if media == "document" and (message.document.mime_type or "").startswith("image/"):
            payload["picture"] = True  # an image sent as a file: hashed like a photo
    origin = forward_origin(message)
    if origin:
        payload["forward_origin"] = origin
    links = []
    for entity in message.entities or message.caption_entities or []:
        if entity.type == "text_link" and entity.url:
            links.append(entity.url)
        elif entity.type == "url":
            links.append(entity.extract_from(text))
    links.extend(extract_urls(text))
    if origin and origin.get("username") and origin.get("message_id"):
        links.append(f"https://t.me/{origin['username']}/{origin['message_id']}")
    links = list(dict.fromkeys(links))
    if links:
        payload["links"] = links
    return Post(message.chat.id, message.message_id, text, media, payload)


MAX_PICTURE_BYTES = 10 * 1024 * 1024
HASHED_SIDE = 320
"""The smallest photo size at least this large is downloaded: pHash looks at 32×32 pixels anyway."""


def picture_of(message: Message, bot: Bot) -> PictureHash | None:
    """Downloads the message's picture (a photo, or an image sent as a file) through the configured Bot
    API server (getFile, then the file URL) and hashes it, only when the pipeline asks."""
    file_id = None
    if message.photo:
        sizes = sorted(message.photo, key=lambda size: size.width * size.height)
        file_id = next((s for s in sizes if max(s.width, s.height) >= HASHED_SIDE), sizes[-1]).file_id
    elif message.document and (message.document.mime_type or "").startswith("image/"):
        if (message.document.file_size or 0) <= MAX_PICTURE_BYTES:
            file_id = message.document.file_id
    if file_id is None:
        return None

    async def hashes() -> list[int] | None:
        try:
            data = await bot.download(file_id)
            return await asyncio.to_thread(hash_bytes, data.getvalue()) if data else None
        except (TimeoutError, TelegramAPIError, ClientError, NotAnImage, OSError) as error:
            log.warning("picture %s could not be hashed: %s", file_id, error)
            return None

    return hashes


async def answer(message: Message, t: Translator, kb: KnowledgeBase, outcome: Outcome) -> None:
    if outcome.kind == "card":
        verdicts = await kb.verdicts(outcome.verdict_ids)
        await message.answer(verdict_card(t, verdicts[outcome.verdict_ids[0]]))
    elif outcome.kind == "choose":
        found = await kb.verdicts(outcome.verdict_ids)
        verdicts = [found[i] for i in outcome.verdict_ids if i in found]
        await message.answer(t("choose-intro"), reply_markup=choice_keyboard(t, outcome.request_id, verdicts))
    elif outcome.kind == "queued":
        if outcome.media:
            key = "media-queued-photo" if outcome.media_kind == "photo" else "media-queued-unchecked"
        else:
            key = "queued"
        await message.answer(t(key, id=str(outcome.tip_id)))
    else:
        await message.answer(t("nothing-to-check"))


def create_router() -> Router:
    router = Router(name="reader")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")

    @router.message(CommandStart())
    async def start(message: Message, t: Translator, settings: Settings) -> None:
        name = message.from_user.first_name if message.from_user else ""
        await message.answer(t("start-greeting", name=name, newsroom=settings.newsroom_name))
        await message.answer(t("start-choose-language"), reply_markup=language_keyboard())

    @router.message(Command("help"))
    async def help_(message: Message, t: Translator) -> None:
        await message.answer(t("help"))

    @router.message(Command("language"))
    async def language(message: Message, t: Translator) -> None:
        await message.answer(t("language-choose"), reply_markup=language_keyboard())

    @router.callback_query(ChooseLanguage.filter())
    async def language_chosen(
        query: CallbackQuery,
        callback_data: ChooseLanguage,
        reader: Reader,
        kb: KnowledgeBase,
        locales: Locales,
    ) -> None:
        code = locales.resolve(callback_data.code)
        async with kb.sessionmaker() as session:
            await session.execute(
                update(Reader).where(Reader.id == reader.id).values(language=code, language_chosen=True)
            )
            await session.commit()
        await query.answer()
        await query.message.edit_text(locales[code]("language-set"))

    @router.message(Command("subscribe"))
    async def subscribe(message: Message, t: Translator, kb: KnowledgeBase, reader: Reader) -> None:
        """Broadcasts go to subscribed readers in the language they have when a broadcast starts."""
        changed = await set_subscription(kb.sessionmaker, reader.id, True)
        await message.answer(t("subscribe-done" if changed else "subscribe-already"))

    @router.message(Command("unsubscribe"))
    async def unsubscribe(message: Message, t: Translator, kb: KnowledgeBase, reader: Reader) -> None:
        changed = await set_subscription(kb.sessionmaker, reader.id, False)
        await message.answer(t("unsubscribe-done" if changed else "unsubscribe-not-subscribed"))

    @router.message(Command("mydata"))
    async def mydata(message: Message, t: Translator, kb: KnowledgeBase, reader: Reader) -> None:
        data = await reader_data(kb.sessionmaker, reader.id)
        if data is None:  # erased by a concurrent /forget
            await message.answer(t("forget-done"))
            return
        text = t(
            "mydata",
            language=LANGUAGE_NAMES.get(data.language, data.language),
            subscribed="yes" if data.subscribed else "no",
            first=data.first_seen.strftime("%Y-%m-%d %H:%M UTC"),
            count=str(data.messages),
            ids=", ".join(f"#{i}" for i in data.tip_ids) or "—",
        )
        if reader.name or reader.username:  # stored only with TIPLINE_SHOW_READER_IDENTITY
            who = " ".join(p for p in (reader.name, f"@{reader.username}" if reader.username else None) if p)
            text += "\n" + t("mydata-name", name=who)
        await message.answer(text)

    @router.message(Command("forget"))
    async def forget(message: Message, t: Translator, reader: Reader) -> None:
        await message.answer(t("forget-confirm"), reply_markup=forget_keyboard(t, reader.id))

    @router.callback_query(ConfirmForget.filter())
    async def forget_confirmed(
        query: CallbackQuery,
        callback_data: ConfirmForget,
        t: Translator,
        kb: KnowledgeBase,
        reader: Reader,
        event_update: Update,
    ) -> None:
        owner = callback_data.reader == reader.id and reader.user_id in (None, query.from_user.id)
        if not owner:
            await query.answer(t("forget-not-yours"), show_alert=True)
            return
        if callback_data.erase:
            await erase_reader(kb.sessionmaker, reader.id, update_id=event_update.update_id)
        await query.answer()
        await query.message.edit_text(t("forget-done" if callback_data.erase else "forget-cancelled"))

    @router.message(F.text.startswith("/"))
    async def unknown_command(message: Message, t: Translator) -> None:
        await message.answer(t("unknown-command"))

    @router.message(F.text | F.caption | F.photo | F.video | F.document | F.animation | F.audio)
    async def post(
        message: Message, t: Translator, kb: KnowledgeBase, reader: Reader, desk: Desk, bot: Bot
    ) -> None:
        outcome = await receive_post(
            kb, reader, post_from(message), desk.clusters, picture=picture_of(message, bot)
        )
        if not (outcome.repeated and outcome.answered):
            await answer(message, t, kb, outcome)
            if outcome.request_id is not None:
                await mark_answered(kb, outcome.request_id)
        if outcome.kind == "queued" and outcome.tip_id is not None:
            await desk.tip_arrived(bot, outcome.tip_id)

    @router.callback_query(PickVerdict.filter())
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
        if outcome.kind == "card":
            verdicts = await kb.verdicts(outcome.verdict_ids)
            await query.message.edit_text(verdict_card(t, verdicts[outcome.verdict_ids[0]]))
        elif outcome.kind == "queued":
            await query.message.edit_text(t("queued", id=str(outcome.tip_id)))
            await desk.tip_arrived(bot, outcome.tip_id)
        else:
            await query.message.edit_text(t("choice-expired"))

    @router.message()
    async def uncheckable(message: Message, t: Translator) -> None:
        kind = next((UNCHECKABLE[k] for k in UNCHECKABLE if getattr(message, k, None)), "other")
        if message.forward_origin is not None and kind == "other":
            await message.answer(t("nothing-to-check"))
        else:
            await message.answer(t("unsupported-content", kind=kind))

    return router
