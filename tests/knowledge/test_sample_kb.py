"""The sample knowledge base a new newsroom gets on day one: complete, well-formed, multilingual."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import knowledge
from knowledge.language import detect_language
from knowledge.verdicts import LANGUAGES, RATINGS, VerdictRecord, read_jsonl

SAMPLE = Path(knowledge.__file__).parent / "sample" / "verdicts.jsonl"
PIVOTS = ("ru", "en")


@pytest.fixture(scope="module")
def records() -> list[VerdictRecord]:
    with SAMPLE.open(encoding="utf-8") as lines:
        return list(read_jsonl(lines))


@pytest.fixture(scope="module")
def raw() -> list[dict]:
    with SAMPLE.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def test_parses_with_enough_verdicts(records):
    assert len(records) >= 48


def test_at_least_six_per_language(records):
    per_language = Counter(r.lang for r in records)
    for lang in LANGUAGES:
        assert per_language[lang] >= 6, f"{lang}: {per_language[lang]} verdicts"
    assert set(per_language) <= set(LANGUAGES)


def test_ids_and_urls_are_unique(records):
    ids = [r.external_id for r in records]
    urls = [r.url for r in records]
    assert len(set(ids)) == len(ids)
    assert len(set(urls)) == len(urls)
    assert all(url and url.startswith("https://factcheck.example/") for url in urls)


def test_ratings_on_the_scale(records):
    assert all(r.rating in RATINGS for r in records)
    ratings = Counter(r.rating for r in records)
    # mostly false or misleading, with a few of the rest so every card style is seen
    assert ratings["false"] + ratings["misleading"] > len(records) / 2
    assert ratings["true"] >= 1 and ratings["satire"] >= 1 and ratings["unproven"] >= 1


def test_every_verdict_is_complete(records):
    for r in records:
        assert r.claim and r.summary, r.external_id
        assert r.publisher == "Tipline Sample Desk", r.external_id
        assert r.published is not None and r.published.year == 2026, r.external_id


def test_translations_into_russian_and_english(records):
    for r in records:
        claim_langs = {c.lang for c in r.claims[1:]}
        for pivot in PIVOTS:
            if pivot == r.lang:
                continue
            assert pivot in claim_langs, f"{r.external_id}: no {pivot} phrasing"
            assert r.summaries.get(pivot), f"{r.external_id}: no {pivot} summary"


def test_uzbek_verdicts_have_a_cyrillic_phrasing(records):
    for r in records:
        if r.lang != "uz":
            continue
        scripts = [c.text for c in r.claims if c.lang == "uz"]
        assert any(any("\u0400" <= ch <= "\u04ff" for ch in text) for text in scripts), r.external_id
        assert not any("\u0400" <= ch <= "\u04ff" for ch in r.claim), f"{r.external_id}: primary not Latin"


def test_raw_lines_use_only_documented_fields(raw):
    allowed = {"id", "lang", "claim", "rating", "summary", "url", "publisher", "date", "claims", "summaries"}
    for line in raw:
        assert set(line) <= allowed, line["id"]
        assert line["id"].startswith("sample-")


def test_texts_are_in_their_declared_language(records):
    """Guards against a phrasing filed under the wrong language (and exercises the detector)."""
    texts = []
    for r in records:
        texts += [(c.lang, c.text) for c in r.claims]
        texts.append((r.lang, r.summary))
        texts += list(r.summaries.items())
    wrong = [(lang, text) for lang, text in texts if detect_language(text) != lang]
    assert len(wrong) <= len(texts) * 0.03, wrong
