"""`tipline feedback export` and `tipline eval --suggest-thresholds`: readers' feedback as evaluation
queries, and the thresholds a labelled set supports, measured on the regional set with its gold labels
standing in for readers (the README's example)."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import select

from bot.db.engine import create_engine, create_sessionmaker
from bot.db.models import Feedback, Request, Tip, Verdict
from knowledge.matching import Thresholds
from tests.cli.test_cli import SMALL_KB, InProcess
from tests.conftest import shared_data

WATER = "Говорят, вода из крана в Алматы отравлена хлором"
BRIDGE = "A video shows the Ili bridge falling down on day one"
PENSION = "Пенсии удвоят со следующего месяца?"
ELSEWHERE = "В Бишкеке с понедельника бесплатный проезд в автобусах"
VAGUE = "Это правда про воду?"


@pytest.fixture
def cli(tmp_path, monkeypatch) -> InProcess:
    cli = InProcess(tmp_path, monkeypatch)
    monkeypatch.setenv("TIPLINE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}")
    return cli


async def rated_traffic(url: str) -> None:
    """What readers did: 👍 on an automatic answer, 👎 "another claim" on one, 👎 "the verdict is wrong"
    on a picked one, a 👎 with no reason, and "none of these" on a choice the desk answered later."""
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker() as session:
        ids = dict((await session.execute(select(Verdict.external_id, Verdict.id))).all())
        answered_tip = Tip(
            text=ELSEWHERE, fingerprint="f", lang="ru", status="answered", verdict_id=ids["t-kk-pension"]
        )
        session.add(answered_tip)
        await session.flush()
        rated = [
            (WATER, "auto", ids["t-ru-water"], "up", None, 0.93),
            (BRIDGE, "auto", ids["t-ru-water"], "down", "another_claim", 0.7),
            (PENSION, "picked", ids["t-kk-pension"], "down", "wrong_verdict", 0.5),
            (VAGUE, "auto", ids["t-ru-water"], "down", None, 0.66),
        ]
        for n, (text, kind, verdict, value, reason, score) in enumerate(rated, start=1):
            request = Request(
                chat_id=100 + n,
                message_id=n,
                decision="auto" if kind == "auto" else "choose",
                verdict_id=verdict,
                lang="ru",
                score=score,
                text=text,
                payload={},
            )
            session.add(request)
            await session.flush()
            session.add(
                Feedback(
                    chat_id=100 + n,
                    verdict_id=verdict,
                    kind=kind,
                    value=value,
                    lang="ru",
                    reason=reason,
                    request_id=request.id,
                )
            )
        session.add(
            Request(
                chat_id=200,
                message_id=1,
                decision="choose",
                lang="ru",
                score=0.4,
                text=ELSEWHERE,
                payload={},
                tip_id=answered_tip.id,
            )
        )
        await session.commit()
    await engine.dispose()


def test_feedback_becomes_queries_that_eval_measures(tmp_path, cli):
    assert cli("kb", "import", str(SMALL_KB)).returncode == 0
    asyncio.run(rated_traffic(f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}"))
    out = tmp_path / "feedback.jsonl"
    result = cli("feedback", "export", str(out))
    assert result.returncode == 0, result.stderr
    assert "4 queries written (3 rated answers, 1 declined choices; 1 left out" in result.stdout
    queries = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(q["text"], q["gold"], q["kind"]) for q in queries] == [
        (WATER, ["t-ru-water"], "auto"),
        (BRIDGE, [], "auto"),
        (PENSION, ["t-kk-pension"], "picked"),
        (ELSEWHERE, ["t-kk-pension"], "declined"),
    ]
    assert cli("kb", "export", str(tmp_path / "kb.jsonl")).returncode == 0
    measured = cli(
        "eval", "--kb", str(tmp_path / "kb.jsonl"), "--queries", str(out), "--json", "--suggest-thresholds"
    )
    assert measured.returncode == 0, measured.stderr
    summary = json.loads(measured.stdout.strip().splitlines()[-1])
    assert (summary["queries"], summary["negatives"]) == (3, 1)  # the 👎 "another claim" has no gold
    assert set(summary["by_kind"]) == {"auto", "picked", "declined"}
    suggested = summary["suggested_thresholds"]
    assert suggested["auto"] is None  # four queries certify nothing
    assert suggested["in_use"] == {"auto": Thresholds().auto, "suggest": Thresholds().suggest}


def test_suggest_thresholds_recovers_the_shipped_ones_on_the_regional_set(tmp_path, cli, monkeypatch):
    verdicts = shared_data("regional", "verdicts.jsonl")
    queries = shared_data("regional", "queries.jsonl")
    monkeypatch.setenv("TIPLINE_SEMANTIC", "true")
    result = cli("eval", "--kb", str(verdicts), "--queries", str(queries), "--json", "--suggest-thresholds")
    assert result.returncode == 0, result.stderr
    suggested = json.loads(result.stdout.strip().splitlines()[-1])["suggested_thresholds"]
    shipped = Thresholds()
    assert abs(suggested["auto"]["threshold"] - shipped.auto) <= 0.05, suggested
    assert abs(suggested["suggest"]["threshold"] - shipped.suggest) <= 0.05, suggested
    assert suggested["auto"]["lower"] >= 0.98


def test_stats_prints_the_ratings_by_language_and_kind(tmp_path, cli):
    assert cli("kb", "import", str(SMALL_KB)).returncode == 0
    asyncio.run(rated_traffic(f"sqlite+aiosqlite:///{tmp_path / 'tipline.db'}"))
    result = cli("stats", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    feedback = figures["feedback"]
    assert (feedback["count"], feedback["up"], feedback["down"]) == (4, 1, 3)
    assert feedback["by_kind"]["auto"] == {
        "count": 3,
        "up": 1,
        "down": 2,
        "up_rate": 0.3333,
        "down_rate": 0.6667,
    }
    assert feedback["by_kind"]["picked"]["down_rate"] == 1.0
    assert feedback["by_lang"] == {"ru": {"count": 4, "up": 1, "down": 3, "up_rate": 0.25, "down_rate": 0.75}}
    assert figures["received"] == 5 and figures["auto"] == 3
    assert figures["returning_readers"] == {"days": 30, "returned": 0, "readers": 0, "share": None}
    plain = cli("stats")
    assert plain.returncode == 0 and "ratings: 4 (up 25%, down 75%)" in plain.stdout


def test_explainers_are_imported_exported_and_a_bad_file_changes_nothing(tmp_path, cli):
    good = tmp_path / "explainers.jsonl"
    lines = [
        {
            "id": "cures",
            "lang": "ru",
            "title": "Чудо-лекарства",
            "text": "Кто это проверял?",
            "questions": ["Чеснок?"],
        },
        {"id": "cures", "lang": "en", "title": "Miracle cures", "text": "Who tested it?"},
    ]
    good.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), "utf-8")
    result = cli("explainers", "import", str(good))
    assert result.returncode == 0, result.stderr
    assert "2 explainers created, 0 updated, 0 unchanged" in result.stdout
    assert "0 updated, 2 unchanged" in cli("explainers", "import", str(good)).stdout
    out = tmp_path / "out.jsonl"
    assert cli("explainers", "export", str(out)).returncode == 0
    assert [json.loads(line)["title"] for line in out.read_text("utf-8").splitlines()] == [
        "Чудо-лекарства",
        "Miracle cures",
    ]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({**lines[0], "title": "Changed"}) + "\n" + '{"id": "x", "lang": "fr"}\n', "utf-8"
    )
    refused = cli("explainers", "import", str(bad))
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        f"tipline: {bad}: line 2: 'lang' must be one of en, ru, kk, uz, ky, tg, az, tr; nothing was imported"
    ]
    assert cli("explainers", "export", str(out)).returncode == 0
    assert "Changed" not in out.read_text("utf-8")
