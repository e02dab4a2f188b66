"""Partner feeds as the domain reads them: every record checked, markup stripped, a bad one skipped."""

from __future__ import annotations

import json

import pytest

from knowledge.matching import Match
from knowledge.matching.decision import answering_ranking
from knowledge.partners import Published, feed_document, plain_text, read_feed
from knowledge.statuses import Trust
from knowledge.verdicts import ClaimText, RecordError, VerdictRecord

RECORD = VerdictRecord(
    "kg-1",
    "ky",
    [ClaimText("ky", "Бишкекте интернет 14 күнгө өчүрүлөт", "claim")],
    rating="false",
    summary="Жалган.",
    url="https://factcheck.example/kg/1",
    publisher="Factcheck KG",
)


def page(*graph: object) -> str:
    return json.dumps({"@graph": list(graph), "tipline:cursor": 9})


def test_a_published_feed_reads_back_with_its_country_and_withdrawals():
    document = feed_document(
        [Published("kg-1", 4, RECORD), Published("kg-2", 9, None, "https://factcheck.example/kg/2")],
        "Kyrgyzstan",
        9,
        "?since=9&limit=500",
    )
    read = read_feed(json.dumps(document))
    assert [(e.key, e.change, e.withdrawn) for e in read.entries] == [("kg-1", 4, False), ("kg-2", 9, True)]
    assert read.entries[0].record.claim == RECORD.claim and read.entries[0].country == "Kyrgyzstan"
    assert (read.cursor, read.next, read.skipped) == (9, "?since=9&limit=500", [])


def test_markup_scripts_and_bad_addresses_never_get_through():
    good = feed_document([Published("kg-1", 4, RECORD)], None, 4, None)["@graph"][0]
    hostile = {**good, "claimReviewed": '<b onclick="x()">Claim</b><script>alert(1)</script> &amp; more'}
    scheme = {**good, "identifier": "js", "url": "javascript:alert(1)"}
    huge = {**good, "identifier": "huge", "claimReviewed": "a" * 5000}
    read = read_feed(page(hostile, scheme, huge, "not an object", {**good, "tipline:change": "x"}))
    assert [e.record.claim for e in read.entries] == ["Claim & more"]
    assert len(read.skipped) == 4


@pytest.mark.parametrize("text", ["[]", "{}", "not json", '{"@graph": [], "tipline:cursor": -1}'])
def test_a_page_that_is_not_a_feed_is_refused_whole(text):
    with pytest.raises(RecordError):
        read_feed(text)


def test_plain_text_keeps_words_and_drops_tags():
    assert plain_text("<p>One</p><p>two &lt;three&gt;</p>") == "One two <three>"


def test_own_verdicts_win_ties_and_search_only_partners_never_answer():
    own, partner, hidden = Match(1, 0.80, "a", "ru"), Match(2, 0.83, "a", "kk"), Match(3, 0.95, "a", "kk")
    trust = {2: Trust.AUTO, 3: Trust.OFF}
    assert answering_ranking([hidden, partner, own], trust) == [own]
    clearly = Match(2, 0.95, "a", "kk")
    assert answering_ranking([clearly, own], trust) == [clearly, own]
