"""The words of readers' pictures and voice notes (bot/services/posts.py, readings.py, transcripts.py):
a picture read in time answers under the stricter rule for read words, one read later answers the
tip's readers by notices, a transcript only puts its words on the tip; what is stored is erased with
the reader and by the retention; /find finds tips by their words. Tesseract is never run: the pool's
`recognise` is replaced by the readings each test chooses, and a slow fetch keeps a picture unread."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from sqlalchemy import func, select, update

import bot.services.ocr as ocr_module
from bot.db.models import AuditEntry, Notice, Reader, Reading, Request, Tip, Verdict, as_utc, utcnow
from bot.db.readings import MAX_ATTEMPTS, RETRY, add_reading
from bot.db.tips import tips_saying
from bot.services.desk.audit import Actor, AuditAction
from bot.services.ocr import CannotRead, Ocr, Screen
from bot.services.posts import receive_post
from bot.services.privacy import erase, purge_expired_links, reader_data
from bot.services.readings import failed, lease, read_done
from bot.services.transcripts import ask_transcript, correct_transcript
from bot.telegram.runtime import Services
from knowledge.posts import AnswerKind, Post
from knowledge.screenshots import ScreenText
from knowledge.statuses import ReadingKind, ReadingStatus, RequestDecision, TipStatus
from knowledge.transcripts import Due, Gate, Transcript

WATER = "Водопроводная вода в Алматы отравлена хлором, пить её нельзя до конца месяца."
WATER_ID = "t-ru-water"
UNRELATED = "Сегодня в Алматы открылась новая библиотека с читальным залом на триста мест для студентов"
QUESTION = "Is this true?"
GATE = Gate(min_seconds=2, max_seconds=300, demand=3)
CHECKER = Actor(501, "Checker Anna")


class Pictures:
    """What each picture (by its bytes) reads as: a ScreenText, or an exception `recognise` raises."""

    def __init__(self) -> None:
        self.words: dict[bytes, ScreenText | Exception] = {}
        self.read: list[bytes] = []

    def recognise(self, data: bytes, prefix: str = "") -> ScreenText:
        self.read.append(data)
        found = self.words[data]
        if isinstance(found, Exception):
            raise found
        return found


@pytest.fixture
def pictures(monkeypatch: pytest.MonkeyPatch) -> Pictures:
    fake = Pictures()
    monkeypatch.setattr(ocr_module, "recognise", fake.recognise)
    return fake


@pytest.fixture
async def ocr() -> AsyncIterator[Ocr]:
    """A pool whose answer waits long enough for a fast reading on a loaded machine."""
    pool = Ocr(workers=1, queue=4, wait=5.0)
    yield pool
    pool.close()


@pytest.fixture
async def slow_ocr() -> AsyncIterator[Ocr]:
    """A pool whose answer hardly waits: a fetch held back is not read in time."""
    pool = Ocr(workers=1, queue=4, wait=0.05)
    yield pool
    pool.close()


def fetcher(data: bytes, held: asyncio.Event | None = None) -> Callable[[], Awaitable[bytes]]:
    async def fetch() -> bytes:
        if held is not None:
            await held.wait()
        return data

    return fetch


def screen_of(
    ocr: Ocr, pictures: Pictures, unique: str, read: ScreenText | Exception, held: asyncio.Event | None = None
) -> Screen:
    data = unique.encode()
    pictures.words[data] = read
    return Screen(ocr, unique, f"file-{unique}", fetcher(data, held))


def photo(chat_id: int, message_id: int, unique: str, caption: str = "") -> Post:
    payload = {"media": "photo", "file_id": f"file-{unique}", "file_unique_id": unique}
    return Post(chat_id, message_id, caption, "photo", payload)


def voice(chat_id: int, message_id: int, unique: str, duration: float, caption: str = "") -> Post:
    payload = {"media": "voice", "file_id": f"file-{unique}", "file_unique_id": unique, "duration": duration}
    return Post(chat_id, message_id, caption, "voice", payload)


async def reader_at(services: Services, chat_id: int, language: str = "ru") -> Reader:
    async with services.sessionmaker() as session:
        reader = Reader(chat_id=chat_id, user_id=chat_id, language=language)
        session.add(reader)
        await session.commit()
        return reader


async def verdict_id(services: Services, external_id: str = WATER_ID) -> int:
    async with services.sessionmaker() as session:
        return await session.scalar(select(Verdict.id).where(Verdict.external_id == external_id))


async def get(services: Services, model, key):
    async with services.sessionmaker() as session:
        return await session.get(model, key)


async def rows(services: Services, model, *where) -> list:
    async with services.sessionmaker() as session:
        return list((await session.scalars(select(model).where(*where).order_by(model.id))).all())


async def count(services: Services, model, *where) -> int:
    async with services.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def leased(services: Services, kind: ReadingKind = ReadingKind.PICTURE, limit: int = 10) -> list:
    async with services.sessionmaker() as session:
        held = await lease(session, kind, limit)
        await session.commit()
    return held


async def done(services: Services, reading_id: int, read: ScreenText | Transcript):
    async with services.sessionmaker() as session:
        follow = await read_done(session, services.kb, reading_id, read)
        await session.commit()
    return follow


# --- a picture read within the answer's wait ---------------------------------------------------------


async def test_a_picture_read_confidently_as_a_known_claim_is_answered_with_its_verdict(
    services, ocr, pictures
):
    reader = await reader_at(services, 301)
    screen = screen_of(ocr, pictures, "shot-a", ScreenText(WATER, 0.95, "Cyrillic"))
    outcome = await receive_post(services.kb, reader, photo(301, 1, "shot-a"), screen=screen)
    assert outcome.kind == AnswerKind.CARD
    assert outcome.verdict_ids == (await verdict_id(services),)
    assert not outcome.reading
    [request] = await rows(services, Request, Request.chat_id == 301)
    assert request.decision == RequestDecision.AUTO and request.tip_id is None
    assert request.text == WATER
    assert request.payload["read"] == {
        "text": WATER,
        "confidence": 0.95,
        "models": "Cyrillic",
        "source": "picture",
    }
    assert pictures.read == [b"shot-a"], "the picture was read once"
    assert await count(services, Reading) == 0, "nothing is left to read later"


async def test_a_picture_read_without_confidence_offers_the_verdict_first_and_never_answers_alone(
    services, ocr, pictures
):
    reader = await reader_at(services, 302)
    screen = screen_of(ocr, pictures, "shot-b", ScreenText(WATER, 0.5, "Cyrillic"))
    outcome = await receive_post(services.kb, reader, photo(302, 1, "shot-b"), screen=screen)
    assert outcome.kind == AnswerKind.CHOOSE, "an unsure reading is never answered automatically"
    water = await verdict_id(services)
    assert outcome.verdict_ids[0] == water
    [request] = await rows(services, Request, Request.chat_id == 302)
    assert request.decision == RequestDecision.CHOOSE and request.verdict_id is None
    assert request.options[0] == water
    tip = await get(services, Tip, request.tip_id)
    assert tip.status == TipStatus.SUGGESTED and tip.text == WATER
    assert tip.payload["read"]["confidence"] == 0.5


async def test_a_picture_of_an_unrelated_post_becomes_a_tip_with_its_words(services, ocr, pictures):
    reader = await reader_at(services, 303)
    screen = screen_of(ocr, pictures, "shot-c", ScreenText(UNRELATED, 0.93, "Cyrillic"))
    outcome = await receive_post(services.kb, reader, photo(303, 1, "shot-c"), screen=screen)
    assert outcome.kind == AnswerKind.QUEUED and not outcome.reading
    tip = await get(services, Tip, outcome.tip_id)
    assert tip.status == TipStatus.QUEUED
    assert tip.text == UNRELATED
    assert tip.payload["read"]["text"] == UNRELATED and tip.payload["read"]["source"] == "picture"
    assert tip.payload["file_unique_id"] == "shot-c", "the picture stays on the tip"
    assert "question" not in tip.payload
    assert await count(services, Reading) == 0


async def test_a_short_caption_asks_about_the_pictures_words(services, ocr, pictures):
    reader = await reader_at(services, 304, "en")
    screen = screen_of(ocr, pictures, "shot-d", ScreenText(UNRELATED, 0.93, "Cyrillic"))
    post = photo(304, 1, "shot-d", caption=QUESTION)
    outcome = await receive_post(services.kb, reader, post, screen=screen)
    assert outcome.kind == AnswerKind.QUEUED
    tip = await get(services, Tip, outcome.tip_id)
    assert tip.text == UNRELATED, "the picture's words are the claim, not the caption"
    assert tip.payload["question"] == QUESTION
    assert tip.payload["read"]["text"] == UNRELATED


async def test_a_caption_matched_automatically_does_not_wait_for_the_picture(services, ocr, pictures):
    reader = await reader_at(services, 305)
    screen = screen_of(ocr, pictures, "shot-e", ScreenText(UNRELATED, 0.93, "Cyrillic"))
    outcome = await receive_post(services.kb, reader, photo(305, 1, "shot-e", caption=WATER), screen=screen)
    assert outcome.kind == AnswerKind.CARD and outcome.verdict_ids == (await verdict_id(services),)
    assert pictures.read == [], "the picture was not read"


async def test_a_picture_that_cannot_be_read_leaves_the_post_as_it_was(services, ocr, pictures):
    reader = await reader_at(services, 306)
    screen = screen_of(ocr, pictures, "shot-f", CannotRead("not an image"))
    outcome = await receive_post(services.kb, reader, photo(306, 1, "shot-f"), screen=screen)
    assert outcome.kind == AnswerKind.QUEUED and not outcome.reading
    assert outcome.media and outcome.media_kind == "photo"
    tip = await get(services, Tip, outcome.tip_id)
    assert tip.text == "" and "read" not in tip.payload
    assert await count(services, Reading) == 0, "a picture that cannot be read is not tried again"


# --- a picture read after the answer left --------------------------------------------------------------


async def test_a_picture_read_late_answers_its_tips_readers_once(services, slow_ocr, pictures):
    first = await reader_at(services, 311)
    second = await reader_at(services, 312, "en")
    held = asyncio.Event()
    read = ScreenText(WATER, 0.95, "Cyrillic")
    screen = screen_of(slow_ocr, pictures, "shot-late", read, held)

    outcome = await receive_post(services.kb, first, photo(311, 1, "shot-late"), screen=screen)
    assert outcome.kind == AnswerKind.QUEUED and outcome.reading
    [reading] = await rows(services, Reading)
    assert reading.status == ReadingStatus.PENDING and reading.kind == ReadingKind.PICTURE
    assert (reading.tip_id, reading.chat_id) == (outcome.tip_id, 311)
    assert (reading.file_unique_id, reading.file_id) == ("shot-late", "file-shot-late")
    assert reading.request_id == outcome.request_id

    # another reader sends the same picture while it is being read: the same tip, the same reading
    again = await receive_post(services.kb, second, photo(312, 7, "shot-late"), screen=screen)
    assert again.kind == AnswerKind.QUEUED and again.tip_id == outcome.tip_id and again.reading

    held.set()
    assert await slow_ocr.start("shot-late", screen.fetch) == read
    assert pictures.read == [b"shot-late"], "one reading for every post carrying the picture"
    held_now = await leased(services)
    assert [item.id for item in held_now][0] == reading.id
    assert (held_now[0].file_unique_id, held_now[0].file_id) == ("shot-late", "file-shot-late")

    follow = await done(services, reading.id, read)
    water = await verdict_id(services)
    assert follow.tip_id == outcome.tip_id and follow.text == WATER
    assert follow.notices is not None
    assert sorted(row.chat_id for row in follow.notices.rows) == [311, 312]
    tip = await get(services, Tip, outcome.tip_id)
    assert tip.status == TipStatus.ANSWERED and tip.verdict_id == water
    assert tip.text == WATER and tip.payload["read"]["confidence"] == 0.95
    notices = await rows(services, Notice, Notice.tip_id == tip.id)
    assert sorted((n.chat_id, n.verdict_id) for n in notices) == [(311, water), (312, water)]
    stored = await get(services, Reading, reading.id)
    assert stored.status == ReadingStatus.DONE and stored.text == WATER
    assert stored.confidence == pytest.approx(0.95) and stored.read_at is not None
    requests = await rows(services, Request, Request.tip_id == tip.id)
    assert [r.verdict_id for r in requests] == [water, water], "both readers' requests are answered"
    [audit] = await rows(services, AuditEntry, AuditEntry.tip_id == tip.id)
    assert audit.action == AuditAction.LINK and audit.actor_name == "reading" and audit.verdict_id == water

    repeated = await done(services, reading.id, read)
    assert repeated.tip_id is None and repeated.notices is None
    assert await count(services, Notice) == 2, "no notice is recorded twice"


async def test_a_picture_read_late_as_an_unrelated_post_puts_its_words_on_the_tip(
    services, slow_ocr, pictures
):
    reader = await reader_at(services, 313)
    held = asyncio.Event()
    read = ScreenText(UNRELATED, 0.95, "Cyrillic")
    screen = screen_of(slow_ocr, pictures, "shot-other", read, held)
    outcome = await receive_post(services.kb, reader, photo(313, 1, "shot-other"), screen=screen)
    assert outcome.reading
    [reading] = await leased(services)
    follow = await done(services, reading.id, read)
    assert follow.tip_id == outcome.tip_id and follow.notices is None
    tip = await get(services, Tip, outcome.tip_id)
    assert tip.status == TipStatus.QUEUED and tip.text == UNRELATED
    assert await count(services, Notice) == 0
    held.set()


LONG_UNRELATED = (
    "Сегодня в Алматы открылась новая библиотека с читальным залом на триста мест для студентов, "
    "компьютерным классом, детским отделом и кафе на первом этаже; работать она будет без выходных."
)


async def test_a_picture_two_readers_sent_puts_its_words_on_the_tip_once(services, slow_ocr, pictures):
    """Read once for the tip, however many readers sent the picture while it was being read."""
    held = asyncio.Event()
    read = ScreenText(LONG_UNRELATED, 0.95, "Cyrillic")
    screen = screen_of(slow_ocr, pictures, "shot-twice", read, held)
    for chat_id in (315, 316):
        reader = await reader_at(services, chat_id)
        outcome = await receive_post(services.kb, reader, photo(chat_id, 1, "shot-twice"), screen=screen)
        assert outcome.reading
    held.set()
    for item in await leased(services):
        await done(services, item.id, read)
    tip = await get(services, Tip, outcome.tip_id)
    assert tip.text == LONG_UNRELATED, "the checkers' card shows the picture's words once"
    assert "question" not in tip.payload, "the picture's words are not a question the readers asked"


async def test_a_picture_two_readers_sent_is_still_read_after_the_first_one_forgets(
    services, slow_ocr, pictures
):
    held = asyncio.Event()
    read = ScreenText(WATER, 0.95, "Cyrillic")
    screen = screen_of(slow_ocr, pictures, "shot-forgotten", read, held)
    first = await reader_at(services, 317)
    second = await reader_at(services, 318)
    for reader in (first, second):
        outcome = await receive_post(
            services.kb, reader, photo(reader.chat_id, 1, "shot-forgotten"), screen=screen
        )
        assert outcome.reading
    held.set()
    async with services.sessionmaker() as session:
        await erase(session, await session.get(Reader, first.id))
        await session.commit()
    assert await count(services, Reading, Reading.chat_id == 317) == 0, "nothing of the first reader stays"
    for item in await leased(services):
        await done(services, item.id, read)
    tip = await get(services, Tip, outcome.tip_id)
    assert tip.status == TipStatus.ANSWERED, "the second reader still gets the verdict"
    assert [n.chat_id for n in await rows(services, Notice)] == [318]


async def test_a_picture_read_late_without_confidence_does_not_answer(services, slow_ocr, pictures):
    reader = await reader_at(services, 314)
    held = asyncio.Event()
    read = ScreenText(WATER, 0.5, "Cyrillic")
    screen = screen_of(slow_ocr, pictures, "shot-unsure", read, held)
    outcome = await receive_post(services.kb, reader, photo(314, 1, "shot-unsure"), screen=screen)
    [reading] = await leased(services)
    follow = await done(services, reading.id, read)
    assert follow.notices is None
    tip = await get(services, Tip, outcome.tip_id)
    assert tip.status == TipStatus.QUEUED and tip.verdict_id is None and tip.text == WATER
    assert await count(services, Notice) == 0
    held.set()


async def unread_reading(services: Services, chat_id: int, unique: str, kind=ReadingKind.PICTURE) -> int:
    """A reader's queued tip with a reading of its file still to do."""
    reader = await reader_at(services, chat_id)
    outcome = await receive_post(services.kb, reader, photo(chat_id, 1, unique))
    async with services.sessionmaker() as session:
        reading = add_reading(
            session, outcome.request_id, outcome.tip_id, chat_id, unique, f"file-{unique}", kind
        )
        await session.commit()
        return reading.id


async def in_the_past(services: Services, reading_id: int, **values) -> None:
    async with services.sessionmaker() as session:
        await session.execute(update(Reading).where(Reading.id == reading_id).values(**values))
        await session.commit()


async def test_a_failed_reading_is_tried_again_later_and_given_up_after_the_last_try(services):
    reading_id = await unread_reading(services, 321, "shot-flaky")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        [item] = await leased(services)
        assert item.id == reading_id
        assert await leased(services) == [], "a held reading is not leased twice"
        before = utcnow()
        async with services.sessionmaker() as session:
            await failed(session, reading_id, final=False)
            await session.commit()
        stored = await get(services, Reading, reading_id)
        assert stored.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert stored.status == ReadingStatus.PENDING
            wait = as_utc(stored.leased_until) - before
            assert (
                RETRY * attempt - dt.timedelta(seconds=1) <= wait <= RETRY * attempt + dt.timedelta(seconds=1)
            )
            assert await leased(services) == [], "not tried again before its back-off ends"
            await in_the_past(services, reading_id, leased_until=utcnow() - dt.timedelta(seconds=1))
    stored = await get(services, Reading, reading_id)
    assert stored.status == ReadingStatus.FAILED
    await in_the_past(services, reading_id, leased_until=utcnow() - dt.timedelta(seconds=1))
    assert await leased(services) == [], "a failed reading is never tried again"


async def test_a_picture_that_cannot_be_read_is_given_up_at_once(services):
    reading_id = await unread_reading(services, 322, "shot-broken")
    [item] = await leased(services)
    async with services.sessionmaker() as session:
        await failed(session, item.id, final=True)
        await session.commit()
    stored = await get(services, Reading, reading_id)
    assert stored.status == ReadingStatus.FAILED and stored.attempts == 1
    await in_the_past(services, reading_id, leased_until=utcnow() - dt.timedelta(seconds=1))
    assert await leased(services) == []


async def test_a_reading_whose_lease_ran_out_is_leased_again(services):
    reading_id = await unread_reading(services, 323, "shot-dead-worker")
    [item] = await leased(services)
    await in_the_past(services, reading_id, leased_until=utcnow() - dt.timedelta(seconds=1))
    [again] = await leased(services)
    assert again.id == item.id
    assert (await get(services, Reading, reading_id)).attempts == 2


async def test_leasing_takes_only_the_kind_asked_for(services):
    picture = await unread_reading(services, 324, "shot-kind")
    speech = await unread_reading(services, 325, "voice-kind", ReadingKind.SPEECH)
    assert [item.id for item in await leased(services, ReadingKind.SPEECH)] == [speech]
    assert [item.id for item in await leased(services, ReadingKind.PICTURE)] == [picture]


# --- voice notes and videos ----------------------------------------------------------------------------


async def voice_tip(services: Services, chat_id: int, duration: float, caption: str = "") -> int:
    reader = await reader_at(services, chat_id)
    outcome = await receive_post(
        services.kb, reader, voice(chat_id, 1, f"voice-{chat_id}", duration, caption)
    )
    assert outcome.kind == AnswerKind.QUEUED
    return outcome.tip_id


async def ask(services: Services, tip_id: int, asked: bool = False) -> Due:
    async with services.sessionmaker() as session:
        due = await ask_transcript(session, tip_id, GATE, asked)
        await session.commit()
    return due


async def test_a_transcript_puts_its_words_on_the_tip_but_never_answers(services):
    tip_id = await voice_tip(services, 331, 30)
    assert await ask(services, tip_id, asked=True) == Due.NOW
    [item] = await leased(services, ReadingKind.SPEECH)
    follow = await done(services, item.id, Transcript(WATER))
    assert follow.tip_id == tip_id and follow.notices is None
    tip = await get(services, Tip, tip_id)
    assert tip.status == TipStatus.QUEUED and tip.verdict_id is None, "a transcript never answers alone"
    assert tip.text == WATER
    assert tip.payload["read"] == {"text": WATER, "source": "transcript"}
    assert tip.payload["duration"] == 30, "the voice note stays on the tip"
    stored = await get(services, Reading, item.id)
    assert stored.status == ReadingStatus.DONE and stored.text == WATER and stored.confidence is None
    assert await count(services, Notice) == 0
    assert (await rows(services, Request, Request.tip_id == tip_id))[0].verdict_id is None


async def test_a_transcript_of_silence_changes_nothing_on_the_tip(services):
    tip_id = await voice_tip(services, 332, 30)
    assert await ask(services, tip_id, asked=True) == Due.NOW
    [item] = await leased(services, ReadingKind.SPEECH)
    follow = await done(services, item.id, Transcript("эм... ну"))
    assert follow.tip_id is None
    tip = await get(services, Tip, tip_id)
    assert tip.text == "" and "read" not in tip.payload


async def test_the_gate_transcribes_by_duration_demand_or_a_checkers_asking(services):
    short = await voice_tip(services, 341, 1)
    assert await ask(services, short) == Due.SHORT
    long = await voice_tip(services, 342, 400)
    assert await ask(services, long) == Due.LONG
    assert await ask(services, long, asked=True) == Due.LONG, "asking never waives the maximum"
    waiting = await voice_tip(services, 343, 30)
    assert await ask(services, waiting) == Due.WAITING, "one reader is below the gate's demand"
    assert await count(services, Reading) == 0, "nothing is transcribed before it is due"

    assert await ask(services, waiting, asked=True) == Due.NOW
    [reading] = await rows(services, Reading)
    assert reading.kind == ReadingKind.SPEECH and reading.status == ReadingStatus.PENDING
    assert (reading.tip_id, reading.chat_id) == (waiting, 343)
    assert (reading.file_unique_id, reading.file_id) == ("voice-343", "file-voice-343")
    [request] = await rows(services, Request, Request.tip_id == waiting)
    assert reading.request_id == request.id

    assert await ask(services, waiting, asked=True) == Due.NOW
    assert await ask(services, waiting) == Due.NOW, "queued already"
    assert await count(services, Reading) == 1, "asked twice, transcribed once"


async def test_a_voice_note_enough_readers_sent_is_transcribed_without_asking(services):
    tip_id = await voice_tip(services, 344, 30)
    async with services.sessionmaker() as session:
        await session.execute(update(Tip).where(Tip.id == tip_id).values(demand=GATE.demand))
        await session.commit()
    assert await ask(services, tip_id) == Due.NOW
    assert await count(services, Reading, Reading.tip_id == tip_id) == 1


async def test_a_tip_without_audio_or_not_open_is_not_transcribed(services):
    reader = await reader_at(services, 345)
    outcome = await receive_post(services.kb, reader, photo(345, 1, "shot-mute"))
    assert await ask(services, outcome.tip_id, asked=True) == Due.NOTHING
    answered = await voice_tip(services, 346, 30)
    async with services.sessionmaker() as session:
        await session.execute(update(Tip).where(Tip.id == answered).values(status=TipStatus.REJECTED))
        await session.commit()
    assert await ask(services, answered, asked=True) == Due.NOTHING
    assert await count(services, Reading) == 0


async def correct(services: Services, tip_id: int, text: str) -> bool:
    async with services.sessionmaker() as session:
        changed = await correct_transcript(session, tip_id, text, CHECKER)
        await session.commit()
    return changed is not None


async def test_a_checker_corrects_the_transcript_in_the_tips_words(services):
    caption = "Послушайте, что рассказывает соседка про воду в городе. " * 4
    tip_id = await voice_tip(services, 351, 30, caption=caption)
    assert await ask(services, tip_id, asked=True) == Due.NOW
    [item] = await leased(services, ReadingKind.SPEECH)
    heard = "водопроводная вода в алма ты отравлена хлором"
    await done(services, item.id, Transcript(heard))
    tip = await get(services, Tip, tip_id)
    assert tip.text == f"{caption.strip()}\n\n{heard}"
    old_fingerprint = tip.fingerprint

    assert await correct(services, tip_id, "  Водопроводная вода   в Алматы\nотравлена хлором ")
    fixed = "Водопроводная вода в Алматы отравлена хлором"
    tip = await get(services, Tip, tip_id)
    assert tip.text == f"{caption.strip()}\n\n{fixed}", "the reader's own words stay"
    assert tip.payload["read"] == {"text": fixed, "source": "transcript", "corrected_by": CHECKER.name}
    assert tip.fingerprint != old_fingerprint
    [entry] = await rows(services, AuditEntry, AuditEntry.tip_id == tip_id)
    assert entry.action == AuditAction.TRANSCRIPT
    assert (entry.actor_id, entry.actor_name) == (CHECKER.id, CHECKER.name)


async def test_a_tip_without_a_transcript_is_not_corrected(services, ocr, pictures):
    reader = await reader_at(services, 352)
    screen = screen_of(ocr, pictures, "shot-words", ScreenText(UNRELATED, 0.93, "Cyrillic"))
    read_tip = (await receive_post(services.kb, reader, photo(352, 1, "shot-words"), screen=screen)).tip_id
    voice_only = await voice_tip(services, 353, 30)
    for tip_id in (read_tip, voice_only):
        before = await get(services, Tip, tip_id)
        assert not await correct(services, tip_id, "Совсем другие слова")
        after = await get(services, Tip, tip_id)
        assert (after.text, after.payload) == (before.text, before.payload)
    assert not await correct(services, 999_999, "Нет такой подсказки")
    assert await count(services, AuditEntry) == 0


# --- personal data -------------------------------------------------------------------------------------


async def test_a_readers_readings_are_shown_erased_and_purged(services, slow_ocr, pictures):
    reader = await reader_at(services, 361)
    other = await reader_at(services, 362)
    held = asyncio.Event()
    for chat_id, message_id, unique in ((361, 1, "mine-1"), (361, 2, "mine-2"), (362, 1, "theirs")):
        screen = screen_of(slow_ocr, pictures, unique, ScreenText(UNRELATED, 0.9, "Cyrillic"), held)
        who = reader if chat_id == 361 else other
        assert (
            await receive_post(services.kb, who, photo(chat_id, message_id, unique), screen=screen)
        ).reading
    held.set()

    async with services.sessionmaker() as session:
        assert (await reader_data(session, reader.id)).readings == 2
        assert (await reader_data(session, other.id)).readings == 1
        erased = await erase(session, await session.get(Reader, reader.id))
        await session.commit()
    assert erased.readings == 2
    assert await count(services, Reading, Reading.chat_id == 361) == 0
    assert [r.file_unique_id for r in await rows(services, Reading)] == ["theirs"]

    [theirs] = await rows(services, Reading)
    kept = await purge_expired_links(services.sessionmaker, days=30)
    assert kept.readings == 0 and await count(services, Reading) == 1, "a recent reading is kept"
    await in_the_past(services, theirs.id, created_at=utcnow() - dt.timedelta(days=31))
    purged = await purge_expired_links(services.sessionmaker, days=30)
    assert purged.readings == 1
    assert await count(services, Reading) == 0
    async with services.sessionmaker() as session:
        assert (await reader_data(session, other.id)).readings == 0


# --- /find ---------------------------------------------------------------------------------------------


async def test_tips_are_found_by_their_words_in_any_case_not_the_choices_being_made(services):
    async with services.sessionmaker() as session:
        queued = Tip(text="С понедельника бензин подорожает вдвое", fingerprint="q", lang="ru")
        answered = Tip(text="Бензин АИ-92 пропал с заправок", fingerprint="a", lang="ru", status="answered")
        choosing = Tip(text="бензин по 400 тенге", fingerprint="s", lang="ru", status=TipStatus.SUGGESTED)
        other = Tip(text="Хлеб подорожает втрое", fingerprint="o", lang="ru")
        session.add_all([queued, answered, choosing, other])
        await session.commit()
        found = await tips_saying(session, ["БЕНЗИН"], 10)
        assert [tip.id for tip in found] == [answered.id, queued.id], "the newest first, no choice"
        assert [tip.id for tip in await tips_saying(session, ["бензин", "ПОДОРОЖАЕТ"], 10)] == [queued.id]
        assert [tip.id for tip in await tips_saying(session, ["БЕНЗИН"], 1)] == [answered.id]
        assert await tips_saying(session, ["керосин"], 10) == []
