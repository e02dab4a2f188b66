"""What a reader's Telegram message says, as the pipeline sees it (knowledge.posts.Post): its words, the
files, links and channel post it carries, what a reply quotes, the parts of an album, and the pictures to
hash when the pipeline asks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Animation, ExternalReplyInfo, Message, MessageEntity, MessageOrigin, Video
from aiohttp import ClientError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.requests import chat_updates, first_stored
from bot.services.ocr import CannotFetch, Ocr, Screen
from bot.services.posts import PictureHash
from knowledge.images import NotAnImage, hash_bytes
from knowledge.links import extract_urls
from knowledge.normalise import has_letters
from knowledge.posts import SHORT_QUESTION, Post, files_of

log = logging.getLogger(__name__)

MEDIA = ("photo", "video", "animation", "document", "audio", "voice", "video_note")
"""In this order: Telegram sends an animation (a GIF) as a document too."""
MAX_PICTURE_BYTES = 10 * 1024 * 1024
HASHED_SIDE = 320
"""The smallest photo size at least this large is downloaded: pHash looks at 32×32 pixels anyway."""


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
    and, for an image sent as a file, `picture` (hashed like a photo); for a video or an animation with a
    thumbnail, `thumbnail` (its thumbnail hashed like a photo)."""
    kind = next((kind for kind in MEDIA if getattr(source, kind, None)), None)
    if kind is None:
        return None
    item = source.photo[-1] if kind == "photo" else getattr(source, kind)
    file = {"media": kind, "file_id": item.file_id, "file_unique_id": item.file_unique_id}
    if kind == "document" and (item.mime_type or "").startswith("image/"):
        file["picture"] = True
    if _moving(source) is not None:
        file["thumbnail"] = True
    if getattr(item, "duration", None):
        file["duration"] = item.duration
    return file


def _moving(source: Message | ExternalReplyInfo) -> Video | Animation | None:
    """The video or animation (a GIF: Telegram sends it as a document too) a message carries, when
    Telegram gave it a thumbnail."""
    item = source.video or source.animation
    return item if item is not None and item.thumbnail is not None else None


def download_of(source: Message | ExternalReplyInfo) -> tuple[str, str] | None:
    """(file_unique_id, file_id to download) of the picture a message carries, if it is one: a photo, an
    image sent as a file, or the thumbnail of a video or an animation (kept under the video's id)."""
    moving = _moving(source)
    if moving is not None:
        return moving.file_unique_id, moving.thumbnail.file_id
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


def _external(message: Message, external: ExternalReplyInfo, quote: str, quote_links: list[str]) -> Said:
    """A reply to a post from another chat: its origin (the channel it is in) and file."""
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


def quoted_by(message: Message) -> Said | None:
    """What a reply asks about: the quoted fragment (`quote`), the post from another chat it replies to
    (`external_reply`: its origin and file), or, for a short question in reply to the reader's own
    earlier message, that message. None for a plain message or a reply to the bot."""
    quote = message.quote.text if message.quote and message.quote.text else ""
    quote_links = links_in(quote, message.quote.entities) if quote else []
    if message.external_reply is not None:
        return _external(message, message.external_reply, quote, quote_links)
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


def _asking(own: Said, quoted: Said, payload: dict) -> Said:
    """A reply that quotes a post is checked on what it quotes; the reader's own words are kept for the
    checkers (`question`)."""
    seen = bool(quoted.files) or (quoted.origin or {}).get("type") == "channel"
    if has_letters(quoted.text):
        text = quoted.text
    elif seen and len(own.text.strip()) <= SHORT_QUESTION:
        text = ""  # a question about a post whose words the bot cannot see: its file or origin decide
    else:
        text = own.text
    if has_letters(own.text) and text != own.text:
        payload["question"] = own.text
    if own.origin is None and quoted.origin is not None:
        payload["origin_kind"] = "quote"
    return Said(
        text,
        quoted.links + own.links,
        own.files + quoted.files,
        own.origin or quoted.origin,
        own.downloads + quoted.downloads,
    )


def _carried(said: Said, media_group_id: str | None, payload: dict) -> None:
    """The files, album, origin and links of what was said, into the payload stored with the tip."""
    if said.files:
        payload.update(said.files[0])
        if len(said.files) > 1:
            payload["files"] = said.files
    if media_group_id:
        payload["media_group_id"] = media_group_id
    origin = said.origin
    if origin:
        payload["forward_origin"] = origin
    links = list(said.links)
    if origin and origin.get("username") and origin.get("message_id"):
        links.append(f"https://t.me/{origin['username']}/{origin['message_id']}")
    links = list(dict.fromkeys(links))
    if links:
        payload["links"] = links


def read_post(message: Message, album: Sequence[Message] | None = None) -> tuple[Post, list[tuple[str, str]]]:
    """What the reader sent, as the pipeline sees it, and the pictures to hash if it asks.

    `album`: every part of a media group (one post: the caption's words, every file). A reply that
    quotes a post is checked on what it quotes."""
    parts = sorted(album, key=lambda part: part.message_id) if album else [message]
    own = said_in(parts)
    quoted = quoted_by(message)
    payload: dict = {}
    said = own if quoted is None else _asking(own, quoted, payload)
    _carried(said, message.media_group_id, payload)
    media = said.files[0]["media"] if said.files else None
    channel = (said.origin or {}).get("type") == "channel"
    if media is None and not has_letters(said.text) and channel and quoted:
        media = payload["media"] = "post"  # a channel post the reader asks about: checkers open it
    return Post(message.chat.id, message.message_id, said.text, media, payload), said.downloads


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


def file_fetcher(bot: Bot, file_id: str) -> Callable[[], Awaitable[bytes]]:
    """Downloads a file (a picture, a voice note) through the configured Bot API server; raises
    CannotFetch."""

    async def fetch() -> bytes:
        try:
            data = await bot.download(file_id)
        except (TimeoutError, TelegramAPIError, ClientError, OSError) as error:
            raise CannotFetch(str(error)) from error
        if data is None:
            raise CannotFetch("no file")
        return data.getvalue()

    return fetch


def screen_of(bot: Bot, ocr: Ocr | None, post: Post, downloads: Sequence[tuple[str, str]]) -> Screen | None:
    """The post's first picture (a photo at its largest size, or an image sent as a file) to read the
    words of, when pictures are read; not a video's thumbnail (too small to read)."""
    if ocr is None:
        return None
    hashed = {unique for unique, _ in downloads}
    for file in files_of(post.payload):
        picture = file.get("media") == "photo" or file.get("picture")
        if picture and file.get("file_unique_id") in hashed and file.get("file_id"):
            fetch = file_fetcher(bot, file["file_id"])
            return Screen(ocr, file["file_unique_id"], file["file_id"], fetch)
    return None


async def edited_parts(session: AsyncSession, message: Message) -> tuple[Message, list[Message] | None]:
    """The message an edit stands for, and, for a part of an album, every part as it is now (the parts
    as stored in the inbox, the latest edit of each): the album's post is the part it was stored as."""
    if not message.media_group_id:
        return message, None
    parts: dict[int, Message] = {}
    for payload in await chat_updates(session, message.chat.id):
        data = payload.get("message") or payload.get("edited_message") or {}
        if data.get("media_group_id") == message.media_group_id:
            try:
                part = Message.model_validate(data)
            except ValueError:
                continue
            parts[part.message_id] = part
    parts[message.message_id] = message
    stored = await first_stored(session, message.chat.id, list(parts))
    return parts.get(stored, message), [parts[i] for i in sorted(parts)]
