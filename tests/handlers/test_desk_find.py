"""The checkers' /find (tips by their words, typed or read) and /transcript (a transcript corrected), as a
checker uses them in the checkers' chat, and what a bad command gets."""

from __future__ import annotations

import pytest

from bot.db.models import Tip
from bot.i18n import Locales
from tests.handlers.test_checker import CHECKERS, RUMOUR, desk_dispatcher, rows, staffed_desk, tip_from, to

en = Locales()["en"]


@pytest.fixture
def dp(settings, services):
    return desk_dispatcher(settings, services)


@pytest.fixture
async def desk(dp, bot, updates, services):
    return await staffed_desk(dp, bot, updates, services)


async def test_find_lists_the_tips_that_say_the_words_in_any_case(desk, dp, bot, updates, services):
    await tip_from(dp, bot, updates, 41)
    await tip_from(dp, bot, updates, 42, "В Алматы закрывают все школы на карантин до конца месяца")
    tips = {tip.text: tip.id for tip in await rows(services, Tip)}
    bot.clear()
    await desk.say("/find КАРАГАНДЕ интернет")
    [found] = to(bot, CHECKERS)
    assert found.text.startswith(en("desk-find-title", words="КАРАГАНДЕ интернет"))
    assert f"#{tips[RUMOUR]}" in found.text and "карантин" not in found.text
    assert [b.text for row in found.reply_markup.inline_keyboard for b in row] == [
        en("desk-button-open", id=str(tips[RUMOUR]))
    ]


async def test_find_without_words_or_matches_says_so_and_escapes_what_was_asked(desk, bot):
    await desk.say("/find")
    assert to(bot, CHECKERS)[-1].text == en("desk-find-usage")
    await desk.say("/find <b>нет</b>")
    assert to(bot, CHECKERS)[-1].text == en("desk-find-none", words="<b>нет</b>")
    assert "&lt;b&gt;" in to(bot, CHECKERS)[-1].text


async def test_transcript_needs_a_card_and_a_transcript(desk, dp, bot, updates, services):
    await tip_from(dp, bot, updates, 43)
    [tip] = await rows(services, Tip)
    bot.clear()
    await desk.say("/transcript the right words")
    assert to(bot, CHECKERS)[-1].text == en("desk-transcript-usage")
    await desk.say("/transcript the right words", reply_to=tip.card_message_id)
    assert to(bot, CHECKERS)[-1].text == en("desk-transcript-none", id=str(tip.id))
    [unchanged] = await rows(services, Tip)
    assert unchanged.text == RUMOUR
