"""Readers in a private chat: /start, /help, /language, and the posts they forward."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandStart
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    CallbackQuery,
    ExternalReplyInfo,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    MessageOrigin,
    Update,
)
from aiohttp import ClientError
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import InboxUpdate, Reader, Request
from bot.i18n import Locales, Translator
from bot.services.broadcasts import set_subscription
from bot.services.knowledge_base import KnowledgeBase
from bot.services.posts import (
    Outcome,
    PictureHash,
    Post,
    has_letters,
    mark_answered,
    receive_post,
    recheck_post,
    resolve_choice,
)
from bot.services.privacy import LEAVE_NO_TRACE, erase, reader_data
from bot.services.unit_of_work import Unit, purpose
from bot.settings import Settings
from bot.telegram.cards import ChooseLanguage, PickVerdict, choice_keyboard, language_keyboard, verdict_card
from bot.telegram.desk import Desk
from knowledge.images import NotAnImage, hash_bytes
from knowledge.language import LANGUAGE_NAMES
from knowledge.links import extract_urls
from knowledge.verdicts import LANGUAGES

log = logging.getLogger(__name__)

MEDIA = ("photo", "video", "document", "animation", "audio")
CHECKABLE = F.text | F.caption | F.photo | F.video | F.document | F.animation | F.audio
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


def origin_data(origin: MessageOrigin | None) -> dict | None:
    """Where a forwarded or quoted post came from, as stored with the tip (no Telegram types)."""
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


def file_of(source: Message | ExternalReplyInfo) -> dict | None:
    """The file a message (or the message an external reply points at) carries: its kind, the file ids
    and, for an image sent as a file, `picture` (hashed like a photo)."""
    kind = next((kind for kind in MEDIA if getattr(source, kind, None)), None)
    if kind is None:
        return None
    item = source.photo[-1] if kind == "photo" else getattr(source, kind)
    file = {"media": kind, "file_id": item.file_id, "file_unique_id": item.file_unique_id}
    if kind == "document" and (item.mime_type or "").startswith("image/"):
        file["picture"] = True
    return file


MAX_PICTURE_BYTES = 10 * 1024 * 1024
HASHED_SIDE = 320
"""The smallest photo size at least this large is downloaded: pHash looks at 32×32 pixels anyway."""


def download_of(source: Message | ExternalReplyInfo) -> tuple[str, str] | None:
    """(file_unique_id, file_id to download) of the picture a message carries, if it is one."""
    if source.photo:
        sizes = sorted(source.photo, key=lambda size: size.width * size.height)
        chosen = next((s for s in sizes if max(s.width, s.height) >= HASHED_SIDE), sizes[-1])
        return source.photo[-1].file_unique_id, chosen.file_id
    document = source.document
    if document and (document.mime_type or "").startswith("image/"):
        if (document.file_size or 0) <= MAX_PICTURE_BYTES:
            return document.file_unique_id, document.file_id
    return None


def links_in(text: str, entities: Sequence[MessageEntity] | None) -> list[str]:
    """The addresses in `text`: its `url` and `text_link` entities (a link hidden behind words) and what
    looks like an address."""
    links = []
    for entity in entities or []:
        if entity.type == "text_link" and entity.url:
            links.append(entity.url)
        elif entity.type == "url":
            links.append(entity.extract_from(text))
    links.extend(extract_urls(text))
    return links


@dataclass
class Said:
    """What a message (or an album, or the post a reply quotes) shows."""

    text: str = ""
    links: list[str] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)
    origin: dict | None = None
    downloads: list[tuple[str, str]] = field(default_factory=list)


def said_in(parts: Sequence[Message]) -> Said:
    """One message, or the parts of an album: the words of the part that has them (the caption), every
    part's file, and where the worded part (else the first) was forwarded from."""
    worded = next((m for m in parts if m.text or m.caption), parts[0])
    text = worded.text or worded.caption or ""
    origin = origin_data(worded.forward_origin) or next(
        (data for m in parts if (data := origin_data(m.forward_origin))), None
    )
    return Said(
        text,
        links_in(text, worded.entities if worded.text else worded.caption_entities),
        [file for m in parts if (file := file_of(m))],
        origin,
        [download for m in parts if (download := download_of(m))],
    )


SHORT_QUESTION = 160
"""A reader's words up to this long, in reply to a post they sent before ("Is this true?"), ask about
that post: its words are checked."""


def quoted_by(message: Message) -> Said | None:
    """What a reply asks about: the quoted fragment (`quote`), the post from another chat it replies to
    (`external_reply`: its origin and file), or, for a short question in reply to the reader's own
    earlier message, that message. None for a plain message or a reply to the bot."""
    quote = message.quote.text if message.quote and message.quote.text else ""
    quote_links = links_in(quote, message.quote.entities) if quote else []
    external = message.external_reply
    if external is not None:
        origin = origin_data(external.origin)
        if (origin is None or origin["type"] != "channel") and external.chat and external.message_id:
            if external.chat.type == "channel":
                origin = {
                    "type": "channel",
                    "date": int(message.date.timestamp()),
                    "chat_id": external.chat.id,
                    "title": external.chat.title,
                    "username": external.chat.username,
                    "message_id": external.message_id,
                }
        preview = external.link_preview_options
        links = quote_links + ([preview.url] if preview and preview.url else [])
        file, download = file_of(external), download_of(external)
        return Said(quote, links, [file] if file else [], origin, [download] if download else [])
    replied = message.reply_to_message
    if replied is None or (replied.from_user is not None and replied.from_user.is_bot):
        return None
    if quote:
        said = said_in([replied])
        return Said(quote, quote_links, said.files, said.origin, said.downloads)
    own = message.text or message.caption or ""
    if len(own.strip()) > SHORT_QUESTION or file_of(message) is not None:
        return None
    return said_in([replied])


def read_post(message: Message, album: Sequence[Message] | None = None) -> tuple[Post, list[tuple[str, str]]]:
    """What the reader sent, as the pipeline sees it, and the pictures to hash if it asks.

    `album`: every part of a media group (one post: the caption's words, every file). A reply that
    quotes a post is checked on what it quotes; the reader's own words are kept for the checkers
    (`question`)."""
    parts = sorted(album, key=lambda part: part.message_id) if album else [message]
    own = said_in(parts)
    quoted = quoted_by(message)
    payload: dict = {}
    if quoted is None:
        said, text = own, own.text
    else:
        seen = bool(quoted.files) or (quoted.origin or {}).get("type") == "channel"
        if has_letters(quoted.text):
            text = quoted.text
        elif seen and len(own.text.strip()) <= SHORT_QUESTION:
            text = ""  # a question about a post whose words the bot cannot see: its file or origin decide
        else:
            text = own.text
        if has_letters(own.text) and text != own.text:
            payload["question"] = own.text
        said = Said(
            text,
            quoted.links + own.links,
            own.files + quoted.files,
            own.origin or quoted.origin,
            own.downloads + quoted.downloads,
        )
        if own.origin is None and quoted.origin is not None:
            payload["origin_kind"] = "quote"
    files = said.files
    if files:
        payload.update(files[0])
        if len(files) > 1:
            payload["files"] = files
    if message.media_group_id:
        payload["media_group_id"] = message.media_group_id
    origin = said.origin
    if origin:
        payload["forward_origin"] = origin
    links = list(said.links)
    if origin and origin.get("username") and origin.get("message_id"):
        links.append(f"https://t.me/{origin['username']}/{origin['message_id']}")
    links = list(dict.fromkeys(links))
    if links:
        payload["links"] = links
    media = files[0]["media"] if files else None
    if media is None and not has_letters(text) and (origin or {}).get("type") == "channel" and quoted:
        media = payload["media"] = "post"  # a channel post the reader asks about: checkers open it
    return Post(message.chat.id, message.message_id, text, media, payload), said.downloads


def picture_hashes(bot: Bot, downloads: Sequence[tuple[str, str]]) -> PictureHash | None:
    """Downloads the post's pictures (photos, images sent as files) through the configured Bot API
    server (getFile, then the file URL) and hashes them, only when the pipeline asks."""
    if not downloads:
        return None

    async def one(file_id: str) -> list[int] | None:
        try:
            data = await bot.download(file_id)
            return await asyncio.to_thread(hash_bytes, data.getvalue()) if data else None
        except (TimeoutError, TelegramAPIError, ClientError, NotAnImage, OSError) as error:
            log.warning("picture %s could not be hashed: %s", file_id, error)
            return None

    async def hashes() -> dict[str, list[int]]:
        found = await asyncio.gather(*(one(file_id) for _, file_id in downloads))
        return {unique: hashes for (unique, _), hashes in zip(downloads, found, strict=True) if hashes}

    return hashes


async def edited_parts(session: AsyncSession, message: Message) -> tuple[Message, list[Message] | None]:
    """The message an edit stands for, and, for a part of an album, every part as it is now (the parts
    as stored in the inbox, the latest edit of each): the album's post is the part it was stored as."""
    if not message.media_group_id:
        return message, None
    rows = await session.scalars(
        select(InboxUpdate.payload)
        .where(InboxUpdate.chat_id == message.chat.id)
        .order_by(InboxUpdate.update_id)
    )
    parts: dict[int, Message] = {}
    for payload in rows:
        data = payload.get("message") or payload.get("edited_message") or {}
        if data.get("media_group_id") == message.media_group_id:
            try:
                part = Message.model_validate(data)
            except ValueError:
                continue
            parts[part.message_id] = part
    parts[message.message_id] = message
    stored = await session.scalar(
        select(Request.message_id)
        .where(Request.chat_id == message.chat.id, Request.message_id.in_(list(parts)))
        .order_by(Request.id)
        .limit(1)
    )
    return parts.get(stored, message), [parts[i] for i in sorted(parts)]


async def answer(
    message: Message, t: Translator, kb: KnowledgeBase, outcome: Outcome, reply: bool = False
) -> None:
    """The reader's answer; `reply`: as a reply to their message (an edited one, which may be old)."""
    send = message.reply if reply else message.answer
    if outcome.kind == "card":
        verdicts = await kb.verdicts(outcome.verdict_ids)
        await send(verdict_card(t, verdicts[outcome.verdict_ids[0]]))
    elif outcome.kind == "choose":
        found = await kb.verdicts(outcome.verdict_ids)
        verdicts = [found[i] for i in outcome.verdict_ids if i in found]
        await send(t("choose-intro"), reply_markup=choice_keyboard(t, outcome.request_id, verdicts))
    elif outcome.kind == "queued":
        if outcome.media:
            key = "media-queued-photo" if outcome.media_kind == "photo" else "media-queued-unchecked"
        else:
            key = "queued"
        await send(t(key, id=str(outcome.tip_id)))
    else:
        await send(t("nothing-to-check"))


async def reader_language(
    session: AsyncSession, message: Message, reader: Reader, outcome: Outcome, locales: Locales, t: Translator
) -> Translator:
    """A reader whose Telegram app sent no language the bot speaks, and who did not choose one with
    /language, is answered in the language their post is written in, which becomes theirs."""
    code = message.from_user.language_code if message.from_user else None
    lang = outcome.lang
    if reader.language_chosen or locales.supported(code) or lang not in LANGUAGES or lang == reader.language:
        return t
    await session.execute(
        update(Reader).where(Reader.id == reader.id, Reader.language_chosen.is_(False)).values(language=lang)
    )
    reader.language = lang
    return locales[lang]


async def respond(
    message: Message,
    outcome: Outcome,
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
    t = await reader_language(uow.session, message, reader, outcome, locales, t)
    if not (outcome.repeated and outcome.answered):
        await answer(message, t, kb, outcome, reply=reply)
        if outcome.request_id is not None:
            await mark_answered(uow.session, outcome.request_id)
    if outcome.kind == "queued" and outcome.tip_id is not None:
        await desk.tip_arrived(bot, outcome.tip_id)
    if outcome.left_tip_id is not None:
        await desk.tip_arrived(bot, outcome.left_tip_id)


def create_router() -> Router:
    router = Router(name="reader")
    router.message.filter(F.chat.type == "private")
    router.edited_message.filter(F.chat.type == "private")
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
        erased = None
        stored = await uow.session.get(Reader, reader.id)
        if stored is not None:  # else erased by a concurrent press
            erased = await erase(uow.session, stored, event_update.update_id, keep=uow.inbox_ids)
        with purpose(**{LEAVE_NO_TRACE: 1}):  # the outbox deletes it, and this update, once delivered
            await query.message.edit_text(t("forget-done"))
        if erased is not None and settings.show_reader_identity and (reader.name or reader.username):
            for tip_id in erased.tip_ids:  # their cards' "sent by" line named them
                await desk.show(bot, tip_id)

    @router.message(F.text.startswith("/"))
    async def unknown_command(message: Message, t: Translator) -> None:
        await message.answer(t("unknown-command"))

    @router.message(CHECKABLE)
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
    ) -> None:
        """A post, or an album handed over as one update (`album`: every part, bot/telegram/polling.py)."""
        post, downloads = read_post(message, album)
        outcome = await receive_post(
            kb, reader, post, desk.clusters, picture=picture_hashes(bot, downloads), session=uow.session
        )
        await respond(message, outcome, t, kb, reader, desk, bot, uow, locales)

    @router.edited_message(~F.text.startswith("/"), CHECKABLE)
    async def edited(
        message: Message,
        t: Translator,
        kb: KnowledgeBase,
        reader: Reader,
        desk: Desk,
        bot: Bot,
        uow: Unit,
        locales: Locales,
    ) -> None:
        """An edited post is checked again; the reader hears only when the answer changes."""
        lead, album = await edited_parts(uow.session, message)
        post, downloads = read_post(lead, album)
        outcome = await recheck_post(
            kb, reader, post, desk.clusters, picture=picture_hashes(bot, downloads), session=uow.session
        )
        await respond(message, outcome, t, kb, reader, desk, bot, uow, locales, reply=True)

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
