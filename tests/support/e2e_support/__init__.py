"""Crash tests of the real bot (tests/e2e/: test_e2e.py, test_replicas_e2e.py): readers who each send their
messages one at a time, waiting for the answer before the next; SIGKILLs of the bot, each timed while answers
are flowing; then an account of what every message and every tip's card got, checked against issue 12's
promise: each answer once and each card posted once, except at most one message per kill that was in flight
at the instant of the kill (and an answer that never arrived is recorded `unknown` in the outbox, never
`sent`).

How an answer is told apart: every message of a reader expects a different answer (a verdict card with its
own URL, or a tip reference of its own), so answers are matched to messages by what they say, whenever they
arrive; waiting for each answer before the next message only keeps the stream realistic.

What was in flight at a kill is read from both sides: the fake Bot API's requests still open at the instant
of the SIGKILL (the fake runs in this event loop, so nothing completes between that snapshot and the
signal), and the outbox rows left `sending` once the process is dead.
"""

from tests.support.e2e_support.account import Account, account_for
from tests.support.e2e_support.account_checks import KillTally
from tests.support.e2e_support.crash_run import TIP_REF, CrashRun, Fetch, Kill, Target
from tests.support.e2e_support.readers import ReaderMessage, distinct_claims, reader_scripts
from tests.support.e2e_support.zygote import Forked, Zygote

__all__ = [
    "TIP_REF",
    "Account",
    "CrashRun",
    "Fetch",
    "Forked",
    "Kill",
    "KillTally",
    "ReaderMessage",
    "Target",
    "Zygote",
    "account_for",
    "distinct_claims",
    "reader_scripts",
]
