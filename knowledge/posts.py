"""A reader's post and what the bot makes of it, as pure rules: what a post carries besides its words
(pictures, links, the channel post it was forwarded from), when two posts are the same claim, and the
answer a stored request stands for. No I/O: bot/services/posts.py and bot/db/ do the reading and writing."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from knowledge.links import post_keys
from knowledge.matching import Decision, Match
from knowledge.normalise import has_letters, matching_key
from knowledge.statuses import Action, RequestDecision, TipStatus

MAX_LEARNT_PHRASING = 600
"""Longer tips are not learnt as phrasings: they are posts, not claims."""
SHORT_QUESTION = 160
"""A reader's words up to this long ask about what they come with ("Is this true?"): the post they
reply to (bot/telegram/reading.py), or the words of the picture they send (knowledge/screenshots.py)."""


@dataclass(frozen=True)
class Post:
    """A message a reader sent: its text (or caption) and what came with it."""

    chat_id: int
    message_id: int
    text: str
    media: str | None = None
    payload: dict = field(default_factory=dict)


def files_of(payload: dict) -> list[dict]:
    """The files a post carries (`payload["files"]` for several, e.g. an album), each a dict with media,
    file_id, file_unique_id and, for an image sent as a file, picture, for a video or an animation with a
    thumbnail, thumbnail, for a recording its duration."""
    if payload.get("files"):
        return list(payload["files"])
    if payload.get("file_unique_id"):
        keys = ("media", "file_id", "file_unique_id", "picture", "thumbnail", "duration")
        return [{k: payload[k] for k in keys if k in payload}]
    return []


def is_picture(file: dict) -> bool:
    """Matched as a picture: a photo, an image sent as a file, a video or an animation by its thumbnail."""
    return file.get("media") == "photo" or bool(file.get("picture") or file.get("thumbnail"))


class SignalKind(StrEnum):
    """Which of a post's signals found a verdict or an open tip, strongest first."""

    ORIGIN = "origin"
    """The channel post it was forwarded from."""
    FILE = "file"
    LINK = "link"
    IMAGE = "image"
    """A picture like a known one (perceptual hash)."""


class EvidenceSource(StrEnum):
    """Where a stored picture or link came from (`source` of image_prints and post_links)."""

    TIP = "tip"
    IMPORT = "import"
    VERDICT = "verdict"
    """A verdict's own address."""
    APPEARANCE = "appearance"
    """Where a verdict's claim was seen."""


def link_key(url: str) -> str:
    """The stored key of a normalised address (knowledge.links.post_keys)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


@dataclass
class Signals:
    """A post's non-text evidence, as the pipeline sees it (no Telegram types)."""

    file_unique_ids: list[str] = field(default_factory=list)
    """The post's pictures (photos, images sent as files), every one of an album, in order."""
    phashes: dict[str, list[int]] = field(default_factory=dict)
    """Per picture (by file_unique_id) that could be read: its hashes (knowledge.images.known_hashes),
    whole first, then its crops."""
    links: list[str] = field(default_factory=list)
    """Normalised, specific addresses (knowledge.links.post_keys)."""
    origin: dict | None = None
    """A channel post: chat_id, message_id, title, username."""

    @classmethod
    def of(cls, payload: dict) -> Signals:
        origin = payload.get("forward_origin") or {}
        channel = None
        if origin.get("type") == "channel" and origin.get("chat_id") and origin.get("message_id"):
            channel = origin
        return cls(
            file_unique_ids=[f["file_unique_id"] for f in files_of(payload) if is_picture(f)],
            links=post_keys(list(payload.get("links") or [])),
            origin=channel,
        )

    @property
    def whole_hashes(self) -> list[int]:
        """Each readable picture's hash of the whole picture, the one compared with known pictures."""
        return [self.phashes[i][0] for i in self.file_unique_ids if self.phashes.get(i)]

    def __bool__(self) -> bool:
        return bool(self.file_unique_ids or self.phashes or self.links or self.origin)


def fingerprint(post: Post) -> str:
    """Equal for posts that are the same claim: the same matching key, or the same media files (every
    file of an album), or, for a quoted channel post the bot cannot read, the same post."""
    key = matching_key(post.text) if has_letters(post.text) else ""
    if not key:
        files = sorted(f["file_unique_id"] for f in files_of(post.payload))
        origin = post.payload.get("forward_origin") or {}
        if files:
            key = "media:" + ",".join(files)
        elif origin.get("type") == "channel" and origin.get("message_id"):
            key = f"post:{origin.get('chat_id')}:{origin['message_id']}"
        else:
            key = f"media:{post.message_id}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def most_supported(found: Sequence[tuple[SignalKind, int]]) -> tuple[SignalKind, int] | None:
    """Of (kind, id) pairs found by a post's signals, strongest kind first: the first pair whose id the
    most signals point at."""
    if not found:
        return None
    votes = Counter(i for _, i in found)
    best = max(votes.values())
    return next((kind, i) for kind, i in found if votes[i] == best)


def learnable(text: str) -> bool:
    """Whether a tip's words are a claim the matcher may learn as a verdict's phrasing."""
    return has_letters(text) and len(text) <= MAX_LEARNT_PHRASING


@dataclass(frozen=True)
class Assessment:
    lang: str
    decision: Decision
    checkable: bool
    """False when the post has neither letters nor media: nothing to check."""
    ranked: tuple[Match, ...] = ()
    explainer: str | None = None
    """The key of the explainer the post matches, when no verdict answers it (queued)."""


def known_answer(lang: str, verdict_id: int) -> Assessment:
    """A post whose picture, link or channel post a verdict is known for: that verdict, at once."""
    return Assessment(lang, Decision(Action.AUTO, (Match(verdict_id, 1.0, "", ""),)), checkable=True)


def with_picture(assessment: Assessment, verdict_id: int) -> Assessment:
    """A picture like a known one (but not within MATCH_DISTANCE): its verdict is offered first among
    the choices, unless the words alone answer."""
    if assessment.decision.action == Action.AUTO:
        return assessment
    others = tuple(m for m in assessment.decision.matches if m.verdict_id != verdict_id)
    if assessment.decision.action == Action.QUEUE:
        others = ()
    matches = (Match(verdict_id, 1.0, "", ""), *others)[:3]
    return Assessment(assessment.lang, Decision(Action.CHOOSE, matches), True, assessment.ranked)


class AnswerKind(StrEnum):
    """What the reader is answered with."""

    CARD = "card"
    CHOOSE = "choose"
    QUEUED = "queued"
    NOTHING = "nothing"
    EXPIRED = "expired"
    """A choice that can no longer be made (picked already, or not this reader's)."""


@dataclass(frozen=True)
class PostOutcome:
    kind: AnswerKind
    request_id: int | None = None
    verdict_ids: tuple[int, ...] = ()
    tip_id: int | None = None
    media: bool = False
    media_kind: str | None = None
    """photo, video, document...: the media of a queued tip that has no words."""
    repeated: bool = False
    """The same message was handled before (a redelivery)."""
    answered: bool = False
    """...and its answer has already been sent."""
    lang: str | None = None
    """The language the post was found to be in (the reader's when it has no words)."""
    left_tip_id: int | None = None
    """An edited message no longer asks about this open tip (recheck_post): its card is out of date."""
    explainer: str | None = None
    """The explainer a queued tip's readers get (its key)."""
    reading: bool = False
    """Its picture's words are still being read: the verdict follows if they match one."""


class StoredRequest(Protocol):
    """A request as stored (bot.db.models.Request)."""

    id: int
    decision: str
    verdict_id: int | None
    options: list
    tip_id: int | None
    lang: str
    answered_at: Any


class StoredTip(Protocol):
    """A tip as stored (bot.db.models.Tip)."""

    id: int
    text: str
    payload: dict
    status: str
    explainer_key: str | None


def post_outcome(request: StoredRequest, tip: StoredTip | None, repeated: bool) -> PostOutcome:
    """The answer a stored request (and its tip) stands for."""
    common: dict[str, Any] = {
        "repeated": repeated,
        "answered": request.answered_at is not None,
        "lang": request.lang,
    }
    if request.decision == RequestDecision.AUTO:
        return PostOutcome(AnswerKind.CARD, request.id, (request.verdict_id,), **common)
    if request.decision == RequestDecision.CHOOSE and tip is not None and tip.status == TipStatus.SUGGESTED:
        return PostOutcome(AnswerKind.CHOOSE, request.id, tuple(request.options), tip.id, **common)
    if request.decision == RequestDecision.CHOOSE and request.verdict_id is not None:
        return PostOutcome(AnswerKind.CARD, request.id, (request.verdict_id,), **common)
    if request.decision == RequestDecision.NOTHING:
        return PostOutcome(AnswerKind.NOTHING, request.id, **common)
    media = bool(tip and tip.payload.get("media") and not has_letters(tip.text))
    media_kind = ("photo" if tip.payload.get("picture") else tip.payload.get("media")) if media else None
    return PostOutcome(
        AnswerKind.QUEUED,
        request.id,
        tip_id=request.tip_id,
        media=media,
        media_kind=media_kind,
        explainer=tip.explainer_key if tip is not None and tip.status == TipStatus.QUEUED else None,
        **common,
    )


def same_verdicts(current: PostOutcome, answered_with: int | None, assessment: Assessment) -> bool | None:
    """Whether an edited post gets the verdict or choices the reader already has (`answered_with`: the
    desk's verdict for their tip); None when the new assessment queues it (the open tip decides)."""
    decision = assessment.decision
    if not assessment.checkable:
        return current.kind == AnswerKind.NOTHING
    if decision.action == Action.AUTO:
        verdict_id = decision.matches[0].verdict_id
        return (
            current.kind == AnswerKind.CARD and current.verdict_ids == (verdict_id,)
        ) or answered_with == verdict_id
    if decision.action == Action.CHOOSE:
        options = tuple(m.verdict_id for m in decision.matches[:3])
        if current.kind == AnswerKind.CHOOSE:
            return current.verdict_ids == options
        return (
            current.kind == AnswerKind.CARD and current.verdict_ids[0] in options
        ) or answered_with in options
    return None
