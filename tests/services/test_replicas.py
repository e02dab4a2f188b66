"""Several bot processes on one database, in process: what one replica writes, the others see.

The knowledge base's change feed (a verdict imported or learnt elsewhere becomes matchable after the
next sync), the open-tip clusters (a claim queued on one replica is joined by the same claim on another),
demand counted in the database, and the broadcast sender's lease (one replica at a time sends a
broadcast). The end-to-end test with two real webhook processes is tests/e2e/test_replicas_e2e.py.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from sqlalchemy import select

import handlers
from bot.db.models import Broadcast, Claim, KnowledgeChange, Request, Tip, Verdict
from bot.i18n import Locales
from bot.services.verdict_records import verdict_record
from bot.telegram.app import create_dispatcher
from bot.telegram.runtime import open_services
from knowledge.verdicts import ClaimText, VerdictRecord
from tests.conftest import POSTGRES_URL, reset_database
from tests.services.test_broadcasts import engine_for, fake_and_bot, recipients, started
from tests.support.mocked_bot import MockedBot

pytestmark = pytest.mark.asyncio

NEW_CLAIM = "Сырдарьядағы бөгет жарылып, Қызылорданы су басады деген хабар таралды."
NEW_CLAIM_RU = "Плотина на Сырдарье прорвалась, и Кызылорду затопит в ближайшие часы."
UNKNOWN_RU = "В Караганде 15 мая отключат интернет на 14 дней из-за военных учений."
UNKNOWN_KK = "Қарағандыда 15 мамырда әскери жаттығуларға байланысты интернет 14 күнге өшіріледі."


@pytest.fixture
async def other(settings, services):
    """A second replica: its own engine, sessions and matcher over the same database."""
    async with open_services(settings) as replica:
        yield replica


def new_verdict() -> VerdictRecord:
    return VerdictRecord(
        external_id="t-kk-dam",
        lang="kk",
        claims=[ClaimText("kk", NEW_CLAIM, "claim")],
        rating="false",
        summary="Бөгет бүтін; су деңгейі қалыпты.",
        url="https://factcheck.example/test-syrdarya-dam",
    )


async def test_a_verdict_imported_through_one_replica_is_matched_by_the_other_after_a_sync(services, other):
    assert await other.kb.sync() == 0
    await services.kb.import_records([new_verdict()])
    [verdict_id] = [v for v, ref in (await services.kb.external_ids()).items() if ref == "t-kk-dam"]
    assert (await services.kb.search(NEW_CLAIM))[0].verdict_id == verdict_id
    assert all(m.verdict_id != verdict_id for m in await other.kb.search(NEW_CLAIM))

    assert await other.kb.sync() == 1
    assert (await other.kb.search(NEW_CLAIM))[0].verdict_id == verdict_id
    assert await other.kb.sync() == 0, "a change is replayed once"
    assert await services.kb.sync() == 0, "a replica does not replay its own changes"


async def test_a_phrasing_learnt_on_one_replica_and_an_edit_reach_the_other(services, other):
    [water] = [v for v, ref in (await services.kb.external_ids()).items() if ref == "t-ru-water"]
    learnt = "Говорят, что из-под крана в Алматы теперь течёт ядовитая хлорка, не пейте."
    await services.kb.add_phrasing(water, ClaimText("ru", learnt, "tip"))
    await other.kb.sync()
    assert (await other.kb.search(learnt))[0].verdict_id == water

    record = verdict_record((await services.kb.verdicts([water]))[water])
    record.claims[0] = ClaimText("ru", NEW_CLAIM_RU, "claim")
    await services.kb.import_records([record])
    assert await other.kb.sync() == 1
    assert (await other.kb.search(NEW_CLAIM_RU))[0].verdict_id == water
    async with services.sessionmaker() as session:
        feed = (await session.scalars(select(KnowledgeChange.verdict_id))).all()
    assert set(feed) >= {water}


async def test_changes_committed_out_of_order_are_not_skipped(settings):
    """A transaction that took an earlier change id but committed later is still replayed. PostgreSQL
    only, whatever the suite runs on: SQLite lets one writer at a time, so it never commits out of order."""
    await reset_database(POSTGRES_URL)
    postgres = settings.model_copy(update={"database_url": POSTGRES_URL, "semantic": False})
    async with open_services(postgres) as services, open_services(postgres) as other:
        async with services.sessionmaker() as early:
            verdict = Verdict(external_id="t-late", lang="kk", rating="false", summary="", claims=[])
            early.add(verdict)
            await early.flush()  # takes its change id now, commits below
            await services.kb.import_records([new_verdict()])
            assert await other.kb.sync() == 1
            early.add(Claim(verdict_id=verdict.id, lang="kk", text=NEW_CLAIM + " Бүгін түнде.", kind="claim"))
            await early.commit()
        assert await other.kb.sync() == 1
        assert (await other.kb.search(NEW_CLAIM + " Бүгін түнде."))[0].verdict_id == verdict.id


async def test_the_same_claim_sent_to_two_replicas_is_one_tip_with_demand_two(
    settings, services, other, updates
):
    first = create_dispatcher(settings, services.kb, Locales(), routers=handlers.routers())
    second = create_dispatcher(settings, other.kb, Locales(), routers=handlers.routers())
    await first.feed_update(MockedBot(), updates.private_text(41, UNKNOWN_RU, language_code="ru"))
    await second.feed_update(MockedBot(), updates.private_text(42, UNKNOWN_KK, language_code="kk"))
    async with services.sessionmaker() as session:
        tips = (await session.scalars(select(Tip))).all()
        requests = (await session.scalars(select(Request))).all()
    assert len(tips) == 1 and tips[0].demand == 2
    assert {r.chat_id for r in requests} == {41, 42} and {r.tip_id for r in requests} == {tips[0].id}


async def test_demand_counted_at_the_same_time_on_two_replicas_is_not_lost(
    settings, services, other, updates
):
    first = create_dispatcher(settings, services.kb, Locales(), routers=handlers.routers())
    second = create_dispatcher(settings, other.kb, Locales(), routers=handlers.routers())
    await first.feed_update(MockedBot(), updates.private_text(50, UNKNOWN_RU, language_code="ru"))
    await other.kb.sync()
    posts = [
        (first if chat % 2 else second).feed_update(
            MockedBot(), updates.private_text(chat, UNKNOWN_RU, language_code="ru")
        )
        for chat in range(51, 61)
    ]
    await asyncio.gather(*posts)
    async with services.sessionmaker() as session:
        [tip] = (await session.scalars(select(Tip))).all()
    assert tip.demand == 11


async def test_one_replica_at_a_time_sends_a_broadcast(settings, services, other):
    chats = list(range(3001, 3041))
    broadcast_id = await started(services, chats)
    async with fake_and_bot(settings) as (api, bot):
        api.latency = 0.01
        a = engine_for(bot, services, sender="replica-a", rate=200.0)
        b = engine_for(bot, other, sender="replica-b", rate=200.0)
        await asyncio.gather(a.run(broadcast_id), b.run(broadcast_id))
        sent = Counter(int(r.chat_id) for r in api.sent_messages() if int(r.chat_id) in chats)
    assert sent == Counter({chat: 1 for chat in chats})
    states = Counter(r.state for r in (await recipients(services, broadcast_id)).values())
    assert states == Counter({"sent": len(chats)})
    async with services.sessionmaker() as session:
        broadcast = await session.get(Broadcast, broadcast_id)
    assert broadcast.status == "done" and broadcast.sender in ("replica-a", "replica-b")


async def test_a_broadcast_whose_sender_died_is_taken_over_when_its_lease_runs_out(settings, services, other):
    import datetime as dt

    from bot.db.models import utcnow

    chats = list(range(3101, 3111))
    broadcast_id = await started(services, chats)
    async with services.sessionmaker() as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        broadcast.sender, broadcast.sender_until = "dead-replica", utcnow() + dt.timedelta(seconds=60)
        await session.commit()
    async with fake_and_bot(settings) as (api, bot):
        taker = engine_for(bot, other, sender="replica-b")
        await taker.run(broadcast_id)
        assert api.sent_messages() == [], "the lease is still held"
        async with services.sessionmaker() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            broadcast.sender_until = utcnow() - dt.timedelta(seconds=1)
            await session.commit()
        await taker.run(broadcast_id)
        assert sorted(int(r.chat_id) for r in api.sent_messages()) == chats


async def test_an_update_two_replicas_received_at_once_is_handled_by_one(settings, services, other, updates):
    """The inbox's per-chat lock lives in Redis: the replica that waited finds the update handled."""
    from bot.db.models import InboxUpdate
    from bot.telegram.app import isolation_for
    from bot.telegram.polling import InboxPoller
    from tests.conftest import redis_or_skip

    shared = settings.model_copy(
        update={"redis_url": await redis_or_skip("redis://127.0.0.1:6379/14", flush=True)}
    )
    handled = Counter()

    async def count(handler, event, data):
        handled[event.update_id] += 1
        return await handler(event, data)

    pollers = []
    for replica in (services, other):
        dispatcher = create_dispatcher(shared, replica.kb, Locales(), routers=handlers.routers())
        dispatcher.update.outer_middleware(count)
        pollers.append(
            InboxPoller(
                MockedBot(),
                dispatcher,
                replica.engine,
                replica.sessionmaker,
                isolation=isolation_for(dispatcher.storage),
            )
        )
    update = updates.private_text(61, UNKNOWN_RU, language_code="ru")
    await asyncio.gather(*(poller.accept([update]) for poller in pollers))
    await asyncio.gather(*(poller.drain() for poller in pollers))
    async with services.sessionmaker() as session:
        row = await session.get(InboxUpdate, update.update_id)
    assert row.handled_at is not None
    assert handled == {update.update_id: 1}
    assert sum(1 for poller in pollers for m in poller.bot.sent if m.chat_id == 61) == 1
    for poller in pollers:
        await poller.dispatcher.storage.close()


async def test_chat_locks_serialise_one_chat_and_are_forgotten_when_released():
    import gc

    from aiogram.fsm.storage.base import StorageKey

    from bot.telegram.chat_locks import ChatLocks

    locks, order = ChatLocks(), []
    key, other_key = (StorageKey(bot_id=1, chat_id=c, user_id=c, destiny="inbox") for c in (7, 8))

    async def hold(name: str, key: StorageKey, wait: float) -> None:
        async with locks.lock(key):
            order.append(f"{name}+")
            await asyncio.sleep(wait)
            order.append(f"{name}-")

    await asyncio.gather(hold("a", key, 0.05), hold("b", key, 0), hold("c", other_key, 0))
    assert order.index("a-") < order.index("b+")  # the same chat waits its turn
    assert order.index("c+") < order.index("a-")  # another chat does not
    gc.collect()
    assert len(locks._locks) == 0
