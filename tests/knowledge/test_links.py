"""Web addresses in posts: extraction and one spelling per page (knowledge/links.py)."""

from __future__ import annotations

import pytest

from knowledge.links import extract_urls, is_specific, normalise_url, post_keys, telegram_post


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("http://www.Example.com/News/Story/", "https://example.com/News/Story"),
        ("https://m.example.com/news/story", "https://example.com/news/story"),
        ("https://mobile.twitter.com/user/status/1?s=20&t=abc", "https://x.com/user/status/1"),
        (
            "https://example.com/a?utm_source=tg&utm_medium=social&fbclid=XYZ&gclid=1&id=7",
            "https://example.com/a?id=7",
        ),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("HTTPS://EXAMPLE.COM/a/./b/../c", "https://example.com/a/c"),
        ("example.com/a", "https://example.com/a"),
        ("https://t.me/s/KaragandaNews/812", "https://t.me/karagandanews/812"),
        ("https://t.me/karagandanews/812?single&comment=5", "https://t.me/karagandanews/812"),
        ("https://telegram.me/karagandanews/812/", "https://t.me/karagandanews/812"),
        ("https://youtu.be/dQw4w9WgXcQ?si=share", "https://youtube.com/watch?v=dQw4w9WgXcQ"),
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=share",
            "https://youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://пример.рф/новости",
            "https://xn--e1afmkfd.xn--p1ai/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8",
        ),
        ("https://example.com:8080/a", "https://example.com:8080/a"),
    ],
)
def test_spellings_of_one_page_normalise_to_one_string(url, normal):
    assert normalise_url(url) == normal


def test_different_pages_stay_different():
    pages = [
        "https://example.com/article.php?id=1",
        "https://example.com/article.php?id=2",
        "https://example.com/a",
        "https://example.org/a",
        "https://news.example.com/a",
        "https://t.me/channel/1",
        "https://t.me/channel/2",
    ]
    assert len({normalise_url(p) for p in pages}) == len(pages)


@pytest.mark.parametrize(
    "bad", ["", "not a url", "ftp://example.com/a", "mailto:a@b.c", "https://localhost/a", "x" * 3000]
)
def test_what_is_not_a_web_address_is_none(bad):
    assert normalise_url(bad) is None


def test_urls_are_found_in_text_without_the_sentence_punctuation():
    text = (
        "Смотрите (https://example.com/a_(b)) и www.test.kz/news/1. "
        "Источник: t.me/s/chan/12, «https://a.example/c»! Ещё раз: https://example.com/a_(b)"
    )
    assert extract_urls(text) == [
        "https://example.com/a_(b)",
        "www.test.kz/news/1",
        "t.me/s/chan/12",
        "https://a.example/c",
    ]
    assert extract_urls("") == [] and extract_urls("no links here.") == []


def test_homepages_and_channel_links_are_not_specific():
    assert not is_specific(normalise_url("https://www.example.com/"))
    assert not is_specific(normalise_url("https://t.me/news_channel"))
    assert not is_specific(normalise_url("https://t.me/c/12345"))
    assert is_specific(normalise_url("https://t.me/news_channel/5"))
    assert is_specific(normalise_url("https://t.me/c/12345/6"))
    assert is_specific(normalise_url("https://example.com/?p=12"))
    assert is_specific(normalise_url("https://example.com/2026/03/story"))


def test_post_keys_keep_specific_pages_once_in_order():
    urls = [
        "https://t.me/news",
        "http://www.example.com/a/",
        "https://example.com/a?utm_source=x",
        "https://b.example/x",
    ]
    assert post_keys(urls) == ["https://example.com/a", "https://b.example/x"]


def test_telegram_post_reads_a_public_channel_post():
    assert telegram_post("https://t.me/karagandanews/812") == ("karagandanews", 812)
    assert telegram_post("https://t.me/c/123/4") is None
    assert telegram_post("https://example.com/a/1") is None
