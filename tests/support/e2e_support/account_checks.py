"""The checks of a crash run's account, one part of the promise each: (a) every message stored once as what
it is, (b) and (c) each answer once, a missing one in flight at a kill and recorded unknown, (d) each tip's
card posted once, then edited, (e) nothing left undone; at most one message or card per kill affected."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.support.e2e_support.crash_run import TIP_REF, CrashRun, Kill, chat_of
from tests.support.e2e_support.readers import ReaderMessage
from tests.support.fakebotapi import FakeBotAPI, Recorded


@dataclass
class KillTally:
    answers_doubled: int = 0
    answers_missing: int = 0
    cards_doubled: int = 0
    cards_missing: int = 0


@dataclass
class BotRecords:
    """What the bot's database holds after a run, about the run's readers."""

    requests: list[dict]
    request_of: dict[tuple[Any, Any], dict]
    tips: dict[int, dict]
    verdict_urls: dict[int, str]
    inbox: dict[int, dict]
    outbox: list[dict]
    dead: set[int]
    """Outbox rows left `sending` by a killed process."""
    readers_of_tip: dict[int, set]
    my_tips: set[int]
    """The tips the run's readers' unknown claims were queued as."""


async def read_records(run: CrashRun) -> BotRecords:
    fetch = run.fetch
    requests = [r for r in await fetch("SELECT * FROM requests") if r["chat_id"] in run.readers]
    tips = {t["id"]: t for t in await fetch("SELECT id, text, status, demand, card_message_id FROM tips")}
    verdict_urls = {v["id"]: v["url"] for v in await fetch("SELECT id, url FROM verdicts")}
    inbox = {r["update_id"]: r for r in await fetch("SELECT update_id, handled_at, failed_at FROM inbox")}
    outbox = await fetch("SELECT id, update_id, chat_id, method, payload, state FROM outbox")
    readers_of_tip: dict[int, set] = defaultdict(set)
    for r in await fetch("SELECT tip_id, reader_id FROM requests WHERE tip_id IS NOT NULL"):
        readers_of_tip[r["tip_id"]].add(r["reader_id"])
    return BotRecords(
        requests=requests,
        request_of={(r["chat_id"], r["message_id"]): r for r in requests},
        tips=tips,
        verdict_urls=verdict_urls,
        inbox=inbox,
        outbox=outbox,
        dead=run.dead_rows(),
        readers_of_tip=readers_of_tip,
        my_tips={r["tip_id"] for r in requests if r["decision"] == "queue" and r["tip_id"] in tips},
    )


def stored_problems(run: CrashRun, records: BotRecords) -> list[str]:
    """(a) Every message stored exactly once, as what it is; each tip's demand the number of its readers."""
    problems: list[str] = []
    stored = Counter((r["chat_id"], r["message_id"]) for r in records.requests)
    for key, count in stored.items():
        if count > 1:
            problems.append(f"message {key} stored {count} times")
    pushed = {(m.chat, m.message_id) for m in run.messages}
    for key in sorted(set(stored) - pushed):
        problems.append(f"a request for {key}, which no reader sent")
    for m in run.messages:
        problems.extend(_message_problems(m, records))
    for m in run.messages:
        if m.own:
            count = sum(1 for t in records.tips.values() if t["text"] == m.text)
            if count != 1:
                problems.append(f"{count} tips hold the claim {m.text[:40]!r} of chat {m.chat} (expected 1)")
    for tip_id in sorted(records.my_tips):
        demand, readers = records.tips[tip_id]["demand"], len(records.readers_of_tip[tip_id])
        if demand != readers:
            problems.append(f"tip #{tip_id} counts demand {demand} for {readers} readers")
    return problems


def _message_problems(m: ReaderMessage, records: BotRecords) -> list[str]:
    problems = []
    if m.update_id not in records.inbox:
        problems.append(f"message {(m.chat, m.message_id)} (update {m.update_id}) never reached the inbox")
    request = records.request_of.get((m.chat, m.message_id))
    if request is None:
        problems.append(f"message {(m.chat, m.message_id)} ({m.text[:40]!r}) has no request: lost")
    elif m.url is not None:
        if request["decision"] != "auto" or records.verdict_urls.get(request["verdict_id"]) != m.url:
            problems.append(f"known claim {m.text[:40]!r} in chat {m.chat} decided {request['decision']}")
    elif request["decision"] != "queue" or request["tip_id"] not in records.tips:
        problems.append(f"unknown claim {m.text[:40]!r} in chat {m.chat} decided {request['decision']}")
    elif records.tips[request["tip_id"]]["text"] != m.text:
        problems.append(
            f"message {(m.chat, m.message_id)} points to tip #{request['tip_id']} of another claim"
        )
    return problems


@dataclass
class AnswerTally:
    answers: int = 0
    duplicates: int = 0
    missing: int = 0
    problems: list[str] = field(default_factory=list)


def tally_answers(
    run: CrashRun, records: BotRecords, known_urls: set[str], per_kill: dict[int, KillTally]
) -> AnswerTally:
    """(b), (c) Each answer once; a missing one was in flight at a kill and is recorded unknown."""
    tally = AnswerTally()
    for chat in sorted(run.readers):
        expected = _expected_answers(run.scripts[chat], records.request_of)
        got: dict[tuple[str, Any], list[Recorded]] = defaultdict(list)
        for record in run.answers[chat]:
            got[_answer_key(record.text or "", known_urls)].append(record)
            tally.answers += 1
        for key in set(got) - set(expected):
            tally.problems.append(
                f"chat {chat} got {len(got[key])} answer(s) no message of its asked for: {key}"
            )
        for key, asked in expected.items():
            answers = sorted(got.get(key, []), key=lambda r: r.time)
            for extra in answers[len(asked) :]:
                tally.duplicates += 1
                kill = first_kill_between(run.kills, answers[0].time, extra.time)
                if kill is None:
                    tally.problems.append(f"chat {chat}: answer {key} sent twice with no kill in between")
                else:
                    per_kill[kill.number].answers_doubled += 1
            for m in asked[len(answers) :]:
                tally.missing += 1
                tally.problems.extend(_missing_answer(m, run.kills, records.outbox, records.dead, per_kill))
    return tally


def _expected_answers(
    script: Sequence[ReaderMessage], request_of: dict[tuple[Any, Any], dict]
) -> dict[tuple[str, Any], list[ReaderMessage]]:
    """A reader's messages by the answer each expects: its verdict's URL, or its tip's reference."""
    expected: dict[tuple[str, Any], list[ReaderMessage]] = defaultdict(list)
    for m in script:
        request = request_of.get((m.chat, m.message_id))
        if m.url is not None:
            expected[("url", m.url)].append(m)
        elif request is not None:
            expected[("tip", request["tip_id"])].append(m)
    return expected


def _answer_key(text: str, known_urls: set[str]) -> tuple[str, Any]:
    url = next((u for u in known_urls if u in text), None)
    if url:
        return ("url", url)
    refs = TIP_REF.findall(text)
    return ("tip", int(refs[0])) if refs else ("text", text[:60])


@dataclass
class CardTally:
    cards: int = 0
    doubled: int = 0
    missing: int = 0
    edits: int = 0
    clustered: int = 0
    """Tips asked by several readers."""
    problems: list[str] = field(default_factory=list)


def tally_cards(
    run: CrashRun, records: BotRecords, checkers_chat: int, per_kill: dict[int, KillTally]
) -> CardTally:
    """(d) Each tip's card posted once, then edited; and a cluster formed."""
    cards, edits = _cards_and_edits(run.api, checkers_chat, records.my_tips)
    tally = CardTally()
    for tip_id in sorted(records.my_tips):
        posted = sorted(cards[tip_id], key=lambda r: r.time)
        for extra in posted[1:]:
            tally.doubled += 1
            kill = first_kill_between(run.kills, posted[0].time, extra.time)
            if kill is None:
                tally.problems.append(f"the card of tip #{tip_id} posted twice with no kill in between")
            else:
                per_kill[kill.number].cards_doubled += 1
        if not posted:
            tally.missing += 1
            kill = _card_in_flight(tip_id, run.kills, checkers_chat)
            if kill is None:
                tally.problems.append(f"tip #{tip_id} never got a card, and none was in flight at a kill")
            else:
                per_kill[kill.number].cards_missing += 1
        card_ids = {r.message_id for r in posted}
        for edit in edits[tip_id]:
            if int(edit.params.get("message_id", 0)) not in card_ids:
                tally.problems.append(
                    f"tip #{tip_id}: an edit of message {edit.params.get('message_id')}, not its card"
                )
    tally.clustered = sum(1 for tip_id in records.my_tips if len(records.readers_of_tip[tip_id]) > 1)
    tally.edits = sum(len(e) for e in edits.values())
    if not tally.clustered or not tally.edits:
        tally.problems.append(
            f"no cluster formed ({tally.clustered} tips asked by several readers, {tally.edits} card edits)"
        )
    tally.cards = sum(len(c) for c in cards.values())
    return tally


def _cards_and_edits(
    api: FakeBotAPI, checkers_chat: int, my_tips: set[int]
) -> tuple[dict[int, list[Recorded]], dict[int, list[Recorded]]]:
    """The cards posted to the checkers' chat and their edits, by tip."""
    cards: dict[int, list[Recorded]] = defaultdict(list)
    edits: dict[int, list[Recorded]] = defaultdict(list)
    for record in api.requests():
        if not record.ok or chat_of(record) != checkers_chat:
            continue
        refs = TIP_REF.findall(record.text or "")
        tip_id = int(refs[0]) if refs else None
        if tip_id not in my_tips:
            continue
        if record.method == "sendMessage":
            cards[tip_id].append(record)
        elif record.method == "editMessageText":
            edits[tip_id].append(record)
    return cards, edits


def kill_problems(per_kill: dict[int, KillTally]) -> list[str]:
    """At most one message and one card affected per kill."""
    problems = []
    for number, tally in per_kill.items():
        if tally.answers_doubled + tally.answers_missing > 1:
            problems.append(
                f"kill {number}: {tally.answers_doubled} answer(s) doubled, {tally.answers_missing} missing; "
                "at most one message per kill may be affected"
            )
        if tally.cards_doubled + tally.cards_missing > 1:
            problems.append(
                f"kill {number}: {tally.cards_doubled} card(s) doubled and {tally.cards_missing} missing; "
                "at most one per kill"
            )
    return problems


def leftover_problems(run: CrashRun, records: BotRecords, checkers_chat: int) -> list[str]:
    """(e) Nothing left undone: every update handled, no outbox row pending or failed."""
    problems = []
    for m in run.messages:
        row = records.inbox.get(m.update_id)
        if row is not None and row["failed_at"]:
            problems.append(f"update {m.update_id} of chat {m.chat} failed")
        elif row is not None and not row["handled_at"]:
            problems.append(f"update {m.update_id} of chat {m.chat} left unhandled")
    for row in records.outbox:
        if row["state"] == "pending" or (row["state"] == "sending" and row["id"] not in records.dead):
            problems.append(
                f"outbox row {row['id']} ({row['method']} to {row['chat_id']}) left {row['state']}"
            )
        elif row["state"] == "failed" and (row["chat_id"] in run.readers or row["chat_id"] == checkers_chat):
            problems.append(f"outbox row {row['id']} ({row['method']} to {row['chat_id']}) failed")
    return problems


def first_kill_between(kills: Sequence[Kill], after: float, before: float) -> Kill | None:
    return next((k for k in kills if after < k.at < before), None)


def _missing_answer(
    m: ReaderMessage,
    kills: Sequence[Kill],
    outbox: list[dict],
    dead: set[int],
    per_kill: dict[int, KillTally],
) -> list[str]:
    """A message that never got its answer: which kill had it in flight, and is it recorded unknown."""
    where = f"message {(m.chat, m.message_id)} ({m.text[:40]!r})"
    kill = next(
        (
            k
            for k in kills
            if k.at > (m.pushed_at or 0)
            and (
                any(row["chat_id"] == m.chat for row in k.sending)
                or any(r.method == "sendMessage" and chat_of(r) == m.chat for r in k.in_flight)
            )
        ),
        None,
    )
    problems = []
    if kill is None:
        problems.append(f"{where} never answered, and no answer to its chat was in flight at any kill")
    else:
        per_kill[kill.number].answers_missing += 1
    rows = [r for r in outbox if r["chat_id"] == m.chat and r["update_id"] == m.update_id]
    states = sorted(r["state"] for r in rows)
    if "sent" in states:
        problems.append(f"{where} never arrived but its outbox row says sent ({states})")
    elif not any(r["state"] == "unknown" or (r["state"] == "sending" and r["id"] in dead) for r in rows):
        problems.append(
            f"{where} never answered, and the outbox does not record it unknown ({states or 'no row'})"
        )
    return problems


def _card_in_flight(tip_id: int, kills: Sequence[Kill], checkers_chat: int) -> Kill | None:
    def refers(text: str | None) -> bool:
        refs = TIP_REF.findall(text or "")
        return bool(refs) and int(refs[0]) == tip_id

    for kill in kills:
        for row in kill.sending:
            payload = _payload(row)
            if payload.get("tip_id") == tip_id or (
                row["chat_id"] == checkers_chat and refers(payload.get("text"))
            ):
                return kill
        if any(
            r.method == "sendMessage" and chat_of(r) == checkers_chat and refers(r.text)
            for r in kill.in_flight
        ):
            return kill
    return None


def _payload(row: dict) -> dict:
    payload = row.get("payload")
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError:
            return {}
    return payload if isinstance(payload, dict) else {}
