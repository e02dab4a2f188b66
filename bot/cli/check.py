"""`tipline check` and `tipline eval`: the reader pipeline run from the shell, once or over a query set."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bot.cli.common import console, fail, plain, progress_bar, run_async, say, settings

if TYPE_CHECKING:
    from bot.settings import Settings


def check(
    text: str,
    lang: str = typer.Option("en", "--lang", help="The reader's interface language."),
) -> None:
    """Run the reader pipeline once on TEXT and print what the reader would see (stores nothing)."""
    from bot.db.evidence import known_verdict
    from bot.i18n import Locales
    from bot.services.container import open_services
    from bot.services.posts import assess
    from bot.telegram.texts import rating_label, shorten, verdict_card
    from knowledge.links import extract_urls, post_keys
    from knowledge.matching import Decision, Match
    from knowledge.posts import Assessment, Signals

    config = settings()
    locales = Locales(default=config.default_language)
    t = locales[locales.resolve(lang)]

    async def main() -> None:
        async with open_services(config, embed_threads=1) as services:
            assessment = await assess(services.kb, text, t.lang)
            async with services.sessionmaker() as session:  # a link where a verdict's claim appeared
                hit = await known_verdict(session, Signals(links=post_keys(extract_urls(text))))
            if hit is not None:
                auto = Decision("auto", (Match(hit.verdict_id, 1.0, "", ""),))
                assessment = Assessment(assessment.lang, auto, True, assessment.ranked)
            decision = assessment.decision
            verdicts = await services.kb.verdicts([m.verdict_id for m in decision.matches])
        console.print(f"[dim]language: {assessment.lang}; decision: {decision.action}[/dim]")
        if not assessment.checkable:
            say(plain(t("nothing-to-check")))
        elif decision.action == "auto":
            say(plain(verdict_card(t, verdicts[decision.matches[0].verdict_id])))
        elif decision.action == "choose":
            say(plain(t("choose-intro")))
            for match in decision.matches:
                verdict = verdicts[match.verdict_id]
                label = shorten(f"{rating_label(t, verdict.rating)}: {verdict.claim_in(t.lang)}", 60)
                say(f"  [ {label} ]  ({match.score:.2f})")
            say(f"  [ {t('choose-none')} ]")
        else:
            say(plain(t("queued", id="…")))

    run_async(main(), config.database_url)


def read_evaluation(kb: Path, queries: Path) -> tuple[list, list]:
    """The verdicts of --kb and the queries of --queries, or one line naming why they cannot be used."""
    from bot.cli.kb import bad_records_line, read_import_file
    from knowledge.evaluation import load_queries
    from knowledge.formats import decode, parse, skipped_summary
    from knowledge.verdicts import RecordError

    try:
        parsed = parse(decode(read_import_file(kb, "nothing was evaluated")), "jsonl")
    except RecordError as error:
        raise fail(f"{kb}: {error}; nothing was evaluated") from None
    if parsed.errors:
        raise fail(bad_records_line(str(kb), parsed.errors, "nothing was evaluated"))
    if parsed.skipped:
        print(f"tipline: {kb}: {skipped_summary(parsed.skipped)}", file=sys.stderr)
    try:
        questions = load_queries(queries)
    except FileNotFoundError:
        raise fail(f"{queries}: no such file") from None
    except OSError as error:
        raise fail(f"{queries}: cannot be read ({error.strerror or error})") from None
    except ValueError as error:
        raise fail(f"{queries}: {error}; nothing was evaluated") from None
    return parsed.records, questions


async def run_evaluation(config: Settings, records: list, questions: list) -> tuple[list, list[dict]]:
    """Import the records into the database of `config`, then run every query through the reader
    pipeline: each query's outcome paired with the ranking of the matcher's embedding alone (the same
    embedding, kept by the embedder), and its row for --run-out."""
    from bot.services.container import open_services

    async with open_services(config) as services:
        with progress_bar("embedding") as bar:
            await services.kb.import_records(records, progress=bar)
        names = await services.kb.external_ids()
        languages = {r.external_id: frozenset(c.lang for c in r.claims) for r in records}
        measured = [await measure_query(services.kb, config, query, names, languages) for query in questions]
    return [paired for paired, _ in measured], [row for _, row in measured]


async def measure_query(kb, config: Settings, query, names: dict, languages: dict) -> tuple:
    """One query through the pipeline: (PairedOutcome, its --run-out row)."""
    import asyncio
    import time

    from bot.services.posts import assess
    from knowledge.baseline import PairedOutcome, language_group, language_of
    from knowledge.evaluation import Outcome

    began = time.perf_counter()
    result = await assess(kb, query.text, config.default_language)
    latency = (time.perf_counter() - began) * 1000
    ranked = tuple(names[m.verdict_id] for m in result.ranked)
    decision = result.decision
    auto = names[decision.matches[0].verdict_id] if decision.action == "auto" else None
    top = result.ranked[0].score if result.ranked else 0.0
    outcome = Outcome(query.gold, ranked, decision.action, auto, query.kind, query.lang, latency, top)
    embedded = kb.matcher.embedder is not None and result.ranked
    vector = await asyncio.to_thread(kb.matcher.embed_query, query.text) if embedded else None
    alone = tuple(names[m.verdict_id] for m in kb.matcher.embedding_ranking(vector, 10))
    group = language_group(language_of(query), query.gold or ranked[:1], languages)
    row = {
        "id": query.id,
        "gold": list(query.gold),
        "ranked": list(ranked[:10]),
        "scores": [round(m.score, 4) for m in result.ranked[:10]],
        "embedding_ranked": list(alone),
        "decision": decision.action,
        "auto": auto,
        "lang": result.lang,
        "language_group": group,
    }
    return PairedOutcome(outcome, alone, group), row


def evaluate(
    kb: Path = typer.Option(..., "--kb", help="Knowledge base, JSON Lines."),
    queries: Path = typer.Option(
        ..., "--queries", help='Queries, JSON Lines: {"id", "text", "gold": [ids], ...}.'
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    run_out: Path | None = typer.Option(
        None, "--run-out", help="Write each query's ranking and decision here."
    ),
    db: str | None = typer.Option(
        None, "--db", help="Import into (and keep) this database instead of a fresh one."
    ),
) -> None:
    """Measure matching on your own data, through the same pipeline the bot uses."""
    import json
    import tempfile

    from knowledge.baseline import below_embedding, format_paired, paired_summary
    from knowledge.evaluation import format_summary, summarise

    if db is not None:
        from bot.settings import database_url

        try:
            db = database_url(db)
        except ValueError as error:
            raise fail(f"--db: {error}") from None
    records, questions = read_evaluation(kb, queries)
    config = settings()
    if db:
        paired, rows = run_async(
            run_evaluation(config.model_copy(update={"database_url": db}), records, questions), db
        )
    else:
        with tempfile.TemporaryDirectory(prefix="tipline-eval-") as directory:
            fresh = config.model_copy(update={"database_url": f"sqlite+aiosqlite:///{directory}/eval.db"})
            paired, rows = run_async(run_evaluation(fresh, records, questions))
    if run_out:
        try:
            run_out.write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
            )
        except OSError as error:
            raise fail(f"{run_out}: cannot write ({error.strerror})") from None
    summary = summarise([p.outcome for p in paired])
    if any(p.embedding_ranked for p in paired):
        summary["by_language_group"] = paired_summary(paired)
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
        return
    print(format_summary(summary))
    if "by_language_group" in summary:
        print("same-language and cross-language queries, the full matcher beside its embedding alone:")
        print(format_paired(summary["by_language_group"]))
        for where in below_embedding(summary["by_language_group"]):
            print(f"below the embedding alone: {where}")
