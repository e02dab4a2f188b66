"""What /partners shows an editor: each partner newsroom, its trust, last sync, verdicts and errors."""

from __future__ import annotations

from collections.abc import Sequence

from bot.db.models import as_utc
from bot.i18n import Translator
from bot.services.partners import PartnerView
from bot.telegram.texts import shorten


def partners_text(t: Translator, partners: Sequence[PartnerView]) -> str:
    if not partners:
        return t("partners-none")
    blocks = [t("partners-title")]
    for partner in partners:
        lines = [t("partners-line", partner=shorten(partner.name, 100), trust=t(f"trust-{partner.trust}"))]
        if partner.reads:
            lines.append(t("partners-reads"))
        if partner.follows:
            synced = as_utc(partner.synced_at).strftime("%Y-%m-%d %H:%M UTC") if partner.synced_at else None
            lines.append(
                t(
                    "partners-followed",
                    verdicts=partner.verdicts,
                    withdrawn=partner.withdrawn,
                    synced=synced or t("partners-never"),
                )
            )
        if partner.errors or partner.skipped:
            error = shorten(partner.last_error or "-", 200)
            lines.append(t("partners-errors", errors=partner.errors, skipped=partner.skipped, error=error))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
