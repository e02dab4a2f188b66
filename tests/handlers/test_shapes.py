"""Telegram's real shapes (tests/data/updates/), driven through the dispatcher with a mocked bot: albums,
edited messages, quotes and replies, links hidden in entities, readers without a Telegram language, and
the checkers' desk language."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aiogram.methods import EditMessageText, SendMediaGroup, SendMessage, SendPhoto
from aiogram.types import Update
from sqlalchemy import func, select

import handlers
from bot.db.models import ImagePrint, InboxUpdate, PostLink, PostOrigin, Reader, Request, Tip, Verdict
from bot.i18n import Locales
from bot.services.desk.audit import Actor
from bot.telegram.app import create_dispatcher
from bot.telegram.desk import media_batches
from knowledge.images import hash_bytes
from knowledge.verdicts import read_jsonl
from tests.e2e.test_e2e import KB as E2E_KB
from tests.support.pictures import encode, resized, scene

pytestmark = pytest.mark.asyncio

UPDATES = Path(__file__).parents[1] / "data" / "updates"
CHECKERS = -100500
locales = Locales()
ru, en, kk = locales["ru"], locales["en"], locales["kk"]
PIGEONS, PENSION = E2E_KB[0], E2E_KB[1]
update_ids = itertools.count(70_000)


def load(name: str, chat_id: int, message_ids: Callable[[int], int], tag: str | None = None) -> list[dict]:
    """The updates of tests/data/updates/`name`, for a fresh reader `chat_id`: the reader's ids become
    `chat_id`, their chat's message ids fresh ones (`message_ids(chat_id)`, in the original order), file ids
    and album ids unique to `tag`, dates shifted to now; `update_id` is left for the sender to give."""
    updates = json.loads((UPDATES / name).read_text(encoding="utf-8"))
    reader = next(u[key]["chat"]["id"] for u in updates for key in u if key != "update_id")
    tag = tag or str(chat_id)
    old_ids: set[int] = set()
    dates: list[int] = []

    def survey(node: Any) -> None:
        if isinstance(node, dict):
            if (
                isinstance(node.get("chat"), dict)
                and node["chat"].get("id") == reader
                and "message_id" in node
            ):
                old_ids.add(node["message_id"])
            dates.extend(v for k, v in node.items() if k in ("date", "edit_date") and isinstance(v, int))
            for value in node.values():
                survey(value)
        elif isinstance(node, list):
            for value in node:
                survey(value)

    survey(updates)
    fresh = {old: message_ids(chat_id) for old in sorted(old_ids)}
    shift = int(time.time()) - max(dates)

    def rewrite(node: Any) -> Any:
        if isinstance(node, list):
            return [rewrite(value) for value in node]
        if not isinstance(node, dict):
            return node
        mine = isinstance(node.get("chat"), dict) and node["chat"].get("id") == reader
        out = {}
        for key, value in node.items():
            if key == "update_id":
                continue
            if key == "id" and value == reader:
                out[key] = chat_id
            elif key == "message_id" and mine:
                out[key] = fresh[value]
            elif key in ("file_id", "file_unique_id", "media_group_id"):
                out[key] = f"{value}-{tag}"
            elif key in ("date", "edit_date") and isinstance(value, int):
                out[key] = value + shift
            else:
                out[key] = rewrite(value)
        return out

    return rewrite(updates)


def message_of(data: dict) -> dict:
    return data.get("message") or data["edited_message"]


def biggest_photos(updates: list[dict]) -> list[str]:
    return [message_of(u)["photo"][-1]["file_id"] for u in updates]


def add_pictures(bot, data: dict, content: bytes) -> None:
    """Make every size of the message's photo (or its external reply's) downloadable with `content`."""
    message = message_of(data)
    for size in message.get("photo") or (message.get("external_reply") or {}).get("photo") or []:
        bot.add_file(size["file_id"], content)


async def feed(dp, bot, data: dict, **handler_data: Any) -> None:
    await dp.feed_update(bot, Update.model_validate({**data, "update_id": next(update_ids)}), **handler_data)


async def feed_album(dp, bot, parts: list[dict]) -> None:
    """As the inbox hands an album over: the captioned part's update, with every part as `album`."""
    updates = [Update.model_validate({**data, "update_id": next(update_ids)}) for data in parts]
    lead = next(u for u in updates if u.message.caption)
    await dp.feed_update(bot, lead, album=[u.message for u in updates])


def to(bot, chat_id: int) -> list[SendMessage]:
    return [m for m in bot.sent if m.chat_id == chat_id]


def texts(bot, chat_id: int) -> list[str]:
    return [m.text for m in to(bot, chat_id)]


async def rows(services, model, *where):
    async with services.sessionmaker() as session:
        return (await session.scalars(select(model).where(*where).order_by(model.id))).all()


async def count(services, model, *where) -> int:
    async with services.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def verdict_of(services, url: str) -> Verdict:
    [verdict] = await rows(services, Verdict, Verdict.url == url)
    return verdict


async def know_picture(services, content: bytes, verdict: Verdict) -> None:
    async with services.sessionmaker() as session:
        for phash in hash_bytes(content):
            session.add(ImagePrint(phash=phash, source="import", verdict_id=verdict.id, name="known.jpg"))
        await session.commit()


def next_id(updates) -> Callable[[int], int]:
    return updates.factory.next_message_id


def record_results(bot) -> list[tuple[Any, Any]]:
    """What the mocked Bot API answered to each request, from now on."""
    results: list[tuple[Any, Any]] = []
    original = bot.session.make_request

    async def recording(b, method, timeout=None):  # noqa: ASYNC109
        result = await original(b, method, timeout)
        results.append((method, result))
        return result

    bot.session.make_request = recording
    return results


@pytest.fixture(autouse=True)
async def e2e_verdicts(services) -> None:
    """tests/e2e/test_e2e.py's knowledge base too: the fixtures' texts and links are its claims."""
    await services.kb.import_records(read_jsonl([json.dumps(v, ensure_ascii=False) for v in E2E_KB]))


# --- albums -------------------------------------------------------------------------------------


async def test_an_album_is_one_tip_one_answer_and_one_card_with_every_picture(dp, bot, updates, services):
    parts = load("album-channel-photos.json", 4101, next_id(updates))
    for index, part in enumerate(parts):
        add_pictures(bot, part, encode(scene(61 + index)))
    results = record_results(bot)
    await feed_album(dp, bot, parts)

    [tip] = await rows(services, Tip)
    caption = message_of(parts[0])["caption"]
    assert tip.text == caption and tip.demand == 1
    assert [f["file_id"] for f in tip.payload["files"]] == biggest_photos(parts)
    assert tip.payload["forward_origin"]["message_id"] == 7714
    assert "https://t.me/temirtau_online/7714" in tip.payload["links"]  # the caption's text_link
    assert texts(bot, 4101) == [ru("queued", id=str(tip.id))]
    [request] = await rows(services, Request, Request.chat_id == 4101)
    assert request.message_id == message_of(parts[0])["message_id"] and request.tip_id == tip.id
    # every picture was compared, and is remembered for the tip
    prints = await rows(services, ImagePrint, ImagePrint.tip_id == tip.id)
    assert {p.file_unique_id for p in prints if p.file_unique_id} == {
        message_of(p)["photo"][-1]["file_unique_id"] for p in parts
    }

    [group] = [r for r in bot.requests if isinstance(r, SendMediaGroup)]
    assert group.chat_id == CHECKERS
    assert [item.media for item in group.media] == biggest_photos(parts)
    assert not [r for r in bot.requests if isinstance(r, SendPhoto)]
    [card] = to(bot, CHECKERS)
    shown = next(result for method, result in results if isinstance(method, SendMediaGroup))
    assert card.reply_parameters.message_id == shown[0].message_id
    assert "Срочно! В Темиртау" in card.text and "Темиртау Онлайн" in card.text
    assert en("desk-card-media", kind="photo") not in card.text


async def test_a_known_picture_anywhere_in_an_album_answers_it(dp, bot, updates, services):
    water = await verdict_of(services, "https://factcheck.example/test-almaty-water")
    parts = load("album-channel-photos.json", 4102, next_id(updates))
    pictures = [scene(71), scene(72), scene(73)]
    for part, picture in zip(parts, pictures, strict=True):
        add_pictures(bot, part, encode(picture))
    await know_picture(services, encode(resized(pictures[2], 0.6)), water)  # the third, re-encoded
    await feed_album(dp, bot, parts)
    [card] = texts(bot, 4102)
    assert water.url in card
    assert await count(services, Tip) == 0 and to(bot, CHECKERS) == []


async def test_media_groups_follow_telegrams_rules():
    photo, video, document, audio, gif = (
        {"media": kind, "file_id": kind} for kind in ("photo", "video", "document", "audio", "animation")
    )
    assert media_batches([photo, video, document, photo, gif, document]) == [
        [photo, video, photo],
        [document, document],
        [gif],
    ]
    assert [len(b) for b in media_batches([photo] * 12)] == [10, 2]
    assert media_batches([audio]) == [[audio]]


# --- edited messages ----------------------------------------------------------------------------


async def test_an_unknown_claim_edited_into_a_known_one_gets_the_verdict_and_then_silence(
    dp, bot, updates, services
):
    original, edited = load("edited-message.json", 4201, next_id(updates))
    await feed(dp, bot, original)
    [tip] = await rows(services, Tip)
    assert texts(bot, 4201) == [kk("queued", id=str(tip.id))]  # the reader's Telegram language
    [first_card] = to(bot, CHECKERS)

    bot.clear()
    await feed(dp, bot, edited)
    [card] = to(bot, 4201)
    assert PIGEONS["url"] in card.text
    assert card.reply_parameters.message_id == message_of(edited)["message_id"]
    [request] = await rows(services, Request, Request.chat_id == 4201)
    pigeons = await verdict_of(services, PIGEONS["url"])
    assert (request.decision, request.verdict_id, request.tip_id) == ("auto", pigeons.id, None)
    # the tip stays for the checkers, without this reader's demand; its card says so
    [tip] = await rows(services, Tip)
    assert (tip.status, tip.demand) == ("queued", 0)
    [refreshed] = [r for r in bot.requests if isinstance(r, EditMessageText) and r.chat_id == CHECKERS]
    assert refreshed.text.splitlines()[0] == en("desk-card-title", id=str(tip.id), demand=0)

    bot.clear()
    await feed(dp, bot, edited)  # delivered again
    again = json.loads(json.dumps(edited))
    message_of(again)["edit_date"] += 30  # edited again, the same words
    await feed(dp, bot, again)
    assert to(bot, 4201) == []
    assert await count(services, Request, Request.chat_id == 4201) == 1


async def test_a_known_claim_edited_into_another_gets_the_new_answer_and_demand_moves(
    dp, bot, updates, services
):
    original, edited = load("edited-message.json", 4202, next_id(updates))
    known, unknown = message_of(edited)["text"], message_of(original)["text"]
    message_of(original)["text"] = known
    await feed(dp, bot, original)
    assert PIGEONS["url"] in texts(bot, 4202)[0]
    assert await count(services, Tip) == 0

    message_of(edited)["text"] = unknown
    await feed(dp, bot, edited)
    [tip] = await rows(services, Tip)
    assert texts(bot, 4202)[1] == kk("queued", id=str(tip.id))
    assert tip.demand == 1 and tip.text == unknown
    [request] = await rows(services, Request, Request.chat_id == 4202)
    assert (request.decision, request.tip_id, request.verdict_id) == ("queue", tip.id, None)

    other = "В Караганде с понедельника отключат интернет на две недели из-за учений."
    message_of(edited)["text"], message_of(edited)["edit_date"] = other, message_of(edited)["edit_date"] + 9
    await feed(dp, bot, edited)
    first, second = await rows(services, Tip)
    assert texts(bot, 4202)[2] == kk("queued", id=str(second.id))
    assert (first.demand, second.demand) == (0, 1)
    message_of(edited)["text"], message_of(edited)["edit_date"] = unknown, message_of(edited)["edit_date"] + 9
    await feed(dp, bot, edited)  # back to the first words: the first tip again, counted once
    first, second = await rows(services, Tip)
    assert texts(bot, 4202)[3] == kk("queued", id=str(first.id))
    assert (first.demand, second.demand) == (1, 0)
    assert await count(services, Request) == 1


async def test_an_edited_album_caption_is_rechecked_with_every_picture_of_the_album(
    dp, bot, updates, services
):
    water = await verdict_of(services, "https://factcheck.example/test-almaty-water")
    parts = load("album-channel-photos.json", 4203, next_id(updates))
    pictures = [scene(81), scene(82), scene(83)]
    for part, picture in zip(parts, pictures, strict=True):
        add_pictures(bot, part, encode(picture))
        del message_of(part)["forward_origin"]  # the reader's own album: a forward cannot be edited
    await know_picture(services, encode(pictures[1]), water)
    async with services.sessionmaker() as session:  # the parts, as the inbox stored them
        for data in parts:
            update_id = next(update_ids)
            session.add(
                InboxUpdate(update_id=update_id, chat_id=4203, payload={**data, "update_id": update_id})
            )
        await session.commit()
    await feed_album(dp, bot, parts)
    [card] = texts(bot, 4203)
    assert water.url in card

    edited = json.loads(json.dumps(parts[0]))
    edited["edited_message"] = edited.pop("message")
    edited["edited_message"]["caption"] = "Смотрите, что творится"
    edited["edited_message"]["caption_entities"] = []
    edited["edited_message"]["edit_date"] = edited["edited_message"]["date"] + 60
    await feed(dp, bot, edited)  # the known second picture still answers: nothing new to say
    assert texts(bot, 4203) == [card]
    assert await count(services, Tip) == 0

    edited["edited_message"]["caption"] = PIGEONS["claim"]
    edited["edited_message"]["edit_date"] += 60
    await feed(dp, bot, edited)  # ... and the picture still wins over the words
    assert texts(bot, 4203) == [card]
    [request] = await rows(services, Request, Request.chat_id == 4203)
    assert (request.decision, request.verdict_id) == ("auto", water.id)


async def test_edited_messages_are_asked_for(dp):
    assert "edited_message" in dp.resolve_used_update_types()


# --- quotes and replies -------------------------------------------------------------------------


async def test_a_quoted_channel_post_is_matched_on_the_quote_and_its_post_becomes_known(
    dp, bot, updates, services
):
    [data] = load("external-reply-quote.json", 4301, next_id(updates))
    assert message_of(data)["text"] == "Это правда?"
    await feed(dp, bot, data)
    [card] = texts(bot, 4301)
    assert PIGEONS["url"] in card
    pigeons = await verdict_of(services, PIGEONS["url"])
    [origin] = await rows(services, PostOrigin, PostOrigin.message_id == 30418)
    assert (origin.chat_id, origin.verdict_id) == (-1002214455667, pigeons.id)
    # someone forwarding that very post later gets the verdict from the post alone
    channel = {"id": -1002214455667, "title": "Караганда Сегодня", "username": "karaganda_today"}
    await feed(
        dp,
        bot,
        updates.factory.make_private_text(
            4302, "смотрите", forward_from_chat=channel, forward_message_id=30418
        ),
    )
    assert PIGEONS["url"] in texts(bot, 4302)[0]


async def test_an_unknown_quote_is_queued_and_the_card_shows_the_quote_and_the_readers_words(
    dp, bot, updates, services
):
    [data] = load("external-reply-quote.json", 4303, next_id(updates))
    quote = "В Темиртау закрывают все рынки на карантин с понедельника"
    message_of(data)["quote"] = {"text": quote, "position": 0, "is_manual": True}
    await feed(dp, bot, data)
    [tip] = await rows(services, Tip)
    assert tip.text == quote and tip.payload["question"] == "Это правда?"
    assert texts(bot, 4303) == [ru("queued", id=str(tip.id))]
    [card] = texts(bot, CHECKERS)
    assert f"<blockquote>{quote}</blockquote>" in card
    assert en("desk-card-question", text="Это правда?") in card
    assert en("desk-card-quoted") + ' <a href="https://t.me/karaganda_today/30418">' in card


async def test_a_question_about_a_channels_photo_checks_the_photo(dp, bot, updates, services):
    water = await verdict_of(services, "https://factcheck.example/test-almaty-water")
    [known] = load("external-reply-photo.json", 4304, next_id(updates))
    add_pictures(bot, known, encode(scene(91)))
    await know_picture(services, encode(scene(91)), water)
    await feed(dp, bot, known)
    assert water.url in texts(bot, 4304)[0]

    [unknown] = load("external-reply-photo.json", 4305, next_id(updates))
    add_pictures(bot, unknown, encode(scene(92)))
    message_of(unknown)["external_reply"]["message_id"] = 30503
    message_of(unknown)["external_reply"]["origin"]["message_id"] = 30503
    await feed(dp, bot, unknown)
    [tip] = await rows(services, Tip)
    assert texts(bot, 4305) == [ru("media-queued-photo", id=str(tip.id))]
    assert tip.text == "" and tip.payload["question"] == "Это правда? Проверьте пожалуйста"
    [shown] = [r for r in bot.requests if isinstance(r, SendPhoto)]
    assert (shown.chat_id, shown.photo) == (
        CHECKERS,
        message_of(unknown)["external_reply"]["photo"][-1]["file_id"],
    )
    [card] = texts(bot, CHECKERS)
    assert en("desk-card-question", text="Это правда? Проверьте пожалуйста") in card


async def test_a_short_question_in_reply_to_the_readers_own_post_checks_that_post(dp, bot, updates, services):
    forwarded, question = load("reply-to-own-post.json", 4306, next_id(updates))
    await feed(dp, bot, forwarded)
    await feed(dp, bot, question)
    first, second = texts(bot, 4306)
    assert PENSION["url"] in first and PENSION["url"] in second
    pension = await verdict_of(services, PENSION["url"])
    assert [r.verdict_id for r in await rows(services, Request, Request.chat_id == 4306)] == [pension.id] * 2
    # a reply to the bot's own message is the reader's own words
    reply_to_bot = json.loads(json.dumps(question))
    message_of(reply_to_bot)["message_id"] = updates.factory.next_message_id(4306)
    message_of(reply_to_bot)["reply_to_message"] = {
        "message_id": 1,
        "date": 1,
        "chat": message_of(question)["chat"],
        "from": {"id": 42, "is_bot": True, "first_name": "Tipline"},
        "text": PENSION["claim"],
    }
    await feed(dp, bot, reply_to_bot)
    assert PENSION["url"] not in texts(bot, 4306)[2]


# --- forwards and links -------------------------------------------------------------------------


async def test_a_forward_from_a_hidden_user_is_queued_with_their_name_on_the_card(dp, bot, updates, services):
    [data] = load("forward-hidden-user.json", 4401, next_id(updates))
    await feed(dp, bot, data)
    [tip] = await rows(services, Tip)
    assert texts(bot, 4401) == [ru("queued", id=str(tip.id))]
    [card] = texts(bot, CHECKERS)
    assert en("desk-card-origin") + " Серик Ж." in card


async def test_a_text_link_to_a_verdicts_own_address_gets_its_card(dp, bot, updates, services):
    [data] = load("forward-channel-text-link.json", 4402, next_id(updates))
    await feed(dp, bot, data)
    [card] = texts(bot, 4402)
    assert PENSION["url"] in card and ru("rating-false") in card
    pension = await verdict_of(services, PENSION["url"])
    [request] = await rows(services, Request, Request.chat_id == 4402)
    assert (request.decision, request.verdict_id) == ("auto", pension.id)
    [own] = await rows(services, PostLink, PostLink.source == "verdict", PostLink.verdict_id == pension.id)
    assert own.url == PENSION["url"]


async def test_a_desk_verdicts_address_is_known_at_once_and_follows_its_correction(
    dp, bot, updates, services
):
    words = "В Балхаше на неделю отключат горячую воду во всех районах"
    await feed(dp, bot, updates.factory.make_private_text(4403, words))
    [tip] = await rows(services, Tip)
    desk = dp["desk"]
    draft = {
        "rating": "false",
        "claim": words,
        "summary": "Нет.",
        "url": "https://factcheck.example/ru/balkhash",
        "lang": "ru",
    }
    verdict_id, _ = await desk.publish(bot, tip.id, draft, Actor(501, "Checker"))
    hidden = {
        "type": "text_link",
        "offset": 0,
        "length": 5,
        "url": "http://www.factcheck.example/ru/balkhash/",
    }
    await feed(dp, bot, updates.factory.make_private_text(4404, "Здесь разбор", entities=[hidden]))
    assert "https://factcheck.example/ru/balkhash" in texts(bot, 4404)[0]

    await desk.correct(
        bot, verdict_id, {**draft, "url": "https://factcheck.example/ru/balkhash-water"}, Actor(501, "C")
    )
    await feed(dp, bot, updates.factory.make_private_text(4405, "Здесь", entities=[dict(hidden, length=5)]))
    moved = dict(hidden, url="https://factcheck.example/ru/balkhash-water")
    await feed(dp, bot, updates.factory.make_private_text(4406, "Здесь", entities=[moved]))
    assert [r.verdict_id for r in await rows(services, Request, Request.chat_id.in_((4405, 4406)))] == [
        None,
        verdict_id,
    ]


# --- languages ----------------------------------------------------------------------------------


async def test_a_reader_without_a_telegram_language_is_answered_in_the_language_they_write(
    dp, bot, updates, services
):
    [data] = load("private-text-no-language-code.json", 4501, next_id(updates))
    assert "language_code" not in message_of(data)["from"]
    await feed(dp, bot, data)
    [tip] = await rows(services, Tip)
    assert texts(bot, 4501) == [ru("queued", id=str(tip.id))]
    [reader] = await rows(services, Reader, Reader.chat_id == 4501)
    assert (reader.language, reader.language_chosen) == ("ru", False)
    # and the known claim's card, in Russian too
    card = json.loads(json.dumps(data))
    message_of(card)["message_id"] = updates.factory.next_message_id(4501)
    message_of(card)["text"] = PIGEONS["claim"]
    await feed(dp, bot, card)
    assert ru("card-intro") in texts(bot, 4501)[1]


async def test_a_reader_who_chose_a_language_keeps_it_whatever_they_write(dp, bot, updates, services):
    [data] = load("private-text-no-language-code.json", 4502, next_id(updates))
    from bot.telegram.callbacks import ChooseLanguage

    user = message_of(data)["from"]
    await feed(dp, bot, updates.factory.make_command(4502, "/language", user=user))
    await feed(dp, bot, updates.factory.make_callback(4502, ChooseLanguage(code="en").pack(), 1, user=user))
    bot.clear()
    await feed(dp, bot, data)
    [tip] = await rows(services, Tip)
    assert texts(bot, 4502) == [en("queued", id=str(tip.id))]
    [reader] = await rows(services, Reader, Reader.chat_id == 4502)
    assert (reader.language, reader.language_chosen) == ("en", True)


async def test_checker_cards_and_desk_answers_use_the_desk_language(settings, services, bot, updates):
    dp = create_dispatcher(
        settings.model_copy(update={"desk_language": "ru"}),
        services.kb,
        Locales(),
        routers=handlers.routers(),
    )
    [data] = load("forward-hidden-user.json", 4601, next_id(updates))
    await feed(dp, bot, data)
    [tip] = await rows(services, Tip)
    [card] = texts(bot, CHECKERS)
    assert card.splitlines()[0] == ru("desk-card-title", id=str(tip.id), demand=1)
    assert ru("desk-card-origin") in card
    admin = updates.factory.make_user(1, "Admin", language_code="en")  # an English Telegram app
    await feed(dp, bot, updates.factory.make_command(CHECKERS, "/queue", user=admin))
    assert texts(bot, CHECKERS)[-1].splitlines()[0] == ru("desk-queue-title")
