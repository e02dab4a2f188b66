"""The broadcast engine against the fake Bot API (in-process, real aiogram Bot and session) with its
faults (a connection cut after storing, a proxy's HTML 502, a refused port, 429, a wrong token, a crash);
the editor's /broadcast flow through the dispatcher with a mocked bot; the CLI; and, marked e2e, the real
bot process SIGKILLed three times mid-broadcast."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
import time
from collections import Counter

import pytest
from aiogram.methods import SendMessage
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from sqlalchemy import select

from bot.db.models import Broadcast, BroadcastRecipient, Reader
from bot.i18n import Locales
from bot.services import broadcasts
from bot.services.broadcasts.engine import BroadcastEngine
from bot.services.broadcasts.limiter import RateLimiter
from bot.telegram.app import create_bot
from bot.telegram.broadcast_view import broadcast_text, progress_text
from bot.telegram.broadcaster import TelegramMessenger
from bot.telegram.metrics import add_health_routes
from tests.support.fakebotapi import DEFAULT_TOKEN, FakeBotAPI
from tests.support.sessions import committed

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
    verdicts, missing = await committed(services.sessionmaker, broadcasts.resolve_verdicts, refs)
    assert not missing
    draft = await committed(services.sessionmaker, broadcasts.create_draft, 1, [v.id for v in verdicts])
    assert await broadcasts.start_broadcast(services.sessionmaker, draft.id, "en") == len(chat_ids)
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
    return BroadcastEngine(TelegramMessenger(bot, locales), services.sessionmaker, **options)


def delivered(api) -> Counter:
    return Counter(int(r.chat_id) for r in api.sent_messages())


def assert_sent_ones_received(api, rows: dict[int, BroadcastRecipient]) -> None:
    """Every recipient recorded `sent` got that very message (the fake stored it), and nobody got two."""
    received = {(int(r.chat_id), r.message_id) for r in api.sent_messages()}
    assert max(delivered(api).values(), default=1) == 1
    for chat, row in rows.items():
        if row.state == "sent":
            assert (chat, row.sent_message_id) in received, f"chat {chat} recorded sent, never received"


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
            (await committed(services.sessionmaker, broadcasts.list_broadcasts, broadcast_id))[0].verdict_ids,
        )
        assert api.sent_texts(1001) == [broadcast_text(locales["ru"], [verdict], "en")]
        assert api.sent_texts(1002) == [broadcast_text(locales["en"], [verdict], "en")]
        assert api.sent_texts(1005) == [
            broadcast_text(locales["en"], [verdict], "en")
        ]  # "de" falls back to the default
        assert "хлором" in api.sent_texts(1001)[0]
    assert (result.sent, result.pending, result.blocked, result.failed, result.unknown) == (90, 0, 0, 0, 0)
    rows = await recipients(services, broadcast_id)
    assert {r.state for r in rows.values()} == {"sent"} and all(r.sent_message_id for r in rows.values())
    [broadcast] = await committed(services.sessionmaker, broadcasts.list_broadcasts, broadcast_id)
    assert broadcast.status == "done" and broadcast.finished_at is not None


async def test_a_429_pauses_the_whole_sender_for_retry_after(settings, services):
    chats = list(range(2001, 2041))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        api.fail_next("sendMessage", 429, retry_after=2)
        await engine_for(bot, services, rate=100.0, workers=4).run(broadcast_id)
        assert delivered(api) == Counter(chats)
        sends = api.requests("sendMessage")
        [limited] = [r for r in sends if r.status == 429]
        # only the other workers' sends, in flight when the 429 came back, may arrive before the pause
        # ends (however slow the machine); every send started afterwards waited it out
        after = sends[sends.index(limited) + 1 :]
        assert len([r for r in after if r.time < limited.time + 2]) <= 3
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
    assert sum((await committed(services.sessionmaker, broadcasts.audience, "en")).values()) == 9


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
    # the one in flight at the crash did arrive, but nobody can know that: unknown, not counted sent
    assert (result.sent, result.unknown, result.pending) == (59, 1, 0)
    rows = await recipients(services, broadcast_id)
    [unknown] = [c for c, r in rows.items() if r.state == "unknown"]
    assert rows[unknown].error == "in flight at a crash" and rows[unknown].sent_message_id is None
    assert_sent_ones_received(api, rows)


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
    # the fake drops a request whose client went away); those are unknown: shown, not counted sent
    assert set(chats) - set(counts) <= in_flight
    rows = await recipients(services, broadcast_id)
    # (<=: a commit that was under way when the task was cancelled may still land in its thread)
    assert {c for c, r in rows.items() if r.state == "unknown"} <= in_flight
    assert (result.sent + result.unknown, result.pending) == (80, 0) and result.unknown <= len(in_flight)
    assert_sent_ones_received(api, rows)


async def test_a_crash_before_the_request_left_is_unknown_not_sent(settings, services):
    """The policy's known cost: a send recorded as in flight that never left is not retried; it is
    shown as unknown, never counted as delivered."""
    chats = list(range(6001, 6021))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        await crash_during(
            engine_for(bot, services, workers=1), broadcast_id, bot, after_sends=5, before_request=True
        )
        result = await engine_for(bot, services).run(broadcast_id)
        counts = delivered(api)
    assert max(counts.values()) == 1 and len(counts) == 19
    assert (result.sent, result.unknown) == (19, 1)


# --- faults between the bot and Telegram (the fake's fail_next kinds, a refused port) -------------


def requests_to(api, chat_id: int) -> list:
    return [r for r in api.requests("sendMessage") if int(r.chat_id) == chat_id]


async def test_a_connection_cut_after_telegram_stored_the_message_is_unknown_and_not_resent(
    settings, services
):
    chats = list(range(6101, 6111))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        for chat in (6102, 6105, 6109):
            api.fail_next("sendMessage", kind="drop_after", chat_id=chat)
        result = await engine_for(bot, services).run(broadcast_id)
        assert delivered(api) == Counter(chats)  # the cut ones got it too, and only once
        assert [len(requests_to(api, c)) for c in (6102, 6105, 6109)] == [1, 1, 1]
        rows = await recipients(services, broadcast_id)
        assert_sent_ones_received(api, rows)
    assert (result.sent, result.unknown, result.failed, result.pending) == (7, 3, 0, 0)
    for chat in (6102, 6105, 6109):
        assert rows[chat].state == "unknown" and rows[chat].attempts == 1
        assert "TelegramNetworkError" in rows[chat].error
    [broadcast] = await committed(services.sessionmaker, broadcasts.list_broadcasts, broadcast_id)
    assert broadcast.status == "done"


async def test_a_proxys_html_502_fails_that_recipient_only(settings, services):
    chats = list(range(6201, 6231))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        api.latency = 0.05  # other sends are in flight when the page comes back
        api.fail_next("sendMessage", kind="html", chat_id=6210)
        result = await engine_for(bot, services, workers=6).run(broadcast_id)
        [page] = requests_to(api, 6210)  # a non-JSON answer is not retried
        assert (page.status, page.fault) == (502, "html")
        assert delivered(api) == Counter(c for c in chats if c != 6210)
        rows = await recipients(services, broadcast_id)
        assert_sent_ones_received(api, rows)
    assert (result.sent, result.failed, result.unknown, result.pending) == (29, 1, 0, 0)
    assert rows[6210].state == "failed" and "ClientDecodeError" in rows[6210].error
    [broadcast] = await committed(services.sessionmaker, broadcasts.list_broadcasts, broadcast_id)
    assert broadcast.status == "done"


async def test_a_refused_connection_is_retried_then_sent(settings, services):
    chats = list(range(6301, 6306))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        await api.refuse_connections()  # Telegram (or the way to it) is down: no request leaves
        task = asyncio.create_task(
            engine_for(bot, services, workers=1, attempts=6, backoff=0.3).run(broadcast_id)
        )

        async def refused_once() -> bool:
            row = (await recipients(services, broadcast_id))[6301]
            return (
                row.state == "pending" and row.attempts == 1 and "ClientConnectorError" in (row.error or "")
            )

        while not await refused_once():
            assert not task.done(), task.result()
            await asyncio.sleep(0.02)
        assert api.requests("sendMessage") == []
        await api.accept_connections()
        result = await asyncio.wait_for(task, 60)
        assert delivered(api) == Counter(chats)
        assert [len(requests_to(api, c)) for c in chats] == [1] * 5
        rows = await recipients(services, broadcast_id)
        assert_sent_ones_received(api, rows)
    assert (result.sent, result.failed, result.unknown) == (5, 0, 0)
    assert rows[6301].attempts == 2 and rows[6301].error is None


async def test_a_refused_connection_fails_the_recipient_after_the_last_attempt(settings, services):
    chats = [6401]
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        await api.refuse_connections()
        result = await engine_for(bot, services, attempts=3, backoff=0.01).run(broadcast_id)
    assert (result.failed, result.sent, result.unknown) == (1, 0, 0)
    row = (await recipients(services, broadcast_id))[6401]
    assert row.attempts == 3 and "ClientConnectorError" in row.error


async def test_a_wrong_token_stops_the_run_and_fails_nobody(settings, services):
    chats = list(range(6451, 6471))
    broadcast_id = await started(services, chats)
    async with FakeBotAPI() as api:
        wrong = create_bot(
            settings.model_copy(
                update={"api_base": api.base_url, "bot_token": SecretStr("654321:REVOKED-token")}
            )
        )
        try:
            result = await engine_for(wrong, services).run(broadcast_id)
        finally:
            await wrong.session.close()
        assert {r.status for r in api.requests("sendMessage")} == {401} and api.sent_messages() == []
        assert len(api.requests("sendMessage")) <= 4  # the workers' first tries, then the run stops
        rows = await recipients(services, broadcast_id)
        assert {(r.state, r.attempts) for r in rows.values()} == {("pending", 0)}
        assert (result.pending, result.failed) == (20, 0)
        [broadcast] = await committed(services.sessionmaker, broadcasts.list_broadcasts, broadcast_id)
        assert broadcast.status == "sending"  # resumed once the token is fixed:
        right = create_bot(
            settings.model_copy(update={"api_base": api.base_url, "bot_token": SecretStr(DEFAULT_TOKEN)})
        )
        try:
            result = await engine_for(right, services).run(broadcast_id)
        finally:
            await right.session.close()
        assert delivered(api) == Counter(chats)
    assert (result.sent, result.failed) == (20, 0)


async def test_unknown_recipients_are_a_state_of_their_own_in_the_metrics(services):
    broadcast_id = await started(services, [6481, 6482, 6483])
    async with services.sessionmaker() as session:
        rows = (await session.scalars(select(BroadcastRecipient).order_by(BroadcastRecipient.id))).all()
        rows[0].state, rows[1].state = "unknown", "sent"
        await session.commit()
    app = web.Application()
    add_health_routes(app, services.sessionmaker)
    async with TestClient(TestServer(app)) as client:
        text = await (await client.get("/metrics")).text()
    by_state = dict(re.findall(r'^tipline_broadcast_recipients\{state="(\w+)"\} (\S+)$', text, re.M))
    assert {k: float(v) for k, v in by_state.items() if float(v)} == {"unknown": 1, "sent": 1, "pending": 1}
    assert (await broadcasts.recipient_counts(services.sessionmaker, broadcast_id)).unknown == 1


class RecordingLimiter(RateLimiter):
    def __init__(self, per_second: float):
        super().__init__(per_second)
        self.pauses: list[float] = []

    def pause(self, seconds: float) -> None:
        self.pauses.append(seconds)
        super().pause(seconds)


async def test_a_429_for_one_recipient_waits_and_sends_it_once(settings, services):
    chats = list(range(6501, 6506))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        api.fail_next("sendMessage", 429, retry_after=1, chat_id=6503)
        limiter = RecordingLimiter(500.0)
        result = await engine_for(bot, services, workers=1, limiter=limiter).run(broadcast_id)
        limited, sent = requests_to(api, 6503)
        assert (limited.status, sent.status) == (429, 200)
        assert delivered(api) == Counter(chats)
    # the engine saw the 429 itself (the session's per-request retry is off for its sends) and paused
    # every send for retry_after
    assert limiter.pauses == [1.0]
    rows = await recipients(services, broadcast_id)
    assert (rows[6503].state, rows[6503].attempts) == ("sent", 1)
    assert (result.sent, result.failed, result.unknown) == (5, 0, 0)


async def test_a_recipient_left_sending_by_a_crash_is_unknown_at_recovery_and_shown(settings, services):
    chats = list(range(6601, 6611))
    await add_readers(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        progress = await bot.send_message(ADMIN, "confirm")  # the editor's confirmation message
        verdicts, _ = await committed(services.sessionmaker, broadcasts.resolve_verdicts, ["t-ru-water"])
        draft = await committed(
            services.sessionmaker, broadcasts.create_draft, ADMIN, [v.id for v in verdicts]
        )
        await broadcasts.start_broadcast(services.sessionmaker, draft.id, "en", ADMIN, progress.message_id)
        async with services.sessionmaker() as session:  # a crash while 6604's request was in flight
            row = await session.scalar(select(BroadcastRecipient).where(BroadcastRecipient.chat_id == 6604))
            row.state, row.attempts = "sending", 1
            await session.commit()
        before = await broadcasts.recipient_counts(services.sessionmaker, draft.id)
        assert (before.sending, before.remaining) == (1, 10)
        result = await engine_for(bot, services).run(draft.id)
        assert requests_to(api, 6604) == []  # never sent again
        assert delivered(api) == Counter(c for c in chats if c != 6604) + Counter([ADMIN])
        final = api.edits(ADMIN, progress.message_id)[-1]
    assert (result.sent, result.unknown, result.pending) == (9, 1, 0)
    assert final.text == progress_text(locales["en"], draft.id, result, "done")
    assert "Unknown (may have arrived; not sent again): 1" in final.plain_text
    assert "Sent: 9" in final.plain_text


class VirtualClock:
    """Time that passes only when the limiter sleeps: the limiter's tests read no wall clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


async def test_the_rate_limiter_spaces_grants_and_pauses_everyone():
    clock = VirtualClock()
    limiter = RateLimiter(50, burst=1, clock=clock, sleep=clock.sleep)
    grants: list[float] = []

    async def take(lim: RateLimiter = limiter) -> None:
        (await lim.acquire()).release()
        grants.append(clock())

    await asyncio.gather(*(take() for _ in range(10)))
    gaps = [b - a for a, b in zip(grants, grants[1:], strict=False)]
    assert gaps == pytest.approx([1 / 50] * 9)
    limiter.pause(0.3)
    before = clock()
    await take()
    assert grants[-1] - before == pytest.approx(0.3)
    # the default burst of 2 absorbs late wake-ups without letting more than rate + 2 through a second
    grants.clear()
    bursty = RateLimiter(50, clock=clock, sleep=clock.sleep)
    await asyncio.gather(*(take(bursty) for _ in range(12)))
    assert grants[1] == grants[0] and grants[-1] - grants[0] == pytest.approx(10 / 50)


async def test_the_rate_limiter_holds_a_slot_until_the_answer_window_before_it_is_a_second_old():
    clock = VirtualClock()
    limiter = RateLimiter(1000, window=3, clock=clock, sleep=clock.sleep)
    slots = [await limiter.acquire() for _ in range(3)]
    waiting = asyncio.create_task(limiter.acquire())
    for _ in range(100):  # the limiter looks again every 5 ms (of its clock)
        await asyncio.sleep(0)
    assert not waiting.done()  # the first request is still unanswered: it may not have arrived yet
    assert clock() - 1000.0 >= 0.1
    slots[0].release()
    answered = clock()
    await asyncio.wait_for(waiting, 5)
    assert clock() - answered == pytest.approx(1.0)  # granted once that answer was a second old


def test_what_a_failed_request_means_for_the_recipient():
    from aiogram.exceptions import (
        ClientDecodeError,
        TelegramForbiddenError,
        TelegramNetworkError,
        TelegramRetryAfter,
        TelegramServerError,
        TelegramUnauthorizedError,
    )

    from bot.telegram.broadcaster import attempt_of
    from knowledge.statuses import MessageState

    send = SendMessage(chat_id=1, text="x")
    parsed_ok = ClientDecodeError("new shape", ValueError(), {"ok": True, "result": {"message_id": 7}})
    assert (attempt_of(parsed_ok).state, attempt_of(parsed_ok).message_id) == (MessageState.SENT, 7)
    assert attempt_of(TelegramForbiddenError(send, "blocked")).state is MessageState.BLOCKED
    assert attempt_of(TelegramNetworkError(send, "timeout")).state is MessageState.UNKNOWN
    assert attempt_of(ClientDecodeError("html", ValueError(), "<html>")).state is MessageState.FAILED
    limited = attempt_of(TelegramRetryAfter(send, "flood", retry_after=3))
    assert (limited.state, limited.rate_limited, limited.wait) == (MessageState.PENDING, True, 3.0)
    refused = attempt_of(TelegramUnauthorizedError(send, "Unauthorized"))
    assert (refused.state, refused.token_refused) == (MessageState.PENDING, True)
    retry = attempt_of(TelegramServerError(send, "Bad Gateway"))
    assert (retry.state, retry.rate_limited, retry.token_refused) == (MessageState.PENDING, False, False)


async def test_a_cancelled_broadcast_stops_sending(settings, services):
    chats = list(range(7001, 7101))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        engine = engine_for(bot, services, rate=50.0, progress_interval=0.1)
        task = asyncio.create_task(engine.run(broadcast_id))
        await api.wait_until(lambda: len(api.sent_messages()) >= 10, 10, "10 sends")
        assert await committed(services.sessionmaker, broadcasts.cancel_broadcast, broadcast_id)
        result = await asyncio.wait_for(task, 10)
        assert 10 <= len(api.sent_messages()) < 60
    assert result.pending > 0
    async with services.sessionmaker() as session:
        assert (await session.get(Broadcast, broadcast_id)).status == "cancelled"


# --- the editor's /broadcast flow (dispatcher, mocked bot) --------------------------------------

from aiogram.methods import AnswerCallbackQuery, EditMessageText  # noqa: E402

from bot.services.roles import Roles  # noqa: E402
from bot.telegram.callbacks import BroadcastAction  # noqa: E402
from knowledge.language import LANGUAGE_NAMES  # noqa: E402

ADMIN = 1  # TIPLINE_ADMIN_IDS in the test settings


async def test_an_editor_previews_confirms_and_follows_the_progress(dp, bot, updates, services):
    await add_readers(services, [8001, 8002, 8003, 8004, 8005, 8006])  # ru en kk uz de(->en) ru
    await dp.feed_update(bot, updates.command(ADMIN, "/broadcast t-ru-water t-en-bridge", language_code="en"))
    verdicts, _ = await committed(
        services.sessionmaker, broadcasts.resolve_verdicts, ["t-ru-water", "t-en-bridge"]
    )
    *previews, confirm = bot.sent
    en = locales["en"]
    expected = {"en": 2, "ru": 2, "kk": 1, "uz": 1}  # the largest audience first
    assert len(previews) == len(expected)
    for preview, (lang, count) in zip(previews, expected.items(), strict=True):
        header = en("broadcast-preview", language=LANGUAGE_NAMES[lang], count=count)
        assert preview.text == f"{header}\n\n{broadcast_text(locales[lang], verdicts, 'en')}"
    [draft] = await committed(services.sessionmaker, broadcasts.list_broadcasts)
    assert (draft.status, draft.verdict_ids) == ("draft", [v.id for v in verdicts])
    assert confirm.text.startswith(
        en("broadcast-confirm", id=str(draft.id), total=6, languages="x").split("(")[0]
    )
    send, cancel = confirm.reply_markup.inline_keyboard[0]
    assert BroadcastAction.unpack(send.callback_data) == BroadcastAction(action="send", id=draft.id)
    # nothing before confirming
    assert (await broadcasts.recipient_counts(services.sessionmaker, draft.id)).total == 0

    confirm_id = 5000
    bot.clear()
    await dp.feed_update(bot, updates.callback(ADMIN, send.callback_data, confirm_id, language_code="en"))
    [edit] = bot.edited
    assert edit.text == en(
        "broadcast-progress", id=str(draft.id), total=6, sent=0, pending=6, blocked=0, failed=0, unknown=0
    )
    [draft] = await committed(services.sessionmaker, broadcasts.list_broadcasts)
    assert (draft.status, draft.progress_chat_id, draft.progress_message_id) == ("sending", ADMIN, confirm_id)
    # a second press (or a redelivered callback) starts nothing twice
    await dp.feed_update(bot, updates.callback(ADMIN, send.callback_data, confirm_id, language_code="en"))
    assert (await broadcasts.recipient_counts(services.sessionmaker, draft.id)).total == 6

    bot.clear()
    result = await BroadcastEngine(
        TelegramMessenger(bot, locales), services.sessionmaker, rate=1000.0, progress_interval=0.05
    ).run(draft.id)
    assert sorted(m.chat_id for m in bot.sent) == [8001, 8002, 8003, 8004, 8005, 8006]
    assert {m.chat_id: m.text for m in bot.sent}[8003] == broadcast_text(locales["kk"], verdicts, "en")
    final = [e for e in bot.edited if e.message_id == confirm_id][-1]
    assert final.text == en(
        "broadcast-finished", id=str(draft.id), total=6, sent=6, pending=0, blocked=0, failed=0, unknown=0
    )
    assert result.sent == 6


async def test_an_editor_can_cancel_a_draft(dp, bot, updates, services):
    await add_readers(services, [8101, 8102])
    await Roles(services.sessionmaker, frozenset()).grant(77, "editor", ADMIN)
    await dp.feed_update(bot, updates.command(77, "/broadcast t-ru-water", language_code="en"))
    [draft] = await committed(services.sessionmaker, broadcasts.list_broadcasts)
    bot.clear()
    await dp.feed_update(bot, updates.callback(77, BroadcastAction(action="cancel", id=draft.id).pack(), 10))
    assert bot.edited[0].text == locales["en"](
        "broadcast-cancelled", id=str(draft.id)
    )  # the editor's language
    [draft] = await committed(services.sessionmaker, broadcasts.list_broadcasts)
    assert draft.status == "cancelled"


async def test_a_non_editor_cannot_broadcast_nor_confirm_with_a_crafted_button(dp, bot, updates, services):
    await add_readers(services, [8201, 8202])
    await Roles(services.sessionmaker, frozenset()).grant(88, "checker", ADMIN)
    for user, lang in ((88, "en"), (8201, "ru")):
        await dp.feed_update(bot, updates.command(user, "/broadcast t-ru-water", language_code="en"))
        assert bot.sent[-1].text == locales[lang]("broadcast-not-allowed")
    assert await committed(services.sessionmaker, broadcasts.list_broadcasts) == []
    draft = await committed(services.sessionmaker, broadcasts.create_draft, ADMIN, [1])
    bot.clear()
    for user in (88, 8201):
        await dp.feed_update(
            bot, updates.callback(user, BroadcastAction(action="send", id=draft.id).pack(), 10)
        )
    assert bot.edited == [] and bot.sent == []
    answers = [r for r in bot.requests if isinstance(r, AnswerCallbackQuery)]
    assert len(answers) == 2 and all(a.show_alert for a in answers)
    [draft] = await committed(services.sessionmaker, broadcasts.list_broadcasts)
    assert draft.status == "draft"
    assert (await broadcasts.recipient_counts(services.sessionmaker, draft.id)).total == 0
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
    assert [cell.strip() for cell in row.strip("│ ").split("│")][:9] == [
        "1",
        "sending",
        "1,2",
        "2",
        "0",
        "2",
        "0",
        "0",
        "0",
    ]
    with contextlib.closing(sqlite3.connect(tmp_path / "tipline.db")) as db:  # cut after it left
        db.execute("UPDATE broadcast_recipients SET state = 'unknown' WHERE chat_id = 1")
        db.commit()
    status = runner.invoke(app, ["broadcast", "status", "1"])
    [row] = [line for line in status.stdout.splitlines() if line.strip().startswith("│ 1")]
    assert [cell.strip() for cell in row.strip("│ ").split("│")][4:9] == ["0", "1", "0", "0", "1"]
    assert runner.invoke(app, ["broadcast", "cancel", "1"]).exit_code == 0
    assert "cancelled" in runner.invoke(app, ["broadcast", "status"]).stdout
    missing = runner.invoke(app, ["broadcast", "status", "9"])
    assert missing.exit_code == 2 and "there is no broadcast 9" in missing.output


# --- end to end: the real bot process, SIGKILLed three times while the broadcast is flowing --------

BOT_START_TIMEOUT = 180.0  # a loaded 2-core machine took more than 30 s to start the bot
KILLS = 3
SENDS_BEFORE_EACH_KILL = 10


class BotProcess:
    """`python -m bot run` against the fake, on the test's database; output in <tmp>/bot.log."""

    def __init__(self, tmp_path, api: FakeBotAPI, database_url: str):
        self.log_path = tmp_path / "bot.log"
        self.cwd = tmp_path
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
        self.env.update(
            TIPLINE_BOT_TOKEN=DEFAULT_TOKEN,
            TIPLINE_API_BASE=api.base_url,
            TIPLINE_DATABASE_URL=database_url,
            TIPLINE_SEMANTIC="false",
            TIPLINE_BROADCAST_WORKERS="8",
            PYTHONUNBUFFERED="1",
        )
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log_path.open("a", encoding="utf-8") as log:
            log.write(f"\n===== start at {time.strftime('%H:%M:%S')} =====\n")
            log.flush()
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=self.cwd, env=self.env,
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
            )  # fmt: skip

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")[-8000:] if self.log_path.exists() else ""

    async def stop(self) -> None:
        if self.running:
            assert self.proc is not None
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 20)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()


@pytest.mark.e2e
async def test_three_sigkills_mid_broadcast_leave_every_recipient_honest(settings, services, tmp_path):
    """With the Bot API answering in 0.3 s and three SIGKILLs of the real process while sends flow: no
    recipient is recorded sent without having received it, nobody receives it twice, every recipient
    ends sent, blocked, failed or unknown, and the ones in flight at each kill are unknown."""
    chats = list(range(9001, 9091))
    blocked, page, cut = {9080, 9083}, 9085, 9088  # late: most likely reached after the last restart
    broadcast_id = await started(services, chats)
    async with FakeBotAPI() as api:
        api.latency = 0.3
        for chat in blocked:
            api.block(chat)
        api.fail_next("sendMessage", kind="html", chat_id=page)
        api.fail_next("sendMessage", kind="drop_after", chat_id=cut)
        process = BotProcess(tmp_path, api, settings.database_url)

        def answered() -> int:
            return sum(1 for r in api.requests("sendMessage") if r.status is not None)

        async def wait_for(predicate, timeout: float, what: str):  # noqa: ASYNC109
            def check():
                value = predicate()
                if not value and not process.running:
                    pytest.fail(f"the bot exited while waiting for {what}\n{process.log()}")
                return value

            try:
                return await api.wait_until(check, timeout, what)
            except TimeoutError:
                pytest.fail(f"timed out after {timeout}s waiting for {what}\n{process.log()}")

        in_flight_at_kills: list[set[int]] = []
        try:
            for _ in range(KILLS):
                before = answered()
                await process.start()
                await wait_for(
                    lambda before=before: answered() >= before + SENDS_BEFORE_EACH_KILL,
                    BOT_START_TIMEOUT,
                    f"{SENDS_BEFORE_EACH_KILL} broadcast sends after a start",
                )
                # a send in flight (between two sends the sender may be writing a state): the fake runs in
                # this loop, so nothing is answered between this snapshot and the signal
                await wait_for(
                    lambda: any(r.status is None for r in api.requests("sendMessage")),
                    BOT_START_TIMEOUT,
                    "a broadcast send in flight",
                )
                open_requests = {int(r.chat_id) for r in api.requests("sendMessage") if r.status is None}
                process.proc.kill()
                await process.proc.wait()
                in_flight_at_kills.append(open_requests)
            await process.start()

            async def status() -> str | None:
                return (await committed(services.sessionmaker, broadcasts.list_broadcasts, broadcast_id))[
                    0
                ].status

            deadline = time.monotonic() + BOT_START_TIMEOUT + 120
            while await status() != "done":
                if not process.running:
                    pytest.fail(f"the bot exited before the broadcast was done\n{process.log()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"the broadcast was not done in time\n{process.log()}")
                await asyncio.sleep(0.2)
        finally:
            await process.stop()
        rows = await recipients(services, broadcast_id)
        received = delivered(api)
        sent_ids = {(int(r.chat_id), r.message_id) for r in api.sent_messages()}

    states = Counter(r.state for r in rows.values())
    in_flight = set().union(*in_flight_at_kills)
    print(f"states {dict(states)}; in flight at the kills: {[sorted(s) for s in in_flight_at_kills]}")
    assert all(in_flight_at_kills), "a kill found no send in flight: it was not timed while sends flowed"
    assert set(states) <= {"sent", "blocked", "failed", "unknown"}, states
    assert max(received.values()) == 1, [c for c, n in received.items() if n > 1]
    for chat, row in rows.items():
        if row.state == "sent":
            assert (chat, row.sent_message_id) in sent_ids, f"chat {chat} recorded sent, never received"
        if chat in received:
            assert row.state in ("sent", "unknown"), f"chat {chat} received it but is {row.state}"
    expected = {**dict.fromkeys(blocked, "blocked"), page: "failed", cut: "unknown"}
    assert {c: rows[c].state for c in expected if c not in in_flight} == {
        c: state for c, state in expected.items() if c not in in_flight
    }
    assert all(rows[c].state == "unknown" for c in in_flight), {c: rows[c].state for c in in_flight}
    # besides those and the cut one, a kill can only catch a worker between its `sending` commit and its
    # request: at most one per worker
    assert states["unknown"] - 1 - len(in_flight) <= KILLS * 8
    assert sum(states.values()) == len(chats) and states["sent"] >= len(chats) // 2
