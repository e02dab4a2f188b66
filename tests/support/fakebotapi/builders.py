"""Updates as Telegram sends them, built for a test: users, texts, commands, photos, callbacks."""

from __future__ import annotations

import copy
import time
from typing import Any

from tests.support.fakebotapi.formatting import auto_entities, u16len
from tests.support.fakebotapi.protocol import channel_chat


class Builders:
    """FakeBotAPI's update builders (make_*) and the push_* shortcuts that queue what they build."""

    @staticmethod
    def make_user(
        user_id: int,
        first_name: str | None = None,
        *,
        username: str | None = None,
        language_code: str | None = "ru",
        last_name: str | None = None,
    ) -> dict:
        user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name or f"Reader{user_id}",
        }
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return user

    def _private_chat(self, user: dict) -> dict:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        for key in ("last_name", "username"):
            if user.get(key):
                chat[key] = user[key]
        return chat

    def _base_message(
        self,
        chat_id: int,
        *,
        message_id: int | None,
        user: dict | None,
        language_code: str | None,
        forward_from_chat: Any = None,
        forward_message_id: int | None = None,
        forward_from_user: dict | None = None,
        forward_sender_name: str | None = None,
        forward_date: int | None = None,
        date: int | None = None,
    ) -> dict:
        user = user or self.make_user(chat_id, language_code=language_code)
        if message_id is None:
            message_id = self.next_message_id(chat_id)
        else:
            self._bump_seq(chat_id, message_id)
        chat = self._chats.get(chat_id) if chat_id < 0 else self._private_chat(user)
        if chat is None:
            chat = self._synth_chat(chat_id)
        msg: dict[str, Any] = {
            "message_id": message_id,
            "from": user,
            "chat": chat,
            "date": date or int(time.time()),
        }
        fdate = forward_date or int(time.time()) - 3600
        if forward_from_chat is not None:
            fchat = channel_chat(forward_from_chat)
            msg["forward_origin"] = {
                "type": "channel",
                "chat": fchat,
                "message_id": forward_message_id or 1,
                "date": fdate,
            }
        elif forward_from_user is not None:
            msg["forward_origin"] = {"type": "user", "sender_user": forward_from_user, "date": fdate}
        elif forward_sender_name is not None:
            msg["forward_origin"] = {
                "type": "hidden_user",
                "sender_user_name": forward_sender_name,
                "date": fdate,
            }
        return msg

    def make_private_text(
        self,
        chat_id: int,
        text: str,
        *,
        message_id: int | None = None,
        user: dict | None = None,
        language_code: str | None = "ru",
        forward_from_chat: Any = None,
        forward_message_id: int | None = None,
        forward_from_user: dict | None = None,
        forward_sender_name: str | None = None,
        entities: list[dict] | None = None,
        date: int | None = None,
        link_preview_options: dict | None = None,
    ) -> dict:
        """A text message from a reader in a private chat, as an update without update_id.

        ``forward_from_chat``: a channel the post was forwarded from: a dict (id, title, username), a
        "@username", or a numeric id; it becomes a Bot API 7 ``forward_origin`` of type ``channel``.
        ``link_preview_options``: e.g. {"url": "https://..."}, as Telegram attaches to a message whose
        link got a preview.
        """
        msg = self._base_message(
            chat_id,
            message_id=message_id,
            user=user,
            language_code=language_code,
            forward_from_chat=forward_from_chat,
            forward_message_id=forward_message_id,
            forward_from_user=forward_from_user,
            forward_sender_name=forward_sender_name,
            date=date,
        )
        msg["text"] = text
        ents = entities if entities is not None else auto_entities(text)
        if ents:
            msg["entities"] = ents
        if link_preview_options:
            msg["link_preview_options"] = link_preview_options
        return {"message": msg}

    def make_command(
        self,
        chat_id: int,
        command: str,
        *,
        language_code: str | None = "ru",
        user: dict | None = None,
        message_id: int | None = None,
    ) -> dict:
        """A command such as "/start" or "/start payload", with its ``bot_command`` entity."""
        if not command.startswith("/"):
            command = "/" + command
        name = command.split(maxsplit=1)[0]
        update = self.make_private_text(
            chat_id, command, message_id=message_id, user=user, language_code=language_code, entities=[]
        )
        update["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": u16len(name)}]
        return update

    def make_photo(
        self,
        chat_id: int,
        caption: str | None = None,
        *,
        message_id: int | None = None,
        user: dict | None = None,
        language_code: str | None = "ru",
        forward_from_chat: Any = None,
        forward_message_id: int | None = None,
        content: bytes | None = None,
    ) -> dict:
        """A photo (three sizes, downloadable via getFile) with an optional caption."""
        msg = self._base_message(
            chat_id,
            message_id=message_id,
            user=user,
            language_code=language_code,
            forward_from_chat=forward_from_chat,
            forward_message_id=forward_message_id,
        )
        data = content or b"\xff\xd8\xff\xe0\x00\x10JFIF\x00fake-jpeg\xff\xd9"
        sizes = []
        for w, h in ((90, 67), (320, 240), (1280, 960)):
            info = self.add_file(data, file_path=f"photos/file_{len(self._files)}.jpg")
            sizes.append(
                {
                    "file_id": info["file_id"],
                    "file_unique_id": info["file_unique_id"],
                    "file_size": info["file_size"],
                    "width": w,
                    "height": h,
                }
            )
        msg["photo"] = sizes
        if caption:
            msg["caption"] = caption
            ents = auto_entities(caption)
            if ents:
                msg["caption_entities"] = ents
        return {"message": msg}

    def make_video(
        self,
        chat_id: int,
        thumbnail: bytes,
        *,
        caption: str | None = None,
        duration: int = 9,
        message_id: int | None = None,
        user: dict | None = None,
        language_code: str | None = "ru",
    ) -> dict:
        """A video with the 320 px thumbnail Telegram makes of it (`thumbnail`: its JPEG, downloadable);
        the video itself is a stub file."""
        msg = self._base_message(chat_id, message_id=message_id, user=user, language_code=language_code)
        video = self.add_file(
            b"\x00\x00\x00\x18ftypmp42fake-video", file_path=f"videos/file_{len(self._files)}.mp4"
        )
        thumb = self.add_file(thumbnail, file_path=f"thumbnails/file_{len(self._files)}.jpg")
        msg["video"] = {
            "file_id": video["file_id"],
            "file_unique_id": video["file_unique_id"],
            "file_size": video["file_size"],
            "width": 1280,
            "height": 720,
            "duration": duration,
            "mime_type": "video/mp4",
            "thumbnail": {
                "file_id": thumb["file_id"],
                "file_unique_id": thumb["file_unique_id"],
                "file_size": thumb["file_size"],
                "width": 320,
                "height": 180,
            },
        }
        if caption:
            msg["caption"] = caption
        return {"message": msg}

    def make_voice(
        self,
        chat_id: int,
        content: bytes,
        *,
        duration: int = 12,
        same_as: dict | None = None,
        message_id: int | None = None,
        user: dict | None = None,
        language_code: str | None = "ru",
        video_note: bool = False,
    ) -> dict:
        """A voice note (or a round video note) downloadable via getFile; `same_as`: another
        make_voice update whose file this one forwards (the same file_unique_id)."""
        msg = self._base_message(chat_id, message_id=message_id, user=user, language_code=language_code)
        kind = "video_note" if video_note else "voice"
        if same_as is not None:
            msg[kind] = dict(same_as["message"][kind])
            return {"message": msg}
        info = self.add_file(content, file_path=f"voice/file_{len(self._files)}.oga")
        msg[kind] = {
            "file_id": info["file_id"],
            "file_unique_id": info["file_unique_id"],
            "duration": duration,
            "file_size": info["file_size"],
        }
        if video_note:
            msg[kind]["length"] = 240
        else:
            msg[kind]["mime_type"] = "audio/ogg"
        return {"message": msg}

    def make_sticker(
        self,
        chat_id: int,
        emoji: str = "👍",
        *,
        message_id: int | None = None,
        user: dict | None = None,
        language_code: str | None = "ru",
    ) -> dict:
        msg = self._base_message(chat_id, message_id=message_id, user=user, language_code=language_code)
        info = self.add_file(
            b"RIFF\x00\x00\x00\x00WEBPfake", file_path=f"stickers/file_{len(self._files)}.webp"
        )
        msg["sticker"] = {
            "file_id": info["file_id"],
            "file_unique_id": info["file_unique_id"],
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "FakeStickers",
            "file_size": info["file_size"],
        }
        return {"message": msg}

    def make_edited_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        user: dict | None = None,
        language_code: str | None = "ru",
    ) -> dict:
        """The reader edited an earlier message."""
        old = self._messages.get((chat_id, message_id))
        msg = (
            copy.deepcopy(old)
            if old
            else self._base_message(chat_id, message_id=message_id, user=user, language_code=language_code)
        )
        msg["text"] = text
        msg.pop("entities", None)
        if ents := auto_entities(text):
            msg["entities"] = ents
        msg["edit_date"] = int(time.time())
        return {"edited_message": msg}

    def make_callback(
        self,
        chat_id: int,
        data: str,
        message_id: int,
        *,
        user: dict | None = None,
        language_code: str | None = "ru",
    ) -> dict:
        """A press on an inline button under the bot's message ``message_id`` in chat ``chat_id``."""
        user = user or self.make_user(chat_id, language_code=language_code)
        message = self._messages.get((chat_id, message_id))
        if message is None:
            message = {
                "message_id": message_id,
                "from": self.bot_user,
                "chat": self._private_chat(user) if chat_id > 0 else self._synth_chat(chat_id),
                "date": int(time.time()),
                "text": "…",
            }
        query_id = str(next(self._callback_seq))
        self._callbacks[query_id] = {"answered": False}
        return {
            "callback_query": {
                "id": query_id,
                "from": user,
                "message": copy.deepcopy(message),
                "chat_instance": f"-{abs(chat_id) * 7919 % 10**18}",
                "data": data,
            }
        }

    def make_group_text(
        self,
        chat_id: int,
        text: str,
        *,
        user: dict | None = None,
        user_id: int = 900,
        language_code: str | None = "ru",
        reply_to: dict | None = None,
        command: bool = False,
    ) -> dict:
        """A member's message in a group or supergroup ``chat_id`` (negative), auto entities detected;
        ``reply_to``: the message it replies to (a message dict, e.g. another make_group_text's);
        ``command``: the text starts with a bot command (its entity is added)."""
        user = user or self.make_user(user_id, language_code=language_code)
        msg = self._base_message(chat_id, message_id=None, user=user, language_code=language_code)
        msg["text"] = text
        ents = auto_entities(text)
        if command:
            name = text.split(maxsplit=1)[0]
            ents = [e for e in ents if e["offset"] != 0]
            ents.insert(0, {"type": "bot_command", "offset": 0, "length": u16len(name)})
        if ents:
            msg["entities"] = ents
        if reply_to is not None:
            msg["reply_to_message"] = copy.deepcopy(reply_to.get("message", reply_to))
        return {"message": msg}

    def make_inline_query(
        self, user_id: int, query: str, *, language_code: str | None = "ru", chat_type: str = "private"
    ) -> dict:
        """A user typing ``@bot query`` in a chat (inline mode)."""
        query_id = str(next(self._callback_seq))
        return {
            "inline_query": {
                "id": query_id,
                "from": self.make_user(user_id, language_code=language_code),
                "query": query,
                "offset": "",
                "chat_type": chat_type,
            }
        }

    def push_inline_query(self, user_id: int, query: str, **kwargs: Any) -> dict:
        return self.push_update(self.make_inline_query(user_id, query, **kwargs))

    def push_text(self, chat_id: int, text: str, **kwargs: Any) -> dict:
        return self.push_update(self.make_private_text(chat_id, text, **kwargs))

    def push_command(self, chat_id: int, command: str, **kwargs: Any) -> dict:
        return self.push_update(self.make_command(chat_id, command, **kwargs))

    def push_callback(self, chat_id: int, data: str, message_id: int, **kwargs: Any) -> dict:
        return self.push_update(self.make_callback(chat_id, data, message_id, **kwargs))
