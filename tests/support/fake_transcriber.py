"""A fake OpenAI-compatible transcription server (`POST /v1/audio/transcriptions`, as whisper.cpp's
server and faster-whisper servers answer it): the "audio" it is sent is the words it hears, as UTF-8
after `SPEECH` (tests make their voice notes that way). It records each request, and can fail."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiohttp import web

SPEECH = b"OggS-fake-speech:"
"""The start of a fake voice note; the rest is what it says."""
PATH = "/v1/audio/transcriptions"


def speech(words: str) -> bytes:
    """A fake voice note saying `words`."""
    return SPEECH + words.encode()


@dataclass
class Heard:
    model: str
    response_format: str
    filename: str
    size: int
    authorization: str | None


@dataclass
class FakeTranscriber:
    host: str = "127.0.0.1"
    port: int = 0
    heard: list[Heard] = field(default_factory=list)
    failures: int = 0
    """The next this many requests answer 503."""
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{PATH}"

    async def _transcribe(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            return web.json_response({"error": {"message": "no file"}}, status=400)
        audio = upload.file.read()
        self.heard.append(
            Heard(
                str(form.get("model", "")),
                str(form.get("response_format", "")),
                upload.filename or "",
                len(audio),
                request.headers.get("Authorization"),
            )
        )
        if self.failures > 0:
            self.failures -= 1
            return web.json_response({"error": {"message": "model loading"}}, status=503)
        if not audio.startswith(SPEECH):
            return web.json_response({"error": {"message": "not audio"}}, status=400)
        return web.json_response({"text": " " + audio[len(SPEECH) :].decode()})

    async def __aenter__(self) -> FakeTranscriber:
        app = web.Application()
        app.router.add_post(PATH, self._transcribe)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await asyncio.shield(self._runner.cleanup())
