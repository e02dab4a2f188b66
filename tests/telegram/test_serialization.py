"""bot/telegram/serialization.py gives what aiogram's own serialiser gives, without a Bot per call."""

from __future__ import annotations

import ssl

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.methods import EditMessageText, SendMessage, SendPhoto
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from aiogram.utils.serialization import deserialize_telegram_object_to_python

from bot.telegram.serialization import to_python

BOT = Bot(
    "123456:TEST-token",
    default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
)
KEYBOARD = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="👍", callback_data="f:1:up")]])
METHODS = [
    SendMessage(chat_id=5, text="<b>Verdict</b> &amp; more", reply_markup=KEYBOARD),
    SendMessage(
        chat_id=5,
        text="plain",
        parse_mode=None,
        link_preview_options=LinkPreviewOptions(url="https://x.example"),
    ),
    EditMessageText(chat_id=-100500, message_id=7, text="card"),
    SendPhoto(chat_id=5, photo="AgACAgIAAxkBAAIB", caption="<i>c</i>"),
]
UPDATE = {
    "update_id": 10,
    "message": {
        "message_id": 3,
        "date": 1700000000,
        "chat": {"id": 5, "type": "private"},
        "from": {"id": 5, "is_bot": False, "first_name": "R"},
        "text": "В Караганде отключат интернет",
        "entities": [{"type": "bold", "offset": 0, "length": 1}],
    },
}


def test_methods_serialise_with_the_bots_defaults_as_aiogram_does():
    for method in METHODS:
        expected = deserialize_telegram_object_to_python(method, default=BOT.default)
        expected.pop("method")
        assert to_python(method, BOT) == expected


def test_updates_serialise_as_aiogram_does():
    update = Update.model_validate(UPDATE)
    assert to_python(update) == deserialize_telegram_object_to_python(update)


def test_no_ssl_context_is_built_per_call(monkeypatch):
    built = []
    real = ssl.create_default_context
    monkeypatch.setattr(ssl, "create_default_context", lambda *a, **k: built.append(1) or real(*a, **k))
    to_python(Update.model_validate(UPDATE))
    built.clear()
    for method in METHODS * 5:
        to_python(method, BOT)
        to_python(Update.model_validate(UPDATE))
    assert built == []
    deserialize_telegram_object_to_python(METHODS[0], default=BOT.default)
    assert built, "aiogram's serialiser builds one: this test would see a regression"
