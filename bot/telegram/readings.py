"""The words of readers' files read in the background (bot/services/readings.py): pictures not read in
time for the reader's answer (tesseract), and voice notes and videos whose transcription is due (the
transcription server). The tip's card shows the words, and a verdict a picture's words match reaches
every reader of the tip through the outbox (again after a crash; a send a crash cut is recorded
unknown). A reading a process held when it died is read again once its lease ends."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiogram import Bot

from bot.db.readings import release_leases
from bot.services import readings
from bot.services.ocr import CannotFetch, CannotRead, Ocr, create_ocr
from bot.services.schedule import repeat
from bot.services.transcription import Transcriber, create_transcriber
from bot.settings import Settings
from bot.telegram.desk import Desk
from bot.telegram.outbox import OutboxSender
from bot.telegram.reading import file_fetcher
from knowledge.screenshots import ScreenText
from knowledge.statuses import ReadingKind
from knowledge.transcripts import Transcript

log = logging.getLogger(__name__)

EVERY = 2.0
"""Seconds between looks for pending readings."""


class FileReader:
    """Reads the pending readings of every replica's readers: pictures `ocr.workers` at a time, voice
    notes and videos `transcriber.workers` at a time."""

    def __init__(
        self, bot: Bot, desk: Desk, outbox: OutboxSender, ocr: Ocr | None, transcriber: Transcriber | None
    ):
        self.bot, self.desk, self.outbox = bot, desk, outbox
        self.ocr, self.transcriber = ocr, transcriber
        self.kb = desk.kb

    @classmethod
    def of(cls, settings: Settings, bot: Bot, desk: Desk, outbox: OutboxSender) -> FileReader:
        """The readers the settings ask for and the machine has (tesseract; a transcription server)."""
        return cls(bot, desk, outbox, create_ocr(settings), create_transcriber(settings))

    async def keep_reading(self, quiet: asyncio.Event, sole: bool = False) -> None:
        """Until `quiet` is set; then the OCR pool stops (a file half-read is read again later). `sole`:
        no other process serves the bot, so what a reading was held by died with its process."""
        if sole:
            async with self.kb.sessionmaker() as session:
                freed = await release_leases(session)
                await session.commit()
            if freed:
                log.info("%d readings a stopped process held are read again", freed)
        try:
            lanes = []
            if self.ocr is not None:
                lanes.append(repeat(self.read_pictures, EVERY, quiet, what="reading pictures", at_once=True))
            if self.transcriber is not None:
                lanes.append(repeat(self.transcribe_due, EVERY, quiet, what="transcribing", at_once=True))
            await asyncio.gather(*lanes)
        finally:
            if self.ocr is not None:
                self.ocr.close()

    async def read_pictures(self) -> int:
        """Lease the pending pictures the pool has room for and read them; how many were read. (Its own
        lane: a long transcription does not hold the pictures up.)"""
        assert self.ocr is not None
        room = min(self.ocr.workers + self.ocr.queue - self.ocr.waiting, 2 * self.ocr.workers)
        return await self._read_leased(ReadingKind.PICTURE, room, self.read_picture)

    async def transcribe_due(self) -> int:
        assert self.transcriber is not None
        return await self._read_leased(ReadingKind.SPEECH, self.transcriber.workers, self.transcribe)

    async def _read_leased(
        self, kind: ReadingKind, room: int, read: Callable[[readings.Leased], Awaitable[bool]]
    ) -> int:
        """Lease up to `room` pending readings of `kind` and `read` them together; how many were read."""
        if room <= 0:
            return 0
        async with self.kb.sessionmaker() as session:
            leased = await readings.lease(session, kind, room)
            await session.commit()
        return sum(await asyncio.gather(*(read(item) for item in leased)))

    async def _settled(self, item: readings.Leased) -> bool:
        async with self.kb.sessionmaker() as session:
            done = await readings.settled(session, item.id)
            await session.commit()
        return done

    async def read_picture(self, item: readings.Leased) -> bool:
        assert self.ocr is not None
        if await self._settled(item):
            return False
        reading = self.ocr.start(item.file_unique_id, file_fetcher(self.bot, item.file_id))
        if reading is None:  # the pool filled meanwhile: the lease ends, and it is read then
            return False
        try:
            read = await reading
        except (CannotFetch, CannotRead) as error:
            return await self._failed(item, error)
        return await self._done(item, read)

    async def transcribe(self, item: readings.Leased) -> bool:
        assert self.transcriber is not None
        if await self._settled(item):
            return False
        try:
            audio = await file_fetcher(self.bot, item.file_id)()
            text = await self.transcriber.transcribe(audio, f"{item.file_unique_id}.ogg")
        except (CannotFetch, CannotRead) as error:
            return await self._failed(item, error)
        return await self._done(item, Transcript(text))

    async def _failed(self, item: readings.Leased, error: Exception) -> bool:
        log.warning("the file of reading %s could not be read: %s", item.id, error)
        async with self.kb.sessionmaker() as session:
            await readings.failed(session, item.id, final=isinstance(error, CannotRead))
            await session.commit()
        return False

    async def _done(self, item: readings.Leased, read: ScreenText | Transcript) -> bool:
        async with self.outbox.unit(self.bot) as unit:
            follow = await readings.read_done(unit.session, self.kb, item.id, read)
            if follow.notices is not None and follow.notices.rows:
                await self.desk.send_notices(self.bot, follow.notices)
            if follow.tip_id is not None:
                await self.desk.show(self.bot, follow.tip_id)
        if follow.tip_id is not None:
            if follow.notices is not None:
                self.desk.clusters.discard(follow.tip_id)
            else:
                await self.desk.clusters.add(follow.tip_id, follow.text, follow.lang)
        return True
