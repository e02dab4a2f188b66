"""The reader's private chat, driven through the dispatcher with a mocked bot."""

from __future__ import annotations

import dataclasses

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import EditMessageText, TelegramMethod
from aiogram.types import Update
from aiohttp import ClientConnectorError
from aiohttp.client_reqrep import ConnectionKey
from sqlalchemy import func, select

import handlers
from bot.db.models import OutboxMessage, Reader, Request, Tip, Verdict
from bot.i18n import Locales
from bot.services.unit_of_work import Unit
from bot.telegram.app import create_dispatcher
from bot.telegram.callbacks import ChooseLanguage, PickVerdict
from bot.telegram.outbox import OutboxSender
from knowledge.verdicts import LANGUAGES
from tests.conftest import fresh_update_id

pytestmark = pytest.mark.asyncio

WATER_RU = "Водопроводная вода в Алматы отравлена хлором, пить её нельзя до конца месяца."
WATER_URL = "https://factcheck.example/test-almaty-water"
UNKNOWN = "В Караганде с понедельника отключат интернет на две недели из-за учений."
locales = Locales()


async def rows(services, model, *where):
    async with services.sessionmaker() as session:
        return (await session.scalars(select(model).where(*where))).all()


async def count(services, model, *where) -> int:
    async with services.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


def texts(bot) -> list[str]:
    return [m.text for m in bot.sent]


async def test_start_greets_in_the_telegram_language_and_offers_the_picker(dp, bot, updates):
    await dp.feed_update(bot, updates.command(7, "/start", language_code="kk"))
    greeting, picker = bot.sent
    assert greeting.text == locales["kk"]("start-greeting", name="Reader7", newsroom="our newsroom")
    assert picker.text == locales["kk"]("start-choose-language")
    buttons = [b for row in picker.reply_markup.inline_keyboard for b in row]
    assert [ChooseLanguage.unpack(b.callback_data).code for b in buttons] == list(LANGUAGES)


async def test_start_falls_back_to_english_and_escapes_the_name(dp, bot, updates, services):
    user = updates.factory.make_user(8, "<b>Ann</b> & co", language_code="de")
    await dp.feed_update(bot, updates.command(8, "/start", user=user))
    assert "Hello, &lt;b&gt;Ann&lt;/b&gt; &amp; co!" in bot.sent[0].text
    [reader] = await rows(services, Reader, Reader.chat_id == 8)
    assert reader.language == "en"


async def test_language_picker_changes_the_language(dp, bot, updates, services):
    await dp.feed_update(bot, updates.command(9, "/language", language_code="ru"))
    assert bot.sent[0].text == locales["ru"]("language-choose")
    message_id = updates.factory.next_message_id(9)
    await dp.feed_update(bot, updates.callback(9, ChooseLanguage(code="uz").pack(), message_id))
    [edit] = bot.edited
    assert edit.text == locales["uz"]("language-set")
    [reader] = await rows(services, Reader, Reader.chat_id == 9)
    assert (reader.language, reader.language_chosen) == ("uz", True)
    bot.clear()
    await dp.feed_update(bot, updates.command(9, "/help", language_code="ru"))
    assert bot.sent[0].text == locales["uz"]("help")


async def test_known_claim_gets_the_verdict_card(dp, bot, updates, services):
    await dp.feed_update(
        bot, updates.private_text(10, WATER_RU, forward_from_chat={"id": -1001, "title": "Новости <b>"})
    )
    [card] = bot.sent
    t = locales["ru"]
    assert t("rating-false") in card.text
    assert WATER_URL in card.text
    assert "хлором" in card.text
    [request] = await rows(services, Request, Request.chat_id == 10)
    assert request.decision == "auto" and request.answered_at is not None
    assert await count(services, Tip) == 0


async def test_card_uses_the_claim_in_the_readers_language(dp, bot, updates):
    english = (
        "Tap water in Almaty is poisoned with chlorine and must not be drunk until the end of the month."
    )
    await dp.feed_update(bot, updates.private_text(11, english, language_code="en"))
    [card] = bot.sent
    assert "<b>Claim:</b> Tap water in Almaty" in card.text
    assert "chlorine is within the norm" in card.text


async def test_unknown_claim_is_queued_with_a_reference_number(dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(12, UNKNOWN))
    [tip] = await rows(services, Tip)
    assert (tip.text, tip.status, tip.demand, tip.lang) == (UNKNOWN, "queued", 1, "ru")
    assert bot.sent[0].text == locales["ru"]("queued", id=str(tip.id))
    assert f"#{tip.id}" in bot.sent[0].text


async def test_same_rumour_from_two_readers_is_one_tip_with_demand_two(dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(13, UNKNOWN))
    await dp.feed_update(bot, updates.private_text(14, UNKNOWN + " !!!"))
    await dp.feed_update(bot, updates.private_text(14, UNKNOWN))
    [tip] = await rows(services, Tip)
    assert tip.demand == 2
    assert await count(services, Request, Request.tip_id == tip.id) == 3


async def test_redelivered_message_is_stored_once_and_answered_once(dp, bot, updates, services):
    update = updates.private_text(15, UNKNOWN)
    await dp.feed_update(bot, update)
    await dp.feed_update(bot, update)
    assert await count(services, Tip) == 1
    assert await count(services, Request) == 1
    assert len([m for m in bot.sent if m.chat_id == 15]) == 1


async def test_a_crash_before_the_commit_leaves_nothing_and_the_redelivery_answers_once(
    dp, bot, updates, services, monkeypatch
):
    update = updates.private_text(16, UNKNOWN)
    commit = Unit.commit

    async def killed(self: Unit) -> list[int]:
        raise RuntimeError("killed before the commit")

    monkeypatch.setattr(Unit, "commit", killed)
    with pytest.raises(RuntimeError):
        await dp.feed_update(bot, update)
    assert await count(services, Request) == 0 and await count(services, Tip) == 0
    assert bot.sent == []
    monkeypatch.setattr(Unit, "commit", commit)
    await dp.feed_update(bot, update)
    [tip] = await rows(services, Tip)
    assert [m.text for m in bot.sent if m.chat_id == 16] == [locales["ru"]("queued", id=str(tip.id))]
    assert await count(services, Request) == 1


async def test_an_answer_cut_after_it_left_is_recorded_unknown_and_never_sent_again(
    dp, bot, updates, services
):
    update = updates.private_text(31, UNKNOWN)
    with bot.failing_sends(31):
        await dp.feed_update(bot, update)
    await dp.feed_update(bot, update)  # Telegram delivers it again
    [answer] = [row for row in await rows(services, OutboxMessage) if row.chat_id == 31]
    assert answer.state == "unknown" and answer.attempts == 1  # tried once, never again
    assert [m for m in bot.sent if m.chat_id == 31] == []
    assert await count(services, Request) == 1


async def test_an_answer_whose_connection_never_opened_is_sent_again(dp, bot, updates, services):
    def refused(method: TelegramMethod) -> Exception:
        cause = ClientConnectorError(
            ConnectionKey("127.0.0.1", 1, False, True, None, None, None, None), OSError(111, "refused")
        )
        error = TelegramNetworkError(method, f"ClientConnectorError: {cause}")
        error.__cause__ = cause
        return error

    attempts = 0

    def once(method: TelegramMethod) -> Exception | None:
        nonlocal attempts
        attempts += 1
        return refused(method) if attempts == 1 else None

    with bot.failing_sends(32, error=once):
        await dp.feed_update(bot, updates.private_text(32, UNKNOWN))
    [answer] = [row for row in await rows(services, OutboxMessage) if row.chat_id == 32]
    assert answer.state == "sent" and answer.attempts == 2
    [tip] = await rows(services, Tip)
    assert [m.text for m in bot.sent if m.chat_id == 32][-1] == locales["ru"]("queued", id=str(tip.id))


@pytest.fixture
def choosy_dp(settings, services):
    """A dispatcher whose matcher never answers on its own, so plausible matches become choices."""
    services.kb.matcher.thresholds = dataclasses.replace(services.kb.matcher.thresholds, auto=1.01)
    return create_dispatcher(settings, services.kb, Locales(), routers=handlers.routers())


async def test_plausible_matches_are_offered_and_picking_one_shows_its_card(
    choosy_dp, bot, updates, services
):
    dp = choosy_dp
    await dp.feed_update(
        bot, updates.private_text(17, "flu vaccine in schools this autumn", language_code="en")
    )
    [question] = bot.sent
    assert question.text == locales["en"]("choose-intro")
    buttons = [row[0] for row in question.reply_markup.inline_keyboard]
    assert 2 <= len(buttons) <= 4 and buttons[-1].text == locales["en"]("choose-none")
    picks = [PickVerdict.unpack(b.callback_data) for b in buttons]
    [chip] = await rows(services, Verdict, Verdict.external_id == "t-en-vaccine-chip")
    assert chip.id in [p.verdict for p in picks]
    message_id = updates.factory.next_message_id(17)
    await dp.feed_update(
        bot, updates.callback(17, PickVerdict(request=picks[0].request, verdict=chip.id).pack(), message_id)
    )
    [card] = [r for r in bot.requests if isinstance(r, EditMessageText)]
    assert "https://factcheck.example/test-flu-vaccine-chip" in card.text
    [tip] = await rows(services, Tip)
    assert (tip.status, tip.verdict_id) == ("answered", chip.id)
    # the reader's words became a phrasing of the verdict they picked
    assert chip.id in [
        m.verdict_id for m in services.kb.matcher.find_verdicts("flu vaccine in schools this autumn")
    ]
    # a second press changes nothing
    bot.clear()
    await dp.feed_update(
        bot, updates.callback(17, PickVerdict(request=picks[0].request, verdict=0).pack(), message_id)
    )
    assert bot.edited[0].text == locales["en"]("choice-expired")
    [tip] = await rows(services, Tip)
    assert tip.status == "answered"


async def test_none_of_these_queues_the_tip(choosy_dp, bot, updates, services):
    dp = choosy_dp
    await dp.feed_update(
        bot, updates.private_text(18, "flu vaccine in schools this autumn", language_code="en")
    )
    request = PickVerdict.unpack(bot.sent[0].reply_markup.inline_keyboard[0][0].callback_data).request
    message_id = updates.factory.next_message_id(18)
    await dp.feed_update(
        bot, updates.callback(18, PickVerdict(request=request, verdict=0).pack(), message_id)
    )
    [tip] = await rows(services, Tip)
    assert tip.status == "queued"
    assert bot.edited[0].text == locales["en"]("queued", id=str(tip.id))


async def test_a_crafted_pick_for_another_readers_request_changes_nothing(choosy_dp, bot, updates, services):
    dp = choosy_dp
    await dp.feed_update(
        bot, updates.private_text(19, "flu vaccine in schools this autumn", language_code="en")
    )
    pick = PickVerdict.unpack(bot.sent[0].reply_markup.inline_keyboard[0][0].callback_data)
    await dp.feed_update(bot, updates.callback(20, pick.pack(), 1, language_code="en"))
    assert bot.edited[0].text == locales["en"]("choice-expired")
    [tip] = await rows(services, Tip)
    assert tip.status == "suggested"


async def test_stickers_get_a_localised_explanation(dp, bot, updates):
    await dp.feed_update(bot, updates.sticker(21))
    assert bot.sent[0].text == locales["ru"]("unsupported-content", kind="sticker")


async def test_an_empty_forward_has_nothing_to_check(dp, bot, updates):
    data = updates.factory.make_private_text(21, "x", forward_from_chat={"id": -1002, "title": "Channel"})
    del data["message"]["text"]
    data["message"]["dice"] = {"emoji": "🎲", "value": 1}
    data["update_id"] = fresh_update_id()
    await dp.feed_update(bot, Update.model_validate(data))
    assert bot.sent[0].text == locales["ru"]("nothing-to-check")


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("voice", {"file_id": "v", "file_unique_id": "vu", "duration": 3}, "voice"),
        ("location", {"latitude": 43.2, "longitude": 76.9}, "location"),
        ("contact", {"phone_number": "+7700", "first_name": "A"}, "contact"),
        (
            "poll",
            {
                "id": "p",
                "question": "?",
                "options": [
                    {"text": "a", "voter_count": 0, "persistent_id": "a"},
                    {"text": "b", "voter_count": 0, "persistent_id": "b"},
                ],
                "allows_revoting": False,
                "members_only": False,
                "total_voter_count": 0,
                "is_closed": False,
                "is_anonymous": True,
                "type": "regular",
                "allows_multiple_answers": False,
            },
            "poll",
        ),
        ("dice", {"emoji": "🎲", "value": 3}, "other"),
    ],
)
async def test_uncheckable_messages_get_a_localised_explanation(dp, bot, updates, field, value, kind):
    data = updates.factory.make_private_text(22, "x")
    del data["message"]["text"]
    data["message"][field] = value
    data["update_id"] = fresh_update_id()
    await dp.feed_update(bot, Update.model_validate(data))
    assert bot.sent[0].text == locales["ru"]("unsupported-content", kind=kind)


async def test_letterless_text_has_nothing_to_check(dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(23, "🙂🙂 !!! 123"))
    assert bot.sent[0].text == locales["ru"]("nothing-to-check")
    assert await count(services, Tip) == 0


async def test_photo_without_caption_is_queued_for_checkers(dp, bot, updates, services):
    await dp.feed_update(bot, updates.photo(24))
    [tip] = await rows(services, Tip)
    assert tip.payload["media"] == "photo" and tip.payload["file_unique_id"]
    assert bot.sent[0].text == locales["ru"]("media-queued-photo", id=str(tip.id))


async def test_photo_caption_is_matched_as_text(dp, bot, updates):
    await dp.feed_update(bot, updates.photo(25, caption=WATER_RU))
    assert WATER_URL in bot.sent[0].text


async def test_long_text_is_matched_on_a_prefix_and_stored_whole(dp, bot, updates, services):
    long = (UNKNOWN + " ") * 60
    long = long[:4096]
    await dp.feed_update(bot, updates.private_text(26, long))
    [tip] = await rows(services, Tip)
    assert tip.text == long


async def test_unknown_command_is_explained(dp, bot, updates):
    await dp.feed_update(bot, updates.command(27, "/frobnicate"))
    assert bot.sent[0].text == locales["ru"]("unknown-command")


async def test_hostile_text_is_never_echoed_unescaped(dp, bot, updates, services):
    hostile = '<script>alert(1)</script> <a href="javascript:x">вода</a> \u202e\u200b \ud800 отравлена'
    await dp.feed_update(bot, updates.private_text(28, hostile))
    for message in bot.sent:
        assert "<script>" not in message.text and "javascript:" not in message.text


async def test_group_chatter_is_ignored(dp, bot, updates):
    data = updates.factory.make_private_text(29, WATER_RU)
    data["message"]["chat"] = {"id": -100777, "type": "supergroup", "title": "Chat"}
    data["update_id"] = fresh_update_id()
    await dp.feed_update(bot, Update.model_validate(data))
    assert bot.sent == []


async def test_messages_committed_before_a_crash_are_delivered_at_the_next_start(
    dp, bot, updates, services, settings, monkeypatch
):
    async def died(self: OutboxSender, bot: Bot, ids: list[int]) -> None:
        return None

    deliver = OutboxSender.deliver
    monkeypatch.setattr(OutboxSender, "deliver", died)
    await dp.feed_update(bot, updates.private_text(30, UNKNOWN))
    assert bot.sent == []
    monkeypatch.setattr(OutboxSender, "deliver", deliver)
    assert await dp["outbox"].deliver_pending(bot) == 2  # the answer and the card
    assert await dp["outbox"].deliver_pending(bot) == 0
    [tip] = await rows(services, Tip)
    assert tip.card_message_id is not None
    assert len([m for m in bot.sent if m.chat_id == settings.checkers_chat_id]) == 1
    assert len([m for m in bot.sent if m.chat_id == 30]) == 1
