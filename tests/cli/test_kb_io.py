"""`tipline kb import` and `tipline kb export` with every format, against a real database."""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.engine import create_engine, create_sessionmaker, upgrade
from bot.db.models import Claim
from bot.services.verdict_records import stored_records
from bot.settings import load_settings
from bot.telegram.runtime import open_services
from knowledge.formats import read_claimreview
from knowledge.verdicts import VerdictRecord
from tests.cli.test_cli import InProcess, tipline
from tests.knowledge.test_formats import comparable

DATA = Path(__file__).parents[1] / "data"
FEEDS = [
    "small_kb.jsonl",
    "claimreview_graph.jsonld",
    "claimreview_single.json",
    "claimreview_list.json",
    "factcheck_api.json",
    "verdicts.csv",
]


@pytest.fixture
def cli(tmp_path, monkeypatch) -> InProcess:
    return InProcess(tmp_path, monkeypatch)


def stored(url: str) -> list[VerdictRecord]:
    async def main() -> list[VerdictRecord]:
        engine = create_engine(url)
        try:
            await upgrade(engine)
            return await stored_records(create_sessionmaker(engine))
        finally:
            await engine.dispose()

    return asyncio.run(main())


def verdict_count(directory: Path) -> int:
    if not (directory / "tipline.db").exists():
        return 0
    with sqlite3.connect(directory / "tipline.db") as db:
        tables = {row[0] for row in db.execute("select name from sqlite_master where type = 'table'")}
        return db.execute("select count(*) from verdicts").fetchone()[0] if "verdicts" in tables else 0


@pytest.mark.parametrize(
    ("feed", "count"),
    [
        ("claimreview_graph.jsonld", 3),
        ("claimreview_list.json", 2),
        ("factcheck_api.json", 3),
        ("verdicts.csv", 2),
    ],
)
def test_importing_the_same_feed_twice_changes_nothing(cli, feed, count):
    first = cli("kb", "import", str(DATA / feed))
    assert first.returncode == 0, first.stderr
    assert f"{count} new, 0 updated, 0 unchanged" in first.stdout
    again = cli("kb", "import", str(DATA / feed))
    assert f"0 new, 0 updated, {count} unchanged" in again.stdout


def test_a_feed_updates_the_verdict_with_its_url_and_keeps_its_id(tmp_path, cli):
    assert cli("kb", "import", str(DATA / "small_kb.jsonl")).returncode == 0
    feed = tmp_path / "feed.jsonld"
    feed.write_text(
        json.dumps(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": "https://factcheck.example/test-ili-bridge",
                "claimReviewed": (
                    "The new bridge over the Ili river collapsed on its opening day and was hushed up."
                ),
                "inLanguage": "en",
                "reviewRating": {"@type": "Rating", "alternateName": "Misleading"},
                "itemReviewed": {
                    "@type": "Claim",
                    "appearance": [{"url": "https://social.example/posts/77"}],
                },
            }
        ),
        encoding="utf-8",
    )
    result = cli("kb", "import", str(feed))
    assert "0 new, 1 updated, 0 unchanged" in result.stdout, result.stdout + result.stderr
    bridge = next(
        r for r in stored(f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}") if r.url == feed_url(feed)
    )
    assert (bridge.external_id, bridge.rating) == ("t-en-bridge", "misleading")
    assert bridge.appearances == ["https://social.example/posts/77"]
    assert "0 new, 0 updated, 1 unchanged" in cli("kb", "import", str(feed)).stdout


def feed_url(path: Path) -> str:
    return json.loads(path.read_text(encoding="utf-8"))["url"]


def test_dry_run_reports_every_bad_record_and_stores_nothing(tmp_path, cli):
    feed = json.loads((DATA / "claimreview_graph.jsonld").read_text(encoding="utf-8"))
    reviews = [node for node in feed["@graph"] if node["@type"] == "ClaimReview"]
    del reviews[0]["claimReviewed"]
    reviews[1]["reviewRating"]["alternateName"] = "Полная чушь"
    del reviews[2]["url"]
    bad = tmp_path / "bad.jsonld"
    bad.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    result = cli("kb", "import", "--dry-run", str(bad))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3, result.stderr
    assert "record 3: missing 'claimReviewed'" in lines[0]
    assert "record 4: unknown rating 'Полная чушь'" in lines[1]
    assert "record 5: missing 'url'" in lines[2]
    assert "0 verdicts read, 3 bad" in result.stdout
    assert verdict_count(tmp_path) == 0

    real = cli("kb", "import", str(bad))
    assert real.returncode == 2
    [line] = real.stderr.strip().splitlines()
    assert line.startswith(f"tipline: {bad}: 3 bad records: record 3: missing 'claimReviewed'")
    assert "record 4: unknown rating" in line and "record 5: missing 'url'" in line
    assert line.endswith("; nothing was imported")
    assert verdict_count(tmp_path) == 0

    good = cli("kb", "import", "--dry-run", str(DATA / "claimreview_graph.jsonld"))
    assert good.returncode == 0 and "3 verdicts read, 0 bad" in good.stdout
    assert verdict_count(tmp_path) == 0


def big_jsonl(path: Path, count: int, broken: int) -> None:
    lines = [
        json.dumps(
            {
                "id": f"gen-{i}",
                "lang": "en",
                "claim": f"Generated claim number {i} about the river bridge",
                "rating": "false",
                "url": f"https://factcheck.example/gen/{i}",
            }
        )
        for i in range(1, count + 1)
    ]
    lines[broken - 1] = lines[broken - 1][: len(lines[broken - 1]) // 2]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_10000_record_file_with_one_broken_line_stores_nothing(tmp_path):
    big = tmp_path / "big.jsonl"
    big_jsonl(big, 10_000, broken=5001)
    result = tipline("kb", "import", str(big), cwd=tmp_path)
    assert result.returncode == 2
    assert "line 5001: not JSON" in result.stderr and "nothing was imported" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert verdict_count(tmp_path) == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("feed.json", "<!doctype html><p>Not found</p>", "line 1: not JSON"),
        (
            "feed.jsonld",
            '{"@type": "ClaimReview", "url": "https://factcheck.example/a"}',
            "missing 'claimReviewed'",
        ),
        ("feed.jsonld", '{"@type": "ClaimReview", "claimReviewed": "c"}', "record 1: missing 'url'"),
        (
            "feed.jsonld",
            '[{"@type": "ClaimReview", "claimReviewed": "c", "url": "https://factcheck.example/a", '
            '"reviewRating": {"alternateName": "Kinda"}}]',
            "record 1: unknown rating 'Kinda'",
        ),
        ("kb.csv", "id,claim,rating\na,c,Kinda\n", "row 2: unknown rating 'Kinda'"),
        ("kb.csv", "id,lang,claim\na,ru,\n", "row 2: missing 'claim'"),
        (
            "search.json",
            '{"claims": [{"text": "c", "claimReview": [{"textualRating": "False"}]}]}',
            "claims[0].claimReview[0]: missing 'url'",
        ),
    ],
)
def test_bad_files_are_named_and_nothing_is_stored(tmp_path, cli, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = cli("kb", "import", str(path))
    assert result.returncode == 2
    assert message in result.stderr and "nothing was imported" in result.stderr, result.stderr
    assert verdict_count(tmp_path) == 0


def test_files_in_a_wrong_encoding_are_refused_with_the_line(tmp_path, cli):
    sheet = tmp_path / "kb.csv"
    sheet.write_bytes("id,lang,claim\na,ru,Бензин подорожает\n".encode("cp1251"))
    result = cli("kb", "import", str(sheet))
    assert result.returncode == 2
    assert "line 2: not UTF-8" in result.stderr
    with_bom = tmp_path / "bom.csv"
    with_bom.write_bytes("id,lang,claim\na,ru,Бензин подорожает\n".encode("utf-8-sig"))
    assert "1 new" in cli("kb", "import", str(with_bom)).stdout


def test_the_format_can_be_forced_and_a_wrong_one_is_named(tmp_path, cli):
    result = cli("kb", "import", "--format", "csv", str(DATA / "claimreview_single.json"))
    assert result.returncode == 2 and "row 1" in result.stderr
    result = cli("kb", "import", "--format", "xml", str(DATA / "claimreview_single.json"))
    assert result.returncode == 2 and "--format must be" in result.stderr
    forced = cli("kb", "import", "--format", "factcheck-api", str(DATA / "factcheck_api.json"))
    assert "3 new" in forced.stdout


def test_a_ratings_file_maps_words_from_the_option_or_the_setting(tmp_path, cli, monkeypatch):
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            [
                {
                    "@type": "ClaimReview",
                    "url": "https://factcheck.example/r",
                    "claimReviewed": "c",
                    "reviewRating": {"alternateName": "Ишонарсиз"},
                }
            ]
        ),
        encoding="utf-8",
    )
    table = tmp_path / "ratings.json"
    table.write_text(json.dumps({"Ишонарсиз": "unproven"}, ensure_ascii=False), encoding="utf-8")
    assert "unknown rating 'Ишонарсиз'" in cli("kb", "import", str(feed)).stderr
    dry = cli("kb", "import", "--dry-run", "--ratings", str(table), str(feed))
    assert dry.returncode == 0 and "1 verdicts read, 0 bad" in dry.stdout
    monkeypatch.setenv("TIPLINE_RATINGS_FILE", str(table))
    result = cli("kb", "import", str(feed))
    assert "1 new" in result.stdout, result.stderr
    assert stored(f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}")[0].rating == "unproven"
    table.write_text('{"Ишонарсиз": "doubtful"}', encoding="utf-8")
    broken = cli("kb", "import", str(feed))
    assert (
        broken.returncode == 2
        and "TIPLINE_RATINGS_FILE" in broken.stderr
        and "not one of false" in broken.stderr
    )
    refused = cli("kb", "import", "--ratings", str(table), str(feed))
    assert refused.returncode == 2 and "'Ишонарсиз' maps to 'doubtful'" in refused.stderr


def test_every_export_imported_into_a_fresh_database_is_the_same_knowledge_base(tmp_path, cli, monkeypatch):
    for feed in FEEDS:
        result = cli("kb", "import", str(DATA / feed))
        assert result.returncode == 0, f"{feed}: {result.stderr}"
    original = stored(f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}")
    assert len(original) == 6 + 3 + 1 + 2 + 3 + 2

    for extension in ("jsonld", "csv", "jsonl"):
        export = tmp_path / f"export.{extension}"
        result = cli("kb", "export", str(export))
        assert result.returncode == 0, result.stderr
        assert f"{len(original)} verdicts written" in result.stdout
    assert (
        f"0 new, 0 updated, {len(original)} unchanged"
        in cli("kb", "import", str(tmp_path / "export.csv")).stdout
    )

    for extension in ("jsonld", "csv", "jsonl"):
        fresh = f"sqlite+aiosqlite:///{tmp_path / f'fresh-{extension}.db'}"
        monkeypatch.setenv("TIPLINE_DATABASE_URL", fresh)
        result = cli("kb", "import", str(tmp_path / f"export.{extension}"))
        assert f"{len(original)} new" in result.stdout, result.stderr
        assert [comparable(r) for r in stored(fresh)] == [comparable(r) for r in original], extension


def test_export_format_is_named_or_taken_from_the_extension(tmp_path, cli):
    assert cli("kb", "import", str(DATA / "claimreview_single.json")).returncode == 0
    unknown = cli("kb", "export", str(tmp_path / "kb.xlsx"))
    assert unknown.returncode == 2 and "--format" in unknown.stderr
    forced = cli("kb", "export", "--format", "jsonl", str(tmp_path / "kb.txt"))
    assert forced.returncode == 0
    assert json.loads((tmp_path / "kb.txt").read_text(encoding="utf-8"))["lang"] == "az"


def test_claimreview_export_refuses_verdicts_without_url(tmp_path, cli):
    kb = tmp_path / "kb.jsonl"
    kb.write_text('{"id": "no-url", "lang": "en", "claim": "A claim without a page"}\n', encoding="utf-8")
    assert cli("kb", "import", str(kb)).returncode == 0
    result = cli("kb", "export", str(tmp_path / "kb.jsonld"))
    assert result.returncode == 2 and "'no-url' has no URL" in result.stderr
    assert not (tmp_path / "kb.jsonld").exists()


async def test_new_verdicts_get_their_vectors_during_the_import(tmp_path):
    settings = load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}", semantic=True)
    records = read_claimreview((DATA / "claimreview_list.json").read_text(encoding="utf-8"))
    async with open_services(settings) as services:
        if services.kb.embedder is None:
            pytest.skip("the semantic extra is not installed")
        report = await services.kb.import_records(records)
        assert (report.created, report.embedded) == (2, 2)
        async with services.sessionmaker() as session:
            claims = (await session.scalars(select(Claim))).all()
        assert len(claims) == 2
        assert all(c.vector is not None and c.vector_model == services.kb.embedder.name for c in claims)
        match = (await services.kb.search("the flu vaccine has a tracking chip", 1))[0]
        verdict = (await services.kb.verdicts([match.verdict_id]))[match.verdict_id]
        assert verdict.url == "https://factcheck.example/en/2026/01/vaccine-chip"


def test_a_csv_export_opens_in_a_spreadsheet_without_running_formulas(tmp_path, cli, monkeypatch):
    hostile = [
        {"id": "f1", "lang": "en", "claim": "=cmd|' /C calc'!A0", "summary": "+1", "publisher": "-1+2"},
        {
            "id": "f2",
            "lang": "en",
            "claim": "@SUM(1)",
            "title": "=1+1",
            "url": "https://factcheck.example/f2",
        },
    ]
    feed = tmp_path / "hostile.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in hostile), encoding="utf-8")
    assert cli("kb", "import", str(feed)).returncode == 0
    assert cli("kb", "export", str(tmp_path / "kb.csv")).returncode == 0

    with (tmp_path / "kb.csv").open(encoding="utf-8", newline="") as sheet:
        rows = list(csv.DictReader(sheet))
    assert [(r["claim"], r["summary"], r["publisher"], r["title"]) for r in rows] == [
        ("'=cmd|' /C calc'!A0", "'+1", "'-1+2", ""),
        ("'@SUM(1)", "", "", "'=1+1"),
    ]
    assert not [cell for r in rows for cell in r.values() if cell.startswith(("=", "+", "-", "@"))]

    original = stored(f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}")
    fresh = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("TIPLINE_DATABASE_URL", fresh)
    assert "2 new" in cli("kb", "import", str(tmp_path / "kb.csv")).stdout
    assert [comparable(r) for r in stored(fresh)] == [comparable(r) for r in original]
    assert original[0].claim == "=cmd|' /C calc'!A0"


async def stored_state(sessionmaker) -> tuple:
    """Every row an import could write: verdicts with their update times, claims with their vectors,
    and the change feed."""
    from sqlalchemy import text

    async with sessionmaker() as session:
        verdicts = (await session.execute(text("select id, updated_at from verdicts order by id"))).all()
        claims = (
            await session.execute(text("select id, vector, vector_model from claims order by id"))
        ).all()
        changes = (await session.execute(text("select id, verdict_id from kb_changes order by id"))).all()
    return [tuple(r) for r in verdicts], [tuple(r) for r in claims], [tuple(r) for r in changes]


async def test_importing_what_is_stored_writes_nothing(database_url):
    from knowledge.verdicts import read_jsonl

    settings = load_settings(database_url=database_url, semantic=True)
    with (DATA / "small_kb.jsonl").open(encoding="utf-8") as lines:
        records = list(read_jsonl(lines))
    async with open_services(settings) as services:
        first = await services.kb.import_records(records)
        assert (first.created, first.updated, first.unchanged) == (6, 0, 0)
        before = await stored_state(services.sessionmaker)
        again = await services.kb.import_records(records)
        exported = await services.kb.import_records(await stored_records(services.sessionmaker))
        after = await stored_state(services.sessionmaker)
        phrasings = len(services.kb.matcher)
    assert (again.created, again.updated, again.unchanged, again.embedded) == (0, 0, 6, 0)
    assert (exported.created, exported.updated, exported.unchanged, exported.embedded) == (0, 0, 6, 0)
    assert after == before, "no verdict rewritten, no claim re-embedded, nothing new in the change feed"
    assert phrasings == 6
