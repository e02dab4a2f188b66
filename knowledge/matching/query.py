"""A reader's message prepared for matching: its normalised text, matching key, script, language,
numbers, names and, for long posts, the passages embedded on their own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.language import identifier
from knowledge.normalise import has_letters, normalise, script_of, strip_noise, to_key

MAX_QUERY_CHARS = 1500
"""Only this prefix of a message is matched (readers can send 4096 characters)."""
MAX_PHRASING_CHARS = 2000
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\s*\n+\s*")
LONG_QUERY_CHARS = 200
PASSAGE_SCOPE_CHARS = 700
MIN_PASSAGE_CHARS = 60
MAX_PASSAGES = 3
NUMBER = re.compile(r"\d+")
NAME_WORD = re.compile(r"[^\W\d_]+(?:['’ʻʼ`-][^\W\d_]+)*")
NAME_PREFIX = 8
KEYABLE_LETTER = re.compile("[a-z\u00c0-\u024f\u0259\u1e00-\u1eff\u0400-\u052f]", re.IGNORECASE)
"""Latin and Cyrillic letters: what the matching key spells and the lexical index can read."""


@dataclass(frozen=True)
class Query:
    """A message prepared for matching."""

    text: str
    normalised: str
    key: str
    script: str
    numbers: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()
    lang: str = "und"
    readable: float = 1.0
    """Share of the message's letters the lexical index can read (Latin or Cyrillic; see keyable_share)."""

    @property
    def is_empty(self) -> bool:
        return not has_letters(self.normalised)


def prepare_query(text: str) -> Query:
    if not isinstance(text, str):
        text = ""
    prefix = text[:MAX_QUERY_CHARS]
    normalised = normalise(prefix)
    key = to_key(normalised)
    readable = keyable_share(normalised)
    return Query(
        prefix,
        normalised,
        key,
        script_of(normalised),
        numbers_in(normalised),
        names_in(prefix),
        tuple(sorted({w[:NAME_PREFIX] for w in key.split()})),
        query_language(normalised) if readable >= 0.5 else "und",
        readable,
    )


def keyable_share(text: str) -> float:
    """Share of the letters of `text` in Latin or Cyrillic script, 1.0 when it has none. A Korean or
    Arabic post that quotes a few English names shares words with many verdicts by those names alone:
    lexical evidence counts only in proportion to the part of the message it is drawn from."""
    letters = sum(ch.isalpha() for ch in text)
    if not letters:
        return 1.0
    return min(len(KEYABLE_LETTER.findall(text)) / letters, 1.0)


def numbers_in(normalised: str) -> frozenset[str]:
    """The numbers a text mentions (digit runs, leading zeros dropped)."""
    return frozenset(n.lstrip("0") or "0" for n in NUMBER.findall(normalised))


def names_in(text: str) -> tuple[str, ...]:
    """Matching keys of the capitalised words after the first: mostly places, people, bodies."""
    words = NAME_WORD.findall(text[:MAX_QUERY_CHARS])
    chosen = " ".join(w.casefold() for w in words[1:] if len(w) >= 4 and w[0].isupper() and not w.isupper())
    return tuple(sorted({k[:NAME_PREFIX] for k in to_key(chosen).split()})) if chosen else ()


def query_language(normalised: str) -> str:
    """The most likely of the region's languages for a normalised message (py3langid alone, no
    tie-breaking: knowledge.language.detect_language is the reader-facing one), or 'und'."""
    if not has_letters(normalised):
        return "und"
    try:
        return str(identifier().classify(normalised[:300])[0])
    except Exception:  # noqa: BLE001 - a message must never stop matching
        return "und"


def embedded_message(text: str) -> str:
    """The message as it is embedded: its first MAX_QUERY_CHARS, noise stripped."""
    return strip_noise(text[:MAX_QUERY_CHARS])


def query_passages(cleaned: str) -> list[str]:
    """The message and, when it is long, up to MAX_PASSAGES stretches of a few sentences each:
    a rumour quoted inside a longer post is matched by the stretch that carries it."""
    if len(cleaned) < LONG_QUERY_CHARS:
        return [cleaned]
    sentences = [s for s in SENTENCE_END.split(cleaned[:PASSAGE_SCOPE_CHARS]) if has_letters(s)]
    passages: list[str] = []
    current = ""
    for sentence in sentences:
        current = f"{current} {sentence}".strip()
        if len(current) >= MIN_PASSAGE_CHARS:
            passages.append(current)
            current = ""
    if current and passages:
        passages[-1] = f"{passages[-1]} {current}"
    elif current:
        passages.append(current)
    if len(passages) <= 1:
        return [cleaned]
    return [cleaned, *passages[:MAX_PASSAGES]]
