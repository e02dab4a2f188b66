"""knowledge/drafts.py: the verdict dialog's rules."""

from knowledge.drafts import corrected, draft_fields, readers_must_know, valid_url


def test_valid_url():
    assert valid_url(" https://factcheck.example/desk/1 ")
    assert not valid_url("ftp://factcheck.example/x")
    assert not valid_url("https://localhost/x")
    assert not valid_url("https://factcheck.example/a b")
    assert not valid_url("https://factcheck.example/" + "x" * 2000)


def test_a_correction_keeps_what_the_draft_lacks():
    before = {"rating": "false", "claim": "c", "summary": "s", "url": None, "lang": "ru"}
    draft = {"tip": 3, "verdict": 7, "rating": "misleading", "summary": None}
    assert draft_fields(draft) == {
        "rating": "misleading",
        "claim": None,
        "summary": None,
        "url": None,
        "lang": None,
    }
    after = corrected(before, draft)
    assert after == {**before, "rating": "misleading"}
    assert readers_must_know(before, after)
    assert not readers_must_know(before, {**before, "url": "https://factcheck.example/1"})
