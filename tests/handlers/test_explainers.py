"""Explainers through the dispatcher: a message no verdict answers gets the explainer it matches (and
its tip is queued), a later reader of the same tip gets it too, a checker attaches one to a tip with
/explain (its readers get it once each, in their language), and /menu lists them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.explainers import upsert_explainers
from bot.db.models import AuditEntry, StatusNotice, Tip
from bot.i18n import Locales
from bot.telegram.callbacks import ShowExplainer
from knowledge.explainers import ExplainerRecord
from tests.handlers.test_checker import CHECKERS, RUMOUR, rows, staffed_desk, tip_from, to

pytestmark = pytest.mark.asyncio

locales = Locales()
ru, en = locales["ru"], locales["en"]
GARLIC_QUESTION = "Правда ли, что чеснок за три дня вылечивает коронавирус?"
CURES = [
    ExplainerRecord(
        "miracle-cures",
        "ru",
        "Как проверить «чудо-лекарство» <от всего>",
        "Спросите, кто это проверял: настоящие лекарства проходят испытания.",
        keywords=("чудо-лекарство", "народное средство"),
        questions=(GARLIC_QUESTION, "Помогает ли водка от вируса?"),
    ),
    ExplainerRecord(
        "miracle-cures",
        "en",
        "How to check a miracle cure",
        "Ask who tested it: real medicines go through trials.",
        questions=("Does garlic cure the coronavirus in three days?",),
    ),
    ExplainerRecord("screenshots", "en", "Why a screenshot proves little", "Screenshots are easy to fake."),
]


@pytest.fixture
async def explained(services):
    async with services.sessionmaker() as session:  # as `tipline explainers import` does
        await upsert_explainers(session, CURES)
        await session.commit()
    await services.kb.explainers.refresh()
    return services


def card(title: str, text: str, t=ru) -> str:
    return t("explainer-card", title=title, text=text)


async def test_a_message_no_verdict_answers_gets_the_explainer_it_matches_and_is_queued(
    dp, bot, updates, explained
):
    await dp.feed_update(bot, updates.private_text(80, GARLIC_QUESTION))
    [tip] = await rows(explained, Tip)
    assert tip.explainer_key == "miracle-cures" and tip.status == "queued"
    [answer] = to(bot, 80)
    assert answer.text == card(CURES[0].title, CURES[0].text) + "\n\n" + ru("queued", id=str(tip.id))
    assert "&lt;от всего&gt;" in answer.text  # an editor's words are escaped too
    [told] = await rows(explained, StatusNotice)
    assert (told.tip_id, told.chat_id, told.kind) == (tip.id, 80, "explained")
    [desk_card] = to(bot, CHECKERS)
    assert en("desk-card-explainer", name="miracle-cures") in desk_card.text
    # a later reader of the same tip gets it at once, in their language
    bot.clear()
    await dp.feed_update(bot, updates.private_text(81, GARLIC_QUESTION + "!!", language_code="en"))
    [answer] = to(bot, 81)
    assert answer.text.startswith(card(CURES[1].title, CURES[1].text, en))
    assert len(await rows(explained, Tip)) == 1


async def test_a_message_like_no_explainer_gets_the_plain_queued_answer(dp, bot, updates, explained):
    await tip_from(dp, bot, updates, 82)
    [tip] = await rows(explained, Tip)
    assert tip.explainer_key is None
    assert to(bot, 82)[0].text == ru("queued", id=str(tip.id))


async def test_a_checker_attaches_an_explainer_and_its_readers_get_it_once_each(dp, bot, updates, explained):
    desk = await staffed_desk(dp, bot, updates, explained)
    await tip_from(dp, bot, updates, 83)
    await tip_from(dp, bot, updates, 84, RUMOUR, lang="en")
    [tip] = await rows(explained, Tip)
    bot.clear()
    await desk.say("/explain screenshots", reply_to=tip.card_message_id)
    title = CURES[2].title
    assert to(bot, CHECKERS)[-1].text == en("desk-explainer-attached", id=str(tip.id), title=title, count=2)
    for chat, t in ((83, ru), (84, en)):  # screenshots is written in English only: both get it
        [sent] = to(bot, chat)
        assert sent.text == card(title, CURES[2].text, t) + "\n\n" + t("explainer-for-tip", id=str(tip.id))
    assert (
        en("desk-card-explainer", name="screenshots")
        in [e for e in bot.edited if e.chat_id == CHECKERS][-1].text
    )
    [entry] = await rows(explained, AuditEntry, AuditEntry.action == "explain")
    assert (entry.before["explainer"], entry.after["explainer"]) == (None, "screenshots")
    # again: nobody is told twice; a later reader gets it with their answer
    bot.clear()
    await desk.say(f"/explain {tip.id} screenshots")
    assert to(bot, CHECKERS)[-1].text == en("desk-explainer-attached", id=str(tip.id), title=title, count=0)
    assert to(bot, 83) == [] and to(bot, 84) == []
    await tip_from(dp, bot, updates, 85)
    assert to(bot, 85)[0].text.startswith(card(title, CURES[2].text))


async def test_explain_refuses_an_unknown_explainer_a_closed_tip_and_a_reader(dp, bot, updates, explained):
    desk = await staffed_desk(dp, bot, updates, explained)
    await tip_from(dp, bot, updates, 86)
    [tip] = await rows(explained, Tip)
    bot.clear()
    await desk.say(f"/explain {tip.id} nonsense")
    await desk.say("/explain screenshots")  # no card replied to, no number
    async with explained.sessionmaker() as session:
        (await session.get(Tip, tip.id)).status = "rejected"
        await session.commit()
    await desk.say(f"/explain {tip.id} screenshots")
    assert [m.text for m in to(bot, CHECKERS)] == [
        en("desk-unknown-explainer", name="nonsense"),
        en("desk-explain-usage"),
        en("desk-not-open", id=str(tip.id)),
    ]
    await desk.say(f"/explain {tip.id} screenshots", user_id=86, chat=86)  # a reader in private
    assert (await rows(explained, Tip))[0].explainer_key is None
    assert to(bot, 86)[-1].text != en("desk-explainer-attached", id=str(tip.id), title="", count=0)
    bot.clear()
    await desk.say("/explain")
    listing = to(bot, CHECKERS)[-1].text
    assert "<code>miracle-cures</code> (en, ru)" in listing and "<code>screenshots</code> (en)" in listing


async def test_menu_lists_the_explainers_in_the_readers_language(dp, bot, updates, explained):
    await dp.feed_update(bot, updates.command(87, "/menu", language_code="en"))
    [menu] = to(bot, 87)
    assert menu.text == en("menu-title")
    pressed = [
        ShowExplainer.unpack(b.callback_data) for row in menu.reply_markup.inline_keyboard for b in row
    ]
    titles = [b.text for row in menu.reply_markup.inline_keyboard for b in row]
    assert titles == ["How to check a miracle cure", "Why a screenshot proves little"]
    bot.clear()
    await dp.feed_update(bot, updates.callback(87, pressed[1].pack(), 1, language_code="en"))
    assert [m.text for m in to(bot, 87)] == [card(CURES[2].title, CURES[2].text, en)]
    bot.clear()
    await dp.feed_update(bot, updates.callback(87, "expl:999999", 1, language_code="en"))
    assert to(bot, 87) == []
    await dp.feed_update(bot, updates.command(88, "/menu", language_code="tr"))
    assert [m.text for m in to(bot, 88)] == [locales["tr"]("menu-empty")]
    async with explained.sessionmaker() as session:
        assert await session.scalar(select(Tip.id)) is None  # /menu is not a tip


async def test_explainers_another_process_stored_reach_the_bot_at_its_next_sync(services):
    async with services.sessionmaker() as session:  # as `tipline explainers import` does
        await upsert_explainers(session, [CURES[2]])
        await session.commit()
    assert await services.kb.explainers.match(CURES[2].title) is None
    await services.kb.sync()
    assert await services.kb.explainers.match(CURES[2].title) == "screenshots"


async def test_an_explainers_languages_answer_together_not_as_rivals(dp, bot, updates, explained):
    """The Russian and English questions of one explainer both match an English message: one answer."""
    await dp.feed_update(bot, updates.private_text(89, CURES[1].questions[0], language_code="en"))
    [tip] = await rows(explained, Tip)
    assert tip.explainer_key == "miracle-cures"
    assert to(bot, 89)[0].text.startswith(card(CURES[1].title, CURES[1].text, en))
