"""The states a tip, a reader's request, a broadcast and an outgoing message go through, one enum each.
Members are strings, so they compare equal to (and are stored as) the values the database holds."""

from __future__ import annotations

from enum import StrEnum


class TipStatus(StrEnum):
    SUGGESTED = "suggested"
    """The reader is choosing among offered verdicts."""
    QUEUED = "queued"
    ANSWERED = "answered"
    REJECTED = "rejected"


class Action(StrEnum):
    """What the matcher decided for a message."""

    AUTO = "auto"
    """One verdict answers it: sent at once."""
    CHOOSE = "choose"
    """A few verdicts may: the reader picks."""
    QUEUE = "queue"
    """None does: a tip for the checkers."""


class RequestDecision(StrEnum):
    """What the bot did with a reader's message (`requests.decision`)."""

    AUTO = "auto"
    CHOOSE = "choose"
    QUEUE = "queue"
    NOTHING = "nothing"
    """Nothing to check in it (no words, no picture, no link)."""


class TipProgress(StrEnum):
    """What a tip's readers are told while it waits for a verdict (a status message, once each)."""

    TAKEN = "taken"
    """A checker took the tip."""
    CLOSED = "closed"
    """It was rejected as spam or not checkable: no verdict will come."""
    STILL_WORKING = "still_working"
    """No verdict yet, a day (TIPLINE_STILL_WORKING_HOURS) after it came."""
    EXPLAINED = "explained"
    """An explainer, matched or attached by a checker, while it waits for a verdict."""


class FeedbackKind(StrEnum):
    """How the verdict a reader rated reached them."""

    AUTO = "auto"
    """Matched and sent at once."""
    PICKED = "picked"
    """The reader chose it among the verdicts offered."""
    DESK = "desk"
    """A checker answered the reader's tip with it."""
    CORRECTION = "correction"
    """A verdict the reader had received, corrected."""


class FeedbackValue(StrEnum):
    UP = "up"
    DOWN = "down"


class FeedbackReason(StrEnum):
    """What a reader who pressed 👎 says is wrong."""

    ANOTHER_CLAIM = "another_claim"
    """The verdict is about another claim than their post."""
    WRONG_VERDICT = "wrong_verdict"
    """The claim is theirs, the verdict is wrong."""
    OTHER = "other"


class NoteKind(StrEnum):
    """What a reader's note on their tip says (the message they were asked for next)."""

    CONTEXT = "context"
    """Where they saw the post: a link, a channel, a few words."""
    DISPUTE = "dispute"
    """What is wrong with the answer they got (after a 👎)."""


class BroadcastStatus(StrEnum):
    DRAFT = "draft"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class MessageState(StrEnum):
    """How far an outgoing message got: an outbox row or a broadcast's recipient."""

    PENDING = "pending"
    SENDING = "sending"
    """Recorded just before the request left."""
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"
    """The reader blocked the bot (403); broadcasts only."""
    UNKNOWN = "unknown"
    """The request may have reached Telegram (in flight at a crash, or cut after it left): never resent."""


class Trust(StrEnum):
    """How far a newsroom trusts a partner's verdicts (bot/services/partners.py)."""

    AUTO = "auto"
    """Answers readers like an own verdict."""
    SUGGEST = "suggest"
    """Offered among choices, and on the checkers' card as "a partner checked this"; never automatic."""
    OFF = "off"
    """Kept for the checkers' search only."""


class ReadingStatus(StrEnum):
    """Where the reading of a reader's picture or recording is (bot/db/readings.py)."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class ReadingKind(StrEnum):
    """What is read: a picture (tesseract) or speech (the transcription server)."""

    PICTURE = "picture"
    SPEECH = "speech"
