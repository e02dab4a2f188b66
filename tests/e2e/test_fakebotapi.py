"""Tests of the fake Bot API server itself, driven by a real aiogram Bot."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from aiohttp import web

from bot.telegram.sending import Delivery, outcome_of
from tests.support.fakebotapi import DEFAULT_TOKEN, FakeBotAPI, parse_html


def make_bot(api: FakeBotAPI, token: str = DEFAULT_TOKEN, **kwargs) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api.base_url))
    return Bot(token, session=session, **kwargs)


async def close_bot(bot: Bot) -> None:
    # AiohttpSession.close() sleeps 250 ms for SSL; there is no SSL here.
    if bot.session._session is not None:  # type: ignore[attr-defined]
        await bot.session._session.close()  # type: ignore[attr-defined]


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
async def bot(api):
    b = make_bot(api, default=DefaultBotProperties(parse_mode="HTML"))
    yield b
    await close_bot(b)


async def test_get_me(api, bot):
    me = await bot.get_me()
    assert me.is_bot and me.id == 123456 and me.username == "tipline_test_bot"
    assert api.requests("getMe")[0].status == 200


async def test_unknown_token_is_401(api):
    other = make_bot(api, token="654321:WRONG-token")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await other.get_me()
    finally:
        await close_bot(other)
    assert api.requests("getMe")[0].status == 401


async def test_long_poll_returns_pushed_update_and_honours_offset(api, bot):
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await api.wait_polling()
    await asyncio.sleep(0.05)
    assert not poll.done()  # held until an update arrives
    started = time.monotonic()
    pushed = api.push_update(api.make_private_text(42, "Is it true? https://example.org/x"))
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 1
    assert [u.update_id for u in updates] == [pushed["update_id"]]
    msg = updates[0].message
    assert msg.text.startswith("Is it true?") and msg.chat.type == "private"
    assert msg.from_user.language_code == "ru"
    assert [e.type for e in msg.entities] == ["url"]

    # Not confirmed yet: delivered again.
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [pushed["update_id"]]
    second = api.push_text(42, "second")
    assert second["message"]["message_id"] == pushed["message"]["message_id"] + 1
    # offset confirms everything below it
    rest = await bot.get_updates(offset=pushed["update_id"] + 1, timeout=0)
    assert [u.update_id for u in rest] == [second["update_id"]]
    assert len(api.pending_updates()) == 1
    started = time.monotonic()
    assert await bot.get_updates(offset=second["update_id"] + 1, timeout=1) == []
    assert 0.9 < time.monotonic() - started < 2
    assert api.pending_updates() == []


async def test_limit_and_allowed_updates(api, bot):
    for i in range(5):
        api.push_text(7, f"m{i}")
    api.push_update(api.make_callback(7, "yes", 1))
    assert len(await bot.get_updates(limit=2)) == 2
    updates = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.callback_query.data for u in updates] == ["yes"]


async def test_redelivery_after_confirmation(api, bot):
    first = api.push_text(5, "hello")
    [u] = await bot.get_updates()
    assert await bot.get_updates(offset=u.update_id + 1) == []
    api.redeliver(first)
    [again] = await bot.get_updates(offset=u.update_id + 1)
    assert again.update_id == first["update_id"]
    assert again.message.message_id == first["message"]["message_id"]
    assert await bot.get_updates(offset=u.update_id + 1) == []


async def test_get_updates_conflicts_while_webhook_is_set(api, bot):
    assert await bot.set_webhook("https://tipline.example/hook")
    with pytest.raises(TelegramConflictError):
        await bot.get_updates()
    info = await bot.get_webhook_info()
    assert info.url == "https://tipline.example/hook"
    api.push_text(1, "x")
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == []


async def test_concurrent_poll_terminates_the_older_one(api, bot):
    old = asyncio.create_task(bot.get_updates(timeout=5))
    await api.wait_polling()
    new = asyncio.create_task(bot.get_updates(timeout=5))
    with pytest.raises(TelegramConflictError):
        await asyncio.wait_for(old, 2)
    api.push_text(3, "hi")
    assert len(await asyncio.wait_for(new, 2)) == 1


async def test_429_raises_retry_after(api, bot):
    api.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(TelegramRetryAfter) as err:
        await bot.send_message(10, "hi")
    assert err.value.retry_after == 3
    assert (await bot.send_message(10, "hi")).message_id == 1
    assert [r.status for r in api.requests("sendMessage")] == [429, 200]
    assert len(api.sent_messages(10)) == 1


async def test_other_faults_and_block(api, bot):
    api.fail_next("sendMessage", 500)
    with pytest.raises(TelegramServerError):
        await bot.send_message(10, "a")
    api.block(11)
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await bot.send_message(11, "a")
    await bot.send_message(10, "a")


async def test_rate_limit(api, bot):
    api.rate_limit(per_second=3)
    for i in range(3):
        await bot.send_message(i + 1, "x")
    with pytest.raises(TelegramRetryAfter) as err:
        await bot.send_message(9, "x")
    assert err.value.retry_after == 1
    api.rate_limit(None)
    await bot.send_message(9, "x")


async def test_send_message_recorded_and_parsed(api, bot):
    api.push_text(42, "first")
    kb = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Yes", callback_data="y")]])
    sent = await bot.send_message(
        42, 'Verdict: <b>false</b> <a href="https://factcheck.example/1">read</a>', reply_markup=kb
    )
    assert isinstance(sent, Message)
    assert sent.message_id == 2  # message ids are per chat, shared with the reader's messages
    assert sent.from_user.is_bot and sent.chat.id == 42 and abs(sent.date.timestamp() - time.time()) < 5
    assert sent.text == "Verdict: false read"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 9, 5), ("text_link", 15, 4)]
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "y"
    [rec] = api.sent_messages(42)
    assert "https://factcheck.example/1" in rec.text and rec.params["parse_mode"] == "HTML"
    assert rec.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "Yes"
    assert (await bot.send_message(43, "other chat")).message_id == 1
    assert api.sent_texts() == [rec.text, "other chat"]


async def test_bad_html_is_rejected_like_telegram(api, bot):
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(1, "a <br> b")
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(1, "<b>unclosed")
    with pytest.raises(TelegramBadRequest, match="text is empty"):
        await bot.send_message(1, "<b></b>")
    with pytest.raises(TelegramBadRequest, match="too long"):
        await bot.send_message(1, "x" * 4097)
    assert parse_html("&lt;b&gt; 😀 <i>x</i>") == ("<b> 😀 x", [{"type": "italic", "offset": 7, "length": 1}])


async def test_edit_callback_delete_and_commands(api, bot):
    sent = await bot.send_message(5, "pick")
    cb = api.push_update(api.make_callback(5, "choose:1", sent.message_id))
    assert cb["callback_query"]["message"]["text"] == "pick"
    query_id = cb["callback_query"]["id"]
    assert await bot.answer_callback_query(query_id, text="ok")
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query_id)
    edited = await bot.edit_message_text("picked", chat_id=5, message_id=sent.message_id)
    assert edited.text == "picked" and edited.edit_date
    with pytest.raises(TelegramBadRequest, match="not modified"):
        await bot.edit_message_text("picked", chat_id=5, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="not found"):
        await bot.edit_message_text("x", chat_id=5, message_id=99)
    assert [r.params["text"] for r in api.edits(chat_id=5)] == ["picked"]
    assert [r.params["callback_query_id"] for r in api.callback_answers()] == [query_id]
    assert await bot.send_chat_action(5, "typing")
    assert await bot.delete_message(5, sent.message_id)
    from aiogram.types import BotCommand

    assert await bot.set_my_commands([BotCommand(command="start", description="Start")])
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    chat = await bot.get_chat(5)
    assert chat.id == 5 and chat.type == "private"
    assert await bot.set_message_reaction(5, 1) is True  # any other method: recorded, True


async def test_builders_match_telegram(api, bot):
    fwd = api.push_update(
        api.make_private_text(
            9,
            "Claim",
            forward_from_chat={"id": -1001, "title": "News", "username": "news"},
            forward_message_id=77,
            language_code="kk",
        )
    )
    cmd = api.push_update(api.make_command(9, "/start ref42", language_code="en"))
    photo = api.push_update(api.make_photo(9, "look #fake"))
    sticker = api.push_update(api.make_sticker(9))
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [x["update_id"] for x in (fwd, cmd, photo, sticker)]
    m = updates[0].message
    assert m.forward_origin.type == "channel" and m.forward_origin.chat.username == "news"
    assert m.forward_origin.message_id == 77 and m.from_user.language_code == "kk"
    c = updates[1].message
    assert c.entities[0].type == "bot_command" and c.entities[0].length == len("/start")
    p = updates[2].message
    assert p.caption == "look #fake" and p.caption_entities[0].type == "hashtag" and len(p.photo) == 3
    file = await bot.get_file(p.photo[-1].file_id)
    data = await bot.download_file(file.file_path)
    assert data.read().startswith(b"\xff\xd8")
    assert updates[3].message.sticker.emoji == "👍"
    assert [u.message.message_id for u in updates] == [1, 2, 3, 4]


async def test_dispatcher_polling_end_to_end(api, bot):
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer(f"Hello, <b>{message.from_user.first_name}</b>")

    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    try:
        api.push_update(api.make_command(77, "/start"))
        [sent] = await api.wait_sent(77, timeout=3)
        assert sent.plain_text == "Hello, Reader77"
        await api.wait_confirmed(timeout=3)
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(task, 3)


async def test_webhook_delivery_and_reply(api, bot):
    received: list[dict] = []
    fail_first = [True]

    async def hook(request: web.Request) -> web.Response:
        assert request.headers["X-Telegram-Bot-Api-Secret-Token"] == "s3cret"
        if fail_first[0]:
            fail_first[0] = False
            return web.Response(status=500)
        update = await request.json()
        received.append(update)
        chat_id = update["message"]["chat"]["id"]
        return web.json_response({"method": "sendMessage", "chat_id": chat_id, "text": "via webhook"})

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    api.webhook_retry_delay = 0.05
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        pushed = api.push_text(8, "over the hook")
        [sent] = await api.wait_sent(8, timeout=3)
        assert sent.via == "webhook-reply" and sent.plain_text == "via webhook"
        assert [u["update_id"] for u in received] == [pushed["update_id"]]
        info = await bot.get_webhook_info()
        assert info.pending_update_count == 0 and "500" in info.last_error_message
    finally:
        await bot.delete_webhook()
        await runner.cleanup()


async def test_raw_http_json_form_and_query(api):
    async with aiohttp.ClientSession() as http:
        url = api.api_url("sendMessage")
        async with http.post(url, json={"chat_id": 1, "text": "123"}) as r:
            body = await r.json()
            assert body["ok"] and body["result"]["text"] == "123"
        async with http.post(
            url,
            data={
                "chat_id": "1",
                "text": "456",
                "reply_markup": json.dumps({"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}),
            },
        ) as r:
            body = await r.json()
            assert body["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "b"
        async with http.get(api.api_url("getMe")) as r:
            assert (await r.json())["result"]["username"] == "tipline_test_bot"
        async with http.get(url, params={"chat_id": "2", "text": "q"}) as r:
            assert (await r.json())["result"]["chat"]["id"] == 2
        async with http.post(api.api_url("getMe", token="1:x")) as r:
            assert r.status == 401 and (await r.json()) == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with http.post(f"{api.base_url}/_fake/text", json={"chat_id": 3, "text": "ctl"}) as r:
            assert (await r.json())[0]["message"]["text"] == "ctl"
    assert [r.params["text"] for r in api.sent_messages()] == ["123", "456", "q"]
    assert api.sent_messages(1)[0].params["chat_id"] == 1


async def test_parse_update_with_aiogram(api):
    raw = api.push_update(api.make_private_text(1, "x", forward_from_chat="@somechannel"))
    update = Update.model_validate(raw)
    assert update.message.forward_origin.chat.username == "somechannel"


async def test_negative_offset_new_update_id_and_per_chat_limit(api, bot):
    ids = [api.push_text(1, f"m{i}")["update_id"] for i in range(3)]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == ids[-1:]
    assert len(api.pending_updates()) == 1
    copy_ = api.redeliver(api.pending_updates()[0], new_update_id=True)
    assert copy_["update_id"] == ids[-1] + 1
    updates = await bot.get_updates(offset=ids[-1])
    assert [u.message.message_id for u in updates] == [3, 3]  # the same message twice
    api.rate_limit(per_second=None, per_chat_per_second=1)
    await bot.send_message(1, "a")
    await bot.send_message(2, "a")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(1, "b")


async def test_poll_of_a_vanished_client_ends(api):
    session = aiohttp.ClientSession()
    request = asyncio.create_task(session.get(api.api_url("getUpdates"), params={"timeout": "5"}))
    [poll] = await api.wait_until(lambda: api.requests("getUpdates"), 2)
    request.cancel()
    await session.close()  # the bot died: its connection is gone
    await api.wait_until(lambda: poll.status is not None, 2, "the abandoned poll to end")
    assert poll.status == 499
    api.push_text(1, "not swallowed by a dead poll")
    assert len(api.pending_updates()) == 1


async def test_html_fault_is_a_proxy_page_and_the_method_does_not_run(api, bot):
    api.fail_next("sendMessage", kind="html")
    async with aiohttp.ClientSession() as http:
        async with http.post(api.api_url("sendMessage"), json={"chat_id": 5, "text": "a"}) as r:
            assert r.status == 502 and r.content_type == "text/html"
            assert "<title>502 Bad Gateway</title>" in await r.text()
    api.fail_next("sendMessage", 504, kind="html", chat_id=6)
    with pytest.raises(ClientDecodeError) as err:
        await bot.send_message(6, "b")
    assert "504" in str(err.value.data) or "504" in str(err.value)
    assert [(r.status, r.fault) for r in api.requests("sendMessage")] == [(502, "html"), (504, "html")]
    assert api.sent_messages() == [] and api.message(5, 1) is None
    assert (await bot.send_message(6, "c")).message_id == 1


async def test_drop_after_stores_the_message_and_answers_nothing(api, bot):
    api.fail_next("sendMessage", kind="drop_after", chat_id=7)
    async with aiohttp.ClientSession() as http:
        with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
            async with http.post(api.api_url("sendMessage"), json={"chat_id": 7, "text": "raw"}) as r:
                await r.read()
    api.fail_next("sendMessage", kind="drop_after")
    with pytest.raises(TelegramNetworkError) as err:
        await bot.send_message(8, "via aiogram")
    assert isinstance(err.value.__cause__, aiohttp.ClientError)
    assert not isinstance(err.value.__cause__, aiohttp.ClientConnectorError)  # the request had left
    assert outcome_of(err.value).delivery is Delivery.UNKNOWN
    assert [r.plain_text for r in api.sent_messages()] == ["raw", "via aiogram"]
    assert [r.fault for r in api.sent_messages()] == ["drop_after", "drop_after"]
    assert api.message(8, 1)["text"] == "via aiogram"
    assert (await bot.send_message(8, "next")).message_id == 2  # the same session goes on


async def test_drop_before_runs_nothing_and_looks_the_same_to_the_client(api, bot):
    api.fail_next("sendMessage", kind="drop_before", count=2)
    async with aiohttp.ClientSession() as http:
        with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
            async with http.post(api.api_url("sendMessage"), json={"chat_id": 9, "text": "raw"}) as r:
                await r.read()
    with pytest.raises(TelegramNetworkError) as err:
        await bot.send_message(9, "via aiogram")
    assert not isinstance(err.value.__cause__, aiohttp.ClientConnectorError)
    assert outcome_of(err.value).delivery is Delivery.UNKNOWN  # the client cannot know it never ran
    assert api.sent_messages() == [] and api.message(9, 1) is None
    assert [(r.status, r.fault) for r in api.requests("sendMessage")] == [(0, "drop_before")] * 2
    assert (await bot.send_message(9, "now")).message_id == 1


async def test_delay_slows_the_fault_and_latency_every_method(api, bot):
    api.fail_next("sendMessage", 500, delay=5)
    slow = asyncio.create_task(bot.send_message(1, "x"))
    [pending] = await api.wait_until(lambda: api.requests("sendMessage"), 2)
    await asyncio.sleep(0.2)
    assert pending.status is None and not slow.done()  # still waiting out the delay
    slow.cancel()
    api.latency = 5
    me = asyncio.create_task(bot.get_me())
    [pending] = await api.wait_until(lambda: api.requests("getMe"), 2)
    await asyncio.sleep(0.2)
    assert pending.status is None and not me.done()
    me.cancel()


async def test_refused_connection_never_leaves_the_client(api, bot):
    await bot.send_message(1, "keep-alive connection open")
    await api.refuse_connections()
    assert api.refusing
    with pytest.raises(TelegramNetworkError) as err:
        await bot.send_message(1, "refused")
    assert isinstance(err.value.__cause__, aiohttp.ClientConnectorError)
    assert outcome_of(err.value).delivery is Delivery.RETRY
    await api.accept_connections()
    assert (await bot.send_message(1, "back")).message_id == 2
    assert [r.plain_text for r in api.sent_messages(1)] == ["keep-alive connection open", "back"]


async def test_fail_next_kinds_through_the_control_route(api, bot):
    async with aiohttp.ClientSession() as http:
        for body in (
            {"method": "sendMessage", "kind": "drop_after", "chat_id": 3},
            {"method": "sendMessage", "kind": "html", "chat_id": 4},
        ):
            async with http.post(f"{api.base_url}/_fake/fail_next", json=body) as r:
                assert r.status == 200
        async with http.post(f"{api.base_url}/_fake/fail_next", json={"method": "x", "kind": "nope"}) as r:
            assert r.status == 400 and "nope" in (await r.json())["description"]
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(3, "cut")
    with pytest.raises(ClientDecodeError):
        await bot.send_message(4, "page")
    assert [r.chat_id for r in api.sent_messages()] == [3]


async def test_wrong_token_is_401_for_every_method(api):
    other = make_bot(api, token="654321:WRONG-token")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await other.send_message(1, "x")
        with pytest.raises(TelegramUnauthorizedError):
            await other.get_updates()
    finally:
        await close_bot(other)
    assert [r.status for r in api.requests()] == [401, 401] and api.sent_messages() == []


async def test_refuse_for_a_while_through_the_control_route(api, bot):
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{api.base_url}/_fake/refuse", json={"seconds": 60}) as r:
            assert r.status == 200
    await api.wait_until(lambda: api.refusing, 5, "the port to close")
    with pytest.raises(TelegramNetworkError) as err:
        await bot.get_me()
    assert isinstance(err.value.__cause__, aiohttp.ClientConnectorError)
    await api.accept_connections()
    assert (await bot.get_me()).is_bot


async def test_get_updates_faults_leave_the_updates_unconfirmed(api, bot):
    pushed = api.push_text(12, "still there")
    api.fail_next("getUpdates", kind="drop_after")
    with pytest.raises(TelegramNetworkError):
        await bot.get_updates(timeout=1)
    api.fail_next("getUpdates", kind="html")
    with pytest.raises(ClientDecodeError):
        await bot.get_updates(timeout=1)
    [update] = await bot.get_updates(timeout=1)  # neither confirmed it
    assert update.update_id == pushed["update_id"]
    assert [r.fault for r in api.requests("getUpdates")] == ["drop_after", "html", None]
