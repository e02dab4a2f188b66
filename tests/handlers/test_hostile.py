"""Property test: random and hostile updates through the whole handler stack (create_dispatcher, a mocked
bot, feed_update). No update may fail, and nothing a user wrote may come back as markup: every text the
bot sends with HTML parse mode must parse as Telegram HTML (only Telegram's tags) and never contain an
injected marker raw."""

from __future__ import annotations

import logging

import pytest
from aiogram.methods import AnswerInlineQuery, EditMessageText, SendMessage
from aiogram.types import Update
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import handlers
from bot.i18n import Locales
from bot.telegram.app import create_dispatcher
from tests.support.fakebotapi import parse_html

pytestmark = pytest.mark.asyncio

CHECKERS = -100500
GROUP = -100777
ADMIN = 1
MARKERS = ("<b>PWN</b>", '<a href="https://evil.example/">x</a>', "<script>", "&lt;b&gt;raw")
"""Injected by the strategies; none may appear raw in what the bot sends ("&lt;b&gt;raw" must be
re-escaped, not unescaped into markup: sent as "&amp;lt;b&amp;gt;raw")."""

HOSTILE = [
    *MARKERS,
    "<i>",
    "</b>",
    "<b>",
    "&",
    "&amp;",
    "&#0;",
    "<",
    ">",
    '"',
    "*bold* _it_ `code` [l](https://evil.example) ~s~ ||sp||",
    "\u200b\u200c\u200d\u2060\ufeff",
    "\u202e\u202d\u2066\u2067\u2068\u2069\u061c",
    "\ud800",
    "\udfff",
    "\x00",
    "\n\n\t",
    "🙂",
    "@tipline_test_bot",
    "@other_bot",
    "Водопроводная вода в Алматы отравлена хлором",
    "В Караганде отключат интернет",
    "https://evil.example/<b>",
    "/start",
    "#1",
]
pieces = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20))
texts = st.one_of(
    st.lists(pieces, max_size=8).map("".join),
    st.tuples(pieces, st.integers(1, 4096)).map(lambda p: ((p[0] or "x") * 4096)[: p[1]]),
    st.just(""),
)
commands = st.sampled_from(
    [
        "/start",
        "/help",
        "/language",
        "/mydata",
        "/subscribe",
        "/unsubscribe",
        "/forget",
        "/frobnicate",
        "/check",
        "/queue",
        "/history",
        "/correct",
        "/block",
        "/unblock",
        "/blocked",
        "/grant",
        "/revoke",
        "/stats",
        "/broadcast",
        "/cancel",
    ]
)
callback_data = st.one_of(
    st.text(max_size=64),
    st.tuples(
        st.sampled_from(["pick", "lang", "forget", "desk", "draft", "bcast", "broadcast"]),
        st.lists(st.one_of(st.integers(-(2**40), 2**40).map(str), pieces), max_size=3),
    ).map(lambda p: ":".join([p[0], *p[1]])[:64]),
)


def message_update(factory, kind: str, chat_id: int, user_id: int, text: str, command: str) -> dict:
    user = factory.make_user(user_id, text[:60] or None, username=None, language_code="ru")
    if kind == "group":
        data = factory.make_group_text(GROUP, text or "x", user=user)
    elif kind == "group-check":
        post = factory.make_group_text(GROUP, text or "x", user=user)
        data = factory.make_group_text(GROUP, "/check", user=user, reply_to=post, command=True)
    elif kind == "command":
        data = factory.make_command(chat_id, f"{command} {text}".strip(), user=user)
    elif kind == "photo":
        data = factory.make_photo(chat_id, caption=text[:1024] or None, user=user)
    elif kind == "sticker":
        data = factory.make_sticker(chat_id, user=user)
    elif kind == "forward":
        data = factory.make_private_text(
            chat_id, text or "x", user=user, forward_from_chat={"id": -1001, "title": text[:40] or "c"}
        )
    else:
        data = factory.make_private_text(chat_id, text or " ", user=user)
    if chat_id < 0 and kind not in ("group", "group-check"):  # the checkers' chat
        data["message"]["chat"] = {"id": chat_id, "type": "supergroup", "title": "Checkers"}
    return data


update_specs = st.tuples(
    st.sampled_from(
        [
            "text",
            "text",
            "forward",
            "photo",
            "sticker",
            "command",
            "command",
            "group",
            "group-check",
            "callback",
            "inline",
        ]
    ),
    st.sampled_from(["reader", "reader", "admin", "checkers", "checkers-admin"]),
    st.integers(100, 140),
    texts,
    commands,
    callback_data,
)


class Failures(logging.Handler):
    """Collects the errors router's reports (an update that raised inside the handler stack)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def hostile_dp(settings, services):
    """Limits wide open, so the examples reach the handlers instead of the limiter."""
    open_settings = settings.model_copy(update={"reader_burst": 0, "reader_daily_cap": 0})
    return create_dispatcher(open_settings, services.kb, Locales(), routers=handlers.routers())


def sent_html(bot) -> list[str]:
    found = []
    for request in bot.requests:
        if isinstance(request, SendMessage | EditMessageText):
            found.append(request.text)
        elif isinstance(request, AnswerInlineQuery):
            found += [r.input_message_content.message_text for r in request.results]
    return found


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(specs=st.lists(update_specs, min_size=1, max_size=3))
async def test_hostile_updates_never_fail_and_are_never_echoed_as_markup(hostile_dp, bot, updates, specs):
    failures = Failures()
    watched = [logging.getLogger("handlers.errors"), logging.getLogger("aiogram.event")]
    for logger in watched:
        logger.addHandler(failures)
    bot.clear()
    try:
        factory = updates.factory
        for n, (kind, who, user_id, text, command, data) in enumerate(specs):
            chat_id = {"reader": user_id, "admin": ADMIN, "checkers": CHECKERS, "checkers-admin": CHECKERS}[
                who
            ]
            sender = ADMIN if who in ("admin", "checkers-admin") else user_id
            if kind == "callback":
                raw = factory.make_callback(chat_id, data, 1, user=factory.make_user(sender))
            elif kind == "inline":
                raw = factory.make_inline_query(sender, text[:256])
            else:
                raw = message_update(factory, kind, chat_id, sender, text, command)
            raw["update_id"] = 10_000 + n
            await hostile_dp.feed_update(bot, Update.model_validate(raw))
    finally:
        for logger in watched:
            logger.removeHandler(failures)
    assert not failures.records, [r.getMessage() for r in failures.records]
    for text in sent_html(bot):
        parse_html(text)  # raises on anything but Telegram's tags, or on unbalanced markup
        for marker in MARKERS:
            assert marker not in text, (marker, text[:300])
