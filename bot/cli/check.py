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


async def run_evaluation(
    config: Settings, records: list, questions: list, sweep: bool = False
) -> tuple[list, list[dict], list]:
    """Import the records into the database of `config`, then run every query through the reader
    pipeline: each query's outcome paired with the ranking of the matcher's embedding alone (the same
    embedding, kept by the embedder), its row for --run-out, and with `sweep` the decisions every
    automatic-answer threshold would give it (knowledge/thresholds.py)."""
    from bot.services.container import open_services

    async with open_services(config) as services:
        with progress_bar("embedding") as bar:
            await services.kb.import_records(records, progress=bar)
        names = await services.kb.external_ids()
        languages = {r.external_id: frozenset(c.lang for c in r.claims) for r in records}
        measured = [await measure_query(services.kb, config, query, names, languages) for query in questions]
        labelled = [await label_query(services.kb, query, names) for query in questions] if sweep else []
    return [paired for paired, _ in measured], [row for _, row in measured], labelled


async def label_query(kb, query, names: dict):
    """The query's ranking and, for each automatic-answer threshold tried, the verdict it would answer
    with automatically (the shipped thresholds otherwise)."""
    import asyncio
    from dataclasses import replace

    from knowledge.thresholds import AUTO_GRID, Labelled

    grid = [replace(kb.matcher.thresholds, auto=value) for value in AUTO_GRID]
    ranked, decisions = await asyncio.to_thread(kb.matcher.assess_under, query.text, grid)
    return Labelled(
        frozenset(query.gold),
        tuple((names[m.verdict_id], m.score) for m in ranked),
        tuple(names[d.matches[0].verdict_id] if d.action == "auto" else None for d in decisions),
    )


def threshold_lines(suggestion, in_use, target: float, confidence: float, choice_recall: float, count: int):
    """--suggest-thresholds, printed: what the data gives beside the thresholds in use."""

    def at(points, value):
        return min(points, key=lambda p: abs(p.threshold - value))

    def auto_line(label, p):
        return (
            f"  {label} {p.threshold:.2f}: precision {p.precision:.3f} (at least {p.lower:.3f} with "
            f"{confidence:.0%} confidence), recall {p.recall:.3f}, {p.answered} answered"
        )

    def choice_line(label, p):
        return (
            f"  {label} {p.threshold:.2f}: choices for {p.answered} posts, the right verdict among them for "
            f"{p.recall:.3f} of the answerable ones left ({p.precision:.3f} of the offers)"
        )

    lines = [
        f"thresholds from {count} labelled queries: automatic answers right at least {target:.2f} "
        f"with {confidence:.0%} confidence, choices holding the right verdict for {choice_recall:.2f}"
    ]
    if suggestion.auto is None:
        lines.append(f"  auto: none keeps the automatic answers right at {target:.2f} with that confidence")
    else:
        lines.append(auto_line("auto", suggestion.auto))
    lines.append(auto_line("in use, auto", at(suggestion.auto_curve, in_use.auto)))
    if suggestion.suggest is None:
        lines.append(f"  suggest: no threshold gives the choices a recall of {choice_recall:.2f}")
    else:
        lines.append(choice_line("suggest", suggestion.suggest))
    lines.append(choice_line("in use, suggest", at(suggestion.suggest_curve, in_use.suggest)))
    return lines


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


def evaluated(config: Settings, db: str | None, records: list, questions: list, sweep: bool) -> tuple:
    """run_evaluation in the database `db`, kept, or in a fresh one, removed after."""
    import tempfile

    if db:
        return run_async(
            run_evaluation(config.model_copy(update={"database_url": db}), records, questions, sweep), db
        )
    with tempfile.TemporaryDirectory(prefix="tipline-eval-") as directory:
        fresh = config.model_copy(update={"database_url": f"sqlite+aiosqlite:///{directory}/eval.db"})
        return run_async(run_evaluation(fresh, records, questions, sweep))


def evaluate(  # long: one typer option a line, ten of them
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
    suggest: bool = typer.Option(
        False,
        "--suggest-thresholds",
        help="Also print the auto and suggest thresholds this data supports (knowledge/thresholds.py).",
    ),
    target: float = typer.Option(
        0.98, "--target", min=0.5, max=1.0, help="Precision the automatic answers must keep."
    ),
    confidence: float = typer.Option(
        0.9, "--confidence", min=0.5, max=0.999, help="Confidence that they keep it."
    ),
    choice_recall: float = typer.Option(
        0.8,
        "--choice-recall",
        min=0.0,
        max=1.0,
        help="Share of the answerable posts not answered automatically whose choices hold the verdict.",
    ),
) -> None:
    """Measure matching on your own data, through the same pipeline the bot uses."""
    import json

    from bot.services.container import matching_thresholds
    from knowledge.baseline import below_embedding, format_paired, paired_summary
    from knowledge.evaluation import format_summary, summarise
    from knowledge.thresholds import suggest_thresholds

    if db is not None:
        from bot.settings import database_url

        try:
            db = database_url(db)
        except ValueError as error:
            raise fail(f"--db: {error}") from None
    records, questions = read_evaluation(kb, queries)
    config = settings()
    paired, rows, labelled = evaluated(config, db, records, questions, suggest)
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
    suggestion = suggest_thresholds(labelled, target, confidence, choice_recall) if suggest else None
    in_use = matching_thresholds(config)
    if suggestion is not None and as_json:
        summary["suggested_thresholds"] = {
            "target": target,
            "confidence": confidence,
            "choice_recall": choice_recall,
            **suggestion.as_json(),
            "in_use": {"auto": in_use.auto, "suggest": in_use.suggest},
        }
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
        return
    print(format_summary(summary))
    if suggestion is not None:
        lines = threshold_lines(suggestion, in_use, target, confidence, choice_recall, len(labelled))
        print("\n".join(lines))
    if "by_language_group" in summary:
        print("same-language and cross-language queries, the full matcher beside its embedding alone:")
        print(format_paired(summary["by_language_group"]))
        for where in below_embedding(summary["by_language_group"]):
            print(f"below the embedding alone: {where}")
