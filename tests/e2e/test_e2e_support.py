"""The crash tests' account (tests/support/e2e_support): what counts as a doubled or a missing answer or
card, and which kill it is charged to, on records made by hand (no bot process)."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest

from tests.support.e2e_support import Account, CrashRun, Kill, ReaderMessage, account_for
from tests.support.fakebotapi import FakeBotAPI

CHECKERS = -100500
URL = "https://factcheck.example/a"
SCHEMA = """
CREATE TABLE requests (chat_id INT, message_id INT, tip_id INT, verdict_id INT, decision TEXT, reader_id INT);
CREATE TABLE tips (id INT, text TEXT, status TEXT, demand INT, card_message_id INT);
CREATE TABLE verdicts (id INT, url TEXT);
CREATE TABLE inbox (update_id INT, handled_at TEXT, failed_at TEXT);
CREATE TABLE outbox (id INT, update_id INT, chat_id INT, method TEXT, payload TEXT, state TEXT);
INSERT INTO verdicts VALUES (1, 'https://factcheck.example/a');
INSERT INTO tips VALUES (5, 'claim X', 'queued', 1, NULL), (6, 'claim S', 'queued', 2, NULL);
INSERT INTO requests VALUES (11, 1, NULL, 1, 'auto', 1), (11, 2, 5, NULL, 'queue', 1),
    (11, 3, 6, NULL, 'queue', 1), (12, 1, 6, NULL, 'queue', 2);
INSERT INTO inbox VALUES (101, 'x', NULL), (102, 'x', NULL), (103, 'x', NULL), (104, 'x', NULL);
"""


class Scenario:
    """Reader 11 sends a known claim, a claim of their own (tip 5) and one reader 12 sends too (tip 6)."""

    def __init__(self, api: FakeBotAPI):
        self.api = api
        self.db = sqlite3.connect(":memory:")
        self.db.row_factory = sqlite3.Row
        self.db.executescript(SCHEMA)
        self.known = ReaderMessage(11, "known claim", URL, update_id=101, message_id=1, pushed_at=10)
        self.own = ReaderMessage(11, "claim X", None, own=True, update_id=102, message_id=2, pushed_at=20)
        self.shared = ReaderMessage(11, "claim S", None, update_id=103, message_id=3, pushed_at=30)
        self.other = ReaderMessage(12, "claim S", None, update_id=104, message_id=1, pushed_at=30)
        scripts = {11: [self.known, self.own, self.shared], 12: [self.other]}
        self.run = CrashRun(api, [], self.fetch, scripts)
        self.cards: dict[int, int] = {}

    async def fetch(self, sql: str, **params: object) -> list[dict]:
        return [dict(row) for row in self.db.execute(sql, params)]

    def outbox(self, row_id: int, update_id: int, chat: int, state: str) -> dict:
        self.db.execute(
            "INSERT INTO outbox VALUES (?, ?, ?, 'sendMessage', '{}', ?)", (row_id, update_id, chat, state)
        )
        return {
            "id": row_id,
            "update_id": update_id,
            "chat_id": chat,
            "method": "sendMessage",
            "payload": "{}",
        }

    async def send(self, chat: int, text: str, at: float, method: str = "sendMessage", **params) -> int:
        await self.api.call(method, {"chat_id": chat, "text": text, **params})
        record = self.api.requests()[-1]
        record.time = at
        return record.message_id

    async def answer_all(self, skip: tuple[ReaderMessage, ...] = ()) -> None:
        answers = [(self.known, URL), (self.own, "tip #5"), (self.shared, "tip #6"), (self.other, "tip #6")]
        for message, text in answers:
            if all(message is not skipped for skipped in skip):
                await self.send(message.chat, text, (message.pushed_at or 0) + 5)
        self.cards = {
            5: await self.send(CHECKERS, "Tip #5 · 1 reader", 26),
            6: await self.send(CHECKERS, "Tip #6 · 1 reader", 36),
        }
        await self.send(CHECKERS, "Tip #6 · 2 readers", 37, "editMessageText", message_id=self.cards[6])

    def kill(self, at: float, sending: list[dict] | None = None) -> None:
        number = len(self.run.kills) + 1
        self.run.kills.append(Kill(number, "bot", at, 20, 1, [], sending or []))

    async def account(self) -> Account:
        self.run.collect()
        return await account_for(self.run, CHECKERS, [URL])


@pytest.fixture
async def scenario():
    async with FakeBotAPI() as api:
        scenario = Scenario(api)
        with contextlib.closing(scenario.db):
            yield scenario


async def test_one_answer_and_one_card_each_is_kept(scenario: Scenario):
    await scenario.answer_all()
    scenario.kill(50)
    account = await scenario.account()
    assert account.problems == []
    assert (account.answers, account.duplicates, account.missing, account.cards, account.card_edits) == (
        4,
        0,
        0,
        2,
        1,
    )


async def test_a_double_is_charged_to_the_kill_before_it_and_two_at_one_kill_break_the_promise(
    scenario: Scenario,
):
    await scenario.answer_all()
    scenario.kill(50)
    await scenario.send(11, URL, 60)
    account = await scenario.account()
    assert account.problems == [] and account.duplicates == 1
    assert account.per_kill[1].answers_doubled == 1

    await scenario.send(11, "tip #5", 61)
    account = await scenario.account()
    assert account.duplicates == 2
    assert any("kill 1: 2 answer(s) doubled" in p for p in account.problems), account.problems


async def test_a_double_with_no_kill_between_breaks_the_promise(scenario: Scenario):
    await scenario.answer_all()
    await scenario.send(12, "tip #6", 40)
    scenario.kill(50)
    account = await scenario.account()
    assert any("chat 12" in p and "no kill in between" in p for p in account.problems), account.problems


async def test_a_missing_answer_is_allowed_once_per_kill_when_it_was_in_flight_and_is_recorded_unknown(
    scenario: Scenario,
):
    await scenario.answer_all(skip=(scenario.own,))
    row = scenario.outbox(7, 102, 11, "unknown")
    scenario.kill(50, sending=[row])
    account = await scenario.account()
    assert account.problems == [] and account.missing == 1 and account.per_kill[1].answers_missing == 1


@pytest.mark.parametrize(
    ("state", "in_flight", "problem"),
    [
        ("sent", True, "its outbox row says sent"),
        ("unknown", False, "no answer to its chat was in flight at any kill"),
        (None, True, "the outbox does not record it unknown"),
    ],
)
async def test_a_missing_answer_breaks_the_promise_unless_in_flight_and_recorded_unknown(
    scenario: Scenario, state: str | None, in_flight: bool, problem: str
):
    await scenario.answer_all(skip=(scenario.own,))
    row = scenario.outbox(7, 102, 11, state) if state else {"id": 7, "chat_id": 11, "payload": "{}"}
    scenario.kill(50, sending=[row] if in_flight else [])
    account = await scenario.account()
    assert any(problem in p for p in account.problems), account.problems


async def test_a_card_posted_again_after_a_kill_is_allowed_once_and_an_edit_must_hit_the_card(
    scenario: Scenario,
):
    await scenario.answer_all()
    scenario.kill(50)
    await scenario.send(CHECKERS, "Tip #6 · 2 readers", 60)
    account = await scenario.account()
    assert account.problems == [] and account.cards_doubled == 1 and account.per_kill[1].cards_doubled == 1

    await scenario.send(CHECKERS, "Tip #5 · 1 reader", 62, "editMessageText", message_id=scenario.cards[6])
    account = await scenario.account()
    assert any("tip #5: an edit of message" in p for p in account.problems), account.problems
