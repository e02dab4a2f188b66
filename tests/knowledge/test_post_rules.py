"""The pure rules of a reader's post (knowledge/posts.py): fingerprints, signals, outcomes."""

from __future__ import annotations

from types import SimpleNamespace

from knowledge.matching import Decision, Match
from knowledge.posts import (
    AnswerKind,
    Assessment,
    Post,
    PostOutcome,
    Signals,
    files_of,
    fingerprint,
    learnable,
    most_supported,
    post_outcome,
    same_verdicts,
    with_picture,
)

ORIGIN = {"type": "channel", "chat_id": -100, "message_id": 7, "title": "News"}


def test_the_same_claim_in_other_spacing_and_case_has_one_fingerprint():
    assert fingerprint(Post(1, 1, "The bridge  COLLAPSED!")) == fingerprint(
        Post(2, 9, "the bridge collapsed")
    )
    assert fingerprint(Post(1, 1, "The bridge collapsed")) != fingerprint(Post(1, 1, "The dam collapsed"))


def test_a_post_without_words_is_fingerprinted_by_its_files_else_its_channel_post_else_itself():
    album = {"files": [{"media": "photo", "file_unique_id": "b"}, {"media": "photo", "file_unique_id": "a"}]}
    same_files = {
        "files": [{"media": "photo", "file_unique_id": "a"}, {"media": "photo", "file_unique_id": "b"}]
    }
    assert fingerprint(Post(1, 1, "", "photo", album)) == fingerprint(Post(2, 2, "…", "photo", same_files))
    quoted = {"forward_origin": ORIGIN}
    assert fingerprint(Post(1, 1, "", "post", quoted)) == fingerprint(Post(5, 3, "", "post", quoted))
    assert fingerprint(Post(1, 1, "")) != fingerprint(Post(1, 2, ""))


def test_signals_keep_pictures_links_and_only_a_channel_origin():
    payload = {
        "media": "document",
        "file_id": "f",
        "file_unique_id": "u",
        "picture": True,
        "links": ["https://example.org/news/1?utm_source=tg"],
        "forward_origin": ORIGIN,
    }
    signals = Signals.of(payload)
    assert files_of(payload) == [
        {"media": "document", "file_id": "f", "file_unique_id": "u", "picture": True}
    ]
    assert signals.file_unique_ids == ["u"] and signals.origin == ORIGIN and len(signals.links) == 1
    assert not Signals.of({"forward_origin": {"type": "user"}, "media": "video", "file_unique_id": "v"})


def test_the_most_supported_hit_wins_and_the_strongest_kind_breaks_ties():
    assert most_supported([]) is None
    assert most_supported([("origin", 1), ("file", 2), ("link", 2)]) == ("file", 2)
    assert most_supported([("origin", 1), ("file", 2)]) == ("origin", 1)


def test_a_picture_like_a_known_one_is_offered_first_unless_the_words_answer():
    auto = Assessment("en", Decision("auto", (Match(3, 0.9, "", ""),)), True)
    assert with_picture(auto, 5) is auto
    queued = with_picture(Assessment("en", Decision("queue", (Match(3, 0.1, "", ""),)), True), 5)
    assert queued.decision.action == "choose" and [m.verdict_id for m in queued.decision.matches] == [5]
    choose = Assessment("en", Decision("choose", tuple(Match(i, 0.5, "", "") for i in (5, 6, 7))), True)
    assert [m.verdict_id for m in with_picture(choose, 9).decision.matches] == [9, 5, 6]


def request(**fields):
    base = {"id": 1, "decision": "queue", "verdict_id": None, "options": [], "tip_id": None, "lang": "ru"}
    return SimpleNamespace(**{**base, "answered_at": None, **fields})


def test_a_stored_request_stands_for_its_answer():
    tip = SimpleNamespace(id=4, text="", payload={"media": "photo"}, status="queued", explainer_key=None)
    assert post_outcome(request(decision="auto", verdict_id=2), None, False).kind == AnswerKind.CARD
    suggested = SimpleNamespace(id=4, text="x", payload={}, status="suggested", explainer_key=None)
    choosing = post_outcome(request(decision="choose", options=[2, 3], tip_id=4), suggested, True)
    assert choosing == PostOutcome(AnswerKind.CHOOSE, 1, (2, 3), 4, repeated=True, lang="ru")
    queued = post_outcome(request(tip_id=4, answered_at="now"), tip, True)
    assert (queued.kind, queued.tip_id, queued.media, queued.media_kind) == (
        AnswerKind.QUEUED,
        4,
        True,
        "photo",
    )
    assert queued.answered and queued.repeated and queued.explainer is None
    explained = SimpleNamespace(**{**vars(tip), "explainer_key": "cures"})
    assert post_outcome(request(tip_id=4), explained, True).explainer == "cures"
    answered = SimpleNamespace(**{**vars(tip), "explainer_key": "cures", "status": "answered"})
    assert post_outcome(request(tip_id=4), answered, True).explainer is None  # a verdict answers it
    assert post_outcome(request(decision="nothing"), None, False).kind == AnswerKind.NOTHING


def test_an_edit_keeps_the_answer_when_the_verdicts_are_the_same():
    card = PostOutcome(AnswerKind.CARD, 1, (2,))
    auto = Assessment("en", Decision("auto", (Match(2, 0.9, "", ""),)), True)
    assert same_verdicts(card, None, auto) is True
    other = Assessment("en", Decision("auto", (Match(3, 0.9, "", ""),)), True)
    assert same_verdicts(card, None, other) is False and same_verdicts(card, 3, other) is True
    assert same_verdicts(card, None, Assessment("en", Decision("queue", ()), True)) is None
    assert same_verdicts(
        PostOutcome(AnswerKind.NOTHING), None, Assessment("en", Decision("queue", ()), False)
    )


def test_only_short_worded_tips_are_learnt():
    assert learnable("The bridge collapsed") and not learnable("📷") and not learnable("word " * 200)
