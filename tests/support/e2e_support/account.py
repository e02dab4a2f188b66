"""The account of a crash run: what every message and every tip's card got, per kill, and the breaches of
issue 12's promise."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tests.support.e2e_support.account_checks import (
    KillTally,
    kill_problems,
    leftover_problems,
    read_records,
    stored_problems,
    tally_answers,
    tally_cards,
)
from tests.support.e2e_support.crash_run import CrashRun, Kill


@dataclass
class Account:
    """What every message and card got, per kill; `problems` are breaches of the promise (empty: kept)."""

    messages: int
    kills: list[Kill]
    per_kill: dict[int, KillTally]
    answers: int
    duplicates: int
    missing: int
    cards: int
    cards_doubled: int
    cards_missing: int
    card_edits: int
    clustered_tips: int
    outbox_states: dict[str, int]
    moved_on: Counter
    """How the readers went on to their next message: answered, in flight at a kill, no answer."""
    waits: list[float]
    """Sorted: how long each answered message waited for its answer while a bot process served."""
    seed: int
    problems: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = [
            f"{self.messages} reader messages, {len(self.kills)} SIGKILLs: {self.answers} answers, "
            f"{self.duplicates} duplicate(s), {self.missing} missing; {self.cards} card(s) posted, "
            f"{self.cards_doubled} doubled, {self.cards_missing} missing, {self.card_edits} card edit(s), "
            f"{self.clustered_tips} tip(s) asked by several readers; outbox rows by state: "
            f"{self.outbox_states or 'none'}; kill plan seed {self.seed}"
        ]
        for kill in self.kills:
            tally = self.per_kill[kill.number]
            answers_in_flight = sum(1 for r in kill.in_flight if r.method == "sendMessage")
            lines.append(
                f"  kill {kill.number} ({kill.target}) after {kill.answers_since_last} answers since the "
                "last kill, "
                f"{kill.waiting} messages waiting; in flight: {len(kill.in_flight)} request(s) at the fake "
                f"({answers_in_flight} sendMessage), {len(kill.sending)} outbox row(s) sending -> "
                f"{tally.answers_doubled} answer(s) doubled, {tally.answers_missing} missing, "
                f"{tally.cards_doubled} card(s) doubled, {tally.cards_missing} missing"
            )
        lines.append(
            f"  readers moved on: {dict(self.moved_on)}; waits for an answer while a bot served: median "
            f"{self.waits[len(self.waits) // 2]:.1f} s, longest {self.waits[-1]:.1f} s"
            if self.waits
            else f"  readers moved on: {dict(self.moved_on)}"
        )
        if self.problems:
            lines.append(f"{len(self.problems)} problem(s):")
            lines.extend(f"  - {p}" for p in self.problems[:60])
        return "\n".join(lines)


async def account_for(run: CrashRun, checkers_chat: int, known_urls: Iterable[str]) -> Account:
    """Checks the promise against the fake's records and the bot's database after `run` has settled."""
    records = await read_records(run)
    messages = run.messages
    per_kill = {k.number: KillTally() for k in run.kills}
    problems = stored_problems(run, records)
    answers = tally_answers(run, records, set(known_urls), per_kill)
    cards = tally_cards(run, records, checkers_chat, per_kill)
    problems += answers.problems + cards.problems + kill_problems(per_kill)
    problems += leftover_problems(run, records, checkers_chat)
    update_ids = {m.update_id for m in messages}
    return Account(
        messages=len(messages),
        kills=run.kills,
        per_kill=per_kill,
        answers=answers.answers,
        duplicates=answers.duplicates,
        missing=answers.missing,
        cards=cards.cards,
        cards_doubled=cards.doubled,
        cards_missing=cards.missing,
        card_edits=cards.edits,
        clustered_tips=cards.clustered,
        outbox_states=dict(Counter(r["state"] for r in records.outbox if r["update_id"] in update_ids)),
        moved_on=Counter(m.seen for m in messages),
        waits=sorted(m.waited for m in messages if m.seen == "answered"),
        seed=run.seed,
        problems=problems,
    )
