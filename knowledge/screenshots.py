"""The words of a screenshot: which tesseract models read a script, what of the page is the messenger's
interface rather than the post (times, view counts, channel headers), how sure the reading is, and the
stricter rule a reading must pass to answer a reader automatically."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from knowledge.matching import Decision
from knowledge.normalise import has_letters, letter_count
from knowledge.posts import SHORT_QUESTION, Assessment, Post
from knowledge.statuses import Action

SCRIPT_MODELS = {"Cyrillic": "Cyrillic", "Latin": "Latin"}
"""Tesseract's script models, each trained on every language of its script: Russian, Kazakh, Kyrgyz,
Tajik and Uzbek Cyrillic; Uzbek Latin, Azerbaijani, Turkish and English. On rendered claims of the eight
languages they read as well as the language's own model (CER 0.00 both), so the script, which tesseract's
orientation pass finds in a tenth of the time a reading takes, is all that must be known first."""
BOTH_SCRIPTS = "Cyrillic+Latin"
"""When the orientation pass finds no script (too few letters) or one that is neither, and again when
the reading with the script it found is not confident (it takes Uzbek Cyrillic for Latin at times)."""
CONFIDENT = 0.80
"""The mean word confidence (0-1) from which a reading may answer automatically."""
MIN_LETTERS = 12
"""Words read or heard with fewer letters than this (after the chrome is gone) are not matched."""

_TIME = re.compile(r"^\W*(?:\d{1,2}[:.]\d{2}(?:\s?[AaPp][Mm])?|\d{1,2}\s\w{3,9}(?:\s\d{4})?)\W*$")
_TRAILING_TIME = re.compile(r"\s+(?:[^\w\s]{1,3}\s)?\d{1,2}:\d{2}(?:\s?[AaPp][Mm])?\W*$")
_COUNT = re.compile(r"^\W*\d+(?:[.,]\d+)?\s?[KkMmКкМм]?\W*$")
_VIEWS = re.compile(r"^\d+(?:[.,]\d+)?[KkMmКкМм]$")
_COUNTED = re.compile(
    r"(?i)^\W*[\d\s.,]+[KkMmКкМм]?\s+(?:subscribers?|members|followers|views?|comments?|подписчик\w*|"
    r"участник\w*|просмотр\w*|комментари\w*|жазылушы\w*|жазылуучу\w*|obunachi\w*|обуначи\w*|"
    r"муштари\w*|abunəçi\w*|abone\w*|izləyici\w*|takipçi\w*)\W*$"
)
"""A count of a channel's subscribers, a post's views or comments, in the region's languages."""
_MARK = re.compile(
    r"(?i)^\W*(?:forwarded from|переслано (?:от|из)|пересланное сообщение|yo'naltirildi|iletildi|"
    r"yönləndirildi)\b"
)
_STATUS = re.compile(
    r"(?i)^\W*(?:edited|изменено|online|в сети|last seen\b.*|был\w? (?:в сети|недавно).*|reply|ответить)"
    r"\W*(?:\d{1,2}:\d{2})?\W*$"
)


@dataclass(frozen=True)
class Word:
    """One word as tesseract read it: the line it is on (block, paragraph, line) and its confidence."""

    line: tuple[int, int, int]
    text: str
    confidence: float
    """0-100, as tesseract gives it."""


@dataclass(frozen=True)
class ScreenText:
    """What a picture says, read and cleaned."""

    text: str
    confidence: float
    """The mean confidence (0-1) of the kept words, weighted by their letters."""
    models: str
    """The tesseract models that read it ("Cyrillic", "Latin+Cyrillic", ...)."""

    @property
    def readable(self) -> bool:
        return readable(self.text)

    def as_payload(self) -> dict:
        return {
            "text": self.text,
            "confidence": round(self.confidence, 3),
            "models": self.models,
            "source": "picture",
        }


def models_for(script: str | None) -> str:
    """The models for the script tesseract's orientation pass found (its name, as in `SCRIPT_MODELS`)."""
    return SCRIPT_MODELS.get(script or "", BOTH_SCRIPTS)


def readable(text: str) -> bool:
    """Whether words read or heard are enough to match (`MIN_LETTERS`)."""
    return letter_count(text) >= MIN_LETTERS


def is_chrome(line: str) -> bool:
    """Whether a line of a screenshot is the messenger's interface, not the post: a time, a date, a view
    or subscriber count, a "Forwarded from" or "edited" mark, or mostly not letters."""
    stripped = line.strip()
    if not stripped or _TIME.match(stripped) or _COUNT.match(stripped) or _COUNTED.match(stripped):
        return True
    if _STATUS.match(stripped) or (_MARK.match(stripped) and len(stripped) <= 80):
        return True
    tokens = stripped.split()
    if any(_VIEWS.match(token) for token in tokens) and all(len(t) <= 3 or _VIEWS.match(t) for t in tokens):
        return True  # an eye, a view count and a time, read as one line
    letters = letter_count(stripped)
    return letters < 3 or letters < 0.4 * len(stripped.replace(" ", ""))


def _header(lines: Sequence[str]) -> int:
    """How many lines at the top are a channel's header: its name above a subscriber count."""
    for n, line in enumerate(lines[:3]):
        if _COUNTED.match(line.strip()):
            return n + 1
    return 0


def screen_text(words: Iterable[Word], models: str) -> ScreenText:
    """The post's words among what tesseract read, line by line, without the interface's chrome."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        if word.text.strip() and word.confidence >= 0:
            lines.setdefault(word.line, []).append(word)
    ordered = [lines[key] for key in sorted(lines)]
    texts = [" ".join(w.text for w in line) for line in ordered]
    skip = _header(texts)
    kept: list[str] = []
    weight = total = 0.0
    for line, text in list(zip(ordered, texts, strict=True))[skip:]:
        if is_chrome(text):
            continue
        kept.append(_TRAILING_TIME.sub("", text))
        for word in line:
            letters = letter_count(word.text)
            weight += letters * word.confidence / 100
            total += letters
    return ScreenText("\n".join(kept), weight / total if total else 0.0, models)


def read_decision(assessment: Assessment, reading: ScreenText) -> Assessment:
    """The stricter rule for words read from a picture: automatic only when the match would be automatic
    for typed text and the reading is confident; otherwise the same verdicts are offered as a choice."""
    decision = assessment.decision
    if decision.action != Action.AUTO or reading.confidence >= CONFIDENT:
        return assessment
    best = decision.matches[0]
    others = tuple(m for m in assessment.ranked if m.verdict_id != best.verdict_id)
    return replace(assessment, decision=Decision(Action.CHOOSE, (best, *others)[:3]))


def better_of(caption: Assessment, reading: Assessment) -> Assessment:
    """The caption's assessment or the reading's, whichever answers more: an automatic answer over a
    choice over the queue; two choices merged, the reading's verdicts first."""
    rank = {Action.AUTO: 2, Action.CHOOSE: 1, Action.QUEUE: 0}
    first, second = caption.decision, reading.decision
    if rank[second.action] > rank[first.action]:
        return reading
    if first.action == second.action == Action.CHOOSE:
        seen = {m.verdict_id for m in second.matches}
        matches = (*second.matches, *(m for m in first.matches if m.verdict_id not in seen))[:3]
        return replace(reading, decision=Decision(Action.CHOOSE, matches))
    return caption


class WordsRead(Protocol):
    """Words read from a post's picture (ScreenText) or heard in its audio (knowledge.transcripts)."""

    text: str

    def as_payload(self) -> dict: ...


def with_words_read(post: Post, reading: WordsRead) -> Post:
    """The post with the words read from its picture or heard in its audio: its text when the post's own
    words are none or a short question (`SHORT_QUESTION`, kept as its `question`), else after them; the
    reading in its payload (`read`)."""
    payload = dict(post.payload)
    payload["read"] = reading.as_payload()
    own = post.text.strip()
    if len(own) > SHORT_QUESTION:
        return replace(post, text=f"{own}\n\n{reading.text}", payload=payload)
    if has_letters(own):
        payload.setdefault("question", own)
    return replace(post, text=reading.text, payload=payload)
