"""End-to-end checker desk: the real bot process (`python -m bot run`, semantic matching on) against the fake
Bot API. Two readers send the same rumour in Russian and Kazakh, one card appears with demand 2, a checker
takes it (both readers hear that it is being checked) and writes a verdict through the dialog, both readers
get it in their language, a third reader gets
it at once from matching, a correction reaches all three, and a reader's crafted desk callback does nothing.

Reuses the fixtures and helpers of test_e2e.py (template database, fake server, bot process, which runs
with TIPLINE_SEMANTIC=true, as the cross-language clustering needs).
"""

from __future__ import annotations

import json

import pytest
import pytest_asyncio

from bot.telegram.callbacks import DeskAction, DraftAction
from tests.e2e.test_e2e import (  # noqa: F401
    CHECKERS_CHAT,
    TIP_REF,
    Env,
    e2e,
    run_cli,
    stack,
    template_db,
)

pytestmark = [pytest.mark.e2e, pytest.mark.database("sqlite"), pytest.mark.asyncio(loop_scope="module")]

ADMIN = 1
CHECKER = 501
RUMOUR_RU = "В Караганде 15 мая отключат интернет на 14 дней из-за военных учений."
RUMOUR_KK = "Қарағандыда 15 мамырда әскери жаттығуларға байланысты интернет 14 күнге өшіріледі."
CLAIM = "Интернет в Караганде отключат на 14 дней с 15 мая из-за военных учений"
URL = "https://factcheck.example/ru/karaganda-internet"


@pytest_asyncio.fixture(loop_scope="module")
async def desk(e2e: Env) -> Env:  # noqa: F811
    return e2e


class Staff:
    def __init__(self, env: Env, user_id: int):
        self.env, self.api = env, env.api
        self.user = self.api.make_user(user_id, f"Checker{user_id}", language_code="en")

    def say(self, text: str, chat: int = CHECKERS_CHAT) -> None:
        make = self.api.make_command if text.startswith("/") else self.api.make_private_text
        self.api.push_update(make(chat, text, user=self.user))

    def press(self, data: DeskAction | DraftAction, message_id: int, chat: int = CHECKERS_CHAT) -> str:
        update = self.api.push_update(self.api.make_callback(chat, data.pack(), message_id, user=self.user))
        return update["callback_query"]["id"]

    async def reply(self, count: int, chat: int = CHECKERS_CHAT):
        """The `count`-th message the bot sent to `chat`."""
        return (await self.env.answers(chat, count))[count - 1]

    async def answered(self, query_id: str) -> None:
        await self.env.wait(
            lambda: self.api.callback_answers(query_id), message=f"callback {query_id} answered"
        )


async def test_checker_desk_end_to_end(desk: Env):
    api = desk.api
    admin, checker = Staff(desk, ADMIN), Staff(desk, CHECKER)
    admin.say(f"/grant {CHECKER} checker", chat=ADMIN)
    assert "checker" in (await admin.reply(1, chat=ADMIN)).text

    # two readers, the same rumour in two languages: one card, demand 2
    api.push_update(api.make_private_text(901, RUMOUR_RU, language_code="ru"))
    [queued_ru] = await desk.answers(901)
    [card] = await desk.answers(CHECKERS_CHAT)
    api.push_update(api.make_private_text(902, RUMOUR_KK, language_code="kk"))
    [queued_kk] = await desk.answers(902)
    tip_id = int(TIP_REF.findall(queued_ru.text)[0])
    assert TIP_REF.findall(queued_kk.text) == [str(tip_id)]
    await desk.wait(
        lambda: any("2 readers" in e.params["text"] for e in api.edits(CHECKERS_CHAT, card.message_id)),
        message="the card edited to demand 2",
    )
    assert len(api.sent_messages(CHECKERS_CHAT)) == 1
    [tip] = desk.query("SELECT demand, card_message_id, status FROM tips WHERE id = ?", tip_id)
    assert (tip["demand"], tip["card_message_id"], tip["status"]) == (2, card.message_id, "queued")

    # a reader crafts a checker callback: nothing changes
    crafted = api.push_update(
        api.make_callback(901, DeskAction(action="take", tip=tip_id).pack(), 1, language_code="ru")
    )
    await checker.answered(crafted["callback_query"]["id"])
    assert desk.query("SELECT assignee_id FROM tips WHERE id = ?", tip_id)[0]["assignee_id"] is None
    assert desk.query("SELECT COUNT(*) AS n FROM audit_log WHERE tip_id = ?", tip_id)[0]["n"] == 0
    assert "Checker" not in api.message(CHECKERS_CHAT, card.message_id)["text"]

    # the checker takes it: visible on the card
    await checker.answered(checker.press(DeskAction(action="take", tip=tip_id), card.message_id))
    await desk.wait(
        lambda: "Checker501" in api.message(CHECKERS_CHAT, card.message_id)["text"],
        message="the card to show the assignee",
    )
    _, taken_ru = await desk.answers(901, 2)
    _, taken_kk = await desk.answers(902, 2)
    assert "Фактчекер взялся" in taken_ru.text and f"#{tip_id}" in taken_ru.text
    assert "қарай бастады" in taken_kk.text and f"#{tip_id}" in taken_kk.text

    # the new-verdict dialog
    checker.press(DeskAction(action="new", tip=tip_id), card.message_id)
    ratings = await checker.reply(2)
    checker.press(DraftAction(field="rating", value="false"), ratings.message_id)
    await checker.reply(3)
    checker.say(CLAIM)
    await checker.reply(4)
    checker.say("Акимат и операторы связи опровергли: отключений не планируется.")
    await checker.reply(5)
    checker.say("not a link")
    assert "http" in (await checker.reply(6)).text
    checker.say(URL)
    languages = await checker.reply(7)
    checker.press(DraftAction(field="lang", value="ru"), languages.message_id)
    preview = await checker.reply(8)
    assert URL in preview.text
    checker.press(DraftAction(field="publish"), preview.message_id)
    published = await checker.reply(9)
    [verdict] = desk.query(
        "SELECT id, external_id, rating, url FROM verdicts WHERE external_id LIKE 'desk-%'"
    )
    assert (verdict["rating"], verdict["url"]) == ("false", URL)
    assert f"#{verdict['id']}" in published.text

    # both readers get it, each in their language
    *_, notice_ru = await desk.answers(901, 3)
    *_, notice_kk = await desk.answers(902, 3)
    assert URL in notice_ru.text and URL in notice_kk.text
    assert "Утверждение" in notice_ru.text and "Ложь" in notice_ru.text
    assert "Өтініш" not in notice_ru.text and f"#{tip_id}" in notice_kk.text and "Жалған" in notice_kk.text
    await desk.wait(
        lambda: "#" + str(verdict["id"]) in api.message(CHECKERS_CHAT, card.message_id)["text"],
        message="the card to show the verdict",
    )

    # a third reader asks afterwards: answered at once by matching
    api.push_update(api.make_private_text(903, RUMOUR_RU, language_code="ru"))
    [instant] = await desk.answers(903)
    assert URL in instant.text

    # a correction reaches all three
    checker.say(f"/correct {verdict['id']}")
    correcting = await checker.reply(10)
    checker.press(DraftAction(field="rating", value="misleading"), correcting.message_id)
    keep = await checker.reply(11)
    checker.press(DraftAction(field="keep"), keep.message_id)
    await checker.reply(12)
    checker.say("Связь ограничат только на полигоне, в городе интернет будет работать.")
    keep = await checker.reply(13)
    checker.press(DraftAction(field="keep"), keep.message_id)
    languages = await checker.reply(14)
    checker.press(DraftAction(field="lang", value="ru"), languages.message_id)
    preview = await checker.reply(15)
    checker.press(DraftAction(field="publish"), preview.message_id)
    assert "3" in (await checker.reply(16)).text
    for chat, count, word in (
        (901, 4, "Вводит в заблуждение"),
        (902, 4, None),
        (903, 2, "Вводит в заблуждение"),
    ):
        correction = (await desk.answers(chat, count))[-1]
        assert "полигоне" in correction.text
        if word:
            assert word in correction.text
    await desk.quiet(0.5)
    assert [len(api.sent_messages(c)) for c in (901, 902, 903)] == [4, 4, 2]
    notices = desk.query("SELECT chat_id, kind FROM notices WHERE sent_at IS NOT NULL")
    assert sorted((n["chat_id"], n["kind"]) for n in notices) == [
        (901, "correction"),
        (901, "verdict"),
        (902, "correction"),
        (902, "verdict"),
        (903, "correction"),
    ]
    told = desk.query("SELECT chat_id, kind FROM status_notices ORDER BY chat_id")
    assert [(n["chat_id"], n["kind"]) for n in told] == [(901, "taken"), (902, "taken")]
    actions = [r["action"] for r in desk.query("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["grant", "take", "publish", "correct"]


def buttons_of(message) -> list[dict]:
    return [b for row in message.params["reply_markup"]["inline_keyboard"] for b in row]


async def test_a_disputed_answer_goes_back_to_the_desk_and_its_feedback_is_measured(desk: Env):
    """A reader presses 👎 "another claim" under an automatic card and sends the post back; the checkers'
    chat gets it flagged as a possible wrong match, a checker links the right verdict, the reader gets it
    and presses 👍; `tipline feedback export`, then `tipline eval` on the export, reports both."""
    api = desk.api
    admin, checker = Staff(desk, ADMIN), Staff(desk, 503)
    admin.say("/grant 503 checker", chat=ADMIN)
    await desk.wait(
        lambda: desk.query("SELECT role FROM roles WHERE user_id = 503"), message="the checker's role"
    )
    [wrong, right] = [
        desk.query("SELECT id FROM verdicts WHERE external_id = ?", name)[0]["id"]
        for name in ("e2e-ru-1", "e2e-ru-2")
    ]
    reader = 911
    post = "Вышки 5G в Караганде вызвали массовую гибель голубей, пишут в пабликах"
    api.push_update(api.make_private_text(reader, post, language_code="ru"))
    [card] = await desk.answers(reader)
    assert "5g-golubi" in card.text
    up, down = buttons_of(card)
    api.push_update(api.make_callback(reader, down["callback_data"], card.message_id, language_code="ru"))
    _, question = await desk.answers(reader, 2)
    assert question.text == "Что не так с этим ответом?"
    another = next(b for b in buttons_of(question) if b["text"] == "Он о другом утверждении")
    api.push_update(
        api.make_callback(reader, another["callback_data"], question.message_id, language_code="ru")
    )
    await desk.wait(
        lambda: "фактчекерам" in api.message(reader, question.message_id)["text"], message="the offer"
    )
    send = api.message(reader, question.message_id)["reply_markup"]["inline_keyboard"][0][0]
    cards_before = len(api.sent_messages(CHECKERS_CHAT))
    api.push_update(api.make_callback(reader, send["callback_data"], question.message_id, language_code="ru"))
    await desk.wait(
        lambda: TIP_REF.search(api.message(reader, question.message_id)["text"]), message="sent as a tip"
    )
    tip_id = int(TIP_REF.findall(api.message(reader, question.message_id)["text"])[0])

    # the checkers' chat: the card, flagged
    flagged = (await desk.answers(CHECKERS_CHAT, cards_before + 1))[cards_before]
    assert f"#{tip_id}" in flagged.text
    assert (
        f"Possible wrong match: verdict #{wrong}" in flagged.text and "answered automatically" in flagged.text
    )
    assert "another claim" in flagged.text

    # a checker links the right verdict, found by searching
    checker.press(DeskAction(action="link", tip=tip_id), flagged.message_id)
    await desk.answers(CHECKERS_CHAT, cards_before + 2)
    checker.say("пенсионный возраст 75 лет")
    results = (await desk.answers(CHECKERS_CHAT, cards_before + 3))[cards_before + 2]
    pick = DeskAction(action="pick", tip=tip_id, arg=right)
    assert pick.pack() in [b["callback_data"] for b in buttons_of(results)]
    await checker.answered(checker.press(pick, results.message_id))
    await checker.answered(
        checker.press(DeskAction(action="linkok", tip=tip_id, arg=right), results.message_id)
    )

    # the reader gets it, and rates it
    notice = (await desk.answers(reader, 3))[2]
    assert "pension" in notice.text or "пенси" in notice.text.lower()
    up_right = next(b for b in buttons_of(notice) if b["text"].startswith("👍"))
    api.push_update(
        api.make_callback(reader, up_right["callback_data"], notice.message_id, language_code="ru")
    )

    def stored() -> list[tuple]:
        return [
            tuple(r)
            for r in desk.query(
                "SELECT verdict_id, kind, value, reason FROM feedback WHERE chat_id = ? ORDER BY id", reader
            )
        ]

    await desk.wait(
        lambda: stored() == [(wrong, "auto", "down", "another_claim"), (right, "desk", "up", None)],
        message="both ratings stored",
    )

    # the newsroom measures its own traffic
    run_cli(desk.tmp, "feedback", "export", "feedback.jsonl")
    queries = [json.loads(line) for line in (desk.tmp / "feedback.jsonl").read_text("utf-8").splitlines()]
    mine = [q for q in queries if q["text"] == post]
    assert [(q["gold"], q["kind"]) for q in mine] == [([], "auto"), (["e2e-ru-2"], "desk")]
    (desk.tmp / "mine.jsonl").write_text("".join(json.dumps(q) + "\n" for q in mine), "utf-8")
    run_cli(desk.tmp, "kb", "export", "kb.jsonl")
    measured = run_cli(desk.tmp, "eval", "--kb", "kb.jsonl", "--queries", "mine.jsonl", "--json")
    summary = json.loads(measured.stdout.strip().splitlines()[-1])
    assert (summary["queries"], summary["negatives"]) == (1, 1)
    assert set(summary["by_kind"]) == {"auto", "desk"}
