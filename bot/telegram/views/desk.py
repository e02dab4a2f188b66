"""What the checkers' chat shows: a tip's card, the queue, a tip's history, the channels behind a claim,
the verdict dialog's preview; all in the desk's language (TIPLINE_DESK_LANGUAGE)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.db.models import AuditEntry, Tip, Verdict, as_utc
from bot.i18n import Translator
from bot.services.desk.clusters import RisingMatch
from bot.services.desk.stats import Ratings, Stats
from bot.services.limits import senders_line
from bot.services.signals import Source, sources
from bot.telegram.texts import rating_label, shorten
from knowledge.explainers import ExplainerRecord
from knowledge.language import LANGUAGE_NAMES
from knowledge.normalise import has_letters
from knowledge.posts import files_of
from knowledge.statuses import NoteKind, TipProgress, TipStatus

if TYPE_CHECKING:
    from bot.telegram.desk import Desk

NEAREST = 3
MIN_NEAREST = 0.01
"""Verdicts scoring lower are noise, not worth a checker's glance."""
LONGEST = 4000
"""A desk message is cut to this many characters (Telegram allows 4096)."""


def origin_link(origin: dict | None) -> str | None:
    """The forwarded post as HTML: the channel's title, linked to the post when Telegram gave enough."""
    if not origin:
        return None
    title = origin.get("title") or origin.get("name")
    if not title:
        return None
    url = None
    if origin.get("type") == "channel" and origin.get("message_id"):
        if origin.get("username"):
            url = f"https://t.me/{origin['username']}/{origin['message_id']}"
        elif str(origin.get("chat_id", "")).startswith("-100"):
            url = f"https://t.me/c/{str(origin['chat_id'])[4:]}/{origin['message_id']}"
    label = html.escape(shorten(title, 80))
    return f'<a href="{html.escape(url)}">{label}</a>' if url else label


def when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    return as_utc(moment).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def verdict_lines(t: Translator, verdicts: Sequence[tuple[Verdict, float | None]]) -> list[str]:
    lines = []
    for verdict, score in verdicts:
        claim = html.escape(shorten(verdict.claim_in(t.lang), 120))
        score_text = f" · {score:.2f}" if score is not None else ""
        partner = ""
        if verdict.partner_id is not None:
            partner = " · 🤝 " + t("desk-card-partner", partner=shorten(verdict.publisher or "?", 60))
        lines.append(f"• {rating_label(t, verdict.rating)} <i>#{verdict.id}</i> {claim}{score_text}{partner}")
    return lines


def tip_summary(tip: Tip) -> str:
    """The tip's text, or the kind of media it is when it has no words."""
    return tip.text if has_letters(tip.text) else (tip.payload or {}).get("media", "")


def _quoted_text(t: Translator, tip: Tip, payload: dict) -> str:
    files = files_of(payload)
    if has_letters(tip.text):
        text = tip.text
    elif len(files) > 1:
        text = t("desk-card-album", count=len(files))
    elif payload.get("media") == "post":
        text = t("desk-card-unseen-post")
    else:
        text = t("desk-card-media", kind=payload.get("media", "?"))
    return f"<blockquote>{html.escape(shorten(text, 1500))}</blockquote>"


async def _outcome_lines(desk: Desk, t: Translator, tip: Tip) -> list[str]:
    """The nearest verdicts of an open tip, or how it was closed."""
    if tip.status == TipStatus.QUEUED:
        nearest = []
        if has_letters(tip.text):
            matches = await desk.kb.search(tip.text, NEAREST)
            found = await desk.kb.verdicts([m.verdict_id for m in matches])
            nearest = [
                (found[m.verdict_id], m.score)
                for m in matches
                if m.verdict_id in found and m.score >= MIN_NEAREST
            ]
        lines = [t("desk-card-nearest") if nearest else t("desk-card-no-nearest"), *verdict_lines(t, nearest)]
        rising = await desk.rising_at_partners(tip)
        if rising is not None:
            lines.append(rising_line(t, rising))
        return lines
    if tip.status == TipStatus.ANSWERED:
        return [t("desk-card-answered", verdict=str(tip.verdict_id or ""))]
    if tip.status == TipStatus.REJECTED:
        return [t("desk-card-rejected", reason=t(f"desk-reason-{tip.reject_reason or 'spam'}"))]
    return []


def disputed_line(t: Translator, disputed: dict) -> str:
    """A tip a reader sent back with 👎: the verdict they were answered with, how, its score, and why."""
    score = disputed.get("score")
    reason = disputed.get("reason")
    return t(
        "desk-card-disputed",
        verdict=str(disputed.get("verdict", "")),
        kind=t(f"desk-answer-{disputed.get('kind') or 'auto'}"),
        score=f"{score:.2f}" if isinstance(score, int | float) else "—",
        reason=t(f"feedback-reason-{reason}") if reason else "—",
    )


def note_line(t: Translator, note: dict) -> str:
    """A reader's note on the tip: where they saw it, or what is wrong with the answer they got."""
    key = "desk-card-note" if note.get("kind") == NoteKind.DISPUTE else "desk-card-seen-at"
    return t(key, text=shorten(str(note.get("text", "")), 200))


async def card_text(desk: Desk, tip: Tip) -> str:
    """The tip's card: who asked and how often, what they sent, and the nearest verdicts or the outcome."""
    t = desk.t
    lines = [t("desk-card-title", id=str(tip.id), demand=tip.demand)]
    payload = tip.payload or {}
    meta = [t("desk-card-language", lang=tip.lang)]
    origin = origin_link(payload.get("forward_origin"))
    if origin:
        label = "desk-card-quoted" if payload.get("origin_kind") == "quote" else "desk-card-origin"
        meta.append(t(label) + " " + origin)
    lines.append(" · ".join(meta))
    lines.append(t("desk-card-seen", first=when(tip.first_seen_at), last=when(tip.last_seen_at)))
    sent_by = await senders_line(t, desk.kb.sessionmaker, tip.id, desk.settings.show_reader_identity)
    if sent_by:
        lines.append(sent_by)
    if tip.assignee_name:
        lines.append(t("desk-card-assignee", name=tip.assignee_name))
    lines.append(_quoted_text(t, tip, payload))
    read = payload.get("read")
    if isinstance(read, dict) and read.get("source") == "transcript":
        corrected = read.get("corrected_by")
        key = "desk-card-transcript-corrected" if corrected else "desk-card-transcript"
        lines.append(t(key, name=str(corrected or "")))
    elif isinstance(read, dict) and isinstance(read.get("confidence"), int | float):
        lines.append(t("desk-card-read", confidence=f"{read['confidence']:.0%}"))
    if payload.get("question"):
        lines.append(t("desk-card-question", text=shorten(payload["question"], 500)))
    if payload.get("disputed"):
        lines.append(disputed_line(t, payload["disputed"]))
    lines.extend(note_line(t, note) for note in payload.get("notes", []))
    if tip.explainer_key and tip.status == TipStatus.QUEUED:
        lines.append(t("desk-card-explainer", name=tip.explainer_key))
    lines.extend(await _outcome_lines(desk, t, tip))
    return "\n".join(lines)


def rising_line(t: Translator, rising: RisingMatch) -> str:
    return "📈 " + t("desk-card-rising", partner=shorten(rising.partner, 60), demand=rising.demand)


def queue_text(
    t: Translator, tips: Sequence[Tip], rising: dict[int, RisingMatch] | None = None, title: str = ""
) -> str:
    """The open clusters (or the tips /find found, under `title`), each with the claim rising at a
    partner that it is, if any."""
    lines = [title or t("desk-queue-title")]
    for tip in tips:
        line = t(
            "desk-queue-line",
            id=str(tip.id),
            demand=tip.demand,
            lang=tip.lang,
            text=shorten(tip_summary(tip), 80),
        )
        if rising and tip.id in rising:
            line += " · " + rising_line(t, rising[tip.id])
        lines.append(line)
    return "\n".join(lines)


def draft_preview(t: Translator, draft: dict) -> str:
    lines = [f"<b>{rating_label(t, draft.get('rating'))}</b>", t("card-claim", claim=draft.get("claim", ""))]
    if draft.get("summary"):
        lines += ["", html.escape(draft["summary"])]
    if draft.get("url"):
        lines += ["", html.escape(draft["url"])]
    lines.append(t("desk-draft-language", lang=draft.get("lang", "")))
    return "\n".join(lines)


def describe_change(before: dict, after: dict) -> str:
    """`key: old → new` for the keys that changed."""
    parts = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            parts.append(
                f"{key}: {shorten(str(old if old is not None else '—'), 60)} → "
                f"{shorten(str(new if new is not None else '—'), 60)}"
            )
    return "; ".join(parts)


def history_text(t: Translator, tip_id: int, entries: Sequence[AuditEntry]) -> str:
    if not entries:
        return t("desk-history-empty", id=str(tip_id))
    lines = [t("desk-history-title", id=str(tip_id))]
    for entry in entries:
        change = describe_change(entry.before or {}, entry.after or {})
        line = (
            f"{when(entry.created_at)} · {html.escape(entry.actor_name)} ({entry.actor_id}) · "
            f"{t('desk-action', action=entry.action)}"
        )
        lines.append(line + (f": {html.escape(change)}" if change else ""))
    while len(lines) > 2 and len("\n".join(lines)) > LONGEST:
        del lines[1]
    return "\n".join(lines)


def source_lines(t: Translator, found: list[Source]) -> list[str]:
    """One line per channel, its title escaped and linked when it is public."""
    lines = []
    for source in found:
        title = html.escape(shorten(source.title or str(source.chat_id), 80))
        if source.username:
            title = f'<a href="https://t.me/{html.escape(source.username)}">{title}</a>'
        lines.append(f"• {title} — {t('desk-sources-posts', count=source.posts)}")
    return lines


def _with_sources(t: Translator, title: str, found: list[Source]) -> str:
    lines = [title, *source_lines(t, found)]
    return "\n".join(lines if found else [*lines, t("desk-sources-none")])


async def _open_tips_sources(desk: Desk, t: Translator) -> str:
    lines = [t("desk-sources-open")]
    for tip in await desk.queue():
        found = await sources(desk.kb.sessionmaker, tip_id=tip.id)
        if found:
            lines.append(f"<b>#{tip.id}</b> {html.escape(shorten(tip_summary(tip), 60))}")
            lines.extend(source_lines(t, found))
    if len(lines) == 1:
        lines.append(t("desk-sources-none"))
    while len(lines) > 2 and len("\n".join(lines)) > LONGEST:
        lines.pop()
    return "\n".join(lines)


async def sources_text(desk: Desk, t: Translator, argument: str, reply_tip: int | None) -> str:
    """`/sources 12`: verdict 12; `/sources #17` or a reply to a card: tip 17's cluster; alone: the open
    tips with channels behind them."""
    argument = argument.strip()
    if argument.isdigit():
        verdict_id = int(argument)
        if not await desk.kb.verdicts([verdict_id]):
            return t("desk-unknown-verdict", verdict=argument)
        found = await sources(desk.kb.sessionmaker, verdict_id=verdict_id)
        return _with_sources(t, t("desk-sources-verdict", verdict=argument), found)
    if argument.startswith("#") and argument[1:].isdigit():
        reply_tip = int(argument[1:])
    elif argument:
        return t("desk-sources-usage")
    if reply_tip is None:
        return await _open_tips_sources(desk, t)
    if await desk.tip(reply_tip) is None:
        return t("desk-unknown-tip", id=str(reply_tip))
    found = await sources(desk.kb.sessionmaker, tip_id=reply_tip)
    return _with_sources(t, t("desk-sources-tip", id=str(reply_tip)), found)


def _ratings_line(t: Translator, name: str, ratings: Ratings) -> str:
    return t(
        "desk-stats-feedback-line",
        name=name,
        count=ratings.count,
        up=f"{ratings.up_rate:.0%}",
        down=f"{ratings.down_rate:.0%}",
    )


def stats_text(t: Translator, figures: Stats) -> str:
    """/stats: the tip-line's figures, readers' ratings by how the answer reached them and by language,
    status messages, returning readers, and the inbox's and outbox's health."""
    queue = ", ".join(f"{lang} {count}" for lang, count in figures.queue.items()) or "0"
    median = f"{figures.median_minutes:.0f}" if figures.median_minutes is not None else "—"
    lines = [
        t(
            "desk-stats",
            received=figures.received,
            auto=f"{figures.auto_share:.0%} ({figures.auto})",
            queue=queue,
            median=median,
            notified=figures.notified,
        ),
        _ratings_line(t, t("desk-stats-feedback"), figures.feedback),
    ]
    for kind, ratings in sorted(figures.feedback_by_kind.items()):
        lines.append("  " + _ratings_line(t, t(f"desk-answer-{kind}"), ratings))
    for lang, ratings in sorted(figures.feedback_by_lang.items()):
        lines.append("  " + _ratings_line(t, LANGUAGE_NAMES.get(lang, lang), ratings))
    status = figures.status_messages
    lines.append(
        t(
            "desk-stats-status",
            taken=status.get(TipProgress.TAKEN, 0),
            closed=status.get(TipProgress.CLOSED, 0),
            still=status.get(TipProgress.STILL_WORKING, 0),
        )
    )
    share = f"{figures.return_share:.0%}" if figures.return_share is not None else "—"
    lines.append(
        t("desk-stats-returning", share=share, returned=figures.returned, readers=figures.returnable)
    )
    lines.append(t("desk-stats-health", failed=figures.failed_updates, unknown=figures.unknown_messages))
    return "\n".join(lines)


def explainers_text(t: Translator, records: Sequence[ExplainerRecord]) -> str:
    """`/explain` alone: each explainer's key, its languages and a title, and how to attach one."""
    if not records:
        return t("desk-explainers-empty")
    by_key: dict[str, list[ExplainerRecord]] = {}
    for record in records:
        by_key.setdefault(record.key, []).append(record)
    lines = [t("desk-explainers-title")]
    for key, variants in sorted(by_key.items()):
        title = next((v.title for v in variants if v.lang == t.lang), variants[0].title)
        languages = ", ".join(sorted(v.lang for v in variants))
        lines.append(f"<code>{html.escape(key)}</code> ({languages}): {html.escape(shorten(title, 80))}")
    lines.append(t("desk-explain-usage"))
    return "\n".join(lines)
