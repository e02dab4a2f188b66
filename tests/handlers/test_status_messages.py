"""Status messages: a tip's readers hear, once each and in their language, that a checker took it, that it
was closed as spam or not checkable, and that it is still being checked a day later."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from bot.db.models import BlockedReader, StatusNotice, Tip, utcnow
from bot.i18n import Locales
from tests.handlers.test_checker import (
    CHECKER,
    OTHER,
    RUMOUR,
    Desk,
    count,
    desk_dispatcher,
    rows,
    staffed_desk,
    tip_from,
    to,
)

pytestmark = pytest.mark.asyncio

RU_READER, KK_READER, LATER_READER, ANOTHER_CHECKER = 41, 42, 43, 503
locales = Locales()


@pytest.fixture
def dp(settings, services):
    return desk_dispatcher(settings, services)


@pytest.fixture
async def desk(dp, bot, updates, services) -> Desk:
    return await staffed_desk(dp, bot, updates, services, checkers=(CHECKER, ANOTHER_CHECKER), editors=())


async def two_readers_one_tip(dp, bot, updates, services, text: str = RUMOUR) -> Tip:
    """A Russian and a Kazakh reader send the same rumour, the Russian one twice: one tip."""
    await tip_from(dp, bot, updates, RU_READER, text)
    await tip_from(dp, bot, updates, KK_READER, text + "!!!", lang="kk")
    await tip_from(dp, bot, updates, RU_READER, "Говорят, " + text)
    tip = (await rows(services, Tip))[-1]
    bot.clear()
    return tip


def told(bot, chat_id: int, key: str, tip: Tip) -> int:
    lang = "kk" if chat_id == KK_READER else "ru"
    return sum(m.text == locales[lang](key, id=str(tip.id)) for m in to(bot, chat_id))


async def test_taking_a_tip_tells_each_reader_once_in_their_language(desk: Desk, dp, bot, updates, services):
    tip = await two_readers_one_tip(dp, bot, updates, services)
    await desk.press(f"desk:take:{tip.id}:0")
    assert told(bot, RU_READER, "status-taken", tip) == 1
    assert told(bot, KK_READER, "status-taken", tip) == 1
    assert len(to(bot, RU_READER)) == len(to(bot, KK_READER)) == 1
    bot.clear()
    await desk.press(f"desk:take:{tip.id}:0", user_id=ANOTHER_CHECKER)  # taken over: nobody told again
    assert to(bot, RU_READER) == [] and to(bot, KK_READER) == []
    assert await count(services, StatusNotice) == 2


@pytest.mark.parametrize(("reason", "closed"), [(0, True), (1, True), (2, False)])
async def test_rejecting_as_spam_or_not_checkable_closes_out_and_a_blocked_reader_hears_nothing(
    desk: Desk, dp, bot, updates, services, reason, closed
):
    """Reasons by index: spam, not checkable, a duplicate (whose readers wait for the tip it repeats)."""
    tip = await two_readers_one_tip(dp, bot, updates, services)
    async with services.sessionmaker() as session:
        session.add(BlockedReader(chat_id=KK_READER, reader_number=2, blocked_by=CHECKER, reason="abuse"))
        await session.commit()
    await desk.press(f"desk:rejok:{tip.id}:{reason}")
    assert (await rows(services, Tip))[0].status == "rejected"
    assert told(bot, RU_READER, "status-closed", tip) == (1 if closed else 0)
    assert len(to(bot, RU_READER)) == (1 if closed else 0)
    assert to(bot, KK_READER) == []


async def test_still_working_goes_once_after_the_hours_and_never_for_an_answered_tip(
    desk: Desk, dp, bot, updates, services
):
    tip = await two_readers_one_tip(dp, bot, updates, services)
    await tip_from(dp, bot, updates, LATER_READER, OTHER)
    answered = await two_readers_one_tip(
        dp, bot, updates, services, "В Шымкенте закроют все рынки до лета из-за проверки весов."
    )
    outbox = dp["outbox"]
    assert await dp["desk"].still_working(bot, outbox) == 0  # a day has not passed
    async with services.sessionmaker() as session:
        day_ago = utcnow() - dt.timedelta(hours=25)
        await session.execute(
            update(Tip).where(Tip.id.in_([tip.id, answered.id])).values(first_seen_at=day_ago)
        )
        await session.execute(update(Tip).where(Tip.id == answered.id).values(status="answered"))
        await session.commit()
    bot.clear()
    assert await dp["desk"].still_working(bot, outbox) == 2
    assert told(bot, RU_READER, "status-still_working", tip) == 1
    assert told(bot, KK_READER, "status-still_working", tip) == 1
    assert told(bot, RU_READER, "status-still_working", answered) == 0
    assert to(bot, LATER_READER) == []  # its tip came less than a day ago
    assert await dp["desk"].still_working(bot, outbox) == 0
    assert len(to(bot, RU_READER)) == len(to(bot, KK_READER)) == 1


async def test_still_working_is_not_sent_for_a_tip_a_week_old(desk: Desk, dp, bot, updates, services):
    """The backlog a first start finds: a reader would hear "still working" weeks after they asked."""
    tip = await two_readers_one_tip(dp, bot, updates, services)
    async with services.sessionmaker() as session:
        week_ago = utcnow() - dt.timedelta(days=7, hours=1)
        await session.execute(update(Tip).where(Tip.id == tip.id).values(first_seen_at=week_ago))
        await session.commit()
    assert await dp["desk"].still_working(bot, dp["outbox"]) == 0
    assert to(bot, RU_READER) == [] and to(bot, KK_READER) == []


async def test_status_messages_can_be_turned_off(desk: Desk, dp, bot, updates, services):
    dp["desk"].settings = dp["desk"].settings.model_copy(update={"status_messages": False})
    tip = await two_readers_one_tip(dp, bot, updates, services)
    await desk.press(f"desk:take:{tip.id}:0")
    await desk.press(f"desk:rejok:{tip.id}:1")
    assert to(bot, RU_READER) == [] and to(bot, KK_READER) == []
    assert await count(services, StatusNotice) == 0


async def test_forget_erases_the_status_messages_of_the_reader(desk: Desk, dp, bot, updates, services):
    tip = await two_readers_one_tip(dp, bot, updates, services)
    await desk.press(f"desk:take:{tip.id}:0")
    assert await count(services, StatusNotice, StatusNotice.chat_id == RU_READER) == 1
    await dp.feed_update(bot, updates.command(RU_READER, "/forget"))
    erase = [m for m in to(bot, RU_READER) if m.reply_markup][-1].reply_markup.inline_keyboard[0][0]
    await dp.feed_update(bot, updates.callback(RU_READER, erase.callback_data, 9))
    assert await count(services, StatusNotice, StatusNotice.chat_id == RU_READER) == 0
    assert await count(services, StatusNotice, StatusNotice.chat_id == KK_READER) == 1
