"""Two real `tipline webhook` replicas on PostgreSQL and Redis, the fake Bot API spreading the webhook
deliveries over them in turn (as a load balancer would): no update handled twice, no tip lost, a checker's
dialog that hops between replicas at every step, a verdict published through one replica matched by the
other within seconds, and SIGKILLs of either replica while answers flow (tests/support/e2e_support/)."""

from __future__ import annotations

import asyncio
import json
import os
import random
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.db.models import InboxUpdate, Request, Tip, Verdict
from bot.settings import load_settings
from bot.telegram.callbacks import DeskAction, DraftAction
from bot.telegram.runtime import open_services
from knowledge.verdicts import read_jsonl
from tests.conftest import POSTGRES_URL, SMALL_KB, redis_or_skip, reset_database
from tests.support.e2e_support import CrashRun, Fetch, Zygote, account_for, distinct_claims, reader_scripts
from tests.support.fakebotapi import FakeBotAPI, Recorded
from tests.support.replica_stack import CHECKERS_CHAT, Replica, Stack, bot_env, restart, webhook_replicas

pytestmark = [pytest.mark.e2e, pytest.mark.database("postgresql"), pytest.mark.asyncio]

REDIS_URL = os.environ.get("TIPLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
SYNC_INTERVAL = 0.5
ANSWER_TIMEOUT = 120.0
CLAIM = "Интернет в Караганде отключат на 14 дней с 15 мая из-за военных учений"
URL = "https://factcheck.example/ru/karaganda-internet"


@pytest.fixture
async def database(tmp_path: Path):
    """PostgreSQL with the schema and the small test knowledge base; yields a settings object for it."""
    await reset_database(POSTGRES_URL)
    await redis_or_skip(REDIS_URL, flush=True)
    settings = load_settings(database_url=POSTGRES_URL, bot_token="123456:TEST-token", index_cache="off")
    async with open_services(settings) as services:
        with SMALL_KB.open(encoding="utf-8") as lines:
            await services.kb.import_records(read_jsonl(lines))
        yield services


def known_verdicts() -> list[tuple[str, str]]:
    """(claim, URL) of the first four verdicts of the small test knowledge base."""
    with SMALL_KB.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return [(r["claim"], r["url"]) for r in records[:4]]


def known_claims() -> list[str]:
    return [claim for claim, _ in known_verdicts()]


async def quiet(api: FakeBotAPI, seconds: float = 1.0) -> None:
    """Wait until the bot has sent nothing for `seconds`."""
    while True:
        before = len(api.requests())
        await asyncio.sleep(seconds)
        if len(api.requests()) == before:
            return


class Checker:
    """Admin 1 working in the checkers' chat; every step is a new update, on whichever replica."""

    def __init__(self, api: FakeBotAPI):
        self.api = api
        self.user = api.make_user(1, "Admin", language_code="en")
        self.update_ids: list[int] = []

    def push(self, update: dict) -> dict:
        update = self.api.push_update(update)
        self.update_ids.append(update["update_id"])
        return update

    async def _next_reply(self, update: dict) -> Recorded:
        before = len(self.api.sent_messages(CHECKERS_CHAT))
        self.push(update)
        sent = await self.api.wait_sent(CHECKERS_CHAT, before + 1, timeout=ANSWER_TIMEOUT)
        return sent[before]

    async def say(self, text: str) -> Recorded:
        return await self._next_reply(self.api.make_private_text(CHECKERS_CHAT, text, user=self.user))

    async def press(self, data: DeskAction | DraftAction, message_id: int) -> Recorded:
        return await self._next_reply(
            self.api.make_callback(CHECKERS_CHAT, data.pack(), message_id, user=self.user)
        )


def desk_action(card: Recorded, action: str) -> DeskAction:
    markup = card.params["reply_markup"]
    markup = json.loads(markup) if isinstance(markup, str) else markup
    for row in markup["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data", "")
            if data.startswith("desk:") and DeskAction.unpack(data).action == action:
                return DeskAction.unpack(data)
    raise AssertionError(f"no {action} button on {card.params}")


async def test_two_webhook_replicas_share_the_work_without_losing_or_repeating_anything(database, tmp_path):
    readers = list(range(7001, 7013))
    known, unknown = known_claims(), distinct_claims(len(readers) * 2, seed=11)
    async with (
        FakeBotAPI() as api,
        webhook_replicas(
            api,
            POSTGRES_URL,
            tmp_path,
            redis_url=REDIS_URL,
            sync_interval=str(SYNC_INTERVAL),
            semantic="true",
        ) as stack,
    ):
        # readers' posts, spread over both replicas; a few are delivered a second time
        pushed = []
        for i, chat in enumerate(readers):
            for text in (
                known[i % len(known)],
                unknown[2 * i],
                known[(i + 1) % len(known)],
                unknown[2 * i + 1],
            ):
                pushed.append(api.push_update(api.make_private_text(chat, text, language_code="ru")))
        for update in pushed[::7]:
            api.redeliver(update)
        for chat in readers:
            await api.wait_sent(chat, 4, timeout=ANSWER_TIMEOUT)
        await quiet(api)

        handled_by = Counter(
            stack.by_url(url).name for _, url, status in api.webhook_deliveries if status == 200
        )
        assert set(handled_by) == {"replica-a", "replica-b"}, handled_by
        assert [len(api.sent_messages(chat)) for chat in readers] == [4] * len(readers), "one answer per post"
        async with database.sessionmaker() as session:
            requests = (
                await session.execute(select(Request.chat_id, Request.message_id, Request.tip_id))
            ).all()
            unhandled = await session.scalar(
                select(func.count()).select_from(InboxUpdate).where(InboxUpdate.handled_at.is_(None))
            )
            queued_texts = set((await session.scalars(select(Tip.text))).all())
        assert len(requests) == len({(r.chat_id, r.message_id) for r in requests}) == len(pushed)
        assert unhandled == 0
        assert set(unknown) <= queued_texts, "every unknown claim is a tip"

        # a checker's dialog: each step lands on the other replica, the state lives in Redis
        checker = Checker(api)
        card = next(m for m in api.sent_messages(CHECKERS_CHAT) if unknown[0] in m.text)
        tip_id = desk_action(card, "take").tip
        take = DeskAction(action="take", tip=tip_id).pack()
        checker.push(api.make_callback(CHECKERS_CHAT, take, card.message_id, user=checker.user))
        await api.wait_until(
            lambda: "Admin" in api.message(CHECKERS_CHAT, card.message_id)["text"],
            ANSWER_TIMEOUT,
            "the card taken",
        )
        ratings = await checker.press(DeskAction(action="new", tip=tip_id), card.message_id)
        await checker.press(DraftAction(field="rating", value="false"), ratings.message_id)
        await checker.say(CLAIM)
        await checker.say("Акимат и операторы связи опровергли: отключений не планируется.")
        languages = await checker.say(URL)
        preview = await checker.press(DraftAction(field="lang", value="ru"), languages.message_id)
        assert URL in preview.text
        published = await checker.press(DraftAction(field="publish"), preview.message_id)
        async with database.sessionmaker() as session:
            verdict = await session.scalar(select(Verdict).where(Verdict.url == URL))
        assert verdict is not None and f"#{verdict.id}" in published.text
        replicas_of_dialog = {
            stack.by_url(url).name
            for update_id, url, status in api.webhook_deliveries
            if update_id in checker.update_ids and status == 200
        }
        assert replicas_of_dialog == {"replica-a", "replica-b"}

        # the reader whose tip it was is told
        author = readers[0]
        await api.wait_until(
            lambda: any(URL in m.text for m in api.sent_messages(author)), ANSWER_TIMEOUT, "the notice"
        )

        # the verdict, published through one replica, is matched by the other within seconds
        publisher = next(
            url
            for update_id, url, status in api.webhook_deliveries
            if update_id == checker.update_ids[-1] and status == 200
        )
        [other] = [r for r in stack.replicas if not publisher.startswith(r.url)]
        api.spread_webhook([f"{other.url}/telegram"])
        await asyncio.sleep(SYNC_INTERVAL * 4)
        api.push_update(api.make_private_text(7100, CLAIM, language_code="ru"))
        [answer] = await api.wait_sent(7100, 1, timeout=ANSWER_TIMEOUT)
        assert URL in answer.text, answer.text
        assert "reloaded" in other.output()


class ReplicaTarget:
    """One webhook replica as the crash run's target. Killed, it is taken out of the load balancer's turn (the
    deliveries it had in flight fail and go to the other replica); started again, it is put back."""

    def __init__(self, stack: Stack, replica: Replica, zygote: Zygote):
        self.stack = stack
        self.replica = replica
        self.zygote = zygote
        self.name = replica.name

    def alive(self) -> bool:
        return self.replica.process.returncode is None

    def _route(self, replicas: list[Replica]) -> None:
        self.stack.api.spread_webhook(f"{r.url}/telegram" for r in replicas)

    async def kill(self) -> None:
        self.replica.process.kill()
        self._route([r for r in self.stack.replicas if r is not self.replica])
        await self.replica.process.wait()

    async def start(self) -> None:
        await restart(self.replica, self.zygote)
        self._route(self.stack.replicas)


def postgres_fetch(engine: AsyncEngine) -> Fetch:
    async def fetch(sql: str, **params: object) -> list[dict]:
        async with engine.connect() as connection:
            return [dict(row._mapping) for row in await connection.execute(text(sql), params)]

    return fetch


async def test_sigkills_of_either_replica_lose_nothing_and_double_nothing(database, tmp_path):
    """Issue 12, promise 3, with two webhook replicas on PostgreSQL and Redis: 40 readers send 160 messages
    (as in test_e2e.py's crash test), and the replicas are SIGKILLed 5 times in turn, each time after
    12-25 new answers and while answers flow, then started again. Nothing is lost (every message stored and
    answered, but at most one per kill that was in flight, recorded unknown) and nothing doubled beyond one
    per kill; each tip's card is posted once."""
    readers = list(range(7201, 7241))
    claims = distinct_claims(len(readers) + 10, seed=29)
    known = known_verdicts()
    scripts = reader_scripts(readers, known, claims[: len(readers)], claims[len(readers) :])
    seed = int(os.environ.get("TIPLINE_TEST_KILL_SEED") or random.randrange(1 << 30))
    engine = create_async_engine(POSTGRES_URL)
    try:
        async with (
            FakeBotAPI() as api,
            Zygote.open(tmp_path, bot_env(api, POSTGRES_URL), tmp_path / "zygote.log") as zygote,
            webhook_replicas(
                api,
                POSTGRES_URL,
                tmp_path,
                zygote=zygote,
                redis_url=REDIS_URL,
                sync_interval=str(SYNC_INTERVAL),
                semantic="true",
            ) as stack,
        ):
            api.latency = 0.05
            run = CrashRun(
                api,
                [ReplicaTarget(stack, replica, zygote) for replica in stack.replicas],
                postgres_fetch(engine),
                scripts,
                kills=5,
                answer_timeout=ANSWER_TIMEOUT,
                seed=seed,
                on_death=lambda target: f"\n{stack.logs()[-8000:]}",
            )
            try:
                await run.run()
                # an update a killed replica had accepted waits for the other's inbox sweep (60-90 s)
                await run.settle(timeout=2 * ANSWER_TIMEOUT)
                account = await account_for(run, CHECKERS_CHAT, [url for _, url in known])
            except BaseException:
                print(stack.logs()[-12000:])
                raise
            print(account.report())
            handled_by = Counter(
                stack.by_url(url).name for _, url, status in api.webhook_deliveries if status == 200
            )
            assert set(handled_by) == {"replica-a", "replica-b"}, handled_by
            assert Counter(kill.target for kill in account.kills) == {"replica-a": 3, "replica-b": 2}
            assert all(kill.waiting and kill.answers_since_last >= 12 for kill in account.kills)
            if account.problems:
                print(stack.logs()[-12000:])
            assert not account.problems, account.report()
    finally:
        await engine.dispose()
