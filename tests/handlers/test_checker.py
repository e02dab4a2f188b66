"""The checker desk, driven through the dispatcher with a mocked bot: cards, clustering, triage, the verdict
dialog, reader notices, corrections, roles and the audit log. The database is checked with real queries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import numpy as np
import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import Update
from sqlalchemy import func, select

import handlers
from bot.db.models import (
    AuditEntry,
    Claim,
    Notice,
    Reader,
    Request,
    StaffRole,
    Tip,
    Verdict,
    VerdictRevision,
    utcnow,
)
from bot.i18n import Locales
from bot.services.desk.clusters import TipClusters
from bot.services.roles import Roles
from bot.telegram.app import create_dispatcher
from bot.telegram.callbacks import DeskAction, DraftAction, PickVerdict, RateAnswer
from tests.conftest import as_reply, fresh_update_id

pytestmark = pytest.mark.asyncio

CHECKERS = -100500
ADMIN = 1
CHECKER = 501
EDITOR = 502
STRANGER = 777
RUMOUR = "В Караганде с понедельника отключат интернет на две недели из-за учений."
RUMOUR_AGAIN = "Говорят, в Караганде с понедельника отключат интернет на две недели из-за учений!!!"
KAZAKH = "Жезқазғанда бүгін түнде жер сілкінісі болады деп сейсмологтар ескертті"
OTHER = "В Павлодаре с понедельника отменят все трамваи и заменят их дирижаблями."
WATER_URL = "https://factcheck.example/test-almaty-water"
locales = Locales()
en = locales["en"]


async def rows(services, model, *where):
    async with services.sessionmaker() as session:
        order = model.id if hasattr(model, "id") else model.user_id
        return (await session.scalars(select(model).where(*where).order_by(order))).all()


async def count(services, model, *where) -> int:
    async with services.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


def to(bot, chat_id: int) -> list[SendMessage]:
    return [m for m in bot.sent if m.chat_id == chat_id]


def edits_of(bot, message_id: int) -> list:
    return [e for e in bot.edited if e.chat_id == CHECKERS and e.message_id == message_id]


def alerts(bot) -> list[AnswerCallbackQuery]:
    return [r for r in bot.requests if isinstance(r, AnswerCallbackQuery)]


def buttons(message) -> list[str]:
    return [b.callback_data for row in message.reply_markup.inline_keyboard for b in row]


class Desk:
    """Staff actions in the checkers' chat."""

    def __init__(self, dp, bot, updates):
        self.dp, self.bot, self.updates = dp, bot, updates

    def user(self, user_id: int, lang: str = "en") -> dict:
        return self.updates.factory.make_user(user_id, f"Checker{user_id}", language_code=lang)

    async def say(self, text: str, user_id: int = CHECKER, chat: int = CHECKERS, reply_to: int | None = None):
        make = (
            self.updates.factory.make_command
            if text.startswith("/")
            else self.updates.factory.make_private_text
        )
        data = make(chat, text, user=self.user(user_id))
        if reply_to is not None:
            as_reply(data, reply_to)
        data["update_id"] = fresh_update_id()
        await self.dp.feed_update(self.bot, Update.model_validate(data))

    async def press(self, data: DeskAction | DraftAction | str, user_id: int = CHECKER, chat: int = CHECKERS):
        packed = data if isinstance(data, str) else data.pack()
        await self.dp.feed_update(self.bot, self.updates.callback(chat, packed, 1, user=self.user(user_id)))


def rating_buttons(message) -> list[tuple[str, RateAnswer]]:
    """The 👍 / 👎 buttons under a verdict sent to a reader."""
    return [
        (b.text, RateAnswer.unpack(b.callback_data))
        for row in message.reply_markup.inline_keyboard
        for b in row
    ]


def desk_dispatcher(settings, services):
    """Matching answers or queues here, never offers choices: the desk is tested, not the matcher's tuning."""
    services.kb.matcher.thresholds = dataclasses.replace(services.kb.matcher.thresholds, suggest=1.01)
    return create_dispatcher(settings, services.kb, Locales(), routers=handlers.routers())


async def staffed_desk(dp, bot, updates, services, checkers=(CHECKER,), editors=(EDITOR,)) -> Desk:
    """The desk, with these users granted their roles by the admin."""
    roles = Roles(services.sessionmaker, frozenset({ADMIN}))
    for user_id in checkers:
        await roles.grant(user_id, "checker", ADMIN)
    for user_id in editors:
        await roles.grant(user_id, "editor", ADMIN)
    return Desk(dp, bot, updates)


@pytest.fixture
def dp(settings, services):
    return desk_dispatcher(settings, services)


@pytest.fixture
async def desk(dp, bot, updates, services) -> Desk:
    return await staffed_desk(dp, bot, updates, services)


async def tip_from(dp, bot, updates, chat_id: int, text: str = RUMOUR, lang: str = "ru", **kwargs) -> None:
    await dp.feed_update(bot, updates.private_text(chat_id, text, language_code=lang, **kwargs))


# --- cards and clustering ---------------------------------------------------------------------------


async def test_an_unmatched_tip_becomes_a_card_with_escaped_text_origin_and_demand(
    dp, bot, updates, services
):
    hostile = RUMOUR + " <script>x</script>"
    channel = {"id": -1001987654321, "title": "Сплетни <b>", "username": "karaganda_gossip"}
    await tip_from(dp, bot, updates, 10, hostile, forward_from_chat=channel, forward_message_id=812)
    [tip] = await rows(services, Tip)
    assert to(bot, 10)[0].text == locales["ru"]("queued", id=str(tip.id))
    [card] = to(bot, CHECKERS)
    assert f"Tip #{tip.id}</b> · 1 reader" in card.text
    assert "Language: ru" in card.text
    assert "&lt;script&gt;x&lt;/script&gt;" in card.text and "<script>" not in card.text
    assert '<a href="https://t.me/karaganda_gossip/812">Сплетни &lt;b&gt;</a>' in card.text
    assert "First seen" in card.text
    assert [DeskAction.unpack(b).action for b in buttons(card)] == ["take", "link", "new", "reject"]
    assert "Reader10" not in card.text
    assert tip.card_message_id is not None and tip.card_message_id >= 1000


async def test_the_card_lists_the_nearest_verdicts(dp, bot, updates, services):
    services.kb.matcher.thresholds = dataclasses.replace(services.kb.matcher.thresholds, auto=1.01)
    await tip_from(dp, bot, updates, 11, "Вода в Алматы из-под крана опасна, говорят в чате соседей")
    [card] = to(bot, CHECKERS)
    [water] = await rows(services, Verdict, Verdict.external_id == "t-ru-water")
    assert en("desk-card-nearest") in card.text and f"#{water.id}" in card.text


async def test_the_same_claim_grows_the_card_in_place_once_per_reader(dp, bot, updates, services):
    await tip_from(dp, bot, updates, 12)
    await tip_from(dp, bot, updates, 13, RUMOUR_AGAIN)
    await tip_from(dp, bot, updates, 13, RUMOUR + " Перешлите всем")
    await tip_from(dp, bot, updates, 13, RUMOUR)
    [tip] = await rows(services, Tip)
    assert tip.demand == 2
    assert await count(services, Request, Request.tip_id == tip.id) == 4
    assert len(to(bot, CHECKERS)) == 1
    last = edits_of(bot, tip.card_message_id)[-1]
    assert "2 readers" in last.text
    assert [m.text for m in to(bot, 13)][-1] == locales["ru"]("queued", id=str(tip.id))


async def test_different_claims_and_different_numbers_make_separate_cards(dp, bot, updates, services):
    await tip_from(dp, bot, updates, 14, "В Актобе 5 мая на неделю отключат газ во всех домах")
    await tip_from(dp, bot, updates, 15, "В Актобе 7 мая на неделю отключат газ во всех домах")
    await tip_from(dp, bot, updates, 16, OTHER)
    assert [t.demand for t in await rows(services, Tip)] == [1, 1, 1]
    assert len(to(bot, CHECKERS)) == 3


class FakeEmbedder:
    """Given vectors for given texts; every other text is orthogonal to them."""

    name = "fake"
    dim = 4

    def __init__(self, vectors: dict[str, list[float]]):
        self.vectors = vectors

    def _vectors(self, texts):
        out = np.array([self.vectors.get(t, [0, 0, 0, 1]) for t in texts], dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    embed_queries = embed_passages = _vectors


async def test_clustering_joins_another_language_by_meaning_and_keeps_numbers_apart(services):
    near = [0.92, 0.392, 0, 0]  # cosine 0.92 with RUMOUR
    english = "Internet in Karaganda will be cut for two weeks"
    russian = "Связь в Карагандинской области пропадёт на полмесяца"
    kb = services.kb
    real_embedder = kb.embedder
    kb.embedder = FakeEmbedder(
        {
            RUMOUR: [1, 0, 0, 0],
            english: near,
            russian: near,
            "Internet cut for 3 weeks in 2027": near,
            "В Актобе 5 мая отключат газ": [0, 0, 1, 0],
            "Aktobe gas cut on May 7": [0, 0, 1, 0],
        }
    )
    try:
        clusters = TipClusters(kb, threshold=0.9)
        await clusters.add(1, RUMOUR, "ru")
        assert await clusters.nearest(english, "en") == 1
        assert await clusters.nearest(russian, "ru") is None  # one language needs 0.97 or the same words
        assert await clusters.nearest(RUMOUR_AGAIN, "ru") == 1
        assert await clusters.nearest("Internet cut for 3 weeks in 2027", "en") is None  # "две недели": 2
        assert await TipClusters(kb, threshold=0.95).nearest(english, "en") is None
        await clusters.add(2, "В Актобе 5 мая отключат газ", "ru")
        assert await clusters.nearest("Aktobe gas cut on May 7", "en") is None
        clusters.discard(1)
        assert await clusters.nearest(english, "en") is None
    finally:
        kb.embedder = real_embedder


async def test_clustering_without_embeddings_is_lexical(services, monkeypatch):
    monkeypatch.setattr(services.kb, "embedder", None)
    clusters = TipClusters(services.kb, threshold=0.9)
    await clusters.add(1, RUMOUR, "ru")
    assert await clusters.nearest(RUMOUR_AGAIN, "ru") == 1
    assert await clusters.nearest("Internet in Karaganda will be cut for two weeks", "en") is None
    assert await clusters.nearest(OTHER, "ru") is None


async def test_a_failing_checkers_chat_never_costs_the_reader_their_answer(dp, bot, updates, services):
    with bot.failing_sends(CHECKERS):
        await tip_from(dp, bot, updates, 17)
    [tip] = await rows(services, Tip)
    assert to(bot, 17)[0].text == locales["ru"]("queued", id=str(tip.id))
    assert tip.card_message_id is None
    await tip_from(dp, bot, updates, 18)
    [card] = to(bot, CHECKERS)
    assert "2 readers" in card.text
    [tip] = await rows(services, Tip)
    assert tip.card_message_id is not None


async def test_without_a_checkers_chat_tips_are_still_queued(settings, services, bot, updates):
    dp = create_dispatcher(
        settings.model_copy(update={"checkers_chat_id": None}),
        services.kb,
        Locales(),
        routers=handlers.routers(),
    )
    await tip_from(dp, bot, updates, 19)
    assert [m.chat_id for m in bot.sent] == [19]
    assert await count(services, Tip) == 1


# --- the queue and the buttons ----------------------------------------------------------------------


async def test_queue_lists_open_clusters_by_demand_and_opens_a_card(desk, dp, bot, updates, services):
    await tip_from(dp, bot, updates, 20, OTHER)
    for chat in (21, 22, 23):
        await tip_from(dp, bot, updates, chat, RUMOUR)
    await tip_from(dp, bot, updates, 24, KAZAKH, lang="kk")
    other, rumour, kazakh = await rows(services, Tip)
    bot.clear()
    await desk.say("/queue")
    [listing] = to(bot, CHECKERS)
    lines = listing.text.splitlines()
    assert lines[0] == en("desk-queue-title")
    assert lines[1].startswith(f"#{rumour.id} · 3 readers · ru")
    assert {DeskAction.unpack(b).tip for b in buttons(listing)} == {other.id, rumour.id, kazakh.id}
    bot.clear()
    await desk.say("/queue kk")
    [listing] = to(bot, CHECKERS)
    assert f"#{kazakh.id}" in listing.text and f"#{rumour.id}" not in listing.text
    bot.clear()
    await desk.press(DeskAction(action="open", tip=rumour.id))
    [card] = to(bot, CHECKERS)
    assert f"Tip #{rumour.id}" in card.text
    [reposted] = await rows(services, Tip, Tip.id == rumour.id)
    assert reposted.card_message_id > rumour.card_message_id


async def test_take_assigns_the_tip_and_shows_it_on_the_card(desk, dp, bot, updates, services):
    await tip_from(dp, bot, updates, 25)
    [tip] = await rows(services, Tip)
    bot.clear()
    await desk.press(DeskAction(action="take", tip=tip.id))
    [tip] = await rows(services, Tip)
    assert (tip.assignee_id, tip.assignee_name) == (CHECKER, f"Checker{CHECKER}")
    assert en("desk-card-assignee", name=f"Checker{CHECKER}") in edits_of(bot, tip.card_message_id)[-1].text
    [entry] = await rows(services, AuditEntry)
    assert (entry.actor_id, entry.action, entry.tip_id) == (CHECKER, "take", tip.id)
    assert entry.before["assignee"] is None and entry.after["assignee"] == f"Checker{CHECKER}"


async def test_link_searches_the_kb_and_notifies_each_reader_once_in_their_language(
    desk, dp, bot, updates, services
):
    await tip_from(dp, bot, updates, 26, RUMOUR, lang="ru")
    await tip_from(dp, bot, updates, 27, RUMOUR, lang="en")
    [tip] = await rows(services, Tip)
    [water] = await rows(services, Verdict, Verdict.external_id == "t-ru-water")
    bot.clear()
    await desk.press(DeskAction(action="link", tip=tip.id))
    assert to(bot, CHECKERS)[0].text == en("desk-link-prompt", id=str(tip.id))
    await desk.say("хлор водопровод Алматы")
    results = to(bot, CHECKERS)[-1]
    picks = [DeskAction.unpack(b) for b in buttons(results)]
    assert DeskAction(action="pick", tip=tip.id, arg=water.id) in picks
    await desk.press(DeskAction(action="pick", tip=tip.id, arg=water.id))
    assert "2 readers" in bot.edited[-1].text and "cannot be undone" in bot.edited[-1].text
    assert (await rows(services, Tip))[0].status == "queued"
    await desk.press(DeskAction(action="linkok", tip=tip.id, arg=water.id))
    [ru_notice] = to(bot, 26)
    [en_notice] = to(bot, 27)
    assert ru_notice.text.startswith(locales["ru"]("desk-notice-verdict", id=str(tip.id)))
    assert en_notice.text.startswith(en("desk-notice-verdict", id=str(tip.id)))
    assert WATER_URL in ru_notice.text and WATER_URL in en_notice.text
    for notice, lang in ((ru_notice, "ru"), (en_notice, "en")):
        assert rating_buttons(notice) == [
            (locales[lang]("feedback-up"), RateAnswer(verdict=water.id, kind="desk", value="up")),
            (locales[lang]("feedback-down"), RateAnswer(verdict=water.id, kind="desk", value="down")),
        ]
    assert "Tap water in Almaty" in en_notice.text
    [tip] = await rows(services, Tip)
    assert (tip.status, tip.verdict_id) == ("answered", water.id)
    assert en("desk-card-answered", verdict=str(water.id)) in edits_of(bot, tip.card_message_id)[-1].text
    notices = await rows(services, Notice)
    assert sorted((n.chat_id, n.kind, n.sent_at is not None) for n in notices) == [
        (26, "verdict", True),
        (27, "verdict", True),
    ]
    assert {r.verdict_id for r in await rows(services, Request)} == {water.id}
    # a second confirmation (a double press, another checker) sends nothing more
    bot.clear()
    await desk.press(DeskAction(action="linkok", tip=tip.id, arg=water.id))
    assert to(bot, 26) == [] and to(bot, 27) == []
    assert bot.edited[-1].text == en("desk-not-open", id=str(tip.id))
    # the tip's words now find the verdict at once
    bot.clear()
    await tip_from(dp, bot, updates, 28, RUMOUR)
    assert WATER_URL in to(bot, 28)[0].text


async def test_reject_asks_for_a_reason_and_a_confirmation(desk, dp, bot, updates, services):
    await tip_from(dp, bot, updates, 29, OTHER)
    [tip] = await rows(services, Tip)
    await desk.press(DeskAction(action="reject", tip=tip.id))
    ask = to(bot, CHECKERS)[-1]
    assert ask.text == en("desk-reject-ask", id=str(tip.id))
    assert [DeskAction.unpack(b).action for b in buttons(ask)] == ["rej", "rej", "rej", "cancel"]
    await desk.press(DeskAction(action="rej", tip=tip.id, arg=1))
    assert bot.edited[-1].text == en(
        "desk-reject-confirm", id=str(tip.id), reason=en("desk-reason-uncheckable")
    )
    assert (await rows(services, Tip))[0].status == "queued"
    await desk.press(DeskAction(action="rejok", tip=tip.id, arg=1))
    [tip] = await rows(services, Tip)
    assert (tip.status, tip.reject_reason) == ("rejected", "uncheckable")
    assert (
        en("desk-card-rejected", reason=en("desk-reason-uncheckable"))
        in edits_of(bot, tip.card_message_id)[-1].text
    )
    [entry] = await rows(services, AuditEntry, AuditEntry.action == "reject")
    assert entry.before["status"] == "queued" and entry.after["status"] == "rejected"
    # a rejected cluster is closed: the same claim makes a new tip
    await tip_from(dp, bot, updates, 30, OTHER)
    assert await count(services, Tip) == 2


# --- the verdict dialog -----------------------------------------------------------------------------


async def write_verdict(
    desk: Desk, bot, tip_id: int, claim: str, url: str = "https://factcheck.example/desk/1"
):
    await desk.press(DeskAction(action="new", tip=tip_id))
    await desk.press(DraftAction(field="rating", value="false"))
    await desk.say(claim)
    await desk.say("Провайдеры и акимат опровергли: учений с отключением связи не планируется.")
    await desk.say(url)
    await desk.press(DraftAction(field="lang", value="ru"))
    await desk.press(DraftAction(field="publish"))


async def test_new_verdict_dialog_stores_a_matchable_verdict_and_notifies_readers(
    desk, dp, bot, updates, services
):
    await tip_from(dp, bot, updates, 31, RUMOUR, lang="ru")
    await tip_from(dp, bot, updates, 32, RUMOUR, lang="kk")
    [tip] = await rows(services, Tip)
    bot.clear()
    await desk.press(DeskAction(action="new", tip=tip.id))
    assert to(bot, CHECKERS)[-1].text == en("desk-draft-rating", id=str(tip.id))
    await desk.say("false")
    assert to(bot, CHECKERS)[-1].text == en("desk-draft-buttons-only")
    await desk.press(DraftAction(field="rating", value="false"))
    assert to(bot, CHECKERS)[-1].text == en("desk-draft-claim")
    await desk.say("Интернет в Караганде отключат на две недели из-за учений")
    await desk.say("Провайдеры и акимат опровергли: учений с отключением связи не планируется.")
    await desk.say("ftp://factcheck.example/x")
    assert to(bot, CHECKERS)[-1].text == en("desk-draft-bad-url")
    await desk.say("https://factcheck.example/desk/karaganda-internet")
    assert to(bot, CHECKERS)[-1].text == en("desk-draft-lang", lang="ru")
    await desk.press(DraftAction(field="lang", value="xx"))
    assert alerts(bot)[-1].text == en("desk-draft-buttons-only")
    await desk.press(DraftAction(field="lang", value="ru"))
    preview = to(bot, CHECKERS)[-1]
    assert preview.text.startswith(en("desk-draft-confirm")) and "karaganda-internet" in preview.text
    assert (await rows(services, Tip))[0].status == "queued"
    await desk.press(DraftAction(field="publish"))
    [verdict] = await rows(services, Verdict, Verdict.external_id.like("desk-%"))
    assert verdict.external_id == f"desk-{verdict.id}"
    assert (verdict.rating, verdict.lang, verdict.url) == (
        "false",
        "ru",
        "https://factcheck.example/desk/karaganda-internet",
    )
    claims = await rows(services, Claim, Claim.verdict_id == verdict.id)
    assert [(c.kind, c.text) for c in claims] == [
        ("claim", "Интернет в Караганде отключат на две недели из-за учений"),
        ("tip", RUMOUR),
    ]
    [revision] = await rows(services, VerdictRevision)
    assert (revision.verdict_id, revision.number, revision.author_id) == (verdict.id, 1, CHECKER)
    [entry] = await rows(services, AuditEntry, AuditEntry.action == "publish")
    assert entry.after["rating"] == "false" and entry.before["status"] == "queued"
    assert to(bot, CHECKERS)[-1].text == en(
        "desk-published", verdict=str(verdict.id), id=str(tip.id), notified="2"
    )
    [ru_notice] = to(bot, 31)
    [kk_notice] = to(bot, 32)
    assert ru_notice.text.startswith(locales["ru"]("desk-notice-verdict", id=str(tip.id)))
    assert kk_notice.text.startswith(locales["kk"]("desk-notice-verdict", id=str(tip.id)))
    assert locales["kk"]("rating-false") in kk_notice.text
    # matchable at once, by the checker's words and by the reader's
    bot.clear()
    await tip_from(dp, bot, updates, 33, RUMOUR)
    assert "karaganda-internet" in to(bot, 33)[0].text
    assert [m.verdict_id for m in services.kb.matcher.find_verdicts(claims[0].text, 1)] == [verdict.id]


async def test_cancel_ends_the_dialog_and_its_buttons(desk, dp, bot, updates, services):
    await tip_from(dp, bot, updates, 34)
    [tip] = await rows(services, Tip)
    await desk.press(DeskAction(action="new", tip=tip.id))
    await desk.say("/cancel")
    assert to(bot, CHECKERS)[-1].text == en("desk-cancelled")
    await desk.press(DraftAction(field="rating", value="false"))
    assert alerts(bot)[-1].text == en("desk-draft-expired")
    await desk.say("some text that is not a claim for any dialog")
    assert (await rows(services, Tip))[0].status == "queued"
    assert await count(services, Verdict, Verdict.external_id.like("desk-%")) == 0


async def test_another_checker_cannot_drive_someone_elses_dialog(desk, dp, bot, updates, services):
    roles = Roles(services.sessionmaker, frozenset({ADMIN}))
    await roles.grant(503, "checker", ADMIN)
    await tip_from(dp, bot, updates, 35)
    [tip] = await rows(services, Tip)
    await desk.press(DeskAction(action="new", tip=tip.id))
    await desk.press(DraftAction(field="rating", value="true"), user_id=503)
    assert alerts(bot)[-1].text == en("desk-draft-expired")
    await desk.press(DraftAction(field="rating", value="false"))
    assert to(bot, CHECKERS)[-1].text == en("desk-draft-claim")


async def test_a_correction_reaches_every_reader_who_received_the_old_verdict(
    desk, dp, bot, updates, services
):
    await tip_from(dp, bot, updates, 36, RUMOUR, lang="ru")
    await tip_from(dp, bot, updates, 37, RUMOUR, lang="en")
    [tip] = await rows(services, Tip)
    await write_verdict(desk, bot, tip.id, "Интернет в Караганде отключат на две недели из-за учений")
    [verdict] = await rows(services, Verdict, Verdict.external_id.like("desk-%"))
    await tip_from(dp, bot, updates, 38, RUMOUR, lang="kk")
    assert "factcheck.example/desk/1" in to(bot, 38)[0].text
    bot.clear()
    await desk.say(f"/correct {verdict.id}")
    assert to(bot, CHECKERS)[-1].text == en(
        "desk-draft-correct", verdict=str(verdict.id), rating=en("rating-false")
    )
    await desk.press(DraftAction(field="rating", value="misleading"))
    keep = [DraftAction.unpack(b).field for b in buttons(to(bot, CHECKERS)[-1])]
    assert keep == ["keep", "cancel"]
    await desk.press(DraftAction(field="keep"))
    await desk.say("Связь ограничат только на полигоне, в городе интернет будет работать.")
    await desk.press(DraftAction(field="keep"))
    await desk.press(DraftAction(field="lang", value="ru"))
    await desk.press(DraftAction(field="publish"))
    assert to(bot, CHECKERS)[-1].text == en("desk-corrected", verdict=str(verdict.id), notified="3")
    for chat, lang in ((36, "ru"), (37, "en"), (38, "kk")):
        [correction] = to(bot, chat)
        assert correction.text.startswith(locales[lang]("desk-notice-correction"))
        assert locales[lang]("rating-misleading") in correction.text
        assert [data.kind for _, data in rating_buttons(correction)] == ["correction", "correction"]
    [verdict] = await rows(services, Verdict, Verdict.id == verdict.id)
    assert (verdict.rating, verdict.summary) == (
        "misleading",
        "Связь ограничат только на полигоне, в городе интернет будет работать.",
    )
    assert [r.number for r in await rows(services, VerdictRevision)] == [1, 2]
    [entry] = await rows(services, AuditEntry, AuditEntry.action == "correct")
    assert (entry.before["rating"], entry.after["rating"]) == ("false", "misleading")
    assert await count(services, Notice, Notice.kind == "correction") == 3
    # the same values again: nothing to tell anyone
    bot.clear()
    await desk.say(f"/correct {verdict.id}")
    await desk.press(DraftAction(field="rating", value="misleading"))
    for _ in range(3):
        await desk.press(DraftAction(field="keep"))
    await desk.press(DraftAction(field="lang", value="ru"))
    await desk.press(DraftAction(field="publish"))
    assert to(bot, CHECKERS)[-1].text == en("desk-unchanged", verdict=str(verdict.id))
    assert [m.chat_id for m in bot.sent if m.chat_id > 0] == []


async def test_correcting_an_imported_verdict_reaches_readers_answered_by_matching(
    desk, dp, bot, updates, services
):
    await dp.feed_update(
        bot,
        updates.private_text(
            39, "Водопроводная вода в Алматы отравлена хлором, пить её нельзя до конца месяца."
        ),
    )
    [water] = await rows(services, Verdict, Verdict.external_id == "t-ru-water")
    assert WATER_URL in to(bot, 39)[0].text
    bot.clear()
    await desk.say(f"/correct {water.id}")
    await desk.press(DraftAction(field="rating", value="missing_context"))
    for _ in range(3):
        await desk.press(DraftAction(field="keep"))
    await desk.press(DraftAction(field="lang", value="ru"))
    await desk.press(DraftAction(field="publish"))
    [correction] = to(bot, 39)
    assert locales["ru"]("rating-missing_context") in correction.text
    assert [(r.number, r.rating) for r in await rows(services, VerdictRevision)] == [
        (1, "false"),
        (2, "missing_context"),
    ]


# --- roles and accountability -----------------------------------------------------------------------


async def test_admins_grant_and_revoke_roles(desk, dp, bot, updates, services):
    await desk.say("/grant 601 checker", user_id=ADMIN, chat=ADMIN)
    assert to(bot, ADMIN)[-1].text == en("admin-granted", user="601", role=en("role-checker"))
    [row] = await rows(services, StaffRole, StaffRole.user_id == 601)
    assert (row.role, row.granted_by) == ("checker", ADMIN)
    await desk.say("/grant 601 editor", user_id=ADMIN, chat=CHECKERS)
    [row] = await rows(services, StaffRole, StaffRole.user_id == 601)
    assert row.role == "editor"
    await desk.say("/grant 602 overlord", user_id=ADMIN, chat=ADMIN)
    assert to(bot, ADMIN)[-1].text == en("admin-usage")
    await desk.say("/roles", user_id=ADMIN, chat=ADMIN)
    listing = to(bot, ADMIN)[-1].text
    assert f"{ADMIN} — admin" in listing and "601 — editor" in listing and f"{CHECKER} — checker" in listing
    await desk.say("/revoke 601", user_id=ADMIN, chat=ADMIN)
    assert to(bot, ADMIN)[-1].text == en("admin-revoked", user="601", role=en("role-editor"))
    assert await count(services, StaffRole, StaffRole.user_id == 601) == 0
    actions = [(e.action, e.before["role"], e.after["role"]) for e in await rows(services, AuditEntry)]
    assert actions == [("grant", None, "checker"), ("grant", "checker", "editor"), ("revoke", "editor", None)]
    # a checker cannot grant, in the checkers' chat or in private
    await desk.say("/grant 603 editor", user_id=CHECKER, chat=CHECKERS)
    assert to(bot, CHECKERS)[-1].text == en("desk-denied")
    await desk.say("/grant 603 editor", user_id=CHECKER, chat=CHECKER)
    assert to(bot, CHECKER)[-1].text == en("unknown-command")
    assert await count(services, StaffRole, StaffRole.user_id == 603) == 0


async def test_members_without_a_role_and_crafted_callbacks_change_nothing(
    desk, dp, bot, updates, services, caplog
):
    await tip_from(dp, bot, updates, 40)
    [tip] = await rows(services, Tip)
    bot.clear()
    caplog.set_level(logging.WARNING, logger="handlers.checker")
    await desk.press(DeskAction(action="take", tip=tip.id), user_id=STRANGER)
    await desk.press(DeskAction(action="rejok", tip=tip.id, arg=0), user_id=STRANGER)
    await desk.say("/queue", user_id=STRANGER)
    # a reader crafts checker callbacks in their private chat
    await desk.press(DeskAction(action="linkok", tip=tip.id, arg=1), user_id=40, chat=40)
    await desk.press(DraftAction(field="publish"), user_id=40, chat=40)
    # a revoked checker is a stranger again
    await Roles(services.sessionmaker, frozenset()).revoke(CHECKER)
    await desk.press(DeskAction(action="take", tip=tip.id))
    [tip] = await rows(services, Tip)
    assert (tip.status, tip.assignee_id, tip.verdict_id) == ("queued", None, None)
    assert await count(services, AuditEntry) == 0 and await count(services, Notice) == 0
    ru = locales["ru"]("desk-denied")
    assert [a.text for a in alerts(bot)] == [en("desk-denied")] * 2 + [ru] * 2 + [en("desk-denied")]
    assert to(bot, CHECKERS)[-1].text == en("desk-denied")
    assert to(bot, 40) == [] and bot.edited == []
    denied = [r.getMessage() for r in caplog.records if r.getMessage().startswith("denied")]
    assert len(denied) == 6 and any("user 40 in chat 40" in line for line in denied)


async def test_a_revoked_checkers_dialog_ends_at_its_next_step(desk, dp, bot, updates, services):
    """Each step of a dialog is checked against the role: after /revoke, the next typed step or button
    is refused with one line, ends the dialog, and changes nothing."""
    await tip_from(dp, bot, updates, 43)
    [tip] = await rows(services, Tip)
    key = StorageKey(bot_id=bot.id, chat_id=CHECKERS, user_id=CHECKER)
    await desk.press(DeskAction(action="new", tip=tip.id))
    await desk.press(DraftAction(field="rating", value="false"))
    assert to(bot, CHECKERS)[-1].text == en("desk-draft-claim")
    await desk.say(f"/revoke {CHECKER}", user_id=ADMIN, chat=ADMIN)
    assert to(bot, ADMIN)[-1].text == en("admin-revoked", user=str(CHECKER), role=en("role-checker"))
    bot.clear()
    await desk.say("Интернет в Караганде отключат на две недели из-за учений")
    [refusal] = to(bot, CHECKERS)
    assert refusal.text == en("desk-dialog-revoked")
    assert await dp.storage.get_state(key) is None and await dp.storage.get_data(key) == {}
    await desk.say("Провайдеры опровергли отключение.")  # no dialog any more: no answer at all
    assert len(to(bot, CHECKERS)) == 1

    # a correction revoked at its last step: Publish is refused, the verdict stays as it was
    [water] = await rows(services, Verdict, Verdict.external_id == "t-ru-water")
    await desk.say(f"/grant {CHECKER} checker", user_id=ADMIN, chat=ADMIN)
    await desk.say(f"/correct {water.id}")
    await desk.press(DraftAction(field="rating", value="true"))
    for _ in range(3):
        await desk.press(DraftAction(field="keep"))
    await desk.press(DraftAction(field="lang", value="ru"))
    assert to(bot, CHECKERS)[-1].text.startswith(en("desk-draft-confirm"))
    await desk.say(f"/revoke {CHECKER}", user_id=ADMIN, chat=ADMIN)
    bot.clear()
    await desk.press(DraftAction(field="publish"))
    assert [a.text for a in alerts(bot)] == [en("desk-dialog-revoked")]
    assert await dp.storage.get_state(key) is None
    assert bot.sent == [] and bot.edited == []
    [water] = await rows(services, Verdict, Verdict.id == water.id)
    assert water.rating == "false"
    assert await count(services, VerdictRevision) == 0 and await count(services, Notice) == 0
    assert (await rows(services, Tip))[0].status == "queued"
    assert await count(services, Verdict, Verdict.external_id.like("desk-%")) == 0
    assert {e.action for e in await rows(services, AuditEntry)} == {"grant", "revoke"}


async def test_a_new_grant_does_not_resume_a_dialog_left_open_under_a_revoked_role(
    desk, dp, bot, updates, services
):
    await tip_from(dp, bot, updates, 44)
    [tip] = await rows(services, Tip)
    key = StorageKey(bot_id=bot.id, chat_id=CHECKERS, user_id=CHECKER)
    await desk.press(DeskAction(action="new", tip=tip.id))
    await desk.press(DraftAction(field="rating", value="false"))
    # a step no handler takes keeps a checker's dialog open: only a missing role ends it
    await desk.say("/not-a-command")
    assert await dp.storage.get_state(key) == "Draft:claim"
    await desk.say(f"/revoke {CHECKER}", user_id=ADMIN, chat=ADMIN)
    await desk.say(f"/grant {CHECKER} checker", user_id=ADMIN, chat=CHECKERS)
    assert await dp.storage.get_state(key) is None
    bot.clear()
    await desk.say("Интернет в Караганде отключат на две недели из-за учений")
    assert to(bot, CHECKERS) == []
    assert await count(services, Verdict, Verdict.external_id.like("desk-%")) == 0


async def test_history_on_a_card_shows_the_audit_log(desk, dp, bot, updates, services):
    await tip_from(dp, bot, updates, 41)
    [tip] = await rows(services, Tip)
    await desk.press(DeskAction(action="take", tip=tip.id))
    await write_verdict(desk, bot, tip.id, "Интернет в Караганде отключат на две недели из-за учений")
    bot.clear()
    await desk.say("/history", reply_to=tip.card_message_id)
    [history] = to(bot, CHECKERS)
    lines = history.text.splitlines()
    assert lines[0] == en("desk-history-title", id=str(tip.id))
    assert f"Checker{CHECKER} ({CHECKER}) · {en('desk-action', action='take')}" in lines[1]
    assert "assignee: — → Checker501" in lines[1]
    assert en("desk-action", action="publish") in lines[2] and "status: queued → answered" in lines[2]
    await desk.say(f"/history {tip.id}")
    assert to(bot, CHECKERS)[-1].text == history.text
    await desk.say("/history")
    assert to(bot, CHECKERS)[-1].text == en("desk-history-usage")


async def test_stats_for_editors(desk, dp, bot, updates, services):
    await dp.feed_update(
        bot,
        updates.private_text(
            42, "Водопроводная вода в Алматы отравлена хлором, пить её нельзя до конца месяца."
        ),
    )
    await tip_from(dp, bot, updates, 43)
    await tip_from(dp, bot, updates, 44)
    await tip_from(dp, bot, updates, 45, KAZAKH, lang="kk")
    [rumour, _] = await rows(services, Tip)
    await desk.press(DeskAction(action="take", tip=rumour.id))
    await write_verdict(desk, bot, rumour.id, "Интернет в Караганде отключат на две недели из-за учений")
    # ratings: 👍 on the automatic answer, 👍 and 👎 on the desk's
    [(_, auto_up), _] = rating_buttons(to(bot, 42)[0])
    [(_, desk_up), (_, desk_down)] = rating_buttons(to(bot, 43)[-1])
    for chat, data in ((42, auto_up), (43, desk_up), (44, desk_down)):
        await dp.feed_update(bot, updates.callback(chat, data.pack(), 1, language_code="ru"))
    # one reader first seen 40 days ago came back within the month, another did not
    async with services.sessionmaker() as session:
        readers = (await session.scalars(select(Reader).order_by(Reader.id))).all()
        long_ago = utcnow() - dt.timedelta(days=40)
        readers[0].created_at, readers[0].returned_at = long_ago, long_ago + dt.timedelta(days=3)
        readers[1].created_at = long_ago
        await session.commit()
    bot.clear()
    await desk.say("/stats", user_id=CHECKER)
    assert to(bot, CHECKERS)[-1].text == en("desk-denied")
    await desk.say("/stats", user_id=EDITOR)
    text = to(bot, CHECKERS)[-1].text

    def ratings(name: str, count: int, up: str, down: str) -> str:
        return en("desk-stats-feedback-line", name=name, count=count, up=up, down=down)

    assert text.split("\n") == [
        *en("desk-stats", received=4, auto="25% (1)", queue="kk 1", median="0", notified=2).split("\n"),
        ratings(en("desk-stats-feedback"), 3, "67%", "33%"),
        "  " + ratings(en("desk-answer-auto"), 1, "100%", "0%"),
        "  " + ratings(en("desk-answer-desk"), 2, "50%", "50%"),
        "  " + ratings("Русский", 3, "67%", "33%"),
        en("desk-stats-status", taken=2, closed=0, still=0),
        en("desk-stats-returning", share="50%", returned=1, readers=2),
        en("desk-stats-health", failed=0, unknown=0),
    ]


async def test_none_of_these_queues_the_tip_and_posts_its_card(settings, services, bot, updates):
    services.kb.matcher.thresholds = dataclasses.replace(
        services.kb.matcher.thresholds, auto=1.01, suggest=0.0
    )
    dp = create_dispatcher(settings, services.kb, Locales(), routers=handlers.routers())
    await dp.feed_update(
        bot, updates.private_text(46, "flu vaccine in schools this autumn", language_code="en")
    )
    [question] = to(bot, 46)
    assert to(bot, CHECKERS) == []
    request = PickVerdict.unpack(question.reply_markup.inline_keyboard[0][0].callback_data).request
    await dp.feed_update(bot, updates.callback(46, PickVerdict(request=request, verdict=0).pack(), 1))
    [tip] = await rows(services, Tip)
    assert tip.status == "queued"
    [card] = to(bot, CHECKERS)
    assert f"Tip #{tip.id}" in card.text and "flu vaccine in schools this autumn" in card.text
