"""Abuse resistance, driven through the dispatcher with a mocked bot: reader limits (in process and in
Redis), admins blocking readers, group chats, inline mode, and readers' identity on the tip cards."""

from __future__ import annotations

import html
import json
import uuid

import pytest
from aiogram.methods import AnswerCallbackQuery, AnswerInlineQuery, SendMessage, SetMyCommands
from aiogram.types import Update
from sqlalchemy import func, select

import handlers
from bot.db.models import AuditEntry, BlockedReader, Feedback, Notice, Reader, Request, Tip, Verdict
from bot.i18n import Locales
from bot.services.limits import MemoryLimits, RedisLimits
from bot.telegram.app import create_dispatcher, publish_commands
from bot.telegram.callbacks import ExplainDown, RateAnswer, SendDisputed
from knowledge.statuses import FeedbackKind, FeedbackReason, FeedbackValue
from knowledge.verdicts import LANGUAGES
from tests.conftest import as_reply, fresh_update_id, redis_or_skip
from tests.support.fakebotapi import parse_html
from tests.telegram.test_redis import redis_url  # noqa: F401 - the fixture

pytestmark = pytest.mark.asyncio

CHECKERS = -100500
ADMIN = 1
CHECKER = 501
GROUP = -100777
WATER_RU = "Водопроводная вода в Алматы отравлена хлором, пить её нельзя до конца месяца."
WATER_PARAPHRASE = "Говорят, вода из-под крана в Алматы отравлена хлором и её нельзя пить"
WATER_URL = "https://factcheck.example/test-almaty-water"
UNKNOWN = "В Караганде с понедельника отключат интернет на две недели из-за учений."
RUMOURS = [
    f"В городе {city} с понедельника отключат {what} на две недели из-за учений."
    for city, what in [
        ("Актобе", "газ"),
        ("Атырау", "свет"),
        ("Семей", "воду"),
        ("Талдыкорган", "интернет"),
        ("Кокшетау", "отопление"),
        ("Петропавловск", "мобильную связь"),
    ]
]
locales = Locales()
ru, en = locales["ru"], locales["en"]


async def count(services, model, *where) -> int:
    async with services.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def rows(services, model, *where):
    async with services.sessionmaker() as session:
        return (await session.scalars(select(model).where(*where))).all()


def to(bot, chat_id: int) -> list[SendMessage]:
    return [m for m in bot.sent if m.chat_id == chat_id]


def staff(updates, user_id: int) -> dict:
    return updates.factory.make_user(user_id, f"Staff{user_id}", language_code="en")


async def say(dp, bot, updates, chat_id: int, text: str, user_id: int, reply_to: int | None = None) -> None:
    """A staff member writes in the checkers' chat (or in a private chat when chat_id > 0)."""
    make = updates.factory.make_command if text.startswith("/") else updates.factory.make_private_text
    data = make(chat_id, text, user=staff(updates, user_id))
    if reply_to is not None:
        as_reply(data, reply_to)
    data["update_id"] = fresh_update_id()
    await dp.feed_update(bot, Update.model_validate(data))


async def reader_number(services, chat_id: int) -> int:
    [reader] = await rows(services, Reader, Reader.chat_id == chat_id)
    return reader.id


# --- blocking -------------------------------------------------------------------------------------


async def test_an_admin_blocks_a_reader_by_the_number_on_the_card_and_unblocks_them(
    dp, bot, updates, services
):
    await dp.feed_update(bot, updates.private_text(31, UNKNOWN))
    number = await reader_number(services, 31)
    [card] = to(bot, CHECKERS)
    assert en("desk-card-readers", readers=f"R{number}") in card.text
    assert "Reader31" not in card.text

    bot.clear()
    await say(dp, bot, updates, CHECKERS, f"/block R{number} insults the checkers", ADMIN)
    assert to(bot, CHECKERS)[-1].text == en("block-done", reader=f"R{number}")
    [block] = await rows(services, BlockedReader)
    assert (block.chat_id, block.reader_number, block.blocked_by) == (31, number, ADMIN)
    assert block.reason == "insults the checkers"
    [entry] = await rows(services, AuditEntry, AuditEntry.action == "block")
    assert entry.after == {"reader": number, "blocked": True, "reason": "insults the checkers"}

    # the blocked reader's posts are neither stored nor answered, and no card appears
    tips, requests = await count(services, Tip), await count(services, Request)
    bot.clear()
    await dp.feed_update(bot, updates.private_text(31, RUMOURS[0]))
    await dp.feed_update(bot, updates.photo(31, caption=RUMOURS[1]))
    await dp.feed_update(bot, updates.command(31, "/start"))
    assert bot.sent == []
    assert (await count(services, Tip), await count(services, Request)) == (tips, requests)
    # ...but they keep their privacy rights
    await dp.feed_update(bot, updates.command(31, "/mydata"))
    [mydata] = bot.sent
    assert f"#{(await rows(services, Tip))[0].id}" in mydata.text

    await say(dp, bot, updates, CHECKERS, "/blocked", ADMIN)
    assert f"R{number}" in to(bot, CHECKERS)[-1].text and "insults the checkers" in to(bot, CHECKERS)[-1].text

    await say(dp, bot, updates, ADMIN, f"/unblock {number}", ADMIN)
    assert to(bot, ADMIN)[-1].text == en("unblock-done", reader=f"R{number}")
    assert await count(services, BlockedReader) == 0
    bot.clear()
    await dp.feed_update(bot, updates.private_text(31, RUMOURS[2]))
    [tip] = await rows(services, Tip, Tip.text == RUMOURS[2])
    assert to(bot, 31)[0].text == ru("queued", id=str(tip.id))


async def test_block_as_a_reply_to_a_tip_card(dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(32, UNKNOWN))
    [tip] = await rows(services, Tip)
    number = await reader_number(services, 32)
    await say(dp, bot, updates, CHECKERS, "/block", ADMIN, reply_to=tip.card_message_id)
    assert to(bot, CHECKERS)[-1].text == en("block-done", reader=f"R{number}")
    assert [b.chat_id for b in await rows(services, BlockedReader)] == [32]
    await say(dp, bot, updates, CHECKERS, "/block", ADMIN, reply_to=tip.card_message_id)
    assert to(bot, CHECKERS)[-1].text == en("block-already", reader=f"R{number}")


async def test_a_card_sent_by_several_readers_asks_which_one(dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(33, UNKNOWN))
    await dp.feed_update(bot, updates.private_text(34, UNKNOWN))
    [tip] = await rows(services, Tip)
    first, second = await reader_number(services, 33), await reader_number(services, 34)
    await say(dp, bot, updates, CHECKERS, "/block", ADMIN, reply_to=tip.card_message_id)
    assert to(bot, CHECKERS)[-1].text == en("block-several", readers=f"R{first}, R{second}")
    assert await count(services, BlockedReader) == 0


async def test_the_block_outlasts_forget(dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(35, UNKNOWN))
    number = await reader_number(services, 35)
    await say(dp, bot, updates, CHECKERS, f"/block R{number}", ADMIN)
    await dp.feed_update(bot, updates.command(35, "/forget"))
    from bot.telegram.callbacks import ConfirmForget

    message_id = updates.factory.next_message_id(35)
    await dp.feed_update(
        bot, updates.callback(35, ConfirmForget(reader=number, erase=True).pack(), message_id)
    )
    assert await count(services, Reader, Reader.chat_id == 35) == 0
    bot.clear()
    await dp.feed_update(bot, updates.private_text(35, RUMOURS[3]))
    assert bot.sent == [] and await count(services, Tip, Tip.text == RUMOURS[3]) == 0


@pytest.mark.parametrize(("chat", "user"), [(CHECKERS, CHECKER), (36, 36)])
async def test_only_admins_block(dp, bot, updates, services, chat, user):
    await dp.feed_update(bot, updates.private_text(37, UNKNOWN))
    number = await reader_number(services, 37)
    bot.clear()
    await say(dp, bot, updates, chat, f"/block R{number}", user)
    await say(dp, bot, updates, chat, f"/unblock R{number}", user)
    assert [m.text for m in to(bot, chat)] == [en("block-denied")] * 2
    assert await count(services, BlockedReader) == 0


async def test_block_usage_and_unknown_reader(dp, bot, updates, services):
    await say(dp, bot, updates, ADMIN, "/block", ADMIN)
    await say(dp, bot, updates, ADMIN, "/block R999999", ADMIN)
    await say(dp, bot, updates, ADMIN, "/unblock R999999", ADMIN)
    assert [m.text for m in to(bot, ADMIN)] == [
        en("block-usage"),
        en("block-unknown", reader="R999999"),
        en("unblock-not-blocked", reader="R999999"),
    ]


# --- limits ---------------------------------------------------------------------------------------


@pytest.fixture
def limited(settings, services):
    """A dispatcher whose readers may send 3 messages a minute and 5 a day."""
    strict = settings.model_copy(update={"reader_burst": 3, "reader_daily_cap": 5})
    return create_dispatcher(strict, services.kb, Locales(), routers=handlers.routers())


async def test_a_flooding_reader_gets_one_polite_notice_and_others_are_answered(
    limited, bot, updates, services
):
    dp = limited
    for i, text in enumerate(RUMOURS):
        await dp.feed_update(bot, updates.private_text(40, text))
        if i == 4:  # meanwhile another reader asks, and is answered with the verdict
            await dp.feed_update(bot, updates.private_text(41, WATER_RU))
    flooder = [m.text for m in to(bot, 40)]
    queued = await rows(services, Tip)
    assert [t.text for t in queued] == RUMOURS[:3]
    assert flooder == [ru("queued", id=str(t.id)) for t in queued] + [ru("limit-burst")]
    assert await count(services, Request, Request.chat_id == 40) == 3
    [card] = to(bot, 41)
    assert WATER_URL in card.text


async def test_limits_in_process_restart_after_a_quiet_window_and_cap_the_day():
    now = [0.0]
    limits = MemoryLimits(burst=3, window=60, daily=5, clock=lambda: now[0])
    got = [await limits.hit("r") for _ in range(5)]
    assert [g.allowed for g in got] == [True, True, True, False, False]
    assert [g.notice for g in got] == [None, None, None, "burst", None]
    assert (await limits.hit("other")).allowed
    now[0] = 50  # still flooding: each excess message restarts the window
    assert not (await limits.hit("r")).allowed
    now[0] = 105
    assert not (await limits.hit("r")).allowed
    now[0] = 170  # quiet for a whole window; the 6th allowed message of the day is over the cap
    day = [await limits.hit("r") for _ in range(3)]
    assert [(d.allowed, d.notice) for d in day] == [(True, None), (True, None), (False, "daily")]
    now[0] = 300  # a new burst window, but the day is over: silently refused, no second notice
    assert [(await limits.hit("r")).notice for _ in range(4)] == [None] * 4
    assert not (await limits.hit("r")).allowed
    now[0] = 86400 + 1
    assert (await limits.hit("r")).allowed


async def test_limits_in_redis_are_shared_by_replicas(redis_url):  # noqa: F811
    prefix = f"tipline-test:{uuid.uuid4().hex}"
    one = RedisLimits(redis_url, burst=3, window=60, daily=5, prefix=prefix)
    two = RedisLimits(redis_url, burst=3, window=60, daily=5, prefix=prefix)
    try:
        got = [await (one if i % 2 else two).hit("r") for i in range(5)]
        assert [(g.allowed, g.notice) for g in got] == [
            (True, None),
            (True, None),
            (True, None),
            (False, "burst"),
            (False, None),
        ]
        assert (await one.hit("other")).allowed
        await one.client.delete(f"{prefix}:burst:r")  # the window passed
        day = [await two.hit("r") for _ in range(3)]
        assert [(d.allowed, d.notice) for d in day] == [(True, None), (True, None), (False, "daily")]
        await one.client.delete(f"{prefix}:burst:r")  # a new window, but the day is over
        assert [(await one.hit("r")).allowed for _ in range(4)] == [False] * 4
        assert [(await two.hit("r")).notice for _ in range(4)] == [None] * 4
        assert 0 < await one.client.ttl(f"{prefix}:day:r") <= 86400
    finally:
        await one.client.delete(
            f"{prefix}:burst:r", f"{prefix}:day:r", f"{prefix}:burst:other", f"{prefix}:day:other"
        )
        await one.close()
        await two.close()


async def test_the_dispatcher_counts_in_redis_when_configured(settings, services, bot, updates, redis_url):  # noqa: F811
    strict = settings.model_copy(update={"reader_burst": 2, "redis_url": redis_url})
    chat = 5_000_000 + uuid.uuid4().int % 1_000_000
    first, second = (
        create_dispatcher(strict, services.kb, Locales(), routers=handlers.routers()),
        create_dispatcher(strict, services.kb, Locales(), routers=handlers.routers()),
    )
    try:
        for i, text in enumerate(RUMOURS[:4]):
            await (first if i % 2 else second).feed_update(bot, updates.private_text(chat, text))
        assert await count(services, Request, Request.chat_id == chat) == 2
        assert [m.text for m in to(bot, chat)][-1] == ru("limit-burst")
        assert len(to(bot, chat)) == 3
    finally:
        safety = first["safety"]
        await safety.limits.client.delete(f"tipline:limits:burst:{chat}", f"tipline:limits:day:{chat}")
        for dispatcher in (first, second):
            await dispatcher["safety"].close()
            await dispatcher.storage.close()


PRIVACY_REDIS = "redis://127.0.0.1:6379/11"
MORE_RUMOURS = RUMOURS + [
    f"В посёлке {town} с понедельника закроют {what} на две недели из-за учений."
    for town, what in [("Щучинск", "школы"), ("Балхаш", "рынок"), ("Сатпаев", "больницу")]
]


async def limited_dispatcher(settings, services, backend: str, burst: int):
    """Reader limits of `burst` messages a minute, counted in the process or in Redis (flushed first)."""
    update = {"reader_burst": burst}
    if backend == "redis":
        update["redis_url"] = await redis_or_skip(PRIVACY_REDIS, flush=True)
    return create_dispatcher(
        settings.model_copy(update=update), services.kb, Locales(), routers=handlers.routers()
    )


async def close_dispatcher(dp) -> None:
    await dp["safety"].close()
    await dp.storage.close()


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_a_flooding_reader_still_sees_and_erases_their_data(settings, services, bot, updates, backend):
    dp = await limited_dispatcher(settings, services, backend, burst=8)
    try:
        for text in MORE_RUMOURS:
            await dp.feed_update(bot, updates.private_text(70, text))
        assert len(MORE_RUMOURS) == 9 and to(bot, 70)[-1].text == ru("limit-burst")
        assert await count(services, Request, Request.chat_id == 70) == 8
        [reader] = await rows(services, Reader, Reader.chat_id == 70)
        tips = sorted({r.tip_id for r in await rows(services, Request, Request.chat_id == 70)})
        bot.clear()

        async with services.sessionmaker() as session:  # the desk had answered them with a verdict
            verdict_id = await session.scalar(select(Verdict.id).limit(1))
            session.add(Notice(verdict_id=verdict_id, chat_id=70, kind="verdict", lang="ru"))
            await session.commit()
        rating = RateAnswer(verdict=verdict_id, kind=FeedbackKind.DESK, value=FeedbackValue.UP)
        await dp.feed_update(bot, updates.callback(70, rating.pack(), 901))
        [thanks] = [r for r in bot.requests if isinstance(r, AnswerCallbackQuery)]
        assert thanks.text == ru("feedback-thanks")
        assert await count(services, Feedback, Feedback.chat_id == 70) == 1
        # 👎 and what is wrong are theirs to say; sending it back makes a tip, limited like a post
        tips_before = await count(services, Tip)
        down = RateAnswer(verdict=verdict_id, kind=FeedbackKind.DESK, value=FeedbackValue.DOWN)
        why = ExplainDown(verdict=verdict_id, reason=FeedbackReason.ANOTHER_CLAIM)
        for data in (down, why, SendDisputed(verdict=verdict_id, send=True)):
            await dp.feed_update(bot, updates.callback(70, data.pack(), 901))
        [feedback] = await rows(services, Feedback, Feedback.chat_id == 70)
        assert (feedback.value, feedback.reason, feedback.tip_id) == ("down", "another_claim", None)
        assert await count(services, Tip) == tips_before
        assert [e.text for e in bot.edited] == [ru("feedback-offer-desk")]
        bot.clear()

        await dp.feed_update(bot, updates.command(70, "/mydata"))
        [shown] = to(bot, 70)
        assert shown.text == ru(
            "mydata",
            language="Русский",
            subscribed="no",
            first=reader.created_at.strftime("%Y-%m-%d %H:%M UTC"),
            count="8",
            rated="1",
            ids=", ".join(f"#{i}" for i in tips),
        )
        await dp.feed_update(bot, updates.command(70, "/forget"))
        question = to(bot, 70)[-1]
        assert question.text == ru("forget-confirm")
        yes = question.reply_markup.inline_keyboard[0][0]
        await dp.feed_update(bot, updates.callback(70, yes.callback_data, 900))
        assert [e.text for e in bot.edited if e.chat_id == 70] == [ru("forget-done")]
        assert ru("limit-burst") not in [m.text for m in to(bot, 70)]
        assert await count(services, Reader, Reader.chat_id == 70) == 0
        assert await count(services, Request, Request.chat_id == 70) == 0
        assert await count(services, Feedback, Feedback.chat_id == 70) == 0
        assert await count(services, Tip) == len(tips)  # the tips stay, without the reader
    finally:
        await close_dispatcher(dp)


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_privacy_commands_do_not_count_toward_the_limit(settings, services, bot, updates, backend):
    dp = await limited_dispatcher(settings, services, backend, burst=3)
    try:
        for text in RUMOURS[:2]:
            await dp.feed_update(bot, updates.private_text(71, text))
        for _ in range(4):
            await dp.feed_update(bot, updates.command(71, "/mydata"))
        await dp.feed_update(bot, updates.command(71, "/forget"))
        cancel = to(bot, 71)[-1].reply_markup.inline_keyboard[0][1]
        await dp.feed_update(bot, updates.callback(71, cancel.callback_data, 901))
        assert [e.text for e in bot.edited if e.chat_id == 71] == [ru("forget-cancelled")]
        bot.clear()
        # the third post is within the limit of three, the fourth is not
        await dp.feed_update(bot, updates.private_text(71, RUMOURS[2]))
        await dp.feed_update(bot, updates.private_text(71, RUMOURS[3]))
        [tip] = await rows(services, Tip, Tip.text == RUMOURS[2])
        assert [m.text for m in to(bot, 71)] == [ru("queued", id=str(tip.id)), ru("limit-burst")]
        assert await count(services, Request, Request.chat_id == 71) == 3
    finally:
        await close_dispatcher(dp)


# --- group chats ----------------------------------------------------------------------------------


async def group_says(
    dp, bot, updates, text: str, reply_to: dict | None = None, command: bool = False
) -> dict:
    data = updates.factory.make_group_text(GROUP, text, reply_to=reply_to, command=command)
    data["update_id"] = fresh_update_id()
    await dp.feed_update(bot, Update.model_validate(data))
    return data


async def test_group_chatter_is_never_answered_nor_stored(dp, bot, updates, services):
    await group_says(dp, bot, updates, WATER_RU)
    await group_says(dp, bot, updates, UNKNOWN)
    await group_says(dp, bot, updates, "@some_other_bot " + WATER_RU)
    await group_says(dp, bot, updates, "/frobnicate", command=True)
    assert bot.sent == []
    assert (await count(services, Tip), await count(services, Request), await count(services, Reader)) == (
        0,
        0,
        0,
    )


async def test_check_as_a_reply_in_a_group_answers_a_near_exact_match_with_the_card(
    dp, bot, updates, services
):
    post = await group_says(dp, bot, updates, WATER_RU)
    await group_says(dp, bot, updates, "/check", reply_to=post, command=True)
    [card] = bot.sent
    assert card.chat_id == GROUP and WATER_URL in card.text and ru("rating-false") in card.text
    assert card.reply_parameters.message_id != post["message"]["message_id"]  # replies to the /check
    assert await count(services, Tip) == 0 and await count(services, Request) == 0


async def test_a_mention_in_a_group_is_checked(dp, bot, updates):
    await group_says(dp, bot, updates, "@tipline_test_bot " + WATER_RU)
    [card] = bot.sent
    assert WATER_URL in card.text
    bot.clear()
    post = await group_says(dp, bot, updates, WATER_RU)
    await group_says(dp, bot, updates, "@tipline_test_bot правда?", reply_to=post)
    assert WATER_URL in bot.sent[0].text


async def test_group_without_a_near_exact_match_suggests_the_private_chat_and_stores_nothing(
    settings, services, bot, updates
):
    strict = settings.model_copy(update={"group_threshold": 0.999})
    dp = create_dispatcher(strict, services.kb, Locales(), routers=handlers.routers())
    # the paraphrase gets the card in a private chat...
    await dp.feed_update(bot, updates.private_text(45, WATER_PARAPHRASE))
    assert WATER_URL in to(bot, 45)[0].text
    # ...but not in a group, where only near-exact matches are answered
    post = await group_says(dp, bot, updates, WATER_PARAPHRASE)
    await group_says(dp, bot, updates, "/check", reply_to=post, command=True)
    await group_says(dp, bot, updates, "@tipline_test_bot " + UNKNOWN)
    assert [m.text for m in to(bot, GROUP)] == [ru("group-no-verdict", bot="tipline_test_bot")] * 2
    assert await count(services, Tip) == 0
    assert await count(services, Request) == 1  # the private one


async def test_check_without_text_explains_itself(dp, bot, updates):
    await group_says(dp, bot, updates, "/check", command=True)
    assert [m.text for m in bot.sent] == [ru("group-check-usage")]


async def test_a_blocked_reader_is_ignored_in_groups_too(dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(900, UNKNOWN))
    number = await reader_number(services, 900)
    await say(dp, bot, updates, ADMIN, f"/block R{number}", ADMIN)
    bot.clear()
    await group_says(dp, bot, updates, "@tipline_test_bot " + WATER_RU)
    assert bot.sent == []


# --- inline mode ----------------------------------------------------------------------------------


def inline_answers(bot) -> list[AnswerInlineQuery]:
    return [r for r in bot.requests if isinstance(r, AnswerInlineQuery)]


async def test_inline_query_offers_the_verdict_cards(dp, bot, updates):
    await dp.feed_update(bot, updates.inline_query(50, "вода Алматы хлор"))
    [answer] = inline_answers(bot)
    assert answer.results, "no verdict offered"
    first = answer.results[0]
    text = first.input_message_content.message_text
    assert WATER_URL in text and ru("rating-false") in text
    assert first.input_message_content.parse_mode == "HTML"
    parse_html(text)  # valid Telegram HTML
    assert ru("rating-false") in first.title
    # other results are other verdicts, never the same one twice
    assert len({r.id for r in answer.results}) == len(answer.results)


async def test_empty_or_letterless_inline_query_gets_a_hint(dp, bot, updates):
    await dp.feed_update(bot, updates.inline_query(51, ""))
    await dp.feed_update(bot, updates.inline_query(51, "🙂 1"))
    for answer in inline_answers(bot):
        assert answer.results == [] and answer.button.text == ru("inline-hint")


async def test_inline_text_is_escaped(dp, bot, updates):
    await dp.feed_update(bot, updates.inline_query(52, "<b>вода</b> Алматы хлором отравлена"))
    [answer] = inline_answers(bot)
    for result in answer.results:
        assert "<b>вода</b>" not in result.input_message_content.message_text


# --- readers' identity on the cards ---------------------------------------------------------------


async def test_cards_show_no_identity_by_default(dp, bot, updates, services):
    user = updates.factory.make_user(60, "Ann <i>", username="ann_k")
    await dp.feed_update(bot, updates.private_text(60, UNKNOWN, user=user))
    [card] = to(bot, CHECKERS)
    assert "Ann" not in card.text and "ann_k" not in card.text
    [reader] = await rows(services, Reader, Reader.chat_id == 60)
    assert (reader.name, reader.username) == (None, None)  # not even stored
    await dp.feed_update(bot, updates.command(60, "/mydata", user=user))
    assert ru("mydata-name", name="x").split(":")[0] not in to(bot, 60)[-1].text


async def test_cards_show_the_readers_name_when_the_setting_allows(settings, services, bot, updates):
    open_dp = create_dispatcher(
        settings.model_copy(update={"show_reader_identity": True}),
        services.kb,
        Locales(),
        routers=handlers.routers(),
    )
    user = updates.factory.make_user(61, "Ann <i>", username="ann_k", last_name="K&K")
    await open_dp.feed_update(bot, updates.private_text(61, UNKNOWN, user=user))
    await open_dp.feed_update(bot, updates.private_text(62, UNKNOWN))
    number = await reader_number(services, 61)
    [tip] = await rows(services, Tip)
    texts = [m.text for m in to(bot, CHECKERS)] + [e.text for e in bot.edited if e.chat_id == CHECKERS]
    last = texts[-1]
    assert f"R{number} {html.escape('Ann <i> K&K')} @ann_k" in last
    assert "Reader62" in last
    assert "Ann <i>" not in last
    parse_html(last)
    assert tip.demand == 2
    # the reader can see what is stored and shown
    await open_dp.feed_update(bot, updates.command(61, "/mydata", user=user))
    assert to(bot, 61)[-1].text.endswith("\n" + ru("mydata-name", name="Ann <i> K&K @ann_k"))


async def test_the_group_menu_offers_check(bot):
    await publish_commands(bot, locales)
    group = [r for r in bot.requests if isinstance(r, SetMyCommands) and r.scope is not None]
    assert len(group) == len(LANGUAGES) and {r.scope.type for r in group} == {"all_group_chats"}
    [russian] = [r for r in group if r.language_code == "ru"]
    assert [(c.command, c.description) for c in russian.commands] == [("check", ru("cmd-check"))]


async def test_group_floods_are_met_with_silence(settings, services, bot, updates):
    dp = create_dispatcher(
        settings.model_copy(update={"reader_burst": 2}), services.kb, Locales(), routers=handlers.routers()
    )
    for _ in range(5):
        await group_says(dp, bot, updates, "@tipline_test_bot " + WATER_RU)
    assert len(to(bot, GROUP)) == 2


async def test_inline_cards_reach_the_fake_bot_api_as_valid_telegram_html(settings, services):
    """The whole way: a real aiogram Bot over HTTP to the fake Bot API, which parses every card."""
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    from tests.support.fakebotapi import FakeBotAPI

    dp = create_dispatcher(settings, services.kb, Locales(), routers=handlers.routers())
    async with FakeBotAPI() as api:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api.base_url))
        real_bot = Bot(api.token, session=session)
        try:
            data = api.make_inline_query(53, "Tap water Almaty chlorine", language_code="en")
            data["update_id"] = fresh_update_id()
            await dp.feed_update(real_bot, Update.model_validate(data))
        finally:
            await session.close()
    [answer] = api.requests("answerInlineQuery")
    assert answer.ok, answer.response
    results = answer.params["results"]
    results = json.loads(results) if isinstance(results, str) else results
    texts = [r["input_message_content"]["message_text"] for r in results]
    assert any(WATER_URL in text and en("rating-false") in text for text in texts)


async def test_the_fake_bot_api_refuses_inline_cards_that_are_not_telegram_html():
    from tests.support.fakebotapi import FakeBotAPI

    def article(text: str) -> str:
        content = {"message_text": text, "parse_mode": "HTML"}
        return json.dumps([{"type": "article", "id": "1", "title": "t", "input_message_content": content}])

    api = FakeBotAPI()
    good = await api.call("answerInlineQuery", {"inline_query_id": "1", "results": article("<b>x</b>")})
    bad = await api.call("answerInlineQuery", {"inline_query_id": "2", "results": article("<b>x")})
    assert (good[0], bad[0]) == (200, 400)


async def test_blocked_and_flooding_users_get_no_inline_results(settings, services, bot, updates):
    dp = create_dispatcher(
        settings.model_copy(update={"reader_burst": 2}), services.kb, Locales(), routers=handlers.routers()
    )
    for _ in range(3):
        await dp.feed_update(bot, updates.inline_query(54, "вода Алматы хлор"))
    assert [bool(a.results) for a in inline_answers(bot)] == [True, True, False]
    await dp.feed_update(bot, updates.private_text(55, UNKNOWN))
    await say(dp, bot, updates, ADMIN, f"/block R{await reader_number(services, 55)}", ADMIN)
    bot.clear()
    await dp.feed_update(bot, updates.inline_query(55, "вода Алматы хлор"))
    [answer] = inline_answers(bot)
    assert answer.results == []
