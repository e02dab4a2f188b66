"""👍 / 👎 under every verdict card a reader gets: stored once per reader and verdict, changed by a second
press, refused for a verdict the chat was never sent. A 👎 asks what is wrong and offers to send the
message back to the checkers, flagged as a possible wrong match; the reader's next message is then a note
on its card, as it is after "add where you saw it" under a queued answer. A learnt phrasing two readers
dispute stops answering automatically. The desk's notices carry the buttons too
(tests/handlers/test_checker.py)."""

from __future__ import annotations

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageText
from sqlalchemy import select

from bot.db.models import Claim, Feedback, Reader, Request, Tip, Verdict
from bot.i18n import Locales
from bot.services.notes import add_note, expect_note
from bot.telegram.callbacks import AddContext, DeskAction, ExplainDown, PickVerdict, RateAnswer, SendDisputed
from knowledge.matching import LEARNT
from knowledge.statuses import NoteKind
from knowledge.verdicts import ClaimText
from tests.handlers.test_checker import CHECKERS, rating_buttons, rows, staffed_desk, to
from tests.handlers.test_reader import UNKNOWN, WATER_RU, choosy_dp  # noqa: F401 - a fixture

pytestmark = pytest.mark.asyncio

locales = Locales()
ru, en = locales["ru"], locales["en"]


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


# --- after a 👎: what is wrong, and the message sent back to the checkers ---------------------------------


def reason_buttons(message) -> list[tuple[str, ExplainDown]]:
    return [
        (b.text, ExplainDown.unpack(b.callback_data))
        for row in message.reply_markup.inline_keyboard
        for b in row
    ]


def send_buttons(message) -> list[SendDisputed]:
    return [SendDisputed.unpack(b.callback_data) for row in message.reply_markup.inline_keyboard for b in row]


async def disputed_card(dp, bot, updates, services, chat_id: int = 50, reason: str = "another_claim"):
    """A reader gets an automatic card, presses 👎, says what is wrong and sends it to the checkers."""
    await dp.feed_update(bot, updates.private_text(chat_id, WATER_RU))
    [(_, up), (_, down)] = rating_buttons(bot.sent[0])
    bot.clear()
    await press(dp, bot, updates, chat_id, down)
    [question] = bot.sent
    assert question.text == ru("feedback-what-wrong")
    assert question.reply_parameters is not None or question.reply_to_message_id is not None
    reasons = dict((r.reason, r) for _, r in reason_buttons(question))
    await press(dp, bot, updates, chat_id, reasons[reason])
    [offer] = [r for r in bot.requests if isinstance(r, EditMessageText)]
    assert offer.text == ru("feedback-offer-desk")
    [send, no] = send_buttons(offer)
    assert (send.send, no.send) == (True, False)
    bot.clear()
    await press(dp, bot, updates, chat_id, send)
    return up.verdict, send


async def test_a_down_press_asks_what_is_wrong_in_the_readers_language_once(dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(51, WATER_RU))
    [(_, up), (_, down)] = rating_buttons(bot.sent[0])
    bot.clear()
    await press(dp, bot, updates, 51, down)
    [question] = bot.sent
    assert question.text == ru("feedback-what-wrong")
    assert [text for text, _ in reason_buttons(question)] == [
        ru("feedback-reason-another_claim"),
        ru("feedback-reason-wrong_verdict"),
        ru("feedback-reason-other"),
    ]
    bot.clear()
    await press(dp, bot, updates, 51, down)  # the same press again: no second question
    await press(dp, bot, updates, 51, up)
    assert bot.sent == []
    assert callback_answers(bot) == [ru("feedback-sorry"), ru("feedback-thanks")]


async def test_a_disputed_answer_goes_to_the_checkers_flagged_with_its_verdict_score_and_reason(
    dp, bot, updates, services
):
    verdict_id, send = await disputed_card(dp, bot, updates, services)
    [tip] = await rows(services, Tip)
    [request] = await rows(services, Request)
    [feedback] = await rows(services, Feedback)
    assert (tip.status, tip.text, tip.lang) == ("queued", WATER_RU, "ru")
    assert tip.payload["disputed"] == {
        "verdict": verdict_id,
        "score": request.score,
        "kind": "auto",
        "reason": "another_claim",
    }
    assert request.score is not None and request.score >= 0.65
    assert (request.tip_id, feedback.tip_id, feedback.reason) == (tip.id, tip.id, "another_claim")
    [card] = to(bot, CHECKERS)
    flag = en(
        "desk-card-disputed",
        verdict=str(verdict_id),
        kind=en("desk-answer-auto"),
        score=f"{request.score:.2f}",
        reason=en("feedback-reason-another_claim"),
    )
    assert flag in card.text and "Possible wrong match" in flag
    [edit] = [r for r in bot.requests if isinstance(r, EditMessageText)]
    assert edit.text == ru("feedback-sent", id=str(tip.id))
    # a second press sends nothing more: the same tip, no second card
    bot.clear()
    await press(dp, bot, updates, 50, send)
    assert to(bot, CHECKERS) == [] and len(await rows(services, Tip)) == 1
    assert [r.text for r in bot.requests if isinstance(r, EditMessageText)] == [
        ru("feedback-sent", id=str(tip.id))
    ]


async def test_the_readers_next_message_is_a_note_on_the_card_not_a_new_tip(dp, bot, updates, services):
    await disputed_card(dp, bot, updates, services, reason="wrong_verdict")
    [tip] = await rows(services, Tip)
    bot.clear()
    await dp.feed_update(bot, updates.private_text(50, "Это было в канале <b>@news</b>, и вода чистая"))
    assert [m.text for m in to(bot, 50)] == [ru("note-added", id=str(tip.id))]
    [tip] = await rows(services, Tip)
    assert tip.payload["notes"] == [
        {"kind": "dispute", "text": "Это было в канале <b>@news</b>, и вода чистая"}
    ]
    assert len(await rows(services, Request)) == 1
    [card] = [e for e in bot.edited if e.chat_id == CHECKERS]
    assert en("desk-card-note", text="Это было в канале <b>@news</b>, и вода чистая") in card.text
    assert "&lt;b&gt;@news&lt;/b&gt;" in card.text
    # the note was one message: the next is a post again
    bot.clear()
    await dp.feed_update(bot, updates.private_text(50, WATER_RU + " Правда?"))
    assert len(await rows(services, Request)) == 2
    assert len((await rows(services, Tip))[0].payload["notes"]) == 1


async def test_a_forwarded_post_instead_of_the_note_is_a_post(dp, bot, updates, services):
    await disputed_card(dp, bot, updates, services)
    bot.clear()
    await dp.feed_update(bot, updates.private_text(50, UNKNOWN, forward_sender_name="Someone"))
    tips = await rows(services, Tip)
    assert len(tips) == 2 and "notes" not in tips[0].payload
    assert to(bot, 50)[0].text == ru("queued", id=str(tips[1].id))
    [reader] = await rows(services, Reader)
    assert reader.note_tip_id is None


async def test_no_thanks_sends_nothing_to_the_checkers(dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(52, WATER_RU))
    [_, (_, down)] = rating_buttons(bot.sent[0])
    await press(dp, bot, updates, 52, down)
    await press(dp, bot, updates, 52, ExplainDown(verdict=down.verdict, reason="other"))
    bot.clear()
    await press(dp, bot, updates, 52, SendDisputed(verdict=down.verdict, send=False))
    assert [r.text for r in bot.requests if isinstance(r, EditMessageText)] == [ru("feedback-noted")]
    assert await rows(services, Tip) == [] and to(bot, CHECKERS) == []
    [feedback] = await rows(services, Feedback)
    assert (feedback.value, feedback.reason, feedback.tip_id) == ("down", "other", None)


@pytest.mark.parametrize("pressed_by", ["the same reader after 👍", "another chat"])
async def test_a_reason_or_a_send_without_a_down_press_changes_nothing(
    pressed_by, dp, bot, updates, services
):
    await dp.feed_update(bot, updates.private_text(53, WATER_RU))
    [(_, up), _] = rating_buttons(bot.sent[0])
    await press(dp, bot, updates, 53, up)
    chat = 53 if pressed_by == "the same reader after 👍" else 54
    bot.clear()
    await press(dp, bot, updates, chat, ExplainDown(verdict=up.verdict, reason="another_claim"))
    await press(dp, bot, updates, chat, SendDisputed(verdict=up.verdict, send=True))
    await press(dp, bot, updates, chat, "fbr:1:bogus")
    assert callback_answers(bot)[:2] == [ru("button-stale")] * 2
    assert await rows(services, Tip) == [] and bot.sent == []
    assert [(f.value, f.reason) for f in await rows(services, Feedback)] == [("up", None)]


async def test_a_learnt_phrasing_two_readers_dispute_stops_answering_automatically(
    dp, bot, updates, services
):
    learnt = "Говорят, из крана в Алматы течёт отравленная вода, её нельзя пить до конца месяца"
    [water] = await rows(services, Verdict, Verdict.external_id == "t-ru-water")
    await services.kb.add_phrasing(water.id, ClaimText("ru", learnt, LEARNT))
    for chat_id in (60, 61):
        bot.clear()
        await dp.feed_update(bot, updates.private_text(chat_id, learnt))
        [card] = bot.sent
        [_, (_, down)] = rating_buttons(card)
        assert down.verdict == water.id
        await press(dp, bot, updates, chat_id, down)
    requests = await rows(services, Request)
    assert [(r.decision, r.phrasing) for r in requests] == [("auto", learnt)] * 2
    kinds = [c.kind for c in await rows(services, Claim, Claim.verdict_id == water.id, Claim.text == learnt)]
    assert kinds == ["disputed"]
    bot.clear()
    await dp.feed_update(bot, updates.private_text(62, learnt))
    [third] = await rows(services, Request, Request.chat_id == 62)
    assert third.decision == "choose"
    assert bot.sent[0].text == ru("choose-intro")
    # and the matcher a restart builds agrees: the stored phrasing is disputed
    ranked, decision = await services.kb.assess(learnt)
    assert ranked[0].kind == "disputed" and decision.action != "auto"


async def test_one_readers_repeated_down_presses_are_one_dispute(dp, bot, updates, services):
    learnt = "Говорят, из крана в Алматы течёт отравленная вода, её нельзя пить до конца месяца"
    [water] = await rows(services, Verdict, Verdict.external_id == "t-ru-water")
    await services.kb.add_phrasing(water.id, ClaimText("ru", learnt, LEARNT))
    await dp.feed_update(bot, updates.private_text(63, learnt))
    [((_, up), (_, down))] = [rating_buttons(bot.sent[0])]
    for data in (down, up, down):
        await press(dp, bot, updates, 63, data)
    kinds = [c.kind for c in await rows(services, Claim, Claim.verdict_id == water.id, Claim.text == learnt)]
    assert kinds == ["tip"]


async def test_the_desk_links_a_disputed_tip_and_the_reader_rates_the_new_answer(dp, bot, updates, services):
    water, _ = await disputed_card(dp, bot, updates, services)
    desk = await staffed_desk(dp, bot, updates, services)
    [tip] = await rows(services, Tip)
    other = (await rows(services, Verdict, Verdict.id != water))[0]
    bot.clear()
    await desk.press(DeskAction(action="linkok", tip=tip.id, arg=other.id))
    [notice] = to(bot, 50)
    assert notice.text.startswith(ru("desk-notice-verdict", id=str(tip.id)))
    [(_, up), _] = rating_buttons(notice)
    assert (up.verdict, up.kind) == (other.id, "desk")
    await press(dp, bot, updates, 50, up)
    [request] = await rows(services, Request)
    feedback = {f.verdict_id: (f.value, f.kind, f.request_id) for f in await rows(services, Feedback)}
    assert feedback == {water: ("down", "auto", request.id), other.id: ("up", "desk", request.id)}


# --- "add where you saw it" under a queued answer -----------------------------------------------------


def context_button(message) -> AddContext:
    [[button]] = message.reply_markup.inline_keyboard
    assert button.text == ru("context-button")
    return AddContext.unpack(button.callback_data)


async def test_where_the_reader_saw_it_is_added_to_the_card_not_queued(dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(70, UNKNOWN))
    [queued] = to(bot, 70)
    [tip] = await rows(services, Tip)
    assert queued.text == ru("queued", id=str(tip.id))
    pressed = context_button(queued)
    assert pressed.tip == tip.id
    bot.clear()
    await press(dp, bot, updates, 70, pressed)
    assert [m.text for m in to(bot, 70)] == [ru("context-ask", id=str(tip.id))]
    bot.clear()
    where = "https://t.me/some_channel/123 <script>"
    await dp.feed_update(bot, updates.private_text(70, where))
    assert [m.text for m in to(bot, 70)] == [ru("note-added", id=str(tip.id))]
    [tip] = await rows(services, Tip)
    assert tip.payload["notes"] == [{"kind": "context", "text": where}]
    assert len(await rows(services, Request)) == 1 and tip.demand == 1
    [card] = [e for e in bot.edited if e.chat_id == CHECKERS]
    assert en("desk-card-seen-at", text=where) in card.text and "&lt;script&gt;" in card.text


async def test_a_context_button_for_someone_elses_or_a_closed_tip_changes_nothing(dp, bot, updates, services):
    await dp.feed_update(bot, updates.private_text(71, UNKNOWN))
    pressed = context_button(to(bot, 71)[0])
    bot.clear()
    await press(dp, bot, updates, 72, pressed)  # another reader, a crafted press
    await press(dp, bot, updates, 72, f"ctx:{pressed.tip + 1000}")
    assert callback_answers(bot) == [ru("button-stale")] * 2
    await dp.feed_update(bot, updates.private_text(72, "канал Новости 24"))
    [tip, theirs] = await rows(services, Tip)
    assert "notes" not in tip.payload and theirs.text == "канал Новости 24"
    # the tip closes after the reader pressed: their message is a post after all
    await press(dp, bot, updates, 71, pressed)
    async with services.sessionmaker() as session:
        (await session.get(Tip, tip.id)).status = "rejected"
        await session.commit()
    await dp.feed_update(bot, updates.private_text(71, "В Павлодаре отменят трамваи с понедельника"))
    assert len(await rows(services, Tip)) == 3
    [reader] = await rows(services, Reader, Reader.chat_id == 71)
    assert reader.note_tip_id is None


async def test_a_tip_keeps_its_latest_notes_and_its_card_stays_within_telegrams_limit(
    dp, bot, updates, services
):
    await dp.feed_update(bot, updates.private_text(73, UNKNOWN))
    pressed = context_button(to(bot, 73)[0])
    [tip] = await rows(services, Tip)
    for n in range(7):  # as many notes as the reader's limits let through, stored as the handler does
        async with services.sessionmaker() as session:
            [reader] = await rows(services, Reader, Reader.chat_id == 73)
            await expect_note(session, reader, tip.id, NoteKind.CONTEXT)
            reader.note_tip_id, reader.note_kind = tip.id, NoteKind.CONTEXT
            await add_note(session, reader, f"{n} " + "канал " * 300)
            await session.commit()
    await press(dp, bot, updates, 73, pressed)
    await dp.feed_update(bot, updates.private_text(73, "7 " + "канал " * 300))
    [tip] = await rows(services, Tip)
    assert [note["text"].split()[0] for note in tip.payload["notes"]] == ["3", "4", "5", "6", "7"]
    assert len([e for e in bot.edited if e.chat_id == CHECKERS][-1].text) < 4096
