"""End-to-end: the real bot process reads the words of screenshots readers send (tesseract), downloading
them from the fake Bot API (getFile, then the file URL). The answer does not wait for a reading here
(TIPLINE_OCR_WAIT=0, as when a reading takes longer than the answer's second): the reader hears at once
that the picture is being read, and the verdict follows when its words match one; a screenshot of an
unrelated post stays a tip, its words on the checkers' card. Skipped without tesseract (failing in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import pytest_asyncio

from bot.i18n import Locales
from bot.services.ocr import INSTALL_HINT, missing_models
from tests.e2e.test_e2e import CHECKERS_CHAT, TOKEN, Env, run_cli
from tests.support.databases import IN_CI
from tests.support.fakebotapi import FakeBotAPI
from tests.support.screenshots import MISSING_FONT, font_path, render

pytestmark = [pytest.mark.e2e, pytest.mark.database("sqlite"), pytest.mark.asyncio(loop_scope="module")]

PETROL = {
    "id": "e2e-ocr-petrol",
    "lang": "ru",
    "claim": "С 1 января бензин АИ-92 в Казахстане подорожает до 400 тенге за литр по решению правительства",
    "rating": "false",
    "summary": "Министерство энергетики такого решения не принимало.",
    "url": "https://factcheck.example/ru/petrol-400",
}
UNRELATED = "Сегодня в Алматы открылась новая библиотека с читальным залом на триста мест для студентов"
READ_TIMEOUT = 240.0
"""A reading on a loaded two-core machine, behind the bot's start, takes seconds; give it minutes."""


def _needs_tesseract() -> None:
    missing = missing_models()
    reason = None
    if missing is None:
        reason = f"tesseract is not installed ({INSTALL_HINT})"
    elif missing:
        reason = f"tesseract lacks {', '.join(missing)} ({INSTALL_HINT})"
    elif font_path() is None:
        reason = MISSING_FONT
    if reason is not None:
        pytest.fail(f"{reason} in CI") if IN_CI else pytest.skip(reason)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def stack(tmp_path_factory: pytest.TempPathFactory):
    _needs_tesseract()
    tmp: Path = tmp_path_factory.mktemp("e2e-ocr")
    kb_file = tmp / "kb.jsonl"
    kb_file.write_text(json.dumps(PETROL, ensure_ascii=False) + "\n", encoding="utf-8")
    run_cli(tmp, "kb", "import", str(kb_file))
    async with FakeBotAPI(TOKEN) as api:
        env = Env(tmp, api)
        env.bot.extra_env = {"TIPLINE_OCR": "true", "TIPLINE_OCR_WAIT": "0"}
        try:
            await env.bot.start()
            yield env
        finally:
            await env.bot.terminate(grace=10)


async def test_a_screenshot_of_a_known_claim_in_a_channel_layout_gets_its_verdict(stack: Env):
    api, ru = stack.api, Locales(default="en")["ru"]
    api.push_update(api.make_photo(401, content=render(PETROL["claim"], "channel", seed=4)))
    [queued] = await stack.answers(401)
    [reading] = stack.query("SELECT tip_id FROM readings")
    assert queued.params["text"] == ru("media-queued-reading", id=str(reading["tip_id"]))
    [_, verdict] = await stack.answers(401, count=2, timeout=READ_TIMEOUT)
    assert PETROL["url"] in verdict.params["text"]
    assert ru("desk-notice-verdict", id=str(reading["tip_id"])) in verdict.params["text"]
    [tip] = stack.query("SELECT status, text, payload FROM tips WHERE id = ?", reading["tip_id"])
    assert tip["status"] == "answered" and "АИ-92" in tip["text"]
    assert "подписчик" not in tip["text"].lower(), "the channel's header is not the claim"
    assert json.loads(tip["payload"])["read"]["confidence"] >= 0.8
    [row] = stack.query("SELECT status, text FROM readings")
    assert row["status"] == "done" and "бензин" in row["text"]
    files = [r for r in api.requests("getFile") if r.params.get("file_id")]
    assert files, "the picture was fetched through the configured Bot API server"
    # the same picture again is now known by its file: answered at once, no reading
    api.push_update(api.make_photo(402, content=render(PETROL["claim"], "channel", seed=4)))
    [again] = await stack.answers(402)
    assert PETROL["url"] in again.params["text"]


async def test_a_screenshot_of_an_unrelated_post_stays_a_tip_with_its_words_on_the_card(stack: Env):
    api = stack.api
    api.push_update(api.make_photo(403, content=render(UNRELATED, "dark", seed=5)))
    [queued] = await stack.answers(403)
    [request] = stack.query("SELECT tip_id FROM requests WHERE chat_id = 403")
    tip_id = request["tip_id"]
    assert f"#{tip_id}" in queued.params["text"]

    [card] = await stack.wait(
        lambda: [r for r in api.sent_messages(CHECKERS_CHAT) if f"#{tip_id}" in r.text], message="the card"
    )

    def card_now() -> str:
        return (api.message(CHECKERS_CHAT, card.message_id) or {}).get("text", "")

    await stack.wait(lambda: "библиотека" in card_now(), READ_TIMEOUT, "the card showing the words read")
    assert "🔎" in card_now(), "the card says the words were read from the picture"
    [tip] = stack.query("SELECT status FROM tips WHERE id = ?", tip_id)
    assert tip["status"] == "queued"
    assert len(api.sent_messages(403)) == 1, "no verdict was sent for an unrelated post"
    admin = api.make_user(1, "Admin", language_code="en")
    before = len(api.sent_messages(CHECKERS_CHAT))
    api.push_update(api.make_command(CHECKERS_CHAT, "/find библиотека", user=admin))
    found = await stack.wait(
        lambda: api.sent_texts(CHECKERS_CHAT)[before:], message="/find finding the tip by the words read"
    )
    assert f"#{tip_id}" in found[0] and "библиотека" in found[0]


async def test_a_kill_while_a_picture_is_read_loses_nothing_and_doubles_nothing(stack: Env):
    """kill -9 right after the reader's queued answer (the picture being read, or about to be): after the
    restart the verdict reaches the reader exactly once."""
    api = stack.api
    api.push_update(api.make_photo(404, content=render(PETROL["claim"], "light", seed=9)))
    await stack.answers(404)
    await stack.bot.kill()
    await stack.bot.start()
    [_, verdict] = await stack.answers(404, count=2, timeout=READ_TIMEOUT)
    assert PETROL["url"] in verdict.params["text"]
    await stack.quiet(5)
    assert len(api.sent_messages(404)) == 2, "one queued answer, one verdict"
    [request] = stack.query("SELECT tip_id FROM requests WHERE chat_id = 404")
    [tip] = stack.query("SELECT status FROM tips WHERE id = ?", request["tip_id"])
    assert tip["status"] == "answered"
