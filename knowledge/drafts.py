"""A verdict as the desk's dialog writes it (a draft: rating, claim, summary, url, lang), and the rules on
what a checker may write."""

from __future__ import annotations

from urllib.parse import urlsplit

DRAFT_FIELDS = ("rating", "claim", "summary", "url", "lang")
"""What a draft holds of a verdict, and what the audit log records of one."""
READER_FIELDS = ("rating", "claim", "summary")
"""A correction of any of these is sent to the readers who received the verdict."""
MAX_CLAIM = 1000
MAX_SUMMARY = 3000
MAX_URL = 2000


def draft_fields(draft: dict) -> dict:
    """The draft's verdict fields (None for those it lacks), without the dialog's own keys."""
    return {key: draft.get(key) for key in DRAFT_FIELDS}


def corrected(before: dict, draft: dict) -> dict:
    """The verdict fields after a correction: the draft's, where it has them."""
    return {**before, **{k: v for k, v in draft_fields(draft).items() if v is not None}}


def readers_must_know(before: dict, after: dict) -> bool:
    return any(before.get(k) != after.get(k) for k in READER_FIELDS)


def valid_url(text: str) -> bool:
    """An http(s) address with a dotted host, no spaces, at most MAX_URL characters."""
    text = text.strip()
    if any(ch.isspace() for ch in text) or len(text) > MAX_URL:
        return False
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and "." in parts.netloc
