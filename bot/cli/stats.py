"""`tipline stats`: the figures editors see with /stats, for a script or a dashboard."""

from __future__ import annotations

import typer

from bot.cli.common import open_database, run_async, say, settings


def stats(as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Print the tip-line's figures: posts, automatic answers, the queue, readers' ratings by language
    and by how the answer reached them, status messages sent, readers who came back within 30 days."""
    import json

    from bot.services.desk.stats import desk_stats

    config = settings()

    async def load():
        async with open_database(config) as sessionmaker, sessionmaker() as session:
            return await desk_stats(session)

    figures = run_async(load(), config.database_url).as_json()
    if as_json:
        print(json.dumps(figures, ensure_ascii=False))
        return
    feedback, returning = figures["feedback"], figures["returning_readers"]
    say(f"posts received: {figures['received']}, answered automatically: {figures['auto']}")
    say(f"open tips: {sum(figures['queue'].values())} {figures['queue']}")
    median = figures["median_minutes_to_verdict"]
    say(f"median minutes to a verdict: {'-' if median is None else round(median)}")
    say(f"ratings: {feedback['count']} (up {feedback['up_rate']:.0%}, down {feedback['down_rate']:.0%})")
    for group in ("by_kind", "by_lang"):
        for name, r in feedback[group].items():
            say(f"  {name}: {r['count']} (up {r['up_rate']:.0%}, down {r['down_rate']:.0%})")
    say(f"status messages sent: {figures['status_messages']}")
    share = "-" if returning["share"] is None else f"{returning['share']:.0%}"
    say(
        f"readers who came back within {returning['days']} days: {share} "
        f"({returning['returned']} of {returning['readers']})"
    )
    say(f"failed updates: {figures['failed_updates']}, messages in doubt: {figures['unknown_messages']}")
