"""Readers' privacy: /forget erases their personal data, /mydata shows it, the privacy notice, retention."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from aiogram.methods import AnswerCallbackQuery, SetMyCommands
from sqlalchemy import BigInteger, Integer, func, insert, select

from bot.app import publish_commands
from bot.i18n import Locales
from bot.models import (
    Base,
    Broadcast,
    BroadcastRecipient,
    InboxUpdate,
    Notice,
    Reader,
    Request,
    Tip,
    Verdict,
    utcnow,
)
from bot.privacy import ANONYMOUS_CHAT, purge_expired_links
from bot.settings import load_settings
from handlers.reader import ConfirmForget
from knowledge.verdicts import LANGUAGES

pytestmark = pytest.mark.asyncio

UNKNOWN = "В Караганде с понедельника отключат интернет на две недели из-за учений."
OTHER = "В Шымкенте с завтрашнего дня запретят продажу хлеба после шести вечера, говорят в чатах."
GONE = 7770021
"""The reader who asks to be forgotten (chat id and user id); a number no other column holds."""
STAYS = 7770022
locales = Locales()


async def rows(services, model, *where):
    async with services.sessionmaker() as session:
        return (
            await session.scalars(select(model).where(*where).order_by(*model.__table__.primary_key))
        ).all()


def snapshot(items) -> list[dict]:
    return [{c.name: getattr(item, c.key) for c in item.__table__.columns} for item in items]


async def everything_of(services, chat_id: int, reader_id: int) -> dict[str, list[dict]]:
    """Every row of every table that refers to this reader."""
    found = {
        "readers": snapshot(await rows(services, Reader, Reader.id == reader_id)),
        "requests": snapshot(await rows(services, Request, Request.reader_id == reader_id)),
        "notices": snapshot(await rows(services, Notice, Notice.chat_id == chat_id)),
        "recipients": snapshot(
            await rows(services, BroadcastRecipient, BroadcastRecipient.chat_id == chat_id)
        ),
        "inbox": snapshot(await rows(services, InboxUpdate, InboxUpdate.chat_id == chat_id)),
    }
    found["requests"] += snapshot(
        await rows(services, Request, Request.chat_id == chat_id, Request.reader_id.is_(None))
    )
    return found


async def integer_cells_equal_to(services, value: int) -> list[str]:
    """Every table.column holding `value`, over every integer column of every table."""
    hits = []
    async with services.sessionmaker() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, Integer | BigInteger):
                    n = await session.scalar(select(func.count()).select_from(table).where(column == value))
                    if n:
                        hits.append(f"{table.name}.{column.name}")
    return hits


async def references_to_reader(services, reader_id: int) -> list[str]:
    """Every table.column with a foreign key to readers.id that still holds `reader_id`."""
    hits = []
    async with services.sessionmaker() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if any(fk.column.table.name == "readers" for fk in column.foreign_keys):
                    n = await session.scalar(
                        select(func.count()).select_from(table).where(column == reader_id)
                    )
                    if n:
                        hits.append(f"{table.name}.{column.name}")
    return hits


async def send_tips_and_extras(dp, bot, updates, services) -> dict[int, int]:
    """Both readers send the same rumour (one tip, demand 2) and subscribe; GONE sends a second tip;
    each has a notice, a broadcast recipient row and a handled raw update. Returns chat id -> reader id."""
    await dp.feed_update(bot, updates.private_text(GONE, UNKNOWN))
    await dp.feed_update(bot, updates.private_text(STAYS, UNKNOWN))
    await dp.feed_update(bot, updates.private_text(GONE, OTHER))
    for chat in (GONE, STAYS):
        await dp.feed_update(bot, updates.command(chat, "/subscribe"))
    readers = {r.chat_id: r.id for r in await rows(services, Reader)}
    async with services.sessionmaker() as session:
        verdict_id = await session.scalar(select(Verdict.id).limit(1))
        tip_id = await session.scalar(select(Tip.id).where(Tip.text == UNKNOWN))
        broadcast_id = (
            await session.execute(
                insert(Broadcast).values(editor_id=1, status="done").returning(Broadcast.id)
            )
        ).scalar_one()
        for n, chat in enumerate((GONE, STAYS)):
            await session.execute(
                insert(Notice).values(
                    verdict_id=verdict_id, chat_id=chat, kind="verdict", lang="ru", tip_id=tip_id
                )
            )
            await session.execute(
                insert(BroadcastRecipient).values(
                    broadcast_id=broadcast_id,
                    reader_id=readers[chat],
                    chat_id=chat,
                    language="ru",
                    state="sent",
                )
            )
            await session.execute(
                insert(InboxUpdate).values(
                    update_id=90000 + n,
                    chat_id=chat,
                    payload={"message": {"chat": {"id": chat}, "from": {"id": chat}}},
                    handled_at=utcnow(),
                )
            )
        await session.commit()
    bot.clear()
    return readers


async def test_forget_erases_the_reader_and_keeps_the_tips(dp, bot, updates, services):
    readers = await send_tips_and_extras(dp, bot, updates, services)
    tips_before = snapshot(await rows(services, Tip))
    assert [t["demand"] for t in tips_before] == [2, 1]
    requests_before = len(await rows(services, Request))
    other_before = await everything_of(services, STAYS, readers[STAYS])
    assert all(other_before.values())
    assert all((await everything_of(services, GONE, readers[GONE])).values())

    await dp.feed_update(bot, updates.command(GONE, "/forget"))
    [question] = bot.sent
    assert question.text == locales["ru"]("forget-confirm")
    yes, cancel = question.reply_markup.inline_keyboard[0]
    assert (yes.text, cancel.text) == (locales["ru"]("forget-yes"), locales["ru"]("forget-cancel"))
    assert await rows(services, Reader, Reader.chat_id == GONE)  # nothing erased before the answer

    press = updates.callback(GONE, yes.callback_data, updates.factory.next_message_id(GONE))
    async with services.sessionmaker() as session:  # the pressing update, as the inbox stores it
        await session.execute(
            insert(InboxUpdate).values(update_id=press.update_id, chat_id=GONE, payload={"from": GONE})
        )
        await session.commit()
    await dp.feed_update(bot, press)
    [edit] = bot.edited
    assert edit.text == locales["ru"]("forget-done")

    # Nothing in any table holds the reader's chat id or user id any more, row by row.
    assert await integer_cells_equal_to(services, GONE) == []
    assert await references_to_reader(services, readers[GONE]) == []
    assert not any((await everything_of(services, GONE, readers[GONE])).values())
    assert await rows(services, Reader, Reader.chat_id == GONE) == []
    assert await rows(services, Request, Request.reader_id == readers[GONE]) == []
    assert await rows(services, Notice, Notice.chat_id == GONE) == []
    assert await rows(services, BroadcastRecipient, BroadcastRecipient.chat_id == GONE) == []
    assert await rows(services, InboxUpdate, InboxUpdate.chat_id == GONE) == []

    # The tips stay for the checkers, with their demand; the requests stay, detached and anonymous.
    assert snapshot(await rows(services, Tip)) == tips_before
    assert len(await rows(services, Request)) == requests_before
    detached = await rows(services, Request, Request.chat_id == ANONYMOUS_CHAT)
    assert len(detached) == 2
    assert all(r.reader_id is None and r.message_id == -r.id and r.tip_id for r in detached)

    # The other reader's data is untouched.
    assert await everything_of(services, STAYS, readers[STAYS]) == other_before

    # Writing again starts afresh.
    await dp.feed_update(bot, updates.command(GONE, "/mydata"))
    [fresh] = await rows(services, Reader, Reader.chat_id == GONE)
    assert fresh.id != readers[GONE] and not fresh.subscribed


async def test_forget_button_is_checked_to_belong_to_the_reader(dp, bot, updates, services):
    readers = await send_tips_and_extras(dp, bot, updates, services)
    before = await everything_of(services, GONE, readers[GONE])
    crafted = ConfirmForget(reader=readers[GONE], erase=True).pack()
    await dp.feed_update(bot, updates.callback(STAYS, crafted, updates.factory.next_message_id(STAYS)))
    [answer] = [r for r in bot.requests if isinstance(r, AnswerCallbackQuery)]
    assert answer.text == locales["ru"]("forget-not-yours")
    assert bot.edited == []
    assert await everything_of(services, GONE, readers[GONE]) == before
    assert await rows(services, Reader, Reader.chat_id == STAYS)

    # A press in the right chat by another user (a forged callback) changes nothing either.
    other_user = updates.factory.make_user(STAYS)
    own = ConfirmForget(reader=readers[GONE], erase=True).pack()
    await dp.feed_update(bot, updates.callback(GONE, own, 1, user=other_user))
    assert await everything_of(services, GONE, readers[GONE]) == before


async def test_forget_cancel_erases_nothing(dp, bot, updates, services):
    readers = await send_tips_and_extras(dp, bot, updates, services)
    before = await everything_of(services, GONE, readers[GONE])
    await dp.feed_update(bot, updates.command(GONE, "/forget"))
    _, cancel = bot.sent[0].reply_markup.inline_keyboard[0]
    await dp.feed_update(bot, updates.callback(GONE, cancel.callback_data, 5))
    assert bot.edited[0].text == locales["ru"]("forget-cancelled")
    after = await everything_of(services, GONE, readers[GONE])
    assert [r["id"] for r in after["requests"]] == [r["id"] for r in before["requests"]]
    assert after["readers"][0]["subscribed"] is True


async def test_mydata_shows_what_is_stored(dp, bot, updates, services):
    await send_tips_and_extras(dp, bot, updates, services)
    [gone] = await rows(services, Reader, Reader.chat_id == GONE)
    tips = {t.text: t.id for t in await rows(services, Tip)}
    await dp.feed_update(bot, updates.command(GONE, "/mydata"))
    [shown] = bot.sent
    ids = sorted([tips[UNKNOWN], tips[OTHER]])
    assert shown.text == locales["ru"](
        "mydata",
        language="Русский",
        subscribed="yes",
        first=gone.created_at.strftime("%Y-%m-%d %H:%M UTC"),
        count="2",
        ids=f"#{ids[0]}, #{ids[1]}",
    )
    assert f"#{ids[0]}, #{ids[1]}" in shown.text and ": да" in shown.text

    bot.clear()
    await dp.feed_update(bot, updates.command(7770099, "/mydata", language_code="en"))
    text = bot.sent[0].text
    assert "Subscribed to new fact-checks: no" in text and "Reference numbers of your tips: —" in text


async def test_privacy_notice_at_start_and_in_help_in_every_language(dp, bot, updates):
    for n, lang in enumerate(LANGUAGES):
        notice = locales[lang]("privacy-notice")
        assert "/mydata" in notice and "/forget" in notice and "<b>" in notice
        if lang != "en":
            assert notice != locales["en"]("privacy-notice")
        bot.clear()
        await dp.feed_update(bot, updates.command(7770100 + n, "/start", language_code=lang))
        await dp.feed_update(bot, updates.command(7770100 + n, "/help", language_code=lang))
        greeting, _, help_ = bot.sent
        assert greeting.text.endswith(notice) and help_.text.endswith(notice), lang


async def test_commands_menu_lists_mydata_and_forget(bot):
    await publish_commands(bot, locales)
    menus = [r for r in bot.requests if isinstance(r, SetMyCommands) and r.scope is None]
    assert len(menus) == len(LANGUAGES)
    for menu in menus:
        t = locales[menu.language_code or "en"]
        names = {c.command: c.description for c in menu.commands}
        assert names["mydata"] == t("cmd-mydata") and names["forget"] == t("cmd-forget")


async def test_purge_expired_links_detaches_old_requests_only(dp, bot, updates, services):
    readers = await send_tips_and_extras(dp, bot, updates, services)
    old = utcnow() - dt.timedelta(days=200)
    async with services.sessionmaker() as session:
        first = await session.scalar(select(func.min(Request.id)).where(Request.chat_id == GONE))
        request = await session.get(Request, first)
        request.created_at = old
        notice = await session.scalar(select(Notice).where(Notice.chat_id == GONE))
        notice.created_at = old
        await session.commit()
    tips_before = snapshot(await rows(services, Tip))
    stays_before = await everything_of(services, STAYS, readers[STAYS])

    purged = await purge_expired_links(services.sessionmaker, 180)
    assert (purged.requests, purged.notices) == (1, 1)
    [detached] = await rows(services, Request, Request.id == first)
    assert (detached.reader_id, detached.chat_id, detached.message_id) == (None, ANONYMOUS_CHAT, -first)
    assert len(await rows(services, Request, Request.reader_id == readers[GONE])) == 1
    assert await rows(services, Notice, Notice.chat_id == GONE) == []
    assert await rows(services, Reader, Reader.chat_id == GONE)  # readers themselves stay
    assert snapshot(await rows(services, Tip)) == tips_before
    assert await everything_of(services, STAYS, readers[STAYS]) == stays_before

    again = await purge_expired_links(services.sessionmaker, 180)
    assert again.total == 0


async def test_retention_setting_defaults_to_180_days(monkeypatch):
    assert load_settings().retention_days == 180
    monkeypatch.setenv("TIPLINE_RETENTION_DAYS", "30")
    assert load_settings().retention_days == 30


async def test_the_retention_job_purges_at_once_and_keeps_running(services, monkeypatch):
    from bot import privacy

    calls = []
    three = asyncio.Event()

    async def purge(sessionmaker, days, now=None):
        calls.append(days)
        if len(calls) == 3:
            three.set()
        if len(calls) == 1:
            raise RuntimeError("database restarting")
        return privacy.Erased()

    monkeypatch.setattr(privacy, "purge_expired_links", purge)
    job = asyncio.create_task(privacy.keep_retention(services.sessionmaker, 30, every=0.01))
    await asyncio.wait_for(three.wait(), 5)
    job.cancel()
    assert calls[:3] == [30, 30, 30]
