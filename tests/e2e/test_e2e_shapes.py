"""End-to-end: Telegram's real shapes (tests/data/updates/) pushed to the real bot process through the
fake Bot API: an album, an edit, quotes and replies, hidden-user and channel forwards, a link behind a
word, a reader without a Telegram language. The checkers' chat speaks Russian here, set as a newsroom
would: TIPLINE_DESK_LANGUAGE in the `.env` file beside the bot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import pytest_asyncio

from bot.i18n import Locales
from tests.e2e.test_e2e import CHECKERS_CHAT, KB, TOKEN, Env, copy_template, template_db  # noqa: F401
from tests.handlers.test_shapes import load, message_of
from tests.support.fakebotapi import FakeBotAPI
from tests.support.pictures import encode, scene

pytestmark = [pytest.mark.e2e, pytest.mark.database("sqlite"), pytest.mark.asyncio(loop_scope="module")]

PIGEONS, PENSION = KB[0], KB[1]
locales = Locales()
ru, kk = locales["ru"], locales["kk"]
TIP_REF = re.compile(r"#(\d+)\b")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def shapes(template_db: Path, tmp_path_factory: pytest.TempPathFactory):  # noqa: F811
    tmp = tmp_path_factory.mktemp("e2e-shapes")
    copy_template(template_db, tmp)
    (tmp / ".env").write_text("TIPLINE_DESK_LANGUAGE=ru\n", encoding="utf-8")
    async with FakeBotAPI(TOKEN) as api:
        env = Env(tmp, api)
        try:
            await env.bot.start()
            yield env
        finally:
            await env.bot.terminate(grace=10)


def push(env: Env, name: str, chat_id: int, pictures: int = 0) -> list[dict]:
    """Push a fixture's updates for reader `chat_id`; its photos (the message's and its external reply's)
    downloadable as distinct pictures."""
    api = env.api
    updates = load(name, chat_id, api.next_message_id)
    for index, data in enumerate(updates):
        message = message_of(data)
        sizes = message.get("photo") or (message.get("external_reply") or {}).get("photo") or []
        for size in sizes:
            api.add_file(encode(scene(pictures + index)), file_id=size["file_id"])
    for data in updates:
        api.push_update(data)
    return updates


def tip_of(text: str) -> int:
    [ref] = TIP_REF.findall(text)
    return int(ref)


async def test_an_album_is_one_answer_and_one_card_above_its_pictures(shapes: Env):
    api = shapes.api
    parts = push(shapes, "album-channel-photos.json", 9101, pictures=101)
    [answer] = await shapes.answers(9101)
    tip_id = tip_of(answer.text)
    assert answer.params["text"] == ru("queued", id=str(tip_id))
    [card] = await shapes.answers(CHECKERS_CHAT)
    await shapes.quiet(2.5)
    assert len(api.sent_messages(9101)) == 1, api.sent_texts(9101)
    assert len(api.sent_messages(CHECKERS_CHAT)) == 1, api.sent_texts(CHECKERS_CHAT)
    [group] = [
        r for r in api.requests("sendMediaGroup", ok=True) if str(r.params["chat_id"]) == str(CHECKERS_CHAT)
    ]
    assert [item["media"] for item in group.params["media"]] == [
        message_of(p)["photo"][-1]["file_id"] for p in parts
    ]
    assert card.params["reply_parameters"]["message_id"] == group.result[0]["message_id"]
    assert "Срочно! В Темиртау" in card.text and "Темиртау Онлайн" in card.text
    assert card.params["text"].splitlines()[0] == ru("desk-card-title", id=str(tip_id), demand=1)
    [tip] = shapes.query("SELECT text, demand FROM tips WHERE id = ?", tip_id)
    assert tip["demand"] == 1 and tip["text"].startswith("Срочно!")
    assert shapes.query("SELECT COUNT(*) AS n FROM requests WHERE chat_id = 9101")[0]["n"] == 1


async def test_an_edit_into_a_known_claim_gets_the_verdict_once(shapes: Env):
    api = shapes.api
    original, edited = load("edited-message.json", 9201, api.next_message_id)
    api.push_update(original)
    [queued] = await shapes.answers(9201)
    tip_id = tip_of(queued.text)
    assert queued.params["text"] == kk("queued", id=str(tip_id))  # the reader's Telegram language
    api.push_update(edited)
    _, card = await shapes.answers(9201, count=2)
    assert PIGEONS["url"] in card.params["text"]
    assert card.params["reply_parameters"]["message_id"] == message_of(edited)["message_id"]
    api.push_update(edited)  # the same edit, delivered again with a new update id
    await shapes.quiet(2.0)
    assert len(api.sent_messages(9201)) == 2, api.sent_texts(9201)
    [request] = shapes.query("SELECT decision, tip_id FROM requests WHERE chat_id = 9201")
    assert (request["decision"], request["tip_id"]) == ("auto", None)
    [tip] = shapes.query("SELECT status, demand FROM tips WHERE id = ?", tip_id)
    assert (tip["status"], tip["demand"]) == ("queued", 0)


async def test_a_quoted_channel_post_is_matched_on_the_quote(shapes: Env):
    push(shapes, "external-reply-quote.json", 9301)
    [card] = await shapes.answers(9301)
    assert PIGEONS["url"] in card.params["text"]


async def test_a_question_about_a_channels_photo_is_queued_with_the_photo_and_the_question(shapes: Env):
    api = shapes.api
    [data] = push(shapes, "external-reply-photo.json", 9302, pictures=120)
    [answer] = await shapes.answers(9302)
    tip_id = tip_of(answer.text)
    assert answer.params["text"] == ru("media-queued-photo", id=str(tip_id))
    await shapes.wait(
        lambda: any(f"#{tip_id}" in text for text in api.sent_texts(CHECKERS_CHAT)), message="the tip's card"
    )
    [card] = [r for r in api.sent_messages(CHECKERS_CHAT) if f"#{tip_id}" in r.text]
    [shown] = [
        r for r in api.requests("sendPhoto", ok=True) if str(r.params["chat_id"]) == str(CHECKERS_CHAT)
    ]
    assert shown.params["photo"] == message_of(data)["external_reply"]["photo"][-1]["file_id"]
    assert card.params["reply_parameters"]["message_id"] == shown.result["message_id"]
    assert "Это правда? Проверьте пожалуйста" in card.text
    assert ru("desk-card-quoted") in card.text


async def test_a_short_question_in_reply_to_the_readers_own_forward_checks_the_forward(shapes: Env):
    push(shapes, "reply-to-own-post.json", 9303)
    first, second = await shapes.answers(9303, count=2)
    assert PENSION["url"] in first.params["text"] and PENSION["url"] in second.params["text"]


async def test_a_hidden_user_forward_shows_the_senders_name_on_the_card(shapes: Env):
    api = shapes.api
    push(shapes, "forward-hidden-user.json", 9401)
    [answer] = await shapes.answers(9401)
    tip_id = tip_of(answer.text)
    await shapes.wait(
        lambda: any(f"#{tip_id}" in text for text in api.sent_texts(CHECKERS_CHAT)), message="the tip's card"
    )
    [card] = [r for r in api.sent_messages(CHECKERS_CHAT) if f"#{tip_id}" in r.text]
    assert ru("desk-card-origin") + " Серик Ж." in card.text


async def test_a_channel_forward_whose_link_hides_behind_a_word_gets_that_verdict(shapes: Env):
    push(shapes, "forward-channel-text-link.json", 9402)
    [card] = await shapes.answers(9402)
    assert PENSION["url"] in card.params["text"]


async def test_a_reader_without_a_telegram_language_is_answered_in_russian(shapes: Env):
    push(shapes, "private-text-no-language-code.json", 9501)
    [answer] = await shapes.answers(9501)
    tip_id = tip_of(answer.text)
    assert answer.params["text"] == ru("queued", id=str(tip_id))
    [reader] = shapes.query("SELECT language, language_chosen FROM readers WHERE chat_id = 9501")
    assert (reader["language"], reader["language_chosen"]) == ("ru", 0)
