"""Transcripts of voice notes and videos: which media are transcribed, and when (gated like Meedan
Check's, by duration and by demand, or a checker asking), so the cost stays with what readers want."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from knowledge.posts import files_of
from knowledge.screenshots import readable

SPOKEN = ("voice", "video_note", "video", "audio")
"""The media whose words are heard, not seen."""


class Due(StrEnum):
    """Whether a tip's audio is transcribed now, and why not."""

    NOW = "now"
    SHORT = "short"
    LONG = "long"
    WAITING = "waiting"
    """Not enough readers yet (a checker may ask)."""
    NOTHING = "nothing"
    """No audio in the tip."""


@dataclass(frozen=True)
class Gate:
    min_seconds: float
    max_seconds: float
    demand: int

    def due(self, duration: float, demand: int, asked: bool) -> Due:
        """A checker's asking (`asked`) waives the minimum and the demand, never the maximum."""
        if duration > self.max_seconds:
            return Due.LONG
        if asked:
            return Due.NOW
        if duration < self.min_seconds:
            return Due.SHORT
        return Due.NOW if demand >= self.demand else Due.WAITING


def spoken_file(payload: dict) -> dict | None:
    """The first voice note, video note, video or audio file a post carries."""
    return next((f for f in files_of(payload) if f.get("media") in SPOKEN and f.get("file_id")), None)


@dataclass(frozen=True)
class Transcript:
    """What a voice note or a video says, as the transcription server heard it, or as a checker
    corrected it (`corrected_by`)."""

    text: str
    corrected_by: str | None = None

    @property
    def readable(self) -> bool:
        """False for silence, music, a cough."""
        return readable(self.text)

    def as_payload(self) -> dict:
        payload = {"text": self.text, "source": "transcript"}
        if self.corrected_by:
            payload["corrected_by"] = self.corrected_by
        return payload
