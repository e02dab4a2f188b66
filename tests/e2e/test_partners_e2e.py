"""End-to-end: a network of two newsrooms (issue 16), each a real `python -m bot run` process polling a fake
Bot API of its own (tests/support/fakebotapi), each on its own SQLite database.

Newsroom A, "Factcheck KG" (Kyrgyzstan), publishes a verdict whose claim is in Kyrgyz (and in Russian) with
`tipline kb import` before it starts, and serves its ClaimReview feed on TIPLINE_FEED_PORT to partner B,
whose token `tipline partners add --token-out` wrote. Newsroom B, "Factcheck KZ" (Kazakh), follows A with
trust `auto` through TIPLINE_PARTNERS_FILE (a token_file), syncing every second. A Kazakh reader of B
forwards the rumour in Kazakh and gets A's verdict credited to A; A corrects the verdict (the same record
imported again with another rating and summary) and the reader hears of the correction; A withdraws it
(`tipline kb withdraw`) and, after B's next sync, another Kazakh reader sending the same text no longer
gets it.

The Kazakh texts share no phrasing with A's records: each is the Kazakh wording of a Kyrgyz claim, and it
matches A's Kyrgyz claim through the matcher's cross-Turkic key (`tipline check` decides `auto` for them
with semantic matching off as well as on), so the tests do not depend on the embedding model.

Both processes serve the module's tests (a start costs seconds on a loaded machine); each test has its own
verdict, readers and channel posts. Their output goes to <tmp>/kg/kg.log and <tmp>/kz/kz.log; what they
wrote during a test is printed when it fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from multidict import CIMultiDict

from bot.i18n import Locales
from tests.support.e2e_support import TIP_REF
from tests.support.fakebotapi import FakeBotAPI, Recorded
from tests.support.replica_stack import (
    START_TIMEOUT,
    Replica,
    bot_env,
    free_port,
    start_process,
    stop,
    wait_healthy,
)

pytestmark = [pytest.mark.e2e, pytest.mark.database("sqlite"), pytest.mark.asyncio(loop_scope="module")]

TOKEN_KG = "111111:KG-token-ABCdef"
TOKEN_KZ = "222222:KZ-token-ABCdef"
KG_NAME, KG_COUNTRY = "Factcheck KG", "Kyrgyzstan"
KZ_NAME, KZ_COUNTRY = "Factcheck KZ", "Kazakhstan"
SYNC_INTERVAL = 1.0
"""Seconds between B's reads of A's feed."""
WAIT = START_TIMEOUT
"""Seconds any one condition may take (an answer, a sync): generous for a loaded machine; every wait
returns as soon as its condition holds."""
CLI_TIMEOUT = 300.0

PETROL = {
    "id": "kg-benzin-1",
    "lang": "ky",
    "claim": "Кыргызстанда 1-июлдан баштап бензиндин баасы эки эсе кымбаттайт",
    "claims": [{"lang": "ru", "text": "В Кыргызстане с 1 июля цены на бензин вырастут в два раза"}],
    "rating": "false",
    "summary": "Өкмөт мындай чечим кабыл алган эмес; бензиндин баасы өзгөргөн жок.",
    "summaries": {"ru": "Правительство такого решения не принимало; цены на бензин не менялись."},
    "url": "https://factcheck.kg/ky/benzin-eki-ese",
}
PETROL_CORRECTED = {
    **PETROL,
    "rating": "misleading",
    "summary": "Баа 1-июлдан 3 сомго гана көтөрүлөт; эки эсе кымбаттайт деген туура эмес.",
    "summaries": {"ru": "С 1 июля цена вырастет лишь на 3 сома, а не вдвое."},
}
PETROL_KK = "Қырғызстанда 1 шілдеден бастап бензиннің бағасы екі есе қымбаттайды"
"""The rumour as a Kazakh reader forwards it: a Kazakh wording of A's Kyrgyz claim."""
SCHOOLS = {
    "id": "kg-mektep-1",
    "lang": "ky",
    "claim": "Бишкекте 1-сентябрдан баштап бардык мектептер үч айга жабылат",
    "claims": [{"lang": "ru", "text": "В Бишкеке с 1 сентября все школы закроют на три месяца"}],
    "rating": "false",
    "summary": "Билим берүү министрлиги мындай чечим кабыл алган эмес.",
    "url": "https://factcheck.kg/ky/mektepter-zhabylat",
}
SCHOOLS_KK = "Бішкекте 1 қыркүйектен бастап барлық мектептер үш айға жабылады"
CHANNEL = {"id": -1001777000111, "title": "Жаңалықтар KZ", "username": "zhanalyktar_kz"}

kk = Locales(default="kk")["kk"]
CREDIT = "🤝 " + kk("card-checked-by", partner=KG_NAME, country=KG_COUNTRY)


@dataclass
class Newsroom:
    """One newsroom: its fake Bot API, its directory and database, its settings, its running process."""

    name: str
    api: FakeBotAPI
    directory: Path
    settings: dict[str, str]
    replica: Replica | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def db_path(self) -> Path:
        return self.directory / "tipline.db"

    @property
    def env(self) -> dict[str, str]:
        return bot_env(self.api, f"sqlite+aiosqlite:///{self.db_path}", **self.settings)

    @property
    def feed_url(self) -> str:
        return f"http://127.0.0.1:{self.settings['feed_port']}/partners/feed"

    def query(self, sql: str, *args: object) -> list[sqlite3.Row]:
        with contextlib.closing(sqlite3.connect(self.db_path, timeout=30)) as db:
            db.row_factory = sqlite3.Row
            return db.execute(sql, args).fetchall()

    def log(self) -> str:
        return self.replica.output() if self.replica else ""


@dataclass
class Network:
    kg: Newsroom
    kz: Newsroom
    token: str
    """B's token for A's feed."""

    @property
    def everyone(self) -> list[Newsroom]:
        return [self.kg, self.kz]


# ------------------------------------------------------------------------------------------- helpers


async def cli(newsroom: Newsroom, *args: str) -> str:
    """`python -m bot ARGS` against the newsroom's database; its output, or the test fails with it."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=newsroom.directory,
        env=newsroom.env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), CLI_TIMEOUT)
    except TimeoutError:
        process.kill()
        out, err = await process.communicate()
        pytest.fail(f"`tipline {' '.join(args)}` ({newsroom.name}) took over {CLI_TIMEOUT}s:\n{out}\n{err}")
    text = out.decode(errors="replace") + err.decode(errors="replace")
    if process.returncode != 0:
        pytest.fail(f"`tipline {' '.join(args)}` ({newsroom.name}) exited {process.returncode}:\n{text}")
    return text


async def kb_import(kg: Newsroom, record: dict, expected: str) -> None:
    """`tipline kb import` of one record (JSON Lines) into A's database; its report says `expected`."""
    path = kg.directory / f"{record['id']}-{time.monotonic_ns()}.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    imported = await cli(kg, "kb", "import", str(path))
    assert expected in imported, imported


async def wait_for(
    predicate: Callable[[], Any],
    what: str,
    newsrooms: list[Newsroom],
    timeout: float = WAIT,  # noqa: ASYNC109
) -> Any:
    """Poll `predicate` until it is truthy (its value); fail if a process exits or `timeout` seconds
    pass first (the `network` fixture prints the logs)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        for newsroom in newsrooms:
            process = newsroom.replica.process if newsroom.replica else None
            if process is not None and process.returncode is not None:
                pytest.fail(f"{newsroom.name} exited ({process.returncode}) while waiting for {what}")
        if loop.time() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.2)


async def start(newsroom: Newsroom) -> None:
    """Start the newsroom's `tipline run`; wait until it polls its Bot API (and serves its feed port)."""
    begun = time.monotonic()
    newsroom.replica = await start_process(newsroom.name, "run", newsroom.env, newsroom.directory)
    await wait_for(lambda: newsroom.api.requests("getUpdates"), f"{newsroom.name} to poll", [newsroom])
    if "feed_port" in newsroom.settings:
        newsroom.replica.port = int(newsroom.settings["feed_port"])
        await wait_healthy(newsroom.replica)
    newsroom.timings["start"] = round(time.monotonic() - begun, 1)


def partner_verdict(kz: Newsroom, key: str) -> sqlite3.Row | None:
    """B's copy of A's verdict `key` (its feed's identifier), once synced."""
    rows = kz.query(
        "SELECT id, rating, summary, publisher, country, withdrawn_at FROM verdicts "
        "WHERE partner_id IS NOT NULL AND external_id = 'partner:' || partner_id || ':' || ?",
        key,
    )
    return rows[0] if rows else None


def synced_at(kz: Newsroom) -> object:
    [row] = kz.query("SELECT synced_at FROM partners WHERE name = ?", KG_NAME)
    return row["synced_at"]


async def next_sync(net: Network) -> None:
    """Until B has synced A's feed once more: what the sync before wrote is in B's matcher by then (a sync
    reloads what it touched before the next one starts)."""
    before = synced_at(net.kz)
    await wait_for(lambda: synced_at(net.kz) != before, "B's next sync of A's feed", net.everyone)


async def synced(net: Network, key: str, condition: Callable[[sqlite3.Row], bool], what: str) -> sqlite3.Row:
    """B's copy of A's verdict `key` once `condition` holds for it, and in B's matcher."""
    row = await wait_for(
        lambda: (found := partner_verdict(net.kz, key)) is not None and condition(found) and found,
        f"{what} in B's database",
        net.everyone,
    )
    await next_sync(net)
    return row


async def send(net: Network, chat: int, text: str, post: int | None, count: int = 1) -> list[Recorded]:
    """A Kazakh reader of B sends `text` (forwarded from channel post `post`, else written); B's messages
    to the reader, once there are `count` of them."""
    forward = {"forward_from_chat": CHANNEL, "forward_message_id": post} if post is not None else {}
    net.kz.api.push_update(net.kz.api.make_private_text(chat, text, language_code="kk", **forward))
    return await answers(net, chat, count)


async def answers(net: Network, chat: int, count: int) -> list[Recorded]:
    api = net.kz.api
    return await wait_for(
        lambda: (sent := api.sent_messages(chat)) and len(sent) >= count and sent,
        f"{count} message(s) from B to reader {chat} (got {api.sent_texts(chat)})",
        net.everyone,
    )


def request_of(kz: Newsroom, chat: int) -> sqlite3.Row:
    [request] = kz.query("SELECT decision, verdict_id, score FROM requests WHERE chat_id = ?", chat)
    return request


def assert_card(card: Recorded, record: dict) -> None:
    """A's verdict as B's Kazakh reader reads it: its rating and summary, its address, credited to A."""
    assert record["url"] in card.text, card.text
    assert CREDIT in card.text, card.text
    assert kk(f"rating-{record['rating']}") in card.text, card.text
    assert record["summary"] in card.text, card.text


async def read_feed(
    http: aiohttp.ClientSession, kg: Newsroom, token: str | None, since: int = 0, etag: str | None = None
) -> tuple[int, CIMultiDict[str], dict | None]:
    """GET A's /partners/feed: (status, headers, the JSON-LD document when 200)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if etag:
        headers["If-None-Match"] = etag
    async with http.get(f"{kg.feed_url}?since={since}", headers=headers) as response:
        body = await response.read()
        document = json.loads(body) if response.status == 200 else None
        return response.status, CIMultiDict(response.headers), document


def feed_entry(document: dict, key: str) -> dict:
    [entry] = [e for e in document["@graph"] if e.get("identifier") == key]
    return entry


# ------------------------------------------------------------------------------------------ fixtures


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def running_network(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Network]:
    """A (the petrol verdict imported, B given a token) and B (following A from its partners file), both
    running; stopped at the end of the module."""
    tmp = tmp_path_factory.mktemp("partners")
    async with FakeBotAPI(TOKEN_KG) as api_kg, FakeBotAPI(TOKEN_KZ) as api_kz:
        feed_port = free_port()
        common = {"semantic": "true", "embed_threads": "1", "webhook_host": "127.0.0.1"}
        kg = Newsroom(
            "kg",
            api_kg,
            tmp / "kg",
            dict(
                bot_token=TOKEN_KG,
                newsroom_name=KG_NAME,
                newsroom_country=KG_COUNTRY,
                default_language="ky",
                feed_port=str(feed_port),
                **common,
            ),
        )
        kz = Newsroom(
            "kz",
            api_kz,
            tmp / "kz",
            dict(
                bot_token=TOKEN_KZ,
                newsroom_name=KZ_NAME,
                newsroom_country=KZ_COUNTRY,
                default_language="kk",
                partners_file=str(tmp / "kz" / "partners.toml"),
                partner_sync_interval=str(SYNC_INTERVAL),
                **common,
            ),
        )
        for newsroom in (kg, kz):
            newsroom.directory.mkdir()
        # A publishes its verdict and gives B a token for its feed, before it starts
        await cli(kg, "db", "upgrade")
        await kb_import(kg, PETROL, "1 new")
        token_file = kz.directory / "kg.token"
        await cli(kg, "partners", "add", KZ_NAME, "--token-out", str(token_file))
        token = token_file.read_text(encoding="utf-8").strip()
        assert token
        # B follows A with trust auto, from its partners file
        (kz.directory / "partners.toml").write_text(
            "[[partner]]\n"
            f"name = {json.dumps(KG_NAME)}\n"
            f"url = {json.dumps(kg.feed_url)}\n"
            f"token_file = {json.dumps(str(token_file))}\n"
            'trust = "auto"\n',
            encoding="utf-8",
        )
        net = Network(kg, kz, token)
        try:
            await start(kg)  # first: B's failed syncs would back off for longer and longer
            await start(kz)
            yield net
        finally:
            for newsroom in net.everyone:
                if newsroom.replica is not None:
                    code = await stop(newsroom.replica)
                    if code != 0:
                        print(f"{newsroom.name} exited with {code}:\n{newsroom.log()[-12000:]}")
            print(f"timings (s): kg {kg.timings}, kz {kz.timings}")


@pytest_asyncio.fixture(loop_scope="module")
async def network(running_network: Network) -> AsyncIterator[Network]:
    """The running network; what the processes wrote during the test is printed (shown when it fails)."""
    starts = {n.name: len(n.log()) for n in running_network.everyone}
    try:
        yield running_network
    finally:
        for newsroom in running_network.everyone:
            written = newsroom.log()[starts[newsroom.name] :][-12000:]
            print(f"--- {newsroom.name} during this test ({newsroom.directory}) ---\n{written}")


# --------------------------------------------------------------------------------------------- tests


async def test_the_feed_port_wants_a_partners_token_and_serves_claimreview_with_an_etag(network: Network):
    """A's feed port: /healthz, no token or a wrong one -> 401, B's token -> 200 with the verdict as
    ClaimReview JSON-LD, its ETag -> 304, the cursor -> nothing newer."""
    kg, token = network.kg, network.token
    async with aiohttp.ClientSession() as http:
        async with http.get(kg.feed_url.replace("/partners/feed", "/healthz")) as health:
            assert health.status == 200
        status, headers, _ = await read_feed(http, kg, None)
        assert status == 401 and "Bearer" in headers.get("WWW-Authenticate", ""), (status, headers)
        status, _, _ = await read_feed(http, kg, "not-" + token)
        assert status == 401
        status, headers, document = await read_feed(http, kg, token)
        assert status == 200, status
        assert headers["Content-Type"].startswith("application/ld+json"), headers
        assert document is not None
        entry = feed_entry(document, PETROL["id"])
        assert entry["@type"] == "ClaimReview" and entry["url"] == PETROL["url"]
        assert entry["claimReviewed"] == PETROL["claim"] and entry["inLanguage"] == "ky"
        assert entry["author"]["name"] == KG_NAME
        assert entry["author"]["address"]["addressCountry"] == KG_COUNTRY
        assert {"lang": "ru", "text": PETROL["claims"][0]["text"]} in entry["tipline:phrasings"]
        assert entry["reviewBody"] == PETROL["summary"]
        etag = headers["ETag"]
        status, headers, _ = await read_feed(http, kg, token, etag=etag)
        assert status == 304 and headers.get("ETag") == etag, (status, headers)
        status, _, newer = await read_feed(http, kg, token, since=document["tipline:cursor"])
        assert status == 200 and newer is not None and newer["@graph"] == [], newer


async def test_a_partners_verdict_reaches_a_kazakh_reader_credited_then_corrected_then_withdrawn(
    network: Network,
):
    net, kg, kz = network, network.kg, network.kz
    reader, late_reader = 7101, 7102
    begun = time.monotonic()
    copy = await synced(net, PETROL["id"], lambda v: v["withdrawn_at"] is None, "A's verdict")
    assert (copy["rating"], copy["publisher"], copy["country"]) == ("false", KG_NAME, KG_COUNTRY)
    kz.timings["first sync"] = round(time.monotonic() - begun, 1)

    # a Kazakh reader of B forwards the rumour in Kazakh: A's verdict, credited to A
    [card] = await send(net, reader, PETROL_KK, post=812)
    assert_card(card, PETROL)
    assert card.text.startswith(kk("card-intro")), card.text
    request = request_of(kz, reader)
    assert (request["decision"], request["verdict_id"]) == ("auto", copy["id"]), dict(request)

    # A corrects its verdict: the reader hears of it, once
    begun = time.monotonic()
    await kb_import(kg, PETROL_CORRECTED, "1 updated")
    correction = (await answers(net, reader, count=2))[1]
    kz.timings["correction"] = round(time.monotonic() - begun, 1)
    assert correction.text.startswith(kk("desk-notice-correction")), correction.text
    assert_card(correction, PETROL_CORRECTED)
    assert partner_verdict(kz, PETROL["id"])["rating"] == "misleading"
    for _ in range(2):  # not again at the next syncs
        await next_sync(net)
    assert len(kz.api.sent_messages(reader)) == 2, kz.api.sent_texts(reader)

    # A withdraws it: its feed says so, and after B's next sync no reader of B gets it
    begun = time.monotonic()
    await cli(kg, "kb", "withdraw", PETROL["id"])
    async with aiohttp.ClientSession() as http:
        status, _, document = await read_feed(http, kg, net.token)
    assert status == 200 and document is not None
    assert feed_entry(document, PETROL["id"]).get("tipline:withdrawn") is True, document
    await synced(net, PETROL["id"], lambda v: v["withdrawn_at"] is not None, "the withdrawal")
    kz.timings["withdrawal"] = round(time.monotonic() - begun, 1)
    [answer] = await send(net, late_reader, PETROL_KK, post=None)  # the same text, copied
    assert PETROL["url"] not in answer.text and CREDIT not in answer.text, answer.text
    assert TIP_REF.search(answer.text), f"expected the tip queued: {answer.text!r}"
    request = request_of(kz, late_reader)
    assert request["decision"] == "queue" and request["verdict_id"] is None, dict(request)
    assert len(kz.api.sent_messages(reader)) == 2, kz.api.sent_texts(reader)


async def test_a_withdrawn_partners_verdict_is_not_sent_for_a_known_channel_post(network: Network):
    """A publishes while running; a reader of B forwards a channel post and gets the verdict; A withdraws
    it; another reader forwards the same channel post after B's next sync: not that verdict (a known post
    is answered only with a verdict that may still answer)."""
    net, kg, kz = network, network.kg, network.kz
    reader, late_reader, post = 7201, 7202, 913
    await kb_import(kg, SCHOOLS, "1 new")
    await synced(net, SCHOOLS["id"], lambda v: v["withdrawn_at"] is None, "A's new verdict")
    [card] = await send(net, reader, SCHOOLS_KK, post=post)
    assert_card(card, SCHOOLS)

    await cli(kg, "kb", "withdraw", SCHOOLS["id"])
    await synced(net, SCHOOLS["id"], lambda v: v["withdrawn_at"] is not None, "the withdrawal")
    [answer] = await send(net, late_reader, SCHOOLS_KK, post=post)
    assert SCHOOLS["url"] not in answer.text, dict(request_of(kz, late_reader))
    assert CREDIT not in answer.text, answer.text
