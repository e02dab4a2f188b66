"""End-to-end: pictures imported with `tipline kb import --images` answer a reader's re-encoded copy, and
a video whose thumbnail shows one, the real bot process downloading it (or the thumbnail, never the
video) from the fake Bot API (getFile, then the file URL) it is pointed at."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import pytest_asyncio

from tests.e2e.test_e2e import CHECKERS_CHAT, TOKEN, Env, run_cli
from tests.support.fakebotapi import FakeBotAPI
from tests.support.pictures import encode, resized, scene

pytestmark = [pytest.mark.e2e, pytest.mark.database("sqlite"), pytest.mark.asyncio(loop_scope="module")]

VERDICT = {
    "id": "e2e-photo-flood",
    "lang": "ru",
    "claim": "На фото затопленный центр Алматы после вчерашнего ливня",
    "rating": "missing_context",
    "summary": "Снимок сделан в 2019 году в другом городе.",
    "url": "https://factcheck.example/ru/flood-photo",
    "appearances": ["https://t.me/s/almaty_rumours/3301"],
}


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def stack(tmp_path_factory: pytest.TempPathFactory):
    tmp: Path = tmp_path_factory.mktemp("e2e-media")
    kb_file = tmp / "kb.jsonl"
    kb_file.write_text(json.dumps(VERDICT, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp / "pictures").mkdir()
    (tmp / "pictures" / "e2e-photo-flood.png").write_bytes(encode(scene(31), "PNG"))
    imported = run_cli(tmp, "kb", "import", str(kb_file), "--images", str(tmp / "pictures"))
    assert "1 pictures attached" in imported.stdout, imported.stdout + imported.stderr
    async with FakeBotAPI(TOKEN) as api:
        env = Env(tmp, api)
        try:
            await env.bot.start()
            yield env
        finally:
            await env.bot.terminate(grace=10)


async def test_a_copy_of_an_imported_picture_gets_the_verdict(stack: Env):
    api = stack.api
    copy = encode(resized(scene(31), 0.5), "JPEG", 60)
    api.push_update(api.make_photo(301, content=copy))
    [answer] = await stack.answers(301)
    assert VERDICT["url"] in answer.params["text"]
    assert api.requests("getFile"), "the picture was fetched through the configured Bot API server"
    [row] = stack.query("SELECT decision, verdict_id FROM requests WHERE chat_id = 301")
    assert row["decision"] == "auto" and row["verdict_id"] is not None


async def test_an_unknown_picture_is_queued_and_a_forward_of_a_known_post_is_answered(stack: Env):
    api = stack.api
    api.push_update(api.make_photo(302, content=encode(scene(32))))
    [queued] = await stack.answers(302)
    [tip] = stack.query("SELECT id, status FROM tips")
    assert f"#{tip['id']}" in queued.params["text"] and tip["status"] == "queued"
    # the checkers' card comes as a reply to the picture itself
    [card] = await stack.answers(CHECKERS_CHAT)
    [shown] = [r for r in api.requests("sendPhoto") if str(r.params["chat_id"]) == str(CHECKERS_CHAT)]
    assert card.params["reply_parameters"]["message_id"] == shown.result["message_id"]
    channel = {"id": -1001777, "title": "Almaty rumours", "username": "almaty_rumours"}
    api.push_update(
        api.make_photo(303, content=encode(scene(33)), forward_from_chat=channel, forward_message_id=3301)
    )
    [card] = await stack.answers(303)
    assert VERDICT["url"] in card.params["text"]


async def test_a_video_whose_thumbnail_is_known_gets_its_verdict(stack: Env):
    api = stack.api
    thumbnail = encode(resized(scene(31), 0.5), "JPEG", 70)  # Telegram's 320 px still of the video
    update = api.push_update(api.make_video(304, thumbnail))
    [answer] = await stack.answers(304)
    assert VERDICT["url"] in answer.params["text"]
    video = update["message"]["video"]
    fetched = [r.params.get("file_id") for r in api.requests("getFile")]
    assert video["thumbnail"]["file_id"] in fetched and video["file_id"] not in fetched
