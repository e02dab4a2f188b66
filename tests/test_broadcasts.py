"""The broadcast engine against the fake Bot API (in-process, real aiogram Bot and session), and the
editor's /broadcast flow through the dispatcher with a mocked bot."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter

from aiogram.methods import SendMessage
from pydantic import SecretStr
from sqlalchemy import select

from bot import broadcasts
from bot.app import create_bot
from bot.broadcasts import BroadcastEngine, RateLimiter, render
from bot.i18n import Locales
from bot.models import Broadcast, BroadcastRecipient, Reader
from tests.fakebotapi import DEFAULT_TOKEN, FakeBotAPI

locales = Locales()
LANGS = ("ru", "en", "kk", "uz", "de")


async def add_readers(services, chat_ids, subscribed=True) -> None:
    async with services.sessionmaker() as session:
        for i, chat_id in enumerate(chat_ids):
            session.add(
                Reader(
                    chat_id=chat_id, user_id=chat_id, language=LANGS[i % len(LANGS)], subscribed=subscribed
                )
            )
        await session.commit()


async def started(services, chat_ids, refs=("t-ru-water",)) -> int:
    """A broadcast of `refs` to these (new, subscribed) readers, confirmed and `sending`."""
    await add_readers(services, chat_ids)
    verdicts, missing = await broadcasts.resolve_verdicts(services.sessionmaker, refs)
    assert not missing
    draft = await broadcasts.create_draft(services.sessionmaker, 1, [v.id for v in verdicts])
    assert await broadcasts.start(services.sessionmaker, draft.id, "en") == len(chat_ids)
    return draft.id


async def recipients(services, broadcast_id) -> dict[int, BroadcastRecipient]:
    async with services.sessionmaker() as session:
        rows = await session.scalars(
            select(BroadcastRecipient).where(BroadcastRecipient.broadcast_id == broadcast_id)
        )
        return {r.chat_id: r for r in rows.all()}


@contextlib.asynccontextmanager
async def fake_and_bot(settings):
    async with FakeBotAPI() as api:
        bot = create_bot(
            settings.model_copy(update={"api_base": api.base_url, "bot_token": SecretStr(DEFAULT_TOKEN)})
        )
        try:
            yield api, bot
        finally:
            await bot.session.close()


def engine_for(bot, services, **kwargs) -> BroadcastEngine:
    options = {"rate": 500.0, "workers": 4, "attempts": 3, "backoff": 0.05, "progress_interval": 0.2}
    options.update(kwargs)
    return BroadcastEngine(bot, services.sessionmaker, locales, **options)


def delivered(api) -> Counter:
    return Counter(int(r.chat_id) for r in api.sent_messages())


async def test_every_reader_gets_the_card_in_their_language_at_most_the_rate(settings, services):
    chats = list(range(1001, 1091))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        api.rate_limit(30)
        result = await engine_for(bot, services, rate=29.0, workers=6).run(broadcast_id)  # the default
        assert delivered(api) == Counter(chats)
        # at 29/s the fake's 30/s limit answers 429 only when arrivals bunch up by more than 34 ms (the
        # first requests open their connections); the engine then pauses and resends
        assert len(api.requests("sendMessage", ok=False)) <= 1
        times = sorted(r.time for r in api.requests("sendMessage", ok=True))
        busiest = max(sum(1 for t in times[i:] if t < start + 1.0) for i, start in enumerate(times))
        assert busiest <= 30, busiest
        [verdict] = await broadcasts.load_verdicts(
            services.sessionmaker,
            (await broadcasts.broadcasts(services.sessionmaker, broadcast_id))[0].verdict_ids,
        )
        assert api.sent_texts(1001) == [render(locales["ru"], [verdict], "en")]
        assert api.sent_texts(1002) == [render(locales["en"], [verdict], "en")]
        assert api.sent_texts(1005) == [
            render(locales["en"], [verdict], "en")
        ]  # "de" falls back to the default
        assert "хлором" in api.sent_texts(1001)[0]
    assert (result.sent, result.pending, result.blocked, result.failed, result.unconfirmed) == (
        90,
        0,
        0,
        0,
        0,
    )
    rows = await recipients(services, broadcast_id)
    assert {r.state for r in rows.values()} == {"sent"} and all(r.sent_message_id for r in rows.values())
    [broadcast] = await broadcasts.broadcasts(services.sessionmaker, broadcast_id)
    assert broadcast.status == "done" and broadcast.finished_at is not None


async def test_a_429_pauses_the_whole_sender_for_retry_after(settings, services):
    chats = list(range(2001, 2041))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        api.fail_next("sendMessage", 429, retry_after=2)
        await engine_for(bot, services, rate=100.0, workers=4).run(broadcast_id)
        assert delivered(api) == Counter(chats)
        [limited] = [r for r in api.requests("sendMessage") if r.status == 429]
        # sends already in flight when the 429 came back may land; nothing starts during the pause
        during = [r for r in api.requests("sendMessage") if limited.time + 0.1 < r.time < limited.time + 1.9]
        assert during == []
        assert len(api.requests("sendMessage", ok=True)) == 40


async def test_a_reader_who_blocked_the_bot_is_marked_blocked_and_inactive(settings, services):
    chats = list(range(3001, 3011))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        api.block(3004)
        result = await engine_for(bot, services).run(broadcast_id)
        assert delivered(api) == Counter(c for c in chats if c != 3004)
    assert (result.sent, result.blocked, result.failed) == (9, 1, 0)
    assert (await recipients(services, broadcast_id))[3004].state == "blocked"
    async with services.sessionmaker() as session:
        reader = await session.scalar(select(Reader).where(Reader.chat_id == 3004))
    assert reader.active is False and reader.subscribed is True
    assert sum((await broadcasts.audience(services.sessionmaker, "en")).values()) == 9


async def test_server_errors_are_retried_a_bounded_number_of_times(settings, services):
    chats = list(range(4001, 4011))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        api.fail_next("sendMessage", 500, count=None, chat_id=4003)  # always
        api.fail_next("sendMessage", 502, count=1, chat_id=4007)  # once
        result = await engine_for(bot, services, attempts=3).run(broadcast_id)
        assert len([r for r in api.requests("sendMessage") if int(r.chat_id) == 4003]) == 3
        assert len([r for r in api.requests("sendMessage") if int(r.chat_id) == 4007]) == 2
        assert delivered(api) == Counter(c for c in chats if c != 4003)
    rows = await recipients(services, broadcast_id)
    assert (rows[4003].state, rows[4003].attempts) == ("failed", 3)
    assert (rows[4007].state, rows[4007].attempts) == ("sent", 2)
    assert (result.sent, result.failed) == (9, 1)


async def crash_during(engine, broadcast_id, bot, *, after_sends: int, before_request: bool) -> None:
    """Run the engine and kill it (cancel, nothing recorded afterwards) around the n-th send: after
    Telegram answered it but before the engine recorded it, or just before the request left."""
    original = bot.session.make_request
    sends = 0
    task: asyncio.Task | None = None

    async def crashing(bot_, method, timeout=None):  # noqa: ASYNC109 (the session signature)
        nonlocal sends
        if isinstance(method, SendMessage):
            sends += 1
            if sends == after_sends:
                if before_request:
                    task.cancel()
                    await asyncio.sleep(30)
                result = await original(bot_, method, timeout)
                task.cancel()
                await asyncio.sleep(30)
                return result
        return await original(bot_, method, timeout)

    bot.session.make_request = crashing
    task = asyncio.create_task(engine.run(broadcast_id))
    with contextlib.suppress(asyncio.CancelledError):
        await task
    bot.session.make_request = original


async def test_a_crash_after_telegram_answered_resumes_without_duplicates_or_misses(settings, services):
    chats = list(range(5001, 5061))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        await crash_during(
            engine_for(bot, services, workers=1), broadcast_id, bot, after_sends=25, before_request=False
        )
        assert len(api.sent_messages()) == 25
        states = Counter(r.state for r in (await recipients(services, broadcast_id)).values())
        assert states == {"sent": 24, "sending": 1, "pending": 35}
        result = await engine_for(bot, services, workers=4).run(broadcast_id)  # the restarted bot
        assert delivered(api) == Counter(chats)  # each exactly once
    assert (result.sent, result.unconfirmed, result.pending) == (60, 1, 0)


async def test_a_crash_with_several_sends_in_flight_resumes_without_duplicates(settings, services):
    chats = list(range(5101, 5181))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        api.latency = 0.05  # several requests in flight at once when the engine is killed
        task = asyncio.create_task(engine_for(bot, services, workers=4, rate=200.0).run(broadcast_id))
        await api.wait_until(lambda: len(api.sent_messages()) >= 30, 10, "30 sends")
        await asyncio.sleep(0.02)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        in_flight = {c for c, r in (await recipients(services, broadcast_id)).items() if r.state == "sending"}
        assert 1 <= len(in_flight) <= 4
        api.latency = 0.0
        await asyncio.sleep(0.1)
        result = await engine_for(bot, services).run(broadcast_id)
        counts = delivered(api)
    assert max(counts.values()) == 1  # no duplicates, whatever the in-flight requests became
    # every reader is messaged once, but for in-flight requests that never reached the server (here
    # the fake drops a request whose client went away); they count as sent, unconfirmed: the policy
    assert set(chats) - set(counts) <= in_flight
    # (<=: a commit that was under way when the task was cancelled may still land in its thread)
    assert (result.sent, result.pending) == (80, 0) and result.unconfirmed <= len(in_flight)


async def test_a_crash_before_the_request_left_is_counted_as_sent_unconfirmed(settings, services):
    """The policy's known cost: a send recorded as in flight that never left is not retried."""
    chats = list(range(6001, 6021))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        await crash_during(
            engine_for(bot, services, workers=1), broadcast_id, bot, after_sends=5, before_request=True
        )
        result = await engine_for(bot, services).run(broadcast_id)
        counts = delivered(api)
    assert max(counts.values()) == 1 and len(counts) == 19
    assert (result.sent, result.unconfirmed) == (20, 1)


async def test_the_rate_limiter_spaces_grants_and_pauses_everyone():
    limiter = RateLimiter(50, burst=1)
    loop = asyncio.get_running_loop()
    grants: list[float] = []

    async def take(lim: RateLimiter = limiter) -> None:
        (await lim.acquire()).release()
        grants.append(loop.time())

    await asyncio.gather(*(take() for _ in range(10)))
    gaps = [b - a for a, b in zip(grants, grants[1:], strict=False)]
    assert min(gaps) >= 0.018
    limiter.pause(0.3)
    before = loop.time()
    await take()
    assert grants[-1] - before >= 0.29
    # the default burst of 2 absorbs late wake-ups without letting more than rate + 2 through a second
    grants.clear()
    bursty = RateLimiter(50)
    await asyncio.gather(*(take(bursty) for _ in range(12)))
    assert grants[-1] - grants[0] >= 10 / 50 - 0.01


async def test_the_rate_limiter_holds_a_slot_until_the_answer_window_before_it_is_a_second_old():
    limiter = RateLimiter(1000, window=3)
    slots = [await limiter.acquire() for _ in range(3)]
    waiting = asyncio.create_task(limiter.acquire())
    await asyncio.sleep(0.1)
    assert not waiting.done()  # the first request is still unanswered: it may not have arrived yet
    slots[0].release()
    await asyncio.sleep(0.5)
    assert not waiting.done()  # answered, but not a second ago
    await asyncio.wait_for(waiting, 1.0)


async def test_a_cancelled_broadcast_stops_sending(settings, services):
    chats = list(range(7001, 7101))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        engine = engine_for(bot, services, rate=50.0, progress_interval=0.1)
        task = asyncio.create_task(engine.run(broadcast_id))
        await api.wait_until(lambda: len(api.sent_messages()) >= 10, 10, "10 sends")
        assert await broadcasts.cancel(services.sessionmaker, broadcast_id)
        result = await asyncio.wait_for(task, 10)
        assert 10 <= len(api.sent_messages()) < 60
    assert result.pending > 0
    async with services.sessionmaker() as session:
        assert (await session.get(Broadcast, broadcast_id)).status == "cancelled"


# --- the editor's /broadcast flow (dispatcher, mocked bot) --------------------------------------

from aiogram.methods import AnswerCallbackQuery, EditMessageText  # noqa: E402

from bot.roles import Roles  # noqa: E402
from handlers.editor import BroadcastAction  # noqa: E402
from knowledge.language import LANGUAGE_NAMES  # noqa: E402

ADMIN = 1  # TIPLINE_ADMIN_IDS in the test settings


async def test_an_editor_previews_confirms_and_follows_the_progress(dp, bot, updates, services):
    await add_readers(services, [8001, 8002, 8003, 8004, 8005, 8006])  # ru en kk uz de(->en) ru
    await dp.feed_update(bot, updates.command(ADMIN, "/broadcast t-ru-water t-en-bridge", language_code="en"))
    verdicts, _ = await broadcasts.resolve_verdicts(services.sessionmaker, ["t-ru-water", "t-en-bridge"])
    *previews, confirm = bot.sent
    en = locales["en"]
    expected = {"en": 2, "ru": 2, "kk": 1, "uz": 1}  # the largest audience first
    assert len(previews) == len(expected)
    for preview, (lang, count) in zip(previews, expected.items(), strict=True):
        header = en("broadcast-preview", language=LANGUAGE_NAMES[lang], count=count)
        assert preview.text == f"{header}\n\n{render(locales[lang], verdicts, 'en')}"
    [draft] = await broadcasts.broadcasts(services.sessionmaker)
    assert (draft.status, draft.verdict_ids) == ("draft", [v.id for v in verdicts])
    assert confirm.text.startswith(
        en("broadcast-confirm", id=str(draft.id), total=6, languages="x").split("(")[0]
    )
    send, cancel = confirm.reply_markup.inline_keyboard[0]
    assert BroadcastAction.unpack(send.callback_data) == BroadcastAction(action="send", id=draft.id)
    assert (await broadcasts.counts(services.sessionmaker, draft.id)).total == 0  # nothing before confirming

    confirm_id = 5000
    bot.clear()
    await dp.feed_update(bot, updates.callback(ADMIN, send.callback_data, confirm_id, language_code="en"))
    [edit] = bot.edited
    assert edit.text == en(
        "broadcast-progress", id=str(draft.id), total=6, sent=0, pending=6, blocked=0, failed=0
    )
    [draft] = await broadcasts.broadcasts(services.sessionmaker)
    assert (draft.status, draft.progress_chat_id, draft.progress_message_id) == ("sending", ADMIN, confirm_id)
    # a second press (or a redelivered callback) starts nothing twice
    await dp.feed_update(bot, updates.callback(ADMIN, send.callback_data, confirm_id, language_code="en"))
    assert (await broadcasts.counts(services.sessionmaker, draft.id)).total == 6

    bot.clear()
    result = await BroadcastEngine(
        bot, services.sessionmaker, locales, rate=1000.0, progress_interval=0.05
    ).run(draft.id)
    assert sorted(m.chat_id for m in bot.sent) == [8001, 8002, 8003, 8004, 8005, 8006]
    assert {m.chat_id: m.text for m in bot.sent}[8003] == render(locales["kk"], verdicts, "en")
    final = [e for e in bot.edited if e.message_id == confirm_id][-1]
    assert final.text == en(
        "broadcast-finished", id=str(draft.id), total=6, sent=6, pending=0, blocked=0, failed=0
    )
    assert result.sent == 6


async def test_an_editor_can_cancel_a_draft(dp, bot, updates, services):
    await add_readers(services, [8101, 8102])
    await Roles(services.sessionmaker, frozenset()).grant(77, "editor", ADMIN)
    await dp.feed_update(bot, updates.command(77, "/broadcast t-ru-water", language_code="en"))
    [draft] = await broadcasts.broadcasts(services.sessionmaker)
    bot.clear()
    await dp.feed_update(bot, updates.callback(77, BroadcastAction(action="cancel", id=draft.id).pack(), 10))
    assert bot.edited[0].text == locales["en"](
        "broadcast-cancelled", id=str(draft.id)
    )  # the editor's language
    [draft] = await broadcasts.broadcasts(services.sessionmaker)
    assert draft.status == "cancelled"


async def test_a_non_editor_cannot_broadcast_nor_confirm_with_a_crafted_button(dp, bot, updates, services):
    await add_readers(services, [8201, 8202])
    await Roles(services.sessionmaker, frozenset()).grant(88, "checker", ADMIN)
    for user, lang in ((88, "en"), (8201, "ru")):
        await dp.feed_update(bot, updates.command(user, "/broadcast t-ru-water", language_code="en"))
        assert bot.sent[-1].text == locales[lang]("broadcast-not-allowed")
    assert await broadcasts.broadcasts(services.sessionmaker) == []
    draft = await broadcasts.create_draft(services.sessionmaker, ADMIN, [1])
    bot.clear()
    for user in (88, 8201):
        await dp.feed_update(
            bot, updates.callback(user, BroadcastAction(action="send", id=draft.id).pack(), 10)
        )
    assert bot.edited == [] and bot.sent == []
    answers = [r for r in bot.requests if isinstance(r, AnswerCallbackQuery)]
    assert len(answers) == 2 and all(a.show_alert for a in answers)
    [draft] = await broadcasts.broadcasts(services.sessionmaker)
    assert draft.status == "draft"
    assert (await broadcasts.counts(services.sessionmaker, draft.id)).total == 0
    assert not [r for r in bot.requests if isinstance(r, EditMessageText)]


def test_the_cli_starts_shows_and_cancels_a_broadcast(tmp_path, monkeypatch):
    import os
    import sqlite3

    from typer.testing import CliRunner

    from bot.cli import app
    from tests.conftest import SMALL_KB

    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("TIPLINE_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TIPLINE_SEMANTIC", "false")
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: rich would abbreviate the cells
    runner = CliRunner()
    assert runner.invoke(app, ["kb", "import", str(SMALL_KB)]).exit_code == 0
    assert runner.invoke(app, ["broadcast", "status"]).stdout.strip() == "no broadcasts"
    with contextlib.closing(sqlite3.connect(tmp_path / "tipline.db")) as db:
        db.executemany(
            "INSERT INTO readers (chat_id, language, language_chosen, subscribed, active, created_at,"
            " last_seen_at) VALUES (?, ?, 0, ?, 1, '2026-01-01', '2026-01-01')",
            [(1, "ru", 1), (2, "kk", 1), (3, "en", 0)],
        )
        db.commit()
    started = runner.invoke(app, ["broadcast", "start", "t-ru-water", "t-en-bridge", "--yes"])
    assert started.exit_code == 0, started.output
    assert "2 subscribed readers" in started.stdout and "broadcast 1 started" in started.stdout
    status = runner.invoke(app, ["broadcast", "status", "1"])
    assert status.exit_code == 0
    [row] = [line for line in status.stdout.splitlines() if line.strip().startswith("│ 1")]
    assert [cell.strip() for cell in row.strip("│ ").split("│")][:8] == [
        "1",
        "sending",
        "1,2",
        "2",
        "0",
        "2",
        "0",
        "0",
    ]
    assert runner.invoke(app, ["broadcast", "cancel", "1"]).exit_code == 0
    assert "cancelled" in runner.invoke(app, ["broadcast", "status"]).stdout
    assert runner.invoke(app, ["broadcast", "status", "9"]).exit_code == 1
