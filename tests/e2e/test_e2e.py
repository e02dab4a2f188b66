"""End-to-end: the real bot process (`python -m bot run`) against the fake Bot API (tests/support/fakebotapi).

Each test copies a template database (schema + a small fictional knowledge base, built once per module
with `python -m bot db upgrade` and `python -m bot kb import`), starts the bot in a subprocess pointed
at an in-process FakeBotAPI, drives it with updates and checks what it sent and what it stored.
The bot's output goes to ``<tmp>/bot.log``; it is printed when a test fails. The crash test has a stack of
its own (tests/support/e2e_support/ drives it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import pytest_asyncio

from tests.support.e2e_support import (
    TIP_REF,
    CrashRun,
    Forked,
    Zygote,
    account_for,
    distinct_claims,
    reader_scripts,
)
from tests.support.fakebotapi import FakeBotAPI, Recorded

# One fake server and one bot process serve the whole module (starting the bot costs seconds: aiogram's
# imports), so every test runs in the module's event loop and uses its own reader chat ids.
pytestmark = [pytest.mark.e2e, pytest.mark.database("sqlite"), pytest.mark.asyncio(loop_scope="module")]

TOKEN = "123456:TEST-token-ABCdef"
CHECKERS_CHAT = -100500
START_TIMEOUT = 120.0
"""Seconds until the bot polls (imports, migrations, the knowledge base): a loaded 2-core machine took over
30 s. Every wait returns as soon as its condition holds, so a fast machine does not wait longer."""
ANSWER_TIMEOUT = 120.0
ROOT = Path(__file__).resolve().parents[2]

KB = [
    {
        "id": "e2e-ru-1",
        "lang": "ru",
        "claim": "Вышки 5G в Караганде вызвали массовую гибель голубей",
        "rating": "false",
        "summary": "Орнитологи не зафиксировали гибели птиц; вышки в городе не включены.",
        "url": "https://factcheck.example/ru/5g-golubi",
    },
    {
        "id": "e2e-ru-2",
        "lang": "ru",
        "claim": "С 2027 года пенсионный возраст в Казахстане повысят до 75 лет",
        "rating": "false",
        "summary": "Такого законопроекта нет; правительство это опровергло.",
        "url": "https://factcheck.example/ru/pensiya-75",
    },
    {
        "id": "e2e-en-1",
        "lang": "en",
        "claim": "Drinking hot lemon water every morning cures diabetes in two weeks",
        "rating": "false",
        "summary": "No study shows lemon water cures diabetes.",
        "url": "https://factcheck.example/en/lemon-diabetes",
    },
    {
        "id": "e2e-en-2",
        "lang": "en",
        "claim": "The city of Almaty will ban all private cars from the centre starting next Monday",
        "rating": "misleading",
        "summary": "Only one street is closed for a weekend festival.",
        "url": "https://factcheck.example/en/almaty-car-ban",
    },
    {
        "id": "e2e-kk-1",
        "lang": "kk",
        "claim": "Ертеңнен бастап Алматыдағы барлық мектептер үш айға жабылады",
        "rating": "false",
        "summary": "Білім басқармасы мұндай шешім қабылдамаған.",
        "url": "https://factcheck.example/kk/mektepter-zhabylady",
    },
    {
        "id": "e2e-kk-2",
        "lang": "kk",
        "claim": "Ыстық шай ішу коронавирусты толығымен жояды",
        "rating": "false",
        "summary": "Ыстық сусын вирусты жоймайды.",
        "url": "https://factcheck.example/kk/shai-koronavirus",
    },
]


def bot_env(tmp: Path, api_base: str = "http://127.0.0.1:9") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
    env.update(
        TIPLINE_BOT_TOKEN=TOKEN,
        TIPLINE_API_BASE=api_base,
        TIPLINE_DATABASE_URL=f"sqlite+aiosqlite:///{tmp / 'tipline.db'}",
        TIPLINE_CHECKERS_CHAT_ID=str(CHECKERS_CHAT),
        TIPLINE_ADMIN_IDS="1",
        TIPLINE_SEMANTIC="true",
        TIPLINE_OCR="false",  # on where a test reads pictures: a reading is slower than the answer's wait
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(ROOT),  # the bot of this tree, whatever is installed
    )
    return env


def run_cli(tmp: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp,
        env=bot_env(tmp),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"`python -m bot {' '.join(args)}` exited {proc.returncode}\n"
            f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        )
    return proc


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the schema and the test knowledge base, built once by the real CLI."""
    tmp = tmp_path_factory.mktemp("template")
    kb_file = tmp / "kb.jsonl"
    kb_file.write_text("".join(json.dumps(v, ensure_ascii=False) + "\n" for v in KB), encoding="utf-8")
    run_cli(tmp, "db", "upgrade")
    imported = run_cli(tmp, "kb", "import", str(kb_file))
    with contextlib.closing(sqlite3.connect(tmp / "tipline.db")) as db:
        urls = {row[0] for row in db.execute("SELECT url FROM verdicts")}
    assert urls == {v["url"] for v in KB}, imported.stdout + imported.stderr
    return tmp / "tipline.db"


class BotProcess:
    """`python -m bot run` in a subprocess (or forked by a zygote: tests/support/e2e_support/);
    output appended to <tmp>/bot.log."""

    def __init__(self, tmp: Path, api: FakeBotAPI, zygote: Zygote | None = None):
        self.tmp = tmp
        self.api = api
        self.zygote = zygote
        self.log_path = tmp / "bot.log"
        self.proc: asyncio.subprocess.Process | Forked | None = None
        self.starts = 0
        self.extra_env: dict[str, str] = {}
        """Settings of this process beyond `bot_env`'s (TIPLINE_OCR=true to read pictures)."""

    async def start(self, wait_polling: bool = True) -> None:
        self.starts += 1
        polls_before = len(self.api.requests("getUpdates"))
        env = bot_env(self.tmp, self.api.base_url) | self.extra_env
        with self.log_path.open("a", encoding="utf-8") as log:
            log.write(f"\n===== start #{self.starts} at {time.strftime('%H:%M:%S')} =====\n")
            log.flush()
            if self.zygote is not None:
                self.proc = await self.zygote.spawn(["run"], env, self.tmp, self.log_path)
            else:
                self.proc = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bot",
                    "run",
                    cwd=self.tmp,
                    env=env,
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                )
        if wait_polling:
            await self.wait_polling(polls_before)

    async def wait_polling(self, polls_before: int = 0) -> None:
        """Until this process calls getUpdates (it has started) — or fail if it dies first."""
        deadline = time.monotonic() + START_TIMEOUT
        while len(self.api.requests("getUpdates")) <= polls_before:
            assert self.proc is not None
            if self.proc.returncode is not None:
                pytest.fail(f"the bot exited with {self.proc.returncode} before polling:\n{self.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"the bot did not call getUpdates within {START_TIMEOUT}s:\n{self.log()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self.proc.wait()), 0.1)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    async def kill(self) -> None:
        """SIGKILL: a crash, nothing is flushed."""
        if self.running:
            assert self.proc is not None
            self.proc.kill()
            await self.proc.wait()

    async def terminate(self, grace: float = 10.0) -> tuple[int | None, float]:
        """SIGTERM, wait up to ``grace`` s, SIGKILL if still alive. Returns (exit code, seconds taken)."""
        if not self.running:
            return (self.proc.returncode if self.proc else None), 0.0
        assert self.proc is not None
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = await asyncio.wait_for(self.proc.wait(), grace)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            code = None
        return code, time.monotonic() - started

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8") if self.log_path.exists() else ""


class Env:
    def __init__(self, tmp: Path, api: FakeBotAPI, zygote: Zygote | None = None):
        self.tmp = tmp
        self.api = api
        self.bot = BotProcess(tmp, api, zygote)
        self.db_path = tmp / "tipline.db"

    def db(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.db_path, timeout=30)
        db.row_factory = sqlite3.Row
        return db

    def query(self, sql: str, *args: object) -> list[sqlite3.Row]:
        with contextlib.closing(self.db()) as db:
            return db.execute(sql, args).fetchall()

    async def fetch(self, sql: str, **params: object) -> list[dict]:
        """`query` with named parameters, rows as dicts (the Fetch of tests/support/e2e_support/)."""
        with contextlib.closing(self.db()) as db:
            return [dict(row) for row in db.execute(sql, params).fetchall()]

    async def wait(
        self,
        predicate,
        timeout: float = ANSWER_TIMEOUT,  # noqa: ASYNC109
        message: str = "condition",
    ):
        """Like FakeBotAPI.wait_until, but fails at once (with the bot's log) if the bot process dies."""

        def check():
            value = predicate()
            if not value and not self.bot.running:
                code = self.bot.proc.returncode if self.bot.proc else None
                pytest.fail(
                    f"the bot process exited ({code}) while waiting for {message}"
                    f"\n--- bot log ---\n{self.bot.log()[-6000:]}"
                )
            return value

        try:
            return await self.api.wait_until(check, timeout, message)
        except TimeoutError:
            pytest.fail(
                f"timed out after {timeout}s waiting for {message}; requests: "
                f"{[(r.method, r.chat_id, r.status) for r in self.api.requests()][-30:]}"
                f"\n--- bot log ---\n{self.bot.log()[-6000:]}"
            )

    async def answers(self, chat_id: int, count: int = 1, timeout: float = ANSWER_TIMEOUT) -> list[Recorded]:  # noqa: ASYNC109
        """The messages sent to ``chat_id`` once there are at least ``count`` of them."""
        return await self.wait(
            lambda: (s := self.api.sent_messages(chat_id)) and len(s) >= count and s,
            timeout,
            f"{count} answer(s) in chat {chat_id} (got {self.api.sent_texts(chat_id)})",
        )

    async def quiet(self, seconds: float = 1.0) -> None:
        """Let late (duplicate) answers show up."""
        await asyncio.sleep(seconds)


def copy_template(template_db: Path, tmp: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        source = template_db.with_name(template_db.name + suffix)
        if source.exists():
            shutil.copy(source, tmp / ("tipline.db" + suffix))


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def stack(template_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """The fake Bot API and the bot process (not started yet) over a copy of the template database."""
    tmp = tmp_path_factory.mktemp("e2e")
    copy_template(template_db, tmp)
    async with FakeBotAPI(TOKEN) as api:
        env = Env(tmp, api)
        try:
            yield env
        finally:
            await env.bot.terminate(grace=10)


@pytest_asyncio.fixture(loop_scope="module")
async def e2e(stack: Env):
    """The shared stack with the bot running (restarted if an earlier test left it stopped)."""
    stack.api.clear_faults()
    stack.api.latency = 0.0
    log_start = len(stack.bot.log())
    if not stack.bot.running:
        await stack.bot.start()
    was_running = stack.bot.running
    try:
        yield stack
    finally:
        stack.api.clear_faults()
        stack.api.latency = 0.0
        if (
            was_running
            and not stack.bot.running
            and stack.bot.proc
            and stack.bot.proc.returncode not in (0, -signal.SIGKILL)
        ):
            # the bot crashed: do not hand the update that killed it to the next test's bot
            dropped = stack.api.drop_pending_updates()
            print(
                f"the bot died (exit code {stack.bot.proc.returncode}); dropped {dropped} pending update(s)"
            )
        # pytest shows captured output for failing tests only
        log = stack.bot.log()[log_start:][-12000:]
        print(f"--- bot log during this test ({stack.bot.log_path}) ---\n{log}")


# ---------------------------------------------------------------------------------------------- tests


async def test_known_claim_gets_card_and_unknown_claim_is_queued(e2e: Env):
    api = e2e.api
    channel = {"id": -1001987654321, "title": "Сплетни Караганды", "username": "karaganda_gossip"}
    # the exact claim, forwarded from a channel
    api.push_update(
        api.make_private_text(101, KB[0]["claim"], forward_from_chat=channel, forward_message_id=812)
    )
    # close to a claim: different case and punctuation
    api.push_update(
        api.make_private_text(
            102,
            "drinking hot lemon water every morning cures diabetes in two weeks!!",
            language_code="en",
            forward_from_chat={"id": -1001555, "title": "Health Tips", "username": "health_tips_daily"},
        )
    )
    api.push_update(api.make_private_text(103, KB[4]["claim"], language_code="kk"))
    unknown = "Говорят, что в Павлодаре с понедельника отменят все трамваи и заменят их дирижаблями"
    api.push_update(api.make_private_text(104, unknown, forward_from_chat=channel, forward_message_id=813))

    for chat, verdict in ((101, KB[0]), (102, KB[2]), (103, KB[4])):
        [card] = await e2e.answers(chat)
        assert verdict["url"] in card.text, f"chat {chat}: expected the verdict card, got {card.text!r}"
        assert card.params.get("parse_mode") == "HTML"

    [queued] = await e2e.answers(104)
    refs = TIP_REF.findall(queued.text)
    assert refs, f"expected a #<tip id> reference in {queued.text!r}"
    tip_id = int(refs[0])
    assert not any(v["url"] in queued.text for v in KB)
    await e2e.quiet(0.5)

    [tip] = e2e.query("SELECT * FROM tips WHERE id = ?", tip_id)
    assert tip["text"] == unknown and tip["status"] == "queued"
    rows = e2e.query(
        "SELECT chat_id, message_id, tip_id, verdict_id, decision FROM requests "
        "WHERE chat_id BETWEEN 101 AND 104"
    )
    by_chat = {r["chat_id"]: r for r in rows}
    assert sorted(r["chat_id"] for r in rows) == [101, 102, 103, 104]
    assert by_chat[104]["decision"] == "queue" and by_chat[104]["tip_id"] == tip_id
    for chat, verdict in ((101, KB[0]), (102, KB[2]), (103, KB[4])):
        assert by_chat[chat]["decision"] == "auto"
        [v] = e2e.query("SELECT url FROM verdicts WHERE id = ?", by_chat[chat]["verdict_id"])
        assert v["url"] == verdict["url"]
    for chat in (101, 102, 103, 104):
        assert len(api.sent_messages(chat)) == 1, api.sent_texts(chat)


async def test_survives_429_on_send(e2e: Env):
    api = e2e.api
    api.fail_next("sendMessage", 429, retry_after=1, chat_id=201)
    api.push_update(api.make_private_text(201, KB[1]["claim"]))
    [answer] = await e2e.answers(201, timeout=ANSWER_TIMEOUT + 5)
    assert KB[1]["url"] in answer.text
    await e2e.quiet(1.5)
    assert len(api.sent_messages(201)) == 1, api.sent_texts(201)
    attempts = [r for r in api.requests("sendMessage") if r.chat_id == 201]
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].time - attempts[0].time >= 0.9, "the retry must wait retry_after"


async def outbox_state(e2e: Env, chat_id: int) -> str | None:
    """The state of the outbox row of the one message the bot meant for `chat_id`, once settled."""
    rows = await e2e.wait(
        lambda: [
            r
            for r in e2e.query("SELECT state FROM outbox WHERE chat_id = ?", chat_id)
            if r["state"] not in ("pending", "sending")
        ],
        message=f"the answer to chat {chat_id} settled in the outbox",
    )
    [row] = rows
    return row["state"]


async def test_an_answer_cut_after_telegram_stored_it_is_recorded_unknown_and_never_sent_again(e2e: Env):
    api = e2e.api
    api.fail_next("sendMessage", kind="drop_after", chat_id=211)
    api.push_update(api.make_private_text(211, KB[1]["claim"]))
    [answer] = await e2e.answers(211)  # Telegram stored it; the bot never heard back
    assert KB[1]["url"] in answer.text
    assert await outbox_state(e2e, 211) == "unknown"
    await e2e.quiet(2.0)
    assert len(api.sent_messages(211)) == 1
    assert len([r for r in api.requests("sendMessage") if r.chat_id == 211]) == 1


async def test_a_proxy_error_page_fails_one_answer_and_the_others_go_on(e2e: Env):
    api = e2e.api
    api.fail_next("sendMessage", kind="html", chat_id=212)
    api.push_update(api.make_private_text(212, KB[1]["claim"]))
    api.push_update(api.make_private_text(213, KB[1]["claim"]))
    [answer] = await e2e.answers(213)
    assert KB[1]["url"] in answer.text
    assert await outbox_state(e2e, 212) == "failed"
    assert api.sent_messages(212) == []
    assert e2e.bot.running


async def test_slow_answers_are_each_sent_once(e2e: Env):
    api = e2e.api
    api.latency = 0.8
    for chat in (214, 215, 216):
        api.push_update(api.make_private_text(chat, KB[1]["claim"]))
    for chat in (214, 215, 216):
        [answer] = await e2e.answers(chat, timeout=ANSWER_TIMEOUT + 10)
        assert KB[1]["url"] in answer.text
        assert await outbox_state(e2e, chat) == "sent"
    await e2e.quiet(2.0)
    assert [len(api.sent_messages(chat)) for chat in (214, 215, 216)] == [1, 1, 1]


async def test_redelivered_update_is_handled_once(e2e: Env):
    api = e2e.api
    text = "Жители Семея утверждают, что в реке Иртыш завелись пираньи размером с собаку"
    first = api.push_update(api.make_private_text(401, text))
    [answer] = await e2e.answers(401)
    await e2e.wait(lambda: not api.pending_updates(), message="the bot to confirm every update")
    again = api.redeliver(first)  # the same update_id and message, after the bot confirmed it
    assert again["update_id"] == first["update_id"]

    def redelivered() -> bool:
        fetched = [u["update_id"] for r in api.requests("getUpdates") if r.ok for u in r.result]
        return fetched.count(first["update_id"]) >= 2

    await e2e.wait(redelivered, message="the redelivery to be fetched")
    # and the same message under a new update_id (as after a lost inbox row)
    api.redeliver(first, new_update_id=True)
    await e2e.wait(lambda: not api.pending_updates(), message="the bot to confirm every update")
    await e2e.quiet(1.0)

    assert len(api.sent_messages(401)) == 1, api.sent_texts(401)
    tip_id = int(TIP_REF.findall(answer.text)[0])
    assert [t["id"] for t in e2e.query("SELECT id FROM tips WHERE text = ?", text)] == [tip_id]
    assert len(e2e.query("SELECT id FROM requests WHERE chat_id = 401")) == 1
    assert e2e.query("SELECT update_id FROM inbox WHERE update_id = ?", first["update_id"])


async def test_start_command_and_language_button(e2e: Env):
    api = e2e.api
    api.push_update(api.make_command(501, "/start", language_code="en"))
    greeting, chooser = await e2e.answers(501, count=2)
    buttons = [b for row in chooser.params["reply_markup"]["inline_keyboard"] for b in row]
    [kazakh] = [b for b in buttons if b["callback_data"] == "lang:kk"]
    press = api.push_update(
        api.make_callback(501, kazakh["callback_data"], chooser.message_id, language_code="en")
    )
    query_id = press["callback_query"]["id"]
    await e2e.wait(
        lambda: api.callback_answers(query_id) and api.edits(501),
        ANSWER_TIMEOUT,
        "the button press to be answered",
    )
    [edit] = api.edits(501, chooser.message_id)
    assert "Дайын" in edit.params["text"]
    # the reader's language is now Kazakh: a known Kazakh claim gets its card
    api.push_update(api.make_private_text(501, KB[5]["claim"], language_code="en"))
    card = (await e2e.answers(501, count=3))[-1]
    assert KB[5]["url"] in card.text


async def test_a_reader_rates_the_card_and_a_second_press_changes_the_rating(e2e: Env):
    api = e2e.api
    api.push_update(api.make_private_text(511, KB[0]["claim"], language_code="ru"))
    [card] = await e2e.answers(511)
    up, down = [b for row in card.params["reply_markup"]["inline_keyboard"] for b in row]
    answers = []
    for button in (up, down):
        press = api.push_update(api.make_callback(511, button["callback_data"], card.message_id))
        query_id = str(press["callback_query"]["id"])
        await e2e.wait(
            lambda query_id=query_id: api.callback_answers(query_id),
            ANSWER_TIMEOUT,
            "the rating to be answered",
        )
        answers.append(api.callback_answers(query_id)[0].params.get("text"))
    assert answers == ["Спасибо, отмечено.", "Жаль, что не помогло: отмечено."]

    def stored() -> list[tuple]:  # the press is answered first, its unit of work commits just after
        return [tuple(r) for r in e2e.query("SELECT kind, value FROM feedback WHERE chat_id = 511")]

    await e2e.wait(lambda: stored() == [("auto", "down")], ANSWER_TIMEOUT, "the second press to be stored")


async def test_post_with_link_preview_is_answered(e2e: Env):
    """Telegram attaches link_preview_options to a message whose link got a preview (and to the bot's own
    messages sent with previews disabled, e.g. under a pressed button): aiogram parses the missing
    fields as `Default` placeholders, which `model_dump(mode="json")` cannot serialise
    (aiogram issues #1450, #1643)."""
    api = e2e.api
    text = "Срочно! https://news.example/a/123 В Экибастузе из кранов потекла газировка"
    api.push_update(
        api.make_private_text(601, text, link_preview_options={"url": "https://news.example/a/123"})
    )
    [answer] = await e2e.answers(601)
    assert TIP_REF.search(answer.text), answer.text


READERS = list(range(3001, 3051))
SHARED_CLAIMS = 12
KILLS = 5


class PollingTarget:
    """The polling bot process as the crash run's target."""

    name = "bot"

    def __init__(self, bot: BotProcess):
        self.bot = bot

    def alive(self) -> bool:
        return self.bot.running

    async def kill(self) -> None:
        await self.bot.kill()

    async def start(self) -> None:
        await self.bot.start()


@pytest_asyncio.fixture(loop_scope="module")
async def crash(template_db: Path, tmp_path: Path):
    """A stack of its own for the crash test; its bot processes are forked by a zygote that has imported the
    bot once (six starts would otherwise import it six times)."""
    copy_template(template_db, tmp_path)
    async with FakeBotAPI(TOKEN) as api:
        log = tmp_path / "bot.log"
        async with Zygote.open(tmp_path, bot_env(tmp_path, api.base_url), log) as zygote:
            env = Env(tmp_path, api, zygote)
            try:
                await env.bot.start()
                yield env
            finally:
                await env.bot.terminate(grace=10)
                print(f"--- bot log ({log}) ---\n{env.bot.log()[-12000:]}")


async def test_sigkills_while_answers_flow_double_nothing_and_lose_nothing_silently(crash: Env):
    """Issue 12, promise 3. 50 readers send 200 messages (known claims, an unknown claim each, and claims
    several readers share, whose card is edited as demand grows), each reader waiting for an answer before the
    next message. The bot is SIGKILLed 5 times, each time after 12-25 new answers since the last kill, at a
    random moment while answers flow (every second kill on an answer in flight), and started again. Every
    message is stored once; each message gets one answer and each tip one card, except at most one per kill
    that was in flight at the instant of the kill, and an answer that never arrived is recorded `unknown`."""
    api = crash.api
    api.latency = 0.05  # a Bot API round trip takes time, so requests are in flight when the kill lands
    claims = distinct_claims(len(READERS) + SHARED_CLAIMS, seed=23)
    scripts = reader_scripts(
        READERS, [(v["claim"], v["url"]) for v in KB], claims[: len(READERS)], claims[len(READERS) :]
    )
    seed = int(os.environ.get("TIPLINE_TEST_KILL_SEED") or random.randrange(1 << 30))
    run = CrashRun(
        api,
        [PollingTarget(crash.bot)],
        crash.fetch,
        scripts,
        kills=KILLS,
        answer_timeout=ANSWER_TIMEOUT,
        seed=seed,
        on_death=lambda target: f"\n--- bot log ---\n{crash.bot.log()[-6000:]}",
        aim=True,
    )
    await run.run()
    await run.settle(timeout=ANSWER_TIMEOUT)
    account = await account_for(run, CHECKERS_CHAT, [v["url"] for v in KB])
    print(account.report())
    assert len(account.kills) == KILLS
    assert all(kill.waiting and kill.answers_since_last >= 12 for kill in account.kills)
    cut = [k.number for k in account.kills if any(r.method == "sendMessage" for r in k.in_flight)]
    assert cut, f"no kill landed on an answer in flight\n{account.report()}"
    assert not account.problems, account.report()


async def test_sigterm_stops_promptly(e2e: Env):
    """Last: stops the shared bot. The contract: the process exits cleanly on SIGTERM."""
    await e2e.api.wait_until(
        lambda: any(r.status is None for r in e2e.api.requests("getUpdates")),
        ANSWER_TIMEOUT,
        "a pending long poll",
    )
    await asyncio.sleep(0.2)
    code, took = await e2e.bot.terminate(grace=10)  # docker stop's grace before its SIGKILL
    print(f"SIGTERM: exit code {code} after {took:.2f}s")
    assert code is not None, "the bot did not exit within 10 s of SIGTERM (killed)"
    assert code == 0, f"exit code {code} after SIGTERM"
