"""knowledge.cache: what is slow to build is built once and kept between processes, never trusted blindly."""

from __future__ import annotations

import pytest

from knowledge import cache
from knowledge.gazetteer import Gazetteer, default_gazetteer


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache"


def counting_build(calls: list[int]):
    def build() -> dict[str, int]:
        calls.append(1)
        return {"built": len(calls)}

    return build


def test_built_once_then_read_back(cache_dir):
    calls: list[int] = []
    assert cache.built_once("thing", "s1", counting_build(calls)) == {"built": 1}
    assert cache.built_once("thing", "s1", counting_build(calls)) == {"built": 1}
    assert len(calls) == 1
    assert [p.name for p in cache_dir.iterdir()] == ["thing-s1.pickle"]


def test_another_stamp_builds_again(cache_dir):
    calls: list[int] = []
    cache.built_once("thing", "s1", counting_build(calls))
    cache.built_once("thing", "s2", counting_build(calls))
    assert len(calls) == 2


def test_a_damaged_copy_is_built_again(cache_dir):
    calls: list[int] = []
    cache.built_once("thing", "s1", counting_build(calls))
    (cache_dir / "thing-s1.pickle").write_bytes(b"\x80\x05truncated")
    assert cache.built_once("thing", "s1", counting_build(calls)) == {"built": 2}
    assert cache.built_once("thing", "s1", counting_build(calls)) == {"built": 2}


def test_an_unwritable_cache_still_builds(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(cache, "CACHE_DIR", blocker / "cache")
    calls: list[int] = []
    assert cache.built_once("thing", "s1", counting_build(calls)) == {"built": 1}
    assert cache.built_once("thing", "s1", counting_build(calls)) == {"built": 2}


def test_the_stamp_follows_the_files(tmp_path):
    source = tmp_path / "data.json"
    source.write_text("{}")
    first = cache.stamp_of([source], "v1")
    assert cache.stamp_of([source], "v1") == first
    assert cache.stamp_of([source], "v2") != first
    source.write_text('{"changed": true}')
    assert cache.stamp_of([source], "v1") != first


def test_the_kept_gazetteer_reads_as_the_built_one(cache_dir):
    default_gazetteer.cache_clear()
    try:
        kept = default_gazetteer()
        default_gazetteer.cache_clear()
        again = default_gazetteer()
    finally:
        default_gazetteer.cache_clear()
    built = Gazetteer.load()
    text = "Бензин в Казахстане подорожает до 300 тенге, а в Qirg'izistonda narx tushadi"
    assert again is not kept
    assert again.mentions(text) == built.mentions(text)
    assert len(again.forms) == len(built.forms)
