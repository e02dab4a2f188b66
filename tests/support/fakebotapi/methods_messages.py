"""The Bot API methods that send, edit and delete messages and answer queries."""

from __future__ import annotations

import copy
import json
import time

from tests.support.fakebotapi.formatting import render_text, u16len
from tests.support.fakebotapi.protocol import APIError, as_int


class MessageMethods:
    """FakeBotAPI's answers to the methods that send, edit and delete messages and answer queries."""

    def _m_sendMessage(self, params: dict) -> dict:
        text = params.get("text")
        if text is None or str(text).strip() == "":
            raise APIError(400, "Bad Request: message text is empty")
        plain, ents = render_text(str(text), params.get("parse_mode"), params.get("entities"))
        if not plain.strip():
            raise APIError(400, "Bad Request: message text is empty")
        if u16len(plain) > 4096:
            raise APIError(400, "Bad Request: message is too long")
        msg = self._new_bot_message(params)
        msg["text"] = plain
        if ents:
            msg["entities"] = ents
        lpo = params.get("link_preview_options")
        if isinstance(lpo, dict) and lpo:
            msg["link_preview_options"] = lpo
        return self._store(msg)

    def _send(self, params: dict, kind: str, files: dict) -> dict:
        value = params.get(kind)
        if not value:
            raise APIError(400, f"Bad Request: there is no {kind} in the request")
        msg = self._new_bot_message(params)
        content = b""
        if isinstance(value, str) and value.startswith("attach://"):
            content = files.get(value[len("attach://") :], b"")
        elif isinstance(value, str) and value in self._files:
            content = self._files[value]["content"]
        info = self.add_file(content, file_path=f"{kind}s/file_{len(self._files)}")
        base = {
            "file_id": info["file_id"],
            "file_unique_id": info["file_unique_id"],
            "file_size": info["file_size"],
        }
        if kind == "photo":
            msg["photo"] = [{**base, "width": 1280, "height": 960}]
        elif kind == "sticker":
            msg["sticker"] = {
                **base,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
        elif kind in ("video", "animation"):
            msg[kind] = {**base, "width": 640, "height": 360, "duration": 1}
        elif kind in ("audio", "voice"):
            msg[kind] = {**base, "duration": 1}
        elif kind == "video_note":
            msg[kind] = {**base, "length": 240, "duration": 1}
        else:
            msg[kind] = base
        if params.get("caption"):
            plain, ents = render_text(
                str(params["caption"]), params.get("parse_mode"), params.get("caption_entities")
            )
            if u16len(plain) > 1024:
                raise APIError(400, "Bad Request: message caption is too long")
            msg["caption"] = plain
            if ents:
                msg["caption_entities"] = ents
        return self._store(msg)

    def _target(self, params: dict) -> dict | None:
        if params.get("inline_message_id"):
            return None
        chat_id = as_int(params.get("chat_id"))
        key = (chat_id, as_int(params.get("message_id")))
        msg = self._messages.get(key)
        if msg is None:
            raise APIError(400, "Bad Request: message to edit not found")
        return msg

    def _m_editMessageText(self, params: dict) -> dict | bool:
        text = params.get("text")
        if text is None or str(text).strip() == "":
            raise APIError(400, "Bad Request: message text is empty")
        plain, ents = render_text(str(text), params.get("parse_mode"), params.get("entities"))
        if u16len(plain) > 4096:
            raise APIError(400, "Bad Request: message is too long")
        msg = self._target(params)
        if msg is None:
            return True
        markup = params.get("reply_markup")
        markup = markup if isinstance(markup, dict) and "inline_keyboard" in markup else None
        if msg.get("text") == plain and msg.get("entities", []) == ents and msg.get("reply_markup") == markup:
            raise APIError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        msg["text"] = plain
        msg.pop("entities", None)
        if ents:
            msg["entities"] = ents
        msg.pop("reply_markup", None)
        if markup:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _m_editMessageCaption(self, params: dict) -> dict | bool:
        msg = self._target(params)
        if msg is None:
            return True
        plain, ents = render_text(
            str(params.get("caption") or ""), params.get("parse_mode"), params.get("caption_entities")
        )
        msg["caption"] = plain
        msg.pop("caption_entities", None)
        if ents:
            msg["caption_entities"] = ents
        markup = params.get("reply_markup")
        msg.pop("reply_markup", None)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _m_editMessageReplyMarkup(self, params: dict) -> dict | bool:
        msg = self._target(params)
        if msg is None:
            return True
        markup = params.get("reply_markup")
        markup = markup if isinstance(markup, dict) and markup.get("inline_keyboard") else None
        if msg.get("reply_markup") == markup:
            raise APIError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        msg.pop("reply_markup", None)
        if markup:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _m_deleteMessage(self, params: dict) -> bool:
        key = (as_int(params.get("chat_id")), as_int(params.get("message_id")))
        if self._messages.pop(key, None) is None:
            raise APIError(400, "Bad Request: message to delete not found")
        return True

    def _m_deleteMessages(self, params: dict) -> bool:
        chat_id = as_int(params.get("chat_id"))
        for mid in params.get("message_ids") or []:
            self._messages.pop((chat_id, as_int(mid)), None)
        return True

    def _m_sendMediaGroup(self, params: dict) -> list[dict]:
        """An album: one message per item, sharing a media_group_id; a reply applies to the first."""
        media = params.get("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise APIError(400, "Bad Request: media group must contain 2-10 items")
        kinds = {item.get("type") for item in media if isinstance(item, dict)}
        if not kinds or not (kinds <= {"photo", "video"} or kinds in ({"document"}, {"audio"})):
            raise APIError(400, f"Bad Request: media of types {sorted(map(str, kinds))} can't be grouped")
        group_id = str(10_000_000_000_000 + next(self._file_seq))
        messages = []
        for index, item in enumerate(media):
            one = {k: v for k, v in params.items() if k != "media" and (index == 0 or "reply" not in k)}
            one[item["type"]] = item.get("media")
            for key in ("caption", "parse_mode", "caption_entities"):
                if key in item:
                    one[key] = item[key]
            message = self._send(one, item["type"], {})
            message["media_group_id"] = group_id
            self._messages[(message["chat"]["id"], message["message_id"])]["media_group_id"] = group_id
            messages.append(message)
        return messages

    def _m_copyMessage(self, params: dict) -> dict:
        source = self._messages.get((as_int(params.get("from_chat_id")), as_int(params.get("message_id"))))
        if source is None:
            raise APIError(400, "Bad Request: message to copy not found")
        msg = self._new_bot_message(params)
        for key in ("text", "entities", "photo", "caption", "caption_entities", "sticker", "document"):
            if key in source:
                msg[key] = copy.deepcopy(source[key])
        if params.get("caption") is not None:
            msg["caption"] = params["caption"]
        self._store(msg)
        return {"message_id": msg["message_id"]}

    def _m_forwardMessage(self, params: dict) -> dict:
        source = self._messages.get((as_int(params.get("from_chat_id")), as_int(params.get("message_id"))))
        if source is None:
            raise APIError(400, "Bad Request: message to forward not found")
        msg = self._new_bot_message(params)
        for key in ("text", "entities", "photo", "caption", "caption_entities", "sticker", "document"):
            if key in source:
                msg[key] = copy.deepcopy(source[key])
        origin_chat = source["chat"]
        if origin_chat["type"] == "private":
            msg["forward_origin"] = {
                "type": "user",
                "sender_user": source.get("from", self.bot_user),
                "date": source["date"],
            }
        else:
            msg["forward_origin"] = {"type": "chat", "sender_chat": origin_chat, "date": source["date"]}
        return self._store(msg)

    def _m_answerCallbackQuery(self, params: dict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        state = self._callbacks.get(query_id)
        if state is None or state["answered"]:
            raise APIError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise APIError(400, "Bad Request: MESSAGE_TOO_LONG")
        state["answered"] = True
        return True

    def _m_answerInlineQuery(self, params: dict) -> bool:
        """Checks the results as Telegram does: at most 50, unique ids, texts that parse."""
        results = params.get("results") or []
        if isinstance(results, str):
            results = json.loads(results)
        if len(results) > 50:
            raise APIError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [str(r.get("id")) for r in results]
        if len(set(ids)) != len(ids):
            raise APIError(400, "Bad Request: RESULT_ID_DUPLICATE")
        for result in results:
            content = result.get("input_message_content") or {}
            if "message_text" in content:
                render_text(content["message_text"], content.get("parse_mode"), content.get("entities"))
        return True

    def _m_sendChatAction(self, params: dict) -> bool:
        self._chat(params.get("chat_id"))
        return True
