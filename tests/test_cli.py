"""The `tipline` command as an operator uses it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app

SMALL_KB = Path(__file__).parent / "data" / "small_kb.jsonl"


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
    assert result.returncode == 1
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
    assert result.returncode == 1
    assert "line 7" in result.stderr and message in result.stderr


def test_a_file_in_the_wrong_encoding_is_refused(tmp_path, cli):
    bad = tmp_path / "cp1251.jsonl"
    bad.write_bytes('{"id": "x", "lang": "ru", "claim": "Бензин"}\n'.encode("cp1251"))
    result = cli("kb", "import", str(bad))
    assert result.returncode == 1 and "not UTF-8" in result.stderr


def test_the_sample_knowledge_base_loads(tmp_path, cli):
    result = cli("kb", "import", "--sample")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "tipline.db") as db:
        assert db.execute("select count(*) from verdicts").fetchone()[0] >= 40


def test_eval_runs_queries_through_the_pipeline_and_reports_every_metric(tmp_path, cli):
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        "\n".join(
            json.dumps(q, ensure_ascii=False)
            for q in [
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
        ),
        encoding="utf-8",
    )
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
    assert result.returncode == 1
    assert message in result.stderr and "nothing was evaluated" in result.stderr
    assert not kept.exists()
