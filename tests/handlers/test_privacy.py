"""Readers' privacy: /forget erases their personal data, /mydata shows it, the privacy notice, retention."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re

import pytest
from aiogram.methods import AnswerCallbackQuery, SetMyCommands
from aiogram.types import Update
from sqlalchemy import BigInteger, Integer, func, insert, select, update

import handlers
from bot.db.models import (
    Base,
    Broadcast,
    BroadcastRecipient,
    Feedback,
    InboxUpdate,
    Notice,
    OutboxMessage,
    RawUpdate,
    Reader,
    Request,
    Tip,
    Verdict,
    utcnow,
)
from bot.db.privacy import ANONYMOUS_CHAT
from bot.i18n import Locales
from bot.services.privacy import purge_expired_links
from bot.settings import load_settings
from bot.telegram.app import publish_commands
from bot.telegram.callbacks import ConfirmForget, RateAnswer
from knowledge.statuses import FeedbackKind, FeedbackValue
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
        "feedback": snapshot(await rows(services, Feedback, Feedback.chat_id == chat_id)),
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
    each has a notice (and rates its verdict 👍), a broadcast recipient row and a handled raw update.
    Returns chat id -> reader id."""
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
    for chat in (GONE, STAYS):  # each rates the verdict the desk sent them
        rating = RateAnswer(verdict=verdict_id, kind=FeedbackKind.DESK, value=FeedbackValue.UP)
        await dp.feed_update(bot, updates.callback(chat, rating.pack(), 77))
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
        rated="1",
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
        rating = await session.scalar(select(Feedback).where(Feedback.chat_id == GONE))
        rating.updated_at = old
        await session.commit()
    tips_before = snapshot(await rows(services, Tip))
    stays_before = await everything_of(services, STAYS, readers[STAYS])

    purged = await purge_expired_links(services.sessionmaker, 180)
    assert (purged.requests, purged.notices, purged.feedback) == (1, 1, 1)
    [detached] = await rows(services, Request, Request.id == first)
    assert (detached.reader_id, detached.chat_id, detached.message_id) == (None, ANONYMOUS_CHAT, -first)
    assert len(await rows(services, Request, Request.reader_id == readers[GONE])) == 1
    assert await rows(services, Notice, Notice.chat_id == GONE) == []
    assert await rows(services, Feedback, Feedback.chat_id == GONE) == []
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
    from bot.services import privacy

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
    stopping = asyncio.Event()
    job = asyncio.create_task(privacy.keep_retention(services.sessionmaker, 30, stopping, every=0.01))
    await asyncio.wait_for(three.wait(), 5)
    stopping.set()
    await asyncio.wait_for(job, 5)
    assert calls[:3] == [30, 30, 30]


# --- /forget leaves no trace, wherever the reader wrote ---------------------------------------------

GROUP = -100777
NAME, LAST_NAME, USERNAME = "Gulnarazyx", "Qwertovna", "gulnara_q7x"
ANSWERED_POST = "Говорят, водопроводная вода в Алматы отравлена хлором и пить её нельзя до конца месяца!"
PRIVATE_POST = "В Экибастузе с понедельника на месяц закроют все аптеки из-за проверки лицензий."
PRIVATE_POST_AGAIN = (
    "Говорят, в Экибастузе с понедельника на месяц закроют все аптеки из-за проверки лицензий!!!"
)
GROUP_CHECK = "Правда ли, что в Экибастузе отменят все автобусы до весны из-за нехватки водителей?"
GROUP_MENTION = "Слышала, что в Экибастузе запретят собак в парках с первого числа, это так?"
INLINE = "экибастуз собаки парки запрет"
UNPARSED = "Опрос про экибастузские аптеки в старом формате"
LOOKALIKE = GONE * 10 + 9
"""Another user whose id starts with the reader's digits: their rows are not the reader's."""


async def every_row(services) -> list[tuple[str, str]]:
    """Every row of every table of the schema, as (table, the row as JSON text). Binary columns (claim
    embeddings) are shown by their length: they hold vectors, never text."""
    found = []
    async with services.sessionmaker() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).mappings():
                values = {
                    key: f"<{len(value)} bytes>" if isinstance(value, bytes) else value
                    for key, value in row.items()
                }
                found.append((table.name, json.dumps(values, default=str, ensure_ascii=False)))
    return found


def traces(found: list[tuple[str, str]], *needles: str | re.Pattern[str]) -> list[str]:
    """The rows (as `table: text`) holding any of the needles (text, or a pattern)."""
    hits = []
    for table, text in found:
        for needle in needles:
            if needle.search(text) if isinstance(needle, re.Pattern) else needle in text:
                hits.append(f"{table}: {text[:300]}")
                break
    return hits


def number(value: int) -> re.Pattern[str]:
    return re.compile(rf"(?<![0-9]){value}(?![0-9])")


async def through_inbox(poller, data: dict, update_id: int) -> None:
    """One update the way Telegram delivers it: stored in the inbox, handled from there."""
    data["update_id"] = update_id
    await poller.accept([Update.model_validate(data)])
    await poller.drain()


async def test_forget_leaves_no_trace_of_the_reader_in_any_table(settings, services, bot, updates):
    """A reader posts privately, asks `/check` and mentions the bot in a group, uses inline mode and
    subscribes; another member replies to their group message. After /forget, no row of any table holds
    their ids, names or words, except the tip's text, kept (without them) for the checkers."""
    from bot.telegram.app import create_dispatcher
    from bot.telegram.polling import InboxPoller

    dp = create_dispatcher(
        settings.model_copy(update={"show_reader_identity": True}),
        services.kb,
        locales,
        routers=handlers.routers(),
    )
    poller = InboxPoller(bot, dp, services.engine, services.sessionmaker)
    api = updates.factory
    user = api.make_user(GONE, NAME, username=USERNAME, last_name=LAST_NAME)
    other = api.make_user(STAYS, "Aidana")
    ids = iter(range(5000, 6000))

    await through_inbox(poller, api.make_private_text(GONE, PRIVATE_POST, user=user), next(ids))
    await through_inbox(poller, api.make_private_text(STAYS, PRIVATE_POST_AGAIN, user=other), next(ids))
    await through_inbox(poller, api.make_command(GONE, "/subscribe", user=user), next(ids))
    await through_inbox(
        poller, api.make_group_text(GROUP, f"/check {GROUP_CHECK}", user=user, command=True), next(ids)
    )
    mention = api.make_group_text(GROUP, f"@tipline_test_bot {GROUP_MENTION}", user=user)
    await through_inbox(poller, mention, next(ids))
    quoting = api.make_group_text(GROUP, "/check", user=other, reply_to=mention, command=True)
    await through_inbox(poller, quoting, next(ids))
    inline = api.make_inline_query(GONE, INLINE)
    inline["inline_query"]["from"] = user
    await through_inbox(poller, inline, next(ids))
    # a post answered at once, whose words are kept for a 👎
    await through_inbox(poller, api.make_private_text(GONE, ANSWERED_POST, user=user), next(ids))
    [answered] = await rows(services, Request, Request.decision == "auto")
    assert answered.text == ANSWERED_POST
    [tip] = await rows(services, Tip)
    assert tip.text == PRIVATE_POST and tip.demand == 2
    [card] = [m for m in bot.sent if m.chat_id == -100500]
    assert NAME in card.text and USERNAME in card.text  # the setting shows who sent it

    async with services.sessionmaker() as session:
        reader_id = await session.scalar(select(Reader.id).where(Reader.chat_id == GONE))
        verdict_id = await session.scalar(select(Verdict.id).limit(1))
        broadcast_id = (
            await session.execute(
                insert(Broadcast).values(editor_id=1, status="done").returning(Broadcast.id)
            )
        ).scalar_one()
        await session.execute(
            insert(Notice).values(
                verdict_id=verdict_id, chat_id=GONE, kind="verdict", lang="ru", tip_id=tip.id
            )
        )
        await session.execute(
            insert(BroadcastRecipient).values(
                broadcast_id=broadcast_id, reader_id=reader_id, chat_id=GONE, language="ru", state="sent"
            )
        )
        # the group /check as stored before the inbox had a user_id column (migration 0008)
        await session.execute(update(InboxUpdate).where(InboxUpdate.update_id == 5003).values(user_id=None))
        # updates that could not be parsed, kept as text: theirs, and a look-alike's
        for n, (who, first_name, text) in enumerate(((GONE, NAME, UNPARSED), (LOOKALIKE, "Someone", "hi"))):
            body = json.dumps(
                {
                    "update_id": 2**70 + n,
                    "message": {"from": {"id": who, "first_name": first_name}, "text": text},
                },
                ensure_ascii=False,
            )
            await session.execute(insert(RawUpdate).values(body=body, error="too deep", source="polling"))
        await session.commit()

    their_words = (
        PRIVATE_POST,
        GROUP_CHECK,
        GROUP_MENTION,
        INLINE,
        ANSWERED_POST,
        UNPARSED,
        NAME,
        LAST_NAME,
        USERNAME,
    )
    before = await every_row(services)
    assert traces(before, number(GONE)), "the reader's id is stored, the search must find it"
    for word in their_words:
        assert [t for t in traces(before, word) if not t.startswith("tips:")], word
    assert traces(before, number(STAYS)) and traces(before, number(LOOKALIKE))

    await through_inbox(poller, api.make_command(GONE, "/forget", user=user), next(ids))
    yes = bot.sent[-1].reply_markup.inline_keyboard[0][0]
    assert yes.text == locales["ru"]("forget-yes")
    bot.clear()
    question = 777  # the bot's message with the buttons
    await through_inbox(poller, api.make_callback(GONE, yes.callback_data, question, user=user), next(ids))
    assert [(e.chat_id, e.message_id, e.text) for e in bot.edited if e.chat_id == GONE] == [
        (GONE, question, locales["ru"]("forget-done"))
    ]
    # the card no longer says who sent the tip
    [redrawn] = [e for e in bot.edited if e.chat_id == -100500]
    assert NAME not in redrawn.text and USERNAME not in redrawn.text and f"#{tip.id}" in redrawn.text

    after = await every_row(services)
    assert traces(after, number(GONE), NAME, LAST_NAME, USERNAME) == []
    for word in their_words:
        assert [t for t in traces(after, word) if not t.startswith("tips:")] == [], word
    assert len(traces(after, PRIVATE_POST)) == 1  # the tip, kept for the checkers
    [kept] = await rows(services, Tip)
    assert kept.text == PRIVATE_POST and kept.demand == 2
    # the other reader's and the look-alike's rows stay; the other member's reply quoting the reader goes
    assert traces(after, number(LOOKALIKE)) == traces(before, number(LOOKALIKE))
    assert await rows(services, Reader, Reader.chat_id == STAYS)
    assert [r.update_id for r in await rows(services, InboxUpdate, InboxUpdate.chat_id == STAYS)] == [5001]


async def test_the_identity_rule_names_a_reader_by_an_id_key_only():
    from bot.services.privacy import identity_pattern, names

    rule = identity_pattern([GONE])
    named = [
        {"message": {"from": {"id": GONE, "first_name": "A"}}},
        {"callback_query": {"message": {"chat": {"id": GONE}}}},
        {"message": {"contact": {"user_id": GONE}}},
        {"chat_join_request": {"user_chat_id": GONE}},
        f'{{"message": {{"from": {{"id" :  {GONE} }}}}}}',  # text as it came, spaced oddly
        {"chat_id": GONE, "text": "hi"},
    ]
    not_named = [
        {"message": {"from": {"id": LOOKALIKE}}},
        {"message": {"from": {"id": int(str(GONE)[1:])}}},
        {"message": {"chat": {"id": -GONE}}},
        {"message": {"message_id": GONE, "date": GONE, "text": str(GONE)}},
        {"message": {"from": {"id": 1}, "location": {"latitude": float(f"{GONE}.5")}}},
        '{"update_id": 1, "message": ',
    ]
    assert [names(rule, value) for value in named] == [True] * len(named)
    assert [names(rule, value) for value in not_named] == [False] * len(not_named)


async def test_retention_purges_old_raw_updates_and_delivered_outbox_messages(services):
    old = utcnow() - dt.timedelta(days=200)
    async with services.sessionmaker() as session:
        for n, received in enumerate((old, utcnow())):
            await session.execute(
                insert(RawUpdate).values(body=f"raw {n}", error="x", source="webhook", received_at=received)
            )
        for n, (state, created) in enumerate(
            (("sent", old), ("unknown", old), ("pending", old), ("sent", utcnow()))
        ):
            await session.execute(
                insert(OutboxMessage).values(
                    update_id=None,
                    position=n,
                    chat_id=GONE,
                    method="sendMessage",
                    payload={"text": str(n)},
                    purpose={},
                    state=state,
                    attempts=1,
                    created_at=created,
                )
            )
        await session.commit()
    purged = await purge_expired_links(services.sessionmaker, 180)
    assert (purged.raw_updates, purged.outbox) == (1, 2)
    assert [r.body for r in await rows(services, RawUpdate)] == ["raw 1"]
    assert [(m.state, m.payload["text"]) for m in await rows(services, OutboxMessage)] == [
        ("pending", "2"),  # not delivered yet: the sender still owes it
        ("sent", "3"),
    ]
