"""The Bot API as the fake speaks it: tokens, update types, method names, error texts, parameters."""

from __future__ import annotations

import json
import re
from typing import Any

DEFAULT_TOKEN = "123456:TEST-token-ABCdef"


BOT_USERNAME = "tipline_test_bot"


UPDATE_TYPES = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
)


DEFAULT_ALLOWED = tuple(
    t for t in UPDATE_TYPES if t not in ("chat_member", "message_reaction", "message_reaction_count")
)


STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "secret_token",
        "description",
        "short_description",
        "name",
        "title",
        "callback_query_id",
        "inline_message_id",
        "query",
        "first_name",
        "last_name",
        "language_code",
        "file_id",
        "photo",
        "document",
        "sticker",
        "video",
        "audio",
        "voice",
        "animation",
        "video_note",
        "ip_address",
        "emoji",
        "action",
        "custom_title",
        "invite_link",
        "business_connection_id",
        "message_effect_id",
        "question",
        "payload",
        "currency",
        "provider_token",
        "start_parameter",
        "address",
        "phone_number",
        "vcard",
        "game_short_name",
        "next_offset",
        "button_text",
        "thumbnail",
        "file_path",
        "sticker_set_name",
        "custom_emoji_id",
        "reaction",
    }
)


SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVideo",
        "sendAnimation",
        "sendAudio",
        "sendVoice",
        "sendVideoNote",
        "sendSticker",
        "sendMediaGroup",
        "sendLocation",
        "sendVenue",
        "sendContact",
        "sendPoll",
        "sendDice",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
    }
)


MEDIA_METHODS = {
    "sendPhoto": "photo",
    "sendDocument": "document",
    "sendVideo": "video",
    "sendAnimation": "animation",
    "sendAudio": "audio",
    "sendVoice": "voice",
    "sendVideoNote": "video_note",
    "sendSticker": "sticker",
}


KNOWN_METHODS = (
    "getMe",
    "logOut",
    "close",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "editMessageCaption",
    "deleteMessage",
    "deleteMessages",
    "answerCallbackQuery",
    "answerInlineQuery",
    "sendChatAction",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "getChat",
    "getFile",
    "copyMessage",
    "forwardMessage",
    "sendMediaGroup",
    *MEDIA_METHODS,
)


CANONICAL_NAMES = {m.lower(): m for m in KNOWN_METHODS}


STATUS_DESCRIPTIONS = {
    400: "Bad Request: error injected by FakeBotAPI",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class APIError(Exception):
    """Raised inside a method handler: becomes ``{"ok": false, ...}`` with this status."""

    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def as_int(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return value


def same_chat(a: Any, b: Any) -> bool:
    return as_int(a) == as_int(b)


def coerce_param(key: str, value: Any) -> Any:
    """Form/query values are strings; nested objects, numbers and booleans arrive JSON-encoded."""
    if not isinstance(value, str) or key in STRING_FIELDS:
        return value
    stripped = value.strip()
    if stripped in ("true", "false"):
        return stripped == "true"
    if stripped[:1] in ("{", "[", '"') or re.fullmatch(r"-?\d+(\.\d+)?", stripped):
        try:
            return json.loads(stripped)
        except ValueError:
            return value
    return value


def channel_chat(value: Any) -> dict:
    if isinstance(value, dict):
        chat = {
            "id": value.get("id", -1001234567890),
            "type": value.get("type", "channel"),
            "title": value.get("title") or value.get("username") or "Channel",
        }
        if value.get("username"):
            chat["username"] = value["username"]
        return chat
    if isinstance(value, str):
        name = value.lstrip("@")
        return {
            "id": -1001000000000 - (sum(map(ord, name)) * 7919 % 10**9),
            "type": "channel",
            "title": name,
            "username": name,
        }
    return {"id": int(value), "type": "channel", "title": f"Channel {value}"}
