"""Transcribing voice notes and videos through an OpenAI-compatible endpoint the newsroom runs
(`POST /v1/audio/transcriptions`, multipart: file, model, response_format=json; answer {"text": ...}),
as whisper.cpp's server and faster-whisper servers serve it. Nothing is sent anywhere unless
TIPLINE_TRANSCRIPTION_URL is set."""

from __future__ import annotations

import asyncio
import logging

import aiohttp

from bot.services.ocr import CannotFetch, CannotRead
from bot.settings import Settings
from knowledge.transcripts import Gate

log = logging.getLogger(__name__)

TIMEOUT = 600.0
"""Seconds a transcription may take (a five-minute note on a CPU server takes a minute or two)."""
MAX_TEXT = 20_000
"""Characters of a transcript kept."""


class Transcriber:
    """One transcription at a time (the server is the newsroom's, often a CPU box)."""

    def __init__(self, url: str, model: str, key: str | None, gate: Gate, workers: int = 1):
        self.url, self.model, self.key, self.gate = url, model, key, gate
        self.workers = workers
        self._slots = asyncio.Semaphore(workers)

    async def transcribe(self, audio: bytes, filename: str) -> str:
        """What the audio says. Raises CannotFetch when the server cannot be reached or fails (tried
        again later), CannotRead when it refuses the file."""
        form = aiohttp.FormData()
        form.add_field("file", audio, filename=filename, content_type="application/octet-stream")
        form.add_field("model", self.model)
        form.add_field("response_format", "json")
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        async with self._slots:
            try:
                async with (
                    aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as http,
                    http.post(self.url, data=form, headers=headers) as response,
                ):
                    if response.status >= 500 or response.status == 429:
                        raise CannotFetch(f"the transcription server answered {response.status}")
                    if response.status >= 400:
                        raise CannotRead(f"the transcription server refused the file ({response.status})")
                    answer = await response.json(content_type=None)
            except (aiohttp.ClientError, TimeoutError, ValueError) as error:
                raise CannotFetch(f"the transcription server failed: {error}") from error
        text = answer.get("text") if isinstance(answer, dict) else None
        if not isinstance(text, str):
            raise CannotRead("the transcription server's answer has no text")
        return " ".join(text.split())[:MAX_TEXT]


def create_transcriber(settings: Settings) -> Transcriber | None:
    """The transcriber of TIPLINE_TRANSCRIPTION_URL, or None when it is not set."""
    if not settings.transcription_url:
        return None
    gate = Gate(settings.transcribe_min_seconds, settings.transcribe_max_seconds, settings.transcribe_demand)
    key = settings.transcription_key.get_secret_value() if settings.transcription_key else None
    log.info("voice notes and videos are transcribed by %s", settings.transcription_url)
    return Transcriber(settings.transcription_url, settings.transcription_model, key, gate)
