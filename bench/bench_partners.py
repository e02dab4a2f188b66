"""Partners benchmark (issue 16): following a newsroom with 50,000 verdicts, and publish to answer.

    python bench/bench_partners.py [--verdicts 50000] [--interval 2] [--trials 5] [--semantic]

What one run does, side by side:

1. Newsroom A: a fresh SQLite database filled, in a child process, with N synthetic verdicts (Russian,
   Kazakh and English claims built from templates, each with its own numbers and a URL; a third with a
   title, a fifth with a second phrasing) through `KnowledgeBase.import_records`, the path of `tipline kb
   import`, in one call; its time and peak RSS are the baseline. A's feed is served over real HTTP
   (aiohttp, `add_feed_routes`) on 127.0.0.1, with a partner token for B.
2. Newsroom B: its own SQLite database and knowledge base (the services of `open_services`; lexical
   matching unless --semantic), following A with trust auto. The initial sync is `FeedFollower.sync`
   called until a sync reads fewer than PAGES_PER_SYNC pages: its time, verdicts a second, the peak RSS
   of this process (ru_maxrss) and its RSS after, set against A's own import. A second follower (B2, a
   fresh database) then syncs the same feed under tracemalloc, for the peak of Python allocations
   (about three times slower; --no-tracemalloc skips it).
3. Publish to answer: B runs `keep_in_sync(--interval)`; at a random moment of an interval A imports one
   new verdict (t0), and B's matcher is asked the claim, as a reader's text (`kb.assess`, the reader's
   path), until it answers automatically with A's verdict. Latency in seconds and in intervals, against
   the target of 2 intervals.

Absolute times are noise on a loaded machine; compare the figures of one run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bot.db.engine import create_engine, create_sessionmaker  # noqa: E402
from bot.db.models import Verdict  # noqa: E402
from bot.services.container import open_services  # noqa: E402
from bot.services.knowledge_base import KnowledgeBase  # noqa: E402
from bot.services.partner_feeds import PAGE, PAGES_PER_SYNC  # noqa: E402
from bot.services.partners import Partners  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.telegram.feeds import FEED_PATH, add_feed_routes  # noqa: E402
from knowledge.matching import Matcher  # noqa: E402
from knowledge.statuses import Trust  # noqa: E402
from knowledge.verdicts import ClaimText, VerdictRecord  # noqa: E402

A_NAME, B_NAME = "Newsroom A", "Newsroom B"
RATINGS = ("false", "misleading", "partly_false", "missing_context", "unproven", "true")
PLACES = ("Алматы", "Астана", "Шымкент", "Караганда", "Актобе", "Тараз", "Павлодар", "Костанай", "Атырау")
WHO = ("министр", "аким", "блогер", "депутат", "профессор", "анонимный канал", "телеведущий")
THINGS = ("школ", "больниц", "автобусов", "мостов", "заводов", "квартир", "скважин", "ферм")
KK_THINGS = ("мектеп", "аурухана", "автобус", "көпір", "зауыт", "пәтер", "ұңғыма", "ферма")
EN_THINGS = ("schools", "hospitals", "buses", "bridges", "factories", "flats", "wells", "farms")
EN_WHO = ("a minister", "the mayor", "a blogger", "an MP", "a professor", "an anonymous channel")
VERBS = ("закрыли", "построили", "продали", "снесли", "купили", "передали Китаю")
EN_VERBS = ("closed", "built", "sold", "demolished", "bought", "handed to China")


def claim_text(i: int, rng: random.Random) -> tuple[str, str]:
    """(language, claim) number `i`: a template of its language, its own numbers and words."""
    n, year, place = 17 + 37 * i, 1995 + i % 30, rng.choice(PLACES)
    lang = ("ru", "kk", "en")[i % 3]
    if lang == "ru":
        text = (
            f"{rng.choice(WHO).capitalize()} заявил, что в городе {place} {rng.choice(VERBS)} {n} "
            f"{rng.choice(THINGS)} за {year} год, и власти это скрывают"
        )
    elif lang == "kk":
        text = (
            f"{place} қаласында {year} жылы {n} {rng.choice(KK_THINGS)} жабылды деген хабар "
            f"әлеуметтік желіде {i % 97 + 2} мың рет таралды"
        )
    else:
        text = (
            f"{rng.choice(EN_WHO).capitalize()} says {n} {rng.choice(EN_THINGS)} in {place} were "
            f"{rng.choice(EN_VERBS)} in {year}, and that the figures were hidden"
        )
    return lang, text


def synthetic_records(n: int, seed: int = 16) -> list[VerdictRecord]:
    rng = random.Random(seed)
    records = []
    for i in range(n):
        lang, text = claim_text(i, rng)
        claims = [ClaimText(lang, text)]
        if i % 5 == 0:
            claims.append(ClaimText(lang, f"{text.split(',')[0]} (перепост №{i})", "phrasing"))
        records.append(
            VerdictRecord(
                external_id=f"a-{i}",
                lang=lang,
                claims=claims,
                rating=RATINGS[i % len(RATINGS)],
                summary=f"Проверка №{i}: официальная статистика за {1995 + i % 30} год этого не "
                "подтверждает; источники утверждения не названы.",
                url=f"https://factcheck-a.example/checks/{i}",
                title=f"Проверка №{i}: {text[:60]}" if i % 3 == 0 else None,
            )
        )
    return records


ODD_WHO = (
    "Жители посёлка Каракемер; Пенсионеры из аула Жаркент; Рыбаки на озере Алаколь; Студенты колледжа в "
    "Кентау; Водители маршруток Экибастуза; Пчеловоды Катон-Карагая; Охранники космодрома Байконур; "
    "Шахтёры Темиртау"
).split("; ")
ODD_WHAT = (
    "вода из нового водопровода светится ночью зелёным светом; верблюды начали давать газированное молоко"
    " после вышки 5G; снег этой зимой выпал солёным из-за китайских дронов; на рынке продают арбузы со "
    "встроенными чипами слежения; в хлеб тайно добавляют снотворное перед выборами; местная мечеть стоит "
    "на подземном озере нефти; ветряки на трассе вызывают мигрень у овец; лёд на Иртыше не тает благодаря"
    " секретному реактору"
).split("; ")


def published_record(trial: int) -> VerdictRecord:
    """A verdict A publishes during the latency trials, unlike any of the N and of the other trials (which
    would share the best score with it: a choice, not an automatic answer)."""
    who, what = ODD_WHO[trial % 8], ODD_WHAT[(trial + trial // 8) % 8]
    text = f"{who} уверяют, что {what}" + (f" (случай {trial // 8 + 1})" if trial >= 8 else "")
    return VerdictRecord(
        external_id=f"a-new-{trial}",
        lang="ru",
        claims=[ClaimText("ru", text)],
        rating="false",
        summary="Лабораторные анализы и официальные данные этого не подтверждают.",
        url=f"https://factcheck-a.example/new/{trial}",
    )


def settings_for(directory: Path, name: str, semantic: bool, newsroom: str):
    url = f"sqlite+aiosqlite:///{directory / name}"
    return load_settings(
        database_url=url, index_cache="off", semantic=semantic, newsroom_name=newsroom, newsroom_country="KZ"
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_now_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


async def fill_a(url: str, verdicts: int, semantic: bool) -> None:
    """The child process: A's database filled through import_records; prints its figures as JSON."""
    settings = load_settings(database_url=url, index_cache="off", semantic=semantic)
    records = synthetic_records(verdicts)
    async with open_services(settings) as services:
        began = time.perf_counter()
        report = await services.kb.import_records(records)
        took = time.perf_counter() - began
    print(json.dumps({"seconds": took, "created": report.created, "peak_rss_mb": peak_rss_mb()}))


def filled_a(url: str, verdicts: int, semantic: bool) -> dict:
    command = [sys.executable, __file__, "--fill-a", url, "--verdicts", str(verdicts)]
    command += ["--semantic"] * semantic
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if done.returncode:
        sys.exit(f"filling newsroom A failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextlib.asynccontextmanager
async def newsroom_a(directory: Path):
    """A's feed served over HTTP: (its Partners, its KnowledgeBase, the feed's URL, B's token)."""
    engine = create_engine(f"sqlite+aiosqlite:///{directory / 'a.db'}")
    sessionmaker = create_sessionmaker(engine)
    kb = KnowledgeBase(sessionmaker, Matcher())  # only what A publishes now; its matcher is not asked
    partners = Partners(sessionmaker, A_NAME, "KZ", kb)
    token = await partners.add(B_NAME)
    app = web.Application()
    add_feed_routes(app, partners)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield partners, kb, f"http://127.0.0.1:{port}{FEED_PATH}", token
    finally:
        await runner.cleanup()
        await engine.dispose()


async def page_figures(url: str, token: str) -> tuple[int, int, float]:
    """(bytes, records, seconds) of the feed's first page as B asks for it."""
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession() as http:
        began = time.perf_counter()
        async with http.get(url, params={"since": 0, "limit": PAGE}, headers=headers) as response:
            body = await response.read()
        took = time.perf_counter() - began
    return len(body), len(json.loads(body)["@graph"]), took


async def initial_sync(services, url: str, token: str, trace: bool = False) -> dict:
    """B follows A and syncs until a sync reads fewer than PAGES_PER_SYNC pages."""
    await services.partners.follow(A_NAME, url, token, Trust.AUTO)
    follower = services.partners.follower
    totals = {"syncs": 0, "pages": 0, "created": 0, "unchanged": 0, "skipped": 0}
    gc.collect()
    rss_before = rss_now_mb()
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    async with aiohttp.ClientSession() as http:
        while True:
            report = await follower.sync(A_NAME, http)
            if report is None or report.error:
                sys.exit(f"the sync failed: {report and report.error}")
            totals["syncs"] += 1
            for key in ("pages", "created", "unchanged", "skipped"):
                totals[key] += getattr(report, key)
            if report.pages < PAGES_PER_SYNC:
                break
    totals["seconds"] = time.perf_counter() - began
    if trace:
        totals["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    totals["rss_before_mb"], totals["rss_after_mb"] = rss_before, rss_now_mb()
    totals["peak_rss_mb"] = peak_rss_mb()
    async with services.sessionmaker() as session:
        query = select(func.count()).select_from(Verdict).where(Verdict.partner_id.is_not(None))
        totals["stored"] = await session.scalar(query)
    totals["matchable"] = len(services.kb.matcher)
    return totals


async def answered_with(kb_b: KnowledgeBase, text: str, key: str) -> bool:
    """Whether B answers `text` automatically with A's verdict `key`, as it would a reader."""
    _, decision = await kb_b.assess(text)
    if decision.action != "auto":
        return False
    best = decision.matches[0].verdict_id
    if kb_b.matcher.trust.get(best) != Trust.AUTO:
        return False
    verdicts = await kb_b.verdicts([best])
    return best in verdicts and verdicts[best].external_id.endswith(f":{key}")


async def latency_trials(services_b, kb_a: KnowledgeBase, interval: float, trials: int) -> list[float]:
    """Seconds from A's import of a new verdict to B answering with it, one per trial."""
    stopping = asyncio.Event()

    async def deliver(_notices: object) -> None:
        return None

    syncing = asyncio.create_task(services_b.partners.keep_in_sync(interval, stopping, deliver))
    rng = random.Random(2)
    latencies = []
    try:
        for trial in range(trials):
            await asyncio.sleep(interval * (1 + rng.random()))  # publish at any moment of an interval
            record = published_record(trial)
            t0 = time.perf_counter()
            await kb_a.import_records([record])
            deadline = t0 + 10 * interval + 30
            while not await answered_with(services_b.kb, record.claim, record.external_id):
                if time.perf_counter() > deadline:
                    _, decision = await services_b.kb.assess(record.claim)
                    sys.exit(f"trial {trial + 1}: B never answered with A's new verdict ({decision})")
                await asyncio.sleep(0.02)
            latencies.append(time.perf_counter() - t0)
            print(f"  trial {trial + 1}: {latencies[-1]:.2f} s ({latencies[-1] / interval:.2f} intervals)")
    finally:
        stopping.set()
        await syncing
    return latencies


def print_sync(label: str, sync: dict, verdicts: int) -> None:
    print(
        f"  {label}: {sync['seconds']:.1f} s, {verdicts / sync['seconds']:.0f} verdicts/s; "
        f"{sync['syncs']} syncs, {sync['pages']} pages, created {sync['created']}, unchanged "
        f"{sync['unchanged']} (overlap re-read), skipped {sync['skipped']}; stored {sync['stored']}, "
        f"matchable {sync['matchable']}"
    )


def print_side_by_side(a: dict, b: dict, b2: dict | None, verdicts: int) -> None:
    print(f"\nside by side, {verdicts} verdicts")
    print(f"  {'':34}{'seconds':>9}{'verdicts/s':>12}{'peak RSS MB':>13}{'ratio':>8}")
    rows = [
        ("A imports them itself", a["seconds"], a["peak_rss_mb"]),
        ("B syncs them from A's feed", b["seconds"], b["peak_rss_mb"]),
    ]
    if b2 is not None:
        rows.append(("B2 syncs them under tracemalloc", b2["seconds"], None))
    for label, seconds, rss in rows:
        shown = f"{rss:>13.0f}" if rss is not None else f"{'-':>13}"
        ratio = seconds / max(a["seconds"], 1e-9)
        print(f"  {label:34}{seconds:>9.1f}{verdicts / seconds:>12.0f}{shown}{ratio:>8.2f}")
    print(
        f"  B's RSS {b['rss_before_mb']:.0f} MB before the sync, {b['rss_after_mb']:.0f} MB after "
        f"(+{b['rss_after_mb'] - b['rss_before_mb']:.0f} MB)"
        + (f"; B2's Python allocations peaked at {b2['traced_peak_mb']:.0f} MB" if b2 else "")
    )


def print_latency(latencies: list[float], interval: float) -> None:
    target = 2 * interval
    ordered = sorted(latencies)
    median = ordered[len(ordered) // 2]
    worst = ordered[-1]
    print(
        f"\npublish to answer over {len(latencies)} trials, interval {interval:g} s: median {median:.2f} s "
        f"({median / interval:.2f} intervals), max {worst:.2f} s ({worst / interval:.2f} intervals), "
        f"mean {sum(latencies) / len(latencies):.2f} s"
    )
    over = sum(x >= target for x in latencies)
    verdict = "yes, in every trial" if not over else f"NO, {over} of {len(latencies)} trials over"
    print(f"  under the target of 2 intervals ({target:g} s)? {verdict}")


async def run(args: argparse.Namespace, directory: Path) -> None:
    url_a = f"sqlite+aiosqlite:///{directory / 'a.db'}"
    a = filled_a(url_a, args.verdicts, args.semantic)
    print(
        f"newsroom A: {a['created']} verdicts imported with KnowledgeBase.import_records in "
        f"{a['seconds']:.1f} s ({args.verdicts / a['seconds']:.0f}/s), peak RSS {a['peak_rss_mb']:.0f} MB "
        f"(child process)"
    )
    matching = "hybrid (e5)" if args.semantic else "lexical"
    async with newsroom_a(directory) as (_, kb_a, feed_url, token):
        size, records, took = await page_figures(feed_url, token)
        print(
            f"A's feed page: {records} records, {size / 1024:.0f} KiB ({size / max(records, 1):.0f} bytes a "
            f"record), served in {took * 1000:.0f} ms"
        )
        print(f"\nnewsroom B ({matching} matching) follows A, trust auto:")
        settings_b = settings_for(directory, "b.db", args.semantic, B_NAME)
        async with open_services(settings_b) as services_b:
            b = await initial_sync(services_b, feed_url, token)
            print_sync("initial sync", b, args.verdicts)
            print(f"\nB keeps in sync every {args.interval:g} s; A publishes one new verdict a trial:")
            latencies = await latency_trials(services_b, kb_a, args.interval, args.trials)
        b2 = None
        if args.tracemalloc:
            gc.collect()
            settings_b2 = settings_for(directory, "b2.db", args.semantic, "Newsroom B2")
            async with open_services(settings_b2) as services_b2:
                b2 = await initial_sync(services_b2, feed_url, token, trace=True)
                print_sync("B2 under tracemalloc", b2, args.verdicts + args.trials)
    print_side_by_side(a, b, b2, args.verdicts)
    print_latency(latencies, args.interval)
    for name, sync, expected in (("B", b, args.verdicts), ("B2", b2, args.verdicts + args.trials)):
        if sync and (sync["stored"] != expected or sync["matchable"] != expected):
            held = f"{sync['stored']} verdicts ({sync['matchable']} matchable)"
            print(f"  PROBLEM: {name} holds {held}, not {expected}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verdicts", type=int, default=50_000)
    parser.add_argument("--interval", type=float, default=2.0, help="B's sync interval, seconds")
    parser.add_argument("--trials", type=int, default=5, help="publish-to-answer trials")
    parser.add_argument("--semantic", action="store_true", help="hybrid matching (embeds every claim: slow)")
    parser.add_argument(
        "--no-tracemalloc", dest="tracemalloc", action="store_false", help="skip B2's traced sync"
    )
    parser.add_argument("--fill-a", metavar="URL", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.fill_a:
        asyncio.run(fill_a(args.fill_a, args.verdicts, args.semantic))
        return
    with tempfile.TemporaryDirectory(prefix="tipline-partners-") as directory:
        asyncio.run(run(args, Path(directory)))


if __name__ == "__main__":
    main()
