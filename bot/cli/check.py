"""`tipline check` and `tipline eval`: the reader pipeline run from the shell, once or over a query set."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from bot.cli.common import console, fail, plain, progress_bar, run_async, say, settings


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
    import time

    from bot.cli.kb import bad_records_line, read_import_file
    from knowledge.evaluation import Outcome, format_summary, load_queries, summarise
    from knowledge.formats import decode, parse, skipped_summary
    from knowledge.verdicts import RecordError

    if db is not None:
        from bot.settings import database_url

        try:
            db = database_url(db)
        except ValueError as error:
            raise fail(f"--db: {error}") from None
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
    records = parsed.records
    config = settings()

    from bot.services.container import open_services
    from bot.services.posts import assess

    async def main(url: str) -> tuple[list[Outcome], list[dict]]:
        rows = []
        async with open_services(config.model_copy(update={"database_url": url})) as services:
            with progress_bar("embedding") as bar:
                await services.kb.import_records(records, progress=bar)
            names = await services.kb.external_ids()
            outcomes = []
            for query in questions:
                began = time.perf_counter()
                result = await assess(services.kb, query.text, config.default_language)
                latency = (time.perf_counter() - began) * 1000
                ranked = tuple(names[m.verdict_id] for m in result.ranked)
                decision = result.decision
                auto = names[decision.matches[0].verdict_id] if decision.action == "auto" else None
                outcomes.append(
                    Outcome(
                        query.gold,
                        ranked,
                        decision.action,
                        auto,
                        query.kind,
                        query.lang,
                        latency,
                        result.ranked[0].score if result.ranked else 0.0,
                    )
                )
                rows.append(
                    {
                        "id": query.id,
                        "gold": list(query.gold),
                        "ranked": list(ranked[:10]),
                        "scores": [round(m.score, 4) for m in result.ranked[:10]],
                        "decision": decision.action,
                        "auto": auto,
                        "lang": result.lang,
                    }
                )
        return outcomes, rows

    if db:
        outcomes, rows = run_async(main(db), db)
    else:
        with tempfile.TemporaryDirectory(prefix="tipline-eval-") as directory:
            outcomes, rows = run_async(main(f"sqlite+aiosqlite:///{directory}/eval.db"))
    if run_out:
        try:
            run_out.write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
            )
        except OSError as error:
            raise fail(f"{run_out}: cannot write ({error.strerror})") from None
    summary = summarise(outcomes)
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(format_summary(summary))
