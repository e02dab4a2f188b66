"""The knowledge base store: the matcher's index survives a restart and is rebuilt when the data changes."""

from __future__ import annotations

from bot.settings import load_settings
from bot.telegram.runtime import open_services
from knowledge.verdicts import ClaimText, read_jsonl
from tests.conftest import SMALL_KB


async def test_the_index_is_reloaded_at_start_and_rebuilt_when_verdicts_change(tmp_path):
    settings = load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}", semantic=False)
    async with open_services(settings) as services:
        assert not services.kb.from_snapshot
        with SMALL_KB.open(encoding="utf-8") as lines:
            await services.kb.import_records(read_jsonl(lines))
    assert (tmp_path / "kb.db.index").exists()

    async with open_services(settings) as services:
        assert services.kb.from_snapshot and len(services.kb.matcher) == 6
        [best, *_] = services.kb.matcher.find_verdicts("bridge over the Ili river collapsed on opening day")
        names = await services.kb.external_ids()
        assert names[best.verdict_id] == "t-en-bridge"
        await services.kb.add_phrasing(
            best.verdict_id, ClaimText("ru", "Новый мост через Или рухнул в день открытия", "tip")
        )

    async with open_services(settings) as services:
        assert services.kb.from_snapshot
        [best, *_] = services.kb.matcher.find_verdicts("мост через Или рухнул в день открытия")
        assert names[best.verdict_id] == "t-en-bridge"


async def test_a_stale_index_is_not_used(tmp_path):
    settings = load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}", semantic=False)
    async with open_services(settings) as services:
        with SMALL_KB.open(encoding="utf-8") as lines:
            await services.kb.import_records(read_jsonl(lines))
    other = load_settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'other.db'}",
        semantic=False,
        index_cache=str(tmp_path / "kb.db.index"),
    )
    async with open_services(other) as services:
        assert not services.kb.from_snapshot and len(services.kb.matcher) == 0
    off = settings.model_copy(update={"index_cache": "off"})
    async with open_services(off) as services:
        assert not services.kb.from_snapshot and len(services.kb.matcher) == 6
