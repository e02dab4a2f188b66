"""Pictures, links and forwarded channel posts, driven through the dispatcher with a mocked bot whose
getFile and file download serve pictures made with Pillow at test time."""

from __future__ import annotations

import asyncio
import itertools
import json

import pytest
from aiogram.methods import SendPhoto
from aiogram.types import Update
from sqlalchemy import func, select

from bot.db.models import ImagePrint, PostLink, PostOrigin, Request, Tip, Verdict
from bot.i18n import Locales
from bot.services.roles import Roles
from bot.telegram.callbacks import DeskAction, PickVerdict
from knowledge.images import hash_bytes
from knowledge.verdicts import read_jsonl
from tests.conftest import as_reply
from tests.support.pictures import encode, resized, scene, video

pytestmark = pytest.mark.asyncio

CHECKERS = -100500
ADMIN = 1
CHECKER = 501
STRANGER = 777
WATER_URL = "https://factcheck.example/test-almaty-water"
UNKNOWN = "В Караганде с понедельника отключат интернет на две недели из-за учений."
OTHER = "В Павлодаре с понедельника отменят все трамваи и заменят их дирижаблями."
BREAD = {
    "id": "t-ru-bread",
    "lang": "ru",
    "claim": "В Шымкенте хлеб подорожает втрое с понедельника, пекарни закрываются.",
    "rating": "false",
    "summary": "Акимат и пекарни опровергли: цены не менялись.",
    "url": "https://factcheck.example/test-shymkent-bread",
    "appearances": [
        "https://www.rumours.example/news/shymkent-bread/",
        "https://t.me/s/ShymkentGossip/4501",
        "https://rumours.example/",
    ],
}
BREAD_URL = "https://factcheck.example/test-shymkent-bread"
CHANNEL = {"id": -1001234567890, "title": "Новости <b>Караганды</b> & co", "username": "karaganda_news"}
locales = Locales()
ru = locales["ru"]
en = locales["en"]
update_ids = itertools.count(50_000)


async def rows(services, model, *where):
    async with services.sessionmaker() as session:
        return (await session.scalars(select(model).where(*where).order_by(model.id))).all()


async def count(services, model, *where) -> int:
    async with services.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


def to(bot, chat_id: int) -> list[str]:
    return [m.text for m in bot.sent if m.chat_id == chat_id]


async def feed(dp, bot, data: dict) -> None:
    data["update_id"] = next(update_ids)
    await dp.feed_update(bot, Update.model_validate(data))


async def text(dp, bot, updates, chat_id: int, words: str, **kwargs) -> None:
    await feed(dp, bot, updates.factory.make_private_text(chat_id, words, **kwargs))


async def photo(dp, bot, updates, chat_id: int, content: bytes, caption=None, sizes=None, **kwargs) -> list:
    """A reader sends a photo (downloadable from the mocked bot); `sizes` resends an earlier photo's files."""
    data = updates.factory.make_photo(chat_id, caption, content=content, **kwargs)
    if sizes is not None:
        data["message"]["photo"] = sizes
    for size in data["message"]["photo"]:
        if size["file_id"] not in bot.session.files:
            bot.add_file(size["file_id"], content)
    await feed(dp, bot, data)
    return data["message"]["photo"]


async def media(dp, bot, updates, chat_id: int, kind: str, body: dict, caption: str | None = None) -> None:
    data = updates.factory.make_private_text(chat_id, "x")
    del data["message"]["text"]
    data["message"].pop("entities", None)
    data["message"][kind] = body
    if caption:
        data["message"]["caption"] = caption
    await feed(dp, bot, data)


@pytest.fixture
async def roles(services) -> Roles:
    roles = Roles(services.sessionmaker, frozenset({ADMIN}))
    await roles.grant(CHECKER, "checker", ADMIN)
    return roles


@pytest.fixture
async def bread(services) -> Verdict:
    await services.kb.import_records(read_jsonl([json.dumps(BREAD, ensure_ascii=False)]))
    [verdict] = await rows(services, Verdict, Verdict.external_id == "t-ru-bread")
    return verdict


async def water(services) -> Verdict:
    [verdict] = await rows(services, Verdict, Verdict.external_id == "t-ru-water")
    return verdict


async def checker_links(dp, bot, updates, tip_id: int, verdict_id: int) -> None:
    user = updates.factory.make_user(CHECKER, "Checker", language_code="en")
    data = updates.factory.make_callback(
        CHECKERS, DeskAction(action="linkok", tip=tip_id, arg=verdict_id).pack(), 1, user=user
    )
    await feed(dp, bot, data)


async def staff_command(dp, bot, updates, words: str, user_id: int = CHECKER, reply_to: int | None = None):
    user = updates.factory.make_user(user_id, "Staff", language_code="en")
    data = updates.factory.make_command(CHECKERS, words, user=user)
    if reply_to is not None:
        as_reply(data, reply_to)
    await feed(dp, bot, data)


# --- links --------------------------------------------------------------------------------------


async def test_a_link_where_a_verdicts_claim_appeared_gets_the_verdict_at_once(
    dp, bot, updates, services, bread
):
    await text(
        dp,
        bot,
        updates,
        10,
        "Это правда? http://m.rumours.example/news/shymkent-bread?utm_source=tg&fbclid=X",
    )
    [card] = to(bot, 10)
    assert BREAD_URL in card and ru("rating-false") in card
    [request] = await rows(services, Request, Request.chat_id == 10)
    assert (request.decision, request.verdict_id) == ("auto", bread.id)
    assert await count(services, Tip) == 0
    # the appearances are stored normalised, beside the verdict's own address; a bare homepage is not a key
    stored = sorted(
        (link.source, link.url) for link in await rows(services, PostLink, PostLink.verdict_id == bread.id)
    )
    assert stored == [
        ("appearance", "https://rumours.example/news/shymkent-bread"),
        ("appearance", "https://t.me/shymkentgossip/4501"),
        ("verdict", BREAD_URL),
    ]


async def test_a_forward_of_a_post_listed_as_an_appearance_gets_the_verdict(dp, bot, updates, bread):
    channel = {"id": -1009, "title": "Shymkent gossip", "username": "ShymkentGossip"}
    await text(dp, bot, updates, 11, "Срочно всем!", forward_from_chat=channel, forward_message_id=4501)
    [card] = to(bot, 11)
    assert BREAD_URL in card


async def test_a_hidden_link_in_a_text_link_entity_is_matched(dp, bot, updates, bread):
    words = "Читайте здесь"
    entity = {
        "type": "text_link",
        "offset": 0,
        "length": 6,
        "url": "https://rumours.example/news/shymkent-bread",
    }
    await text(dp, bot, updates, 12, words, entities=[entity])
    assert BREAD_URL in to(bot, 12)[0]


async def test_the_same_unknown_link_from_two_readers_is_one_tip(dp, bot, updates, services):
    await text(dp, bot, updates, 13, "Это правда? https://example.net/story/42")
    await text(dp, bot, updates, 14, "Жуть какая http://www.example.net/story/42/?fbclid=abc")
    await text(dp, bot, updates, 14, "И ещё раз https://example.net/story/42#top")
    [tip] = await rows(services, Tip)
    assert (tip.demand, tip.status) == (2, "queued")
    assert await count(services, Request, Request.tip_id == tip.id) == 3
    assert to(bot, 14)[0] == ru("queued", id=str(tip.id))


async def test_a_linked_tips_links_show_its_verdict_to_later_readers(dp, bot, updates, services, roles):
    await text(dp, bot, updates, 15, "Это правда? https://example.net/story/77")
    [tip] = await rows(services, Tip)
    verdict = await water(services)
    await checker_links(dp, bot, updates, tip.id, verdict.id)
    assert WATER_URL in to(bot, 15)[-1]  # the reader is notified
    await text(dp, bot, updates, 16, "а вот https://www.example.net/story/77/")
    assert WATER_URL in to(bot, 16)[0]
    [request] = await rows(services, Request, Request.chat_id == 16)
    assert (request.decision, request.verdict_id) == ("auto", verdict.id)


# --- forward origins ----------------------------------------------------------------------------


async def test_a_channel_post_is_one_tip_whoever_forwards_it_and_answers_once_linked(
    dp, bot, updates, services, roles
):
    await text(dp, bot, updates, 20, UNKNOWN, forward_from_chat=CHANNEL, forward_message_id=77)
    # the same post, forwarded by another reader (its text shown differently) joins the same tip
    await text(dp, bot, updates, 21, OTHER, forward_from_chat=CHANNEL, forward_message_id=77)
    # another post of the same channel is another tip
    await text(dp, bot, updates, 22, OTHER, forward_from_chat=CHANNEL, forward_message_id=78)
    tips = await rows(services, Tip)
    assert [t.demand for t in tips] == [2, 1]
    first = tips[0]
    verdict = await water(services)
    await checker_links(dp, bot, updates, first.id, verdict.id)
    bot.clear()
    await text(dp, bot, updates, 23, "что-то другое", forward_from_chat=CHANNEL, forward_message_id=77)
    [card] = to(bot, 23)
    assert WATER_URL in card
    assert await count(services, Tip) == 2
    origins = await rows(services, PostOrigin, PostOrigin.message_id == 77)
    assert {o.verdict_id for o in origins} == {verdict.id} and len(origins) == 3


async def test_sources_lists_the_channels_that_spread_a_verdict_and_a_cluster(
    dp, bot, updates, services, roles
):
    other = {"id": -1005550001, "title": "Сплетни", "username": None}
    await text(dp, bot, updates, 30, UNKNOWN, forward_from_chat=CHANNEL, forward_message_id=90)
    await text(dp, bot, updates, 31, UNKNOWN, forward_from_chat=CHANNEL, forward_message_id=90)
    await text(dp, bot, updates, 32, UNKNOWN + "!!!", forward_from_chat=other, forward_message_id=5)
    [tip] = await rows(services, Tip)
    assert tip.demand == 3

    await staff_command(dp, bot, updates, f"/sources #{tip.id}")
    listing = to(bot, CHECKERS)[-1]
    assert listing.splitlines()[0] == en("desk-sources-tip", id=str(tip.id))
    title = "Новости &lt;b&gt;Караганды&lt;/b&gt; &amp; co"
    assert f'• <a href="https://t.me/karaganda_news">{title}</a> — 2 forwards' in listing
    assert "• Сплетни — 1 forward" in listing
    assert "<b>Караганды" not in listing

    await staff_command(dp, bot, updates, "/sources", reply_to=tip.card_message_id)
    assert to(bot, CHECKERS)[-1] == listing

    await staff_command(dp, bot, updates, "/sources")
    assert to(bot, CHECKERS)[-1].startswith(en("desk-sources-open"))
    assert f"<b>#{tip.id}</b>" in to(bot, CHECKERS)[-1]

    verdict = await water(services)
    await staff_command(dp, bot, updates, f"/sources {verdict.id}")
    assert to(bot, CHECKERS)[-1] == en("desk-sources-verdict", verdict=str(verdict.id)) + "\n" + en(
        "desk-sources-none"
    )
    await checker_links(dp, bot, updates, tip.id, verdict.id)
    # a reader whose forward of the same post is answered at once counts for the verdict too
    await text(dp, bot, updates, 33, "ещё раз", forward_from_chat=CHANNEL, forward_message_id=90)
    await staff_command(dp, bot, updates, f"/sources {verdict.id}")
    listing = to(bot, CHECKERS)[-1]
    assert listing.splitlines()[1].endswith("— 3 forwards") and "• Сплетни — 1 forward" in listing

    await staff_command(dp, bot, updates, "/sources 99999")
    assert to(bot, CHECKERS)[-1] == en("desk-unknown-verdict", verdict="99999")
    await staff_command(dp, bot, updates, "/sources bogus")
    assert to(bot, CHECKERS)[-1] == en("desk-sources-usage")


async def test_sources_needs_the_checker_role(dp, bot, updates, services, roles):
    await text(dp, bot, updates, 34, UNKNOWN, forward_from_chat=CHANNEL, forward_message_id=91)
    [tip] = await rows(services, Tip)
    bot.clear()
    await staff_command(dp, bot, updates, f"/sources #{tip.id}", user_id=STRANGER)
    assert to(bot, CHECKERS) == [en("desk-denied")]
    # in a private chat, /sources is not a desk command
    await feed(dp, bot, updates.factory.make_command(CHECKER, f"/sources #{tip.id}"))
    assert "Караганды" not in " ".join(to(bot, CHECKER))


# --- photos -------------------------------------------------------------------------------------


async def test_a_photo_linked_by_a_checker_answers_the_same_file_and_its_copies(
    dp, bot, updates, services, roles
):
    original = scene(1)
    sizes = await photo(dp, bot, updates, 40, encode(original))
    [tip] = await rows(services, Tip)
    assert to(bot, 40) == [ru("media-queued-photo", id=str(tip.id))]
    prints = await rows(services, ImagePrint, ImagePrint.tip_id == tip.id)
    assert prints[0].file_unique_id == sizes[-1]["file_unique_id"]
    assert sorted(p.phash for p in prints) == sorted(hash_bytes(encode(original)))
    assert bot.session.downloads and bot.session.downloads[0].startswith("https://api.telegram.org/file/bot")
    # the checkers see the picture above the card
    [shown] = [r for r in bot.requests if isinstance(r, SendPhoto)]
    assert (shown.chat_id, shown.photo) == (CHECKERS, sizes[-1]["file_id"])

    verdict = await water(services)
    await checker_links(dp, bot, updates, tip.id, verdict.id)
    assert WATER_URL in to(bot, 40)[-1]

    downloads = len(bot.session.downloads)
    await photo(dp, bot, updates, 41, encode(original), sizes=sizes)  # the same file, forwarded again
    assert WATER_URL in to(bot, 41)[0]
    assert len(bot.session.downloads) == downloads  # the file id alone was enough

    await photo(dp, bot, updates, 42, encode(resized(original, 0.5), quality=60))  # a re-encoded copy
    assert WATER_URL in to(bot, 42)[0]
    [request] = await rows(services, Request, Request.chat_id == 42)
    assert (request.decision, request.verdict_id) == ("auto", verdict.id)

    await photo(dp, bot, updates, 43, encode(scene(20)))  # an unrelated picture
    assert to(bot, 43)[0].startswith(ru("media-queued-photo", id="0").split("<b>")[0])
    assert await count(services, Tip) == 2


async def test_a_copy_of_a_queued_photo_joins_its_tip(dp, bot, updates, services):
    picture = scene(2)
    await photo(dp, bot, updates, 44, encode(picture))
    await photo(dp, bot, updates, 45, encode(resized(picture, 0.4), "PNG"))
    [tip] = await rows(services, Tip)
    assert tip.demand == 2
    assert to(bot, 45) == [ru("media-queued-photo", id=str(tip.id))]


async def test_a_known_picture_wins_over_its_caption_and_an_unknown_one_leaves_the_caption(
    dp, bot, updates, services, bread
):
    bytes_ = encode(scene(3))
    async with services.sessionmaker() as session:
        for phash in hash_bytes(bytes_):
            session.add(ImagePrint(phash=phash, source="import", verdict_id=bread.id, name="bread.jpg"))
        await session.commit()
    water_claim = "Водопроводная вода в Алматы отравлена хлором, пить её нельзя до конца месяца."
    await photo(dp, bot, updates, 46, bytes_, caption=water_claim)
    assert BREAD_URL in to(bot, 46)[0]
    await photo(dp, bot, updates, 47, encode(scene(4)), caption=water_claim)
    assert WATER_URL in to(bot, 47)[0]


async def test_a_picture_near_but_not_within_the_strict_bar_is_offered_as_a_choice(
    dp, bot, updates, services, bread
):
    bytes_ = encode(scene(5))
    whole = hash_bytes(bytes_)[0]
    async with services.sessionmaker() as session:
        session.add(ImagePrint(phash=whole ^ 0b111111, source="import", verdict_id=bread.id, name="b.jpg"))
        await session.commit()
    await photo(dp, bot, updates, 48, bytes_)
    [question] = [m for m in bot.sent if m.chat_id == 48]
    assert question.text == ru("choose-intro")
    first = PickVerdict.unpack(question.reply_markup.inline_keyboard[0][0].callback_data)
    assert first.verdict == bread.id
    await feed(dp, bot, updates.factory.make_callback(48, first.pack(), 1))
    assert BREAD_URL in bot.edited[-1].text


async def test_pictures_imported_with_the_knowledge_base_answer_readers(
    dp, bot, updates, services, settings, tmp_path, monkeypatch
):
    from typer.testing import CliRunner

    from bot.cli import app

    feed_file = tmp_path / "feed.jsonl"
    feed_file.write_text(json.dumps(BREAD, ensure_ascii=False) + "\n", encoding="utf-8")
    folder = tmp_path / "pictures"
    (folder / "t-ru-bread").mkdir(parents=True)
    (folder / "t-ru-bread" / "poster.png").write_bytes(encode(scene(6), "PNG"))
    (folder / "t-ru-bread" / "clip.mp4").write_bytes(video(scene(13)))  # a known video: its first frame
    for name in [n for n in __import__("os").environ if n.startswith("TIPLINE_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TIPLINE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("TIPLINE_SEMANTIC", "false")
    runner = CliRunner()
    result = await asyncio.to_thread(
        runner.invoke, app, ["kb", "import", str(feed_file), "--images", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stdout and "2 pictures attached" in result.stdout

    await photo(dp, bot, updates, 49, encode(resized(scene(6), 0.5), quality=50))
    assert BREAD_URL in to(bot, 49)[0]
    # the video, sent by a reader: Telegram's thumbnail of it, 320 px
    await media(
        dp, bot, updates, 56, "video", moving("video", 5, encode(resized(scene(13), 0.5), quality=70), bot)
    )
    assert BREAD_URL in to(bot, 56)[0]

    (folder / "nobody.jpg").write_bytes(encode(scene(7)))
    result = await asyncio.to_thread(
        runner.invoke, app, ["kb", "import", str(feed_file), "--images", str(folder)]
    )
    assert result.exit_code == 2
    assert "nobody.jpg: no verdict in the file has the id or URL ending 'nobody'" in result.stderr
    assert "nothing was imported" in result.stderr


# --- videos and documents -----------------------------------------------------------------------


async def test_a_video_without_words_is_queued_and_the_reader_is_told_why(dp, bot, updates, services):
    video = {"file_id": "vid1", "file_unique_id": "vidu1", "width": 640, "height": 360, "duration": 12}
    await media(dp, bot, updates, 50, "video", video)
    [tip] = await rows(services, Tip)
    assert tip.payload["media"] == "video" and tip.status == "queued"
    assert to(bot, 50) == [ru("media-queued-unchecked", id=str(tip.id))]
    assert bot.session.downloads == []


def moving(kind: str, n: int, frame: bytes, bot) -> dict:
    """A video (or a GIF: an animation, sent as a document too) whose thumbnail Telegram made of `frame`."""
    thumb = {"file_id": f"thumb{n}", "file_unique_id": f"thumbu{n}", "width": 320, "height": 180}
    bot.add_file(thumb["file_id"], frame)
    item = {"file_id": f"{kind}{n}", "file_unique_id": f"{kind}u{n}", "width": 640, "height": 360}
    item.update(duration=9, thumbnail=thumb)
    return item


async def test_a_video_is_known_by_its_thumbnail_and_by_its_file(dp, bot, updates, services, roles):
    frame = scene(8)
    await media(dp, bot, updates, 51, "video", moving("video", 1, encode(frame), bot))
    [tip] = await rows(services, Tip)
    [printed] = await rows(
        services, ImagePrint, ImagePrint.tip_id == tip.id, ImagePrint.file_unique_id.is_not(None)
    )
    assert printed.file_unique_id == "videou1" and bot.session.downloads  # the thumbnail, not the video
    assert to(bot, 51) == [ru("media-queued-unchecked", id=str(tip.id))]
    verdict = await water(services)
    await checker_links(dp, bot, updates, tip.id, verdict.id)

    downloads = len(bot.session.downloads)
    again = moving("video", 1, encode(frame), bot)  # the same file forwarded by another reader
    await media(dp, bot, updates, 52, "video", again)
    assert WATER_URL in to(bot, 52)[0]
    # the same clip uploaded again: other file ids, a thumbnail re-encoded smaller
    await media(
        dp, bot, updates, 53, "video", moving("video", 2, encode(resized(frame, 0.5), quality=60), bot)
    )
    assert WATER_URL in to(bot, 53)[0]
    [request] = await rows(services, Request, Request.chat_id == 53)
    assert (request.decision, request.verdict_id) == ("auto", verdict.id)
    # an unrelated clip is queued
    await media(dp, bot, updates, 54, "video", moving("video", 3, encode(scene(21)), bot))
    assert WATER_URL not in to(bot, 54)[0]
    assert len(bot.session.downloads) == downloads + 2


async def test_a_gif_whose_first_frame_was_imported_with_a_verdict_gets_it(dp, bot, updates, services, bread):
    frame = encode(scene(9))
    async with services.sessionmaker() as session:
        for phash in hash_bytes(frame):
            session.add(ImagePrint(phash=phash, source="import", verdict_id=bread.id, name="frame.png"))
        await session.commit()
    gif = moving("animation", 4, encode(resized(scene(9), 0.6), quality=70), bot)
    data = updates.factory.make_private_text(55, "x")
    del data["message"]["text"]
    data["message"].pop("entities", None)
    data["message"]["animation"] = gif
    data["message"]["document"] = {**gif, "mime_type": "video/mp4", "file_name": "rumour.gif.mp4"}
    await feed(dp, bot, data)
    assert BREAD_URL in to(bot, 55)[0]
    [request] = await rows(services, Request, Request.chat_id == 55)
    assert request.decision == "auto"


async def test_a_document_caption_and_its_links_are_checked(dp, bot, updates, services, bread):
    document = {
        "file_id": "doc1",
        "file_unique_id": "docu1",
        "file_name": "a.pdf",
        "mime_type": "application/pdf",
    }
    await media(
        dp,
        bot,
        updates,
        51,
        "document",
        document,
        caption="Смотрите https://rumours.example/news/shymkent-bread",
    )
    assert BREAD_URL in to(bot, 51)[0]
    await media(dp, bot, updates, 52, "document", dict(document, file_unique_id="docu2"))
    [tip] = await rows(services, Tip)
    assert to(bot, 52) == [ru("media-queued-unchecked", id=str(tip.id))]


async def test_a_picture_sent_as_a_file_is_hashed_like_a_photo(dp, bot, updates, services, bread):
    async with services.sessionmaker() as session:
        for phash in hash_bytes(encode(scene(8))):
            session.add(ImagePrint(phash=phash, source="import", verdict_id=bread.id, name="bread.jpg"))
        await session.commit()
    for chat_id, picture, file_id in ((53, scene(8), "imgdoc1"), (54, scene(9), "imgdoc2")):
        bot.add_file(file_id, encode(picture, "PNG"))
        document = {
            "file_id": file_id,
            "file_unique_id": file_id + "u",
            "file_name": "x.png",
            "mime_type": "image/png",
        }
        await media(dp, bot, updates, chat_id, "document", document)
    assert BREAD_URL in to(bot, 53)[0]
    [tip] = await rows(services, Tip)
    assert to(bot, 54) == [ru("media-queued-photo", id=str(tip.id))]


async def test_tipline_check_answers_a_known_link(services, settings, bread, monkeypatch):
    from typer.testing import CliRunner

    from bot.cli import app

    for name in [n for n in __import__("os").environ if n.startswith("TIPLINE_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TIPLINE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("TIPLINE_SEMANTIC", "false")
    result = await asyncio.to_thread(
        CliRunner().invoke,
        app,
        ["check", "see www.rumours.example/news/shymkent-bread/?utm_source=x", "--lang", "ru"],
    )
    assert result.exit_code == 0, result.output
    assert "decision: auto" in result.stdout and BREAD_URL in result.stdout
