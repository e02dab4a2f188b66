"""`tipline partners`: the newsrooms this one exchanges verdicts with (bot/services/partners.py); the
running bot follows what changes through the database."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli.common import fail, open_database, run_async, say, settings

partners_app = typer.Typer(
    help="Partners: newsrooms whose verdicts this one reads or serves.", no_args_is_help=True
)

TRUST_HELP = "auto: answers readers like an own verdict; suggest: offered as a choice only; off: search only."


def _trust(value: str):
    from knowledge.statuses import Trust

    try:
        return Trust(value.strip().lower())
    except ValueError:
        raise fail(f"--trust {value!r}: expected auto, suggest or off") from None


def _with_partners(work, config):
    """Run `work(partners)` against the configured database."""
    from bot.services.partners import Partners

    async def main():
        async with open_database(config) as sessionmaker:
            return await work(Partners(sessionmaker, config.newsroom_name, config.newsroom_country))

    return run_async(main(), config.database_url)


@partners_app.command("add")
def partners_add(
    name: str = typer.Argument(
        ..., help="The partner's name here (cards credit the publisher its feed names)."
    ),
    token_out: Path | None = typer.Option(
        None,
        "--token-out",
        help="Write the partner's feed token to this file (mode 600) instead of printing it.",
    ),
) -> None:
    """Give partner NAME a token to read this newsroom's feed (/partners/feed); a new token replaces the
    old one."""
    import os

    config = settings()
    token = _with_partners(lambda partners: partners.add(name.strip()), config)
    if token_out is None:
        say(token)
        return
    try:
        descriptor = os.open(token_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(token + "\n")
    except OSError as error:
        raise fail(f"{token_out}: cannot write ({error.strerror}); the token was not kept") from None
    say(f"{name}: a feed token written to {token_out}")


@partners_app.command("follow")
def partners_follow(
    name: str = typer.Argument(
        ..., help="The partner's name here (cards credit the publisher its feed names)."
    ),
    url: str = typer.Argument(..., help="The partner's feed, e.g. https://tipline.example.org/partners/feed"),
    token: str | None = typer.Option(None, "--token", help="The token the partner gave this newsroom."),
    trust: str = typer.Option("suggest", "--trust", help=TRUST_HELP),
) -> None:
    """Read partner NAME's verdicts from its feed at URL; the running bot syncs it within an interval."""
    from knowledge.partners import checked_address

    level = _trust(trust)
    try:
        checked_address(url, "URL")
    except ValueError as error:
        raise fail(str(error)) from None
    config = settings()
    changed = _with_partners(lambda partners: partners.follow(name.strip(), url, token, level), config)
    say(f"{name}: followed at {url}, trust {level}" + ("" if changed else " (already so)"))


@partners_app.command("trust")
def partners_set_trust(
    name: str = typer.Argument(...), trust: str = typer.Argument(..., help=TRUST_HELP)
) -> None:
    """Change how far partner NAME's verdicts are trusted."""
    from bot.services.partners import CLI_ACTOR

    level = _trust(trust)
    config = settings()
    changed = _with_partners(lambda partners: partners.set_trust(name, level, CLI_ACTOR), config)
    if changed is None:
        raise fail(f"{name}: no such partner (tipline partners list)")
    say(f"{name}: trust {changed[0]} -> {changed[1]}")


@partners_app.command("remove")
def partners_remove(name: str = typer.Argument(...)) -> None:
    """Forget partner NAME: its token stops working and its verdicts leave the knowledge base."""
    config = settings()
    removed = _with_partners(lambda partners: partners.remove(name), config)
    if removed is None:
        raise fail(f"{name}: no such partner (tipline partners list)")
    say(f"{name}: removed with its {removed} verdicts")


@partners_app.command("list")
def partners_list() -> None:
    """Each partner, a line: its trust, whether it reads this feed and is followed, its last sync, its
    verdicts and its errors."""
    config = settings()
    views = _with_partners(lambda partners: partners.overview(), config)
    if not views:
        say("no partners (tipline partners add NAME, tipline partners follow NAME URL)")
        return
    for view in views:
        parts = [f"trust {view.trust}"]
        if view.reads:
            parts.append("reads our feed")
        if view.follows:
            synced = view.synced_at.strftime("%Y-%m-%d %H:%M UTC") if view.synced_at else "never"
            parts.append(
                f"followed, last sync {synced}, {view.verdicts} verdicts ({view.withdrawn} withdrawn)"
            )
        if view.errors or view.skipped:
            parts.append(
                f"{view.errors} failed syncs, {view.skipped} records skipped, last: {view.last_error or '-'}"
            )
        say(f"{view.name}: " + "; ".join(parts))
