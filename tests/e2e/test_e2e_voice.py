"""End-to-end: voice notes transcribed by a fake OpenAI-compatible transcription server (never a hosted
one), gated like Meedan Check's: a note is transcribed once its tip has TIPLINE_TRANSCRIBE_DEMAND readers,
or when a checker presses "Transcribe"; never one longer than the maximum. The transcript is on the card,
searchable with /find, and a checker corrects it with /transcript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import pytest_asyncio

from bot.i18n import Locales
from bot.telegram.callbacks import DeskAction, DeskButton
from tests.e2e.test_e2e import CHECKERS_CHAT, TOKEN, Env, run_cli
from tests.support.fake_transcriber import FakeTranscriber, speech
from tests.support.fakebotapi import FakeBotAPI

pytestmark = [pytest.mark.e2e, pytest.mark.database("sqlite"), pytest.mark.asyncio(loop_scope="module")]

PETROL = {
    "id": "e2e-voice-petrol",
    "lang": "ru",
    "claim": "С 1 января бензин АИ-92 в Казахстане подорожает до 400 тенге за литр",
    "rating": "false",
    "summary": "Министерство энергетики такого решения не принимало.",
    "url": "https://factcheck.example/ru/petrol-voice",
}
SAID = "Говорят, что с первого января бензин АИ-92 подорожает до 400 тенге за литр, срочно заправляйтесь"
HEARD_TIMEOUT = 120.0


class Stack:
    def __init__(self, env: Env, transcriber: FakeTranscriber):
        self.env, self.api, self.transcriber = env, env.api, transcriber
        self.admin = env.api.make_user(1, "Admin", language_code="en")

    async def card_of(self, tip_id: int):
        [card] = await self.env.wait(
            lambda: [r for r in self.api.sent_messages(CHECKERS_CHAT) if f"#{tip_id}" in r.text][:1],
            message=f"the card of tip {tip_id}",
        )
        return card

    def card_now(self, card) -> dict:
        return self.api.message(CHECKERS_CHAT, card.message_id) or {}

    def tip_of(self, chat_id: int) -> int:
        [row] = self.env.query("SELECT tip_id FROM requests WHERE chat_id = ?", chat_id)
        return row["tip_id"]


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def stack(tmp_path_factory: pytest.TempPathFactory):
    tmp: Path = tmp_path_factory.mktemp("e2e-voice")
    kb_file = tmp / "kb.jsonl"
    kb_file.write_text(json.dumps(PETROL, ensure_ascii=False) + "\n", encoding="utf-8")
    run_cli(tmp, "kb", "import", str(kb_file))
    async with FakeBotAPI(TOKEN) as api, FakeTranscriber() as transcriber:
        env = Env(tmp, api)
        env.bot.extra_env = {
            "TIPLINE_TRANSCRIPTION_URL": transcriber.url,
            "TIPLINE_TRANSCRIPTION_MODEL": "large-v3",
            "TIPLINE_TRANSCRIBE_DEMAND": "2",
            "TIPLINE_TRANSCRIBE_MAX_SECONDS": "120",
        }
        try:
            await env.bot.start()
            yield Stack(env, transcriber)
        finally:
            await env.bot.terminate(grace=10)


async def test_a_voice_note_is_transcribed_once_its_tip_has_enough_readers(stack: Stack):
    api, env, ru = stack.api, stack.env, Locales(default="en")["ru"]
    first = api.push_update(api.make_voice(601, speech(SAID), duration=14))
    [queued] = await env.answers(601)
    tip_id = stack.tip_of(601)
    assert queued.params["text"] == ru("media-queued-voice", id=str(tip_id))
    card = await stack.card_of(tip_id)
    assert any(r.params.get("chat_id") for r in api.requests("sendVoice")), "the note is shown above the card"
    await env.quiet(3)
    assert not stack.transcriber.heard, "one reader is not the demand a transcription needs"
    stack.transcriber.failures = 1  # the server is still loading its model: the note is tried again
    api.push_update(api.make_voice(602, b"", same_as=first))
    await env.answers(602)
    assert stack.tip_of(602) == tip_id
    await env.wait(
        lambda: "первого января" in stack.card_now(card).get("text", ""), HEARD_TIMEOUT, "transcript"
    )
    assert "🎙" in stack.card_now(card)["text"]
    assert [h.model for h in stack.transcriber.heard] == ["large-v3", "large-v3"]
    [tip] = env.query("SELECT text, status, payload FROM tips WHERE id = ?", tip_id)
    assert tip["status"] == "queued", "a transcript offers verdicts on the card; a checker answers"
    assert json.loads(tip["payload"])["read"]["source"] == "transcript"
    assert PETROL["claim"][:30] in stack.card_now(card)["text"], "the nearest verdict is on the card"


async def test_a_checker_transcribes_a_note_and_corrects_the_transcript(stack: Stack):
    api, env = stack.api, stack.env
    api.push_update(
        api.make_voice(603, speech("В Алматы закрывают все школы на карантин до конца месяца"), duration=8)
    )
    await env.answers(603)
    tip_id = stack.tip_of(603)
    card = await stack.card_of(tip_id)
    buttons = [b for row in card.params["reply_markup"]["inline_keyboard"] for b in row]
    transcribe = DeskAction(action=DeskButton.TRANSCRIBE, tip=tip_id).pack()
    assert transcribe in [b["callback_data"] for b in buttons], "a Transcribe button on the card"
    heard = len(stack.transcriber.heard)
    api.push_update(api.make_callback(CHECKERS_CHAT, transcribe, card.message_id, user=stack.admin))
    await env.wait(lambda: "карантин" in stack.card_now(card).get("text", ""), HEARD_TIMEOUT, "transcript")
    assert len(stack.transcriber.heard) == heard + 1
    before = len(api.sent_messages(CHECKERS_CHAT))
    reply = api.make_command(
        CHECKERS_CHAT, "/transcript В Алматы закрывают все школы на карантин до мая", user=stack.admin
    )
    reply["message"]["reply_to_message"] = stack.card_now(card)
    api.push_update(reply)
    done = await env.wait(lambda: api.sent_texts(CHECKERS_CHAT)[before:], message="/transcript answered")
    assert f"#{tip_id}" in done[0]
    await env.wait(lambda: "до мая" in stack.card_now(card).get("text", ""), message="corrected transcript")
    assert "Admin" in stack.card_now(card)["text"], "the card says who corrected it"


async def test_a_note_longer_than_the_maximum_is_never_transcribed(stack: Stack):
    api, env = stack.api, stack.env
    api.push_update(api.make_voice(604, speech("Очень длинная запись про выборы и про бензин"), duration=900))
    await env.answers(604)
    tip_id = stack.tip_of(604)
    card = await stack.card_of(tip_id)
    heard = len(stack.transcriber.heard)
    transcribe = DeskAction(action=DeskButton.TRANSCRIBE, tip=tip_id).pack()
    query = api.push_update(api.make_callback(CHECKERS_CHAT, transcribe, card.message_id, user=stack.admin))
    query_id = query["callback_query"]["id"]
    [answer] = await env.wait(lambda: api.callback_answers(query_id), message="the button answered")
    assert "120" in answer.params["text"]
    await env.quiet(3)
    assert len(stack.transcriber.heard) == heard
