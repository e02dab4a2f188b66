"""The crash tests' readers: invented claims, and the four messages each reader sends in turn."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


def distinct_claims(n: int, seed: int = 7) -> list[str]:
    """Unknown, mutually dissimilar claims made of invented words (no two share a content word or a number,
    so neither the lexical nor the semantic clustering joins two of them)."""
    rng = random.Random(seed)
    syllables = [
        "ka",
        "lo",
        "mi",
        "ru",
        "ten",
        "vos",
        "zha",
        "bek",
        "dri",
        "ul",
        "sen",
        "pao",
        "gri",
        "fe",
        "nox",
        "tal",
        "wem",
        "quo",
        "yir",
        "dash",
    ]
    used: set[str] = set()

    def word() -> str:
        while True:
            w = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
            if w not in used:
                used.add(w)
                return w

    templates = [
        "Officials in {a} confirmed that {b} will replace {c} with {d} by {n}",
        "Scientists from {a} say eating {b} every day makes {c} grow {n} times faster than {d}",
        "A leaked memo shows the {a} ministry plans to tax {b} and {c} at {n} percent in {d}",
        "Residents of {a} claim the new {b} tower emits {c} waves that kill {d} within {n} hours",
    ]
    numbers = rng.sample(range(2, 10_000), n)
    return [
        templates[i % len(templates)].format(
            a=word().capitalize(), b=word(), c=word(), d=word(), n=numbers[i]
        )
        for i in range(n)
    ]


@dataclass
class ReaderMessage:
    """One message a reader sends, and what the driver saw become of it."""

    chat: int
    text: str
    url: str | None
    """The verdict URL its answer must carry (a known claim); None: it is queued, answered with a tip ref."""
    own: bool = False
    """An unknown claim no other reader sends: exactly one tip has its text."""
    update_id: int | None = None
    message_id: int | None = None
    pushed_at: float | None = None
    """The fake's clock (time.time()) when it was pushed."""
    seen: str = ""
    """How the driver moved on: "answered", "in flight at kill N", or "no answer"."""
    waited: float = 0.0
    """Seconds the reader waited for it while a bot process served."""


def reader_scripts(
    readers: Sequence[int],
    known: Sequence[tuple[str, str]],
    own_claims: Sequence[str],
    shared_claims: Sequence[str],
) -> dict[int, list[ReaderMessage]]:
    """Four messages per reader: two known claims (different verdicts), an unknown claim of their own, and
    one of `shared_claims` that several readers send (a cluster: one tip, its card edited as demand grows),
    at a different position for each reader of it, so its readers rarely send it at the same moment."""
    assert len(known) >= 2 and len(own_claims) >= len(readers)
    scripts: dict[int, list[ReaderMessage]] = {}
    for i, chat in enumerate(readers):
        first = known[i % len(known)]
        second = known[(i + 1 + (i // len(known)) % (len(known) - 1)) % len(known)]
        shared = shared_claims[i % len(shared_claims)]
        rest = [
            ReaderMessage(chat, first[0], first[1]),
            ReaderMessage(chat, own_claims[i], None, own=True),
            ReaderMessage(chat, second[0], second[1]),
        ]
        rest.insert((i // len(shared_claims)) % 4, ReaderMessage(chat, shared, None))
        scripts[chat] = rest
    return scripts


# ------------------------------------------------------------------------------------------ the kills
