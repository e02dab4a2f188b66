"""👍 / 👎 under every verdict card a reader gets: stored once per reader and verdict, changed by a second
press, refused for a verdict the chat was never sent. The desk's notices carry them too
(tests/handlers/test_checker.py)."""

from __future__ import annotations

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageText
from sqlalchemy import select

from bot.db.models import Feedback, Verdict
from bot.i18n import Locales
from bot.telegram.callbacks import PickVerdict, RateAnswer
from tests.handlers.test_checker import rating_buttons
from tests.handlers.test_reader import WATER_RU, choosy_dp  # noqa: F401 - a fixture

pytestmark = pytest.mark.asyncio

locales = Locales()


async def feedback_rows(services) -> list[tuple]:
    async with services.sessionmaker() as session:
        rows = (await session.scalars(select(Feedback).order_by(Feedback.id))).all()
    return [(f.chat_id, f.verdict_id, f.kind, f.value, f.lang) for f in rows]


def callback_answers(bot) -> list[str | None]:
    return [r.text for r in bot.requests if isinstance(r, AnswerCallbackQuery)]


async def press(dp, bot, updates, chat_id: int, data: RateAnswer | str, language_code: str = "ru") -> None:
    packed = data if isinstance(data, str) else data.pack()
    await dp.feed_update(bot, updates.callback(chat_id, packed, 1, language_code=language_code))


async def test_an_automatic_card_is_rated_once_and_a_second_press_changes_it(dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(40, WATER_RU))
    [card] = bot.sent
    [(up_text, up), (down_text, down)] = rating_buttons(card)
    water = up.verdict
    assert (up_text, down_text) == (locales["ru"]("feedback-up"), locales["ru"]("feedback-down"))
    assert (up.kind, up.value, down.value) == ("auto", "up", "down")

    await press(dp, bot, updates, 40, up)
    assert await feedback_rows(services) == [(40, water, "auto", "up", "ru")]
    assert callback_answers(bot) == [locales["ru"]("feedback-thanks")]

    bot.clear()
    await press(dp, bot, updates, 40, down)
    await press(dp, bot, updates, 40, down)
    assert await feedback_rows(services) == [(40, water, "auto", "down", "ru")]
    assert callback_answers(bot) == [locales["ru"]("feedback-sorry")] * 2


async def test_a_picked_card_is_rated_as_picked(choosy_dp, bot, updates, services):  # noqa: F811
    dp = choosy_dp
    await dp.feed_update(
        bot, updates.private_text(41, "flu vaccine in schools this autumn", language_code="en")
    )
    pick = PickVerdict.unpack(bot.sent[0].reply_markup.inline_keyboard[0][0].callback_data)
    await dp.feed_update(bot, updates.callback(41, pick.pack(), 1, language_code="en"))
    [card] = [r for r in bot.requests if isinstance(r, EditMessageText)]
    [(_, up), (_, down)] = rating_buttons(card)
    assert (up.verdict, up.kind, down.kind) == (pick.verdict, "picked", "picked")
    await press(dp, bot, updates, 41, down, language_code="en")
    assert await feedback_rows(services) == [(41, pick.verdict, "picked", "down", "en")]


@pytest.mark.parametrize(
    "data",
    [
        "another reader's card",  # a real card's button, pressed in a chat it was never sent to
        "a verdict never sent",
        "fb:999999:auto:up",
        "fb:1:bogus:up",
        "fb:1:auto:meh",
    ],
)
async def test_a_rating_for_a_verdict_the_chat_was_not_sent_changes_nothing(data, dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(42, WATER_RU))
    [(_, up), _] = rating_buttons(bot.sent[0])
    async with services.sessionmaker() as session:
        other = await session.scalar(select(Verdict.id).where(Verdict.id != up.verdict).limit(1))
    data = {
        "another reader's card": up.pack(),
        "a verdict never sent": RateAnswer(verdict=other, kind="auto", value="up").pack(),
    }.get(data, data)
    bot.clear()
    await press(dp, bot, updates, 43, data)
    await press(dp, bot, updates, 42, RateAnswer(verdict=other, kind="auto", value="up"))
    assert await feedback_rows(services) == []
    assert callback_answers(bot) == [locales["ru"]("button-stale")] * 2
