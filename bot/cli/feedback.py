"""`tipline feedback export`: readers' 👍 / 👎 as `tipline eval` queries, so a newsroom measures its
thresholds on its own traffic."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli.common import fail, open_database, run_async, say, settings

feedback_app = typer.Typer(help="Readers' feedback on the answers they got.", no_args_is_help=True)


def feedback_queries(rows: list, declined: list) -> tuple[list[dict], int]:
    """The `tipline eval` queries of rated answers and declined choices, and how many ratings were left
    out (a 👎 that does not say whether the match was wrong)."""
    from knowledge.evaluation import feedback_gold

    queries, left_out = [], 0
    for row in rows:
        gold = feedback_gold(row.value, row.reason, row.verdict)
        if gold is None:
            left_out += 1
            continue
        queries.append(
            {
                "id": f"feedback-{row.id}",
                "text": row.text,
                "gold": list(gold),
                "lang": row.lang,
                "kind": row.kind,
                "answered": row.verdict,
                "value": row.value,
                "reason": row.reason,
                "decision": row.decision,
                "score": row.score,
            }
        )
    for row in declined:
        queries.append(
            {
                "id": f"declined-{row.request_id}",
                "text": row.text,
                "gold": [row.verdict] if row.verdict else [],
                "lang": row.lang,
                "kind": "declined",
                "decision": "choose",
                "score": row.score,
            }
        )
    return queries, left_out


@feedback_app.command("export")
def feedback_export(
    file: Path = typer.Argument(..., help="Where to write the queries (JSON Lines)."),
) -> None:
    """Write the feedback as `tipline eval` queries: 👍 (or 👎 "the verdict is wrong") makes the verdict
    the gold, 👎 "another claim" an empty gold; a 👎 without either reason is left out. A post whose
    reader said none of the choices answers it is a query too: its gold is the verdict the desk answered
    it with, or none."""
    import json
    import os

    from bot.db.feedback import declined_choices, feedback_rows

    config = settings()

    async def load() -> tuple[list, list]:
        async with open_database(config) as sessionmaker, sessionmaker() as session:
            return list(await feedback_rows(session)), list(await declined_choices(session))

    rows, declined = run_async(load(), config.database_url)
    queries, left_out = feedback_queries(rows, declined)
    lines = [json.dumps(query, ensure_ascii=False) + "\n" for query in queries]
    partial = file.with_name(f".{file.name}.partial")
    try:
        partial.write_text("".join(lines), encoding="utf-8")
        os.replace(partial, file)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise fail(f"{file}: cannot write ({error.strerror})") from None
    say(
        f"{file}: {len(lines)} queries written ({len(rows) - left_out} rated answers, {len(declined)} "
        f"declined choices; {left_out} left out: a 👎 that does not say whether the match was wrong); "
        "measure them with `tipline kb export kb.jsonl` and "
        f"`tipline eval --kb kb.jsonl --queries {file}`"
    )
