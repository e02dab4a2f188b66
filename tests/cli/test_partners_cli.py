"""`tipline partners` and `tipline kb withdraw` as an operator uses them."""

from __future__ import annotations

import json
import sqlite3
import stat

from tests.cli.test_cli import SMALL_KB, cli  # noqa: F401 - the fixture


def test_partners_are_added_followed_trusted_listed_and_removed_each_audited(tmp_path, cli):  # noqa: F811
    added = cli("partners", "add", "Factcheck KZ", "--token-out", "kz.token")
    assert added.returncode == 0, added.stderr
    token = (tmp_path / "kz.token").read_text(encoding="utf-8").strip()
    assert len(token) >= 40 and stat.S_IMODE((tmp_path / "kz.token").stat().st_mode) == 0o600
    assert token not in added.stdout
    printed = cli("partners", "add", "Factcheck TJ")
    assert printed.stdout.strip() != token and len(printed.stdout.strip()) >= 40

    url = "https://kg.example/partners/feed"
    follow = cli("partners", "follow", "Factcheck KG", url, "--token", "t0ken", "--trust", "auto")
    assert follow.returncode == 0 and "trust auto" in follow.stdout
    assert (
        "(already so)"
        in cli("partners", "follow", "Factcheck KG", url, "--token", "t0ken", "--trust", "auto").stdout
    )
    assert (
        cli("partners", "trust", "Factcheck KG", "suggest").stdout.strip()
        == "Factcheck KG: trust auto -> suggest"
    )

    listing = cli("partners", "list")
    assert listing.returncode == 0
    assert listing.stdout.splitlines() == [
        "Factcheck KG: trust suggest; followed, last sync never, 0 verdicts (0 withdrawn)",
        "Factcheck KZ: trust suggest; reads our feed",
        "Factcheck TJ: trust suggest; reads our feed",
    ]
    assert (
        cli("partners", "remove", "Factcheck KG").stdout.strip()
        == "Factcheck KG: removed with its 0 verdicts"
    )
    with sqlite3.connect(tmp_path / "tipline.db") as db:
        names = [row[0] for row in db.execute("select name from partners order by name")]
        actions = [row[0] for row in db.execute("select action from audit_log order by id")]
    assert names == ["Factcheck KZ", "Factcheck TJ"]
    assert actions == ["partner", "partner", "partner", "trust", "partner"]


def test_bad_partner_commands_are_one_line_and_change_nothing(tmp_path, cli):  # noqa: F811
    for args, message in (
        (("partners", "follow", "X", "javascript:alert(1)"), "URL is not an http(s) address"),
        (
            ("partners", "follow", "X", "https://x.example/feed", "--trust", "always"),
            "expected auto, suggest or off",
        ),
        (("partners", "trust", "Nobody", "auto"), "Nobody: no such partner"),
        (("partners", "remove", "Nobody"), "Nobody: no such partner"),
        (("kb", "withdraw", "no-such-id"), "no-such-id: no verdict of this newsroom has this id"),
    ):
        result = cli(*args)
        assert result.returncode == 2, args
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    with sqlite3.connect(tmp_path / "tipline.db") as db:
        assert db.execute("select count(*) from partners").fetchone() == (0,)
        assert db.execute("select count(*) from audit_log").fetchone() == (0,)


def test_a_withdrawn_verdict_leaves_matching_and_can_be_restored(tmp_path, cli):  # noqa: F811
    assert cli("kb", "import", str(SMALL_KB)).returncode == 0
    claim = "The new bridge over the Ili river collapsed on its opening day"
    assert "test-ili-bridge" in cli("check", claim).stdout
    withdrawn = cli("kb", "withdraw", "t-en-bridge")
    assert (withdrawn.returncode, withdrawn.stdout.strip()) == (0, "t-en-bridge: withdrawn")
    assert "test-ili-bridge" not in cli("check", claim).stdout
    assert cli("kb", "withdraw", "t-en-bridge", "--restore").stdout.strip() == "t-en-bridge: restored"
    assert "test-ili-bridge" in cli("check", claim).stdout
    with sqlite3.connect(tmp_path / "tipline.db") as db:
        audit = [
            json.loads(row[0]) for row in db.execute("select after from audit_log where action = 'withdraw'")
        ]
    assert audit == [{"withdrawn": True}, {"withdrawn": False}]
