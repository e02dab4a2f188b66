"""The house rules of .ci/check_layout.py on a small tree made for each test."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

# the repository root is the nearest folder above this file that has .ci/ (tests may sit in subfolders)
SCRIPT = next(p / ".ci" for p in Path(__file__).resolve().parents if (p / ".ci").is_dir()) / "check_layout.py"


def load_check():
    if "check_layout" not in sys.modules:
        spec = importlib.util.spec_from_file_location("check_layout", SCRIPT)
        sys.modules["check_layout"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules["check_layout"])
    return sys.modules["check_layout"].check


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def function(name: str, lines: int, comment: str = "") -> str:
    body = "".join(f"    x{i} = {i}\n" for i in range(lines - 2))
    return f"def {name}():{comment}\n{body}    return 0\n"


def rules(root: Path) -> list[tuple[str, str]]:
    return [(finding.path, finding.rule) for finding in load_check()(root)]


def test_a_tree_with_a_violation_fails(tmp_path: Path) -> None:
    write(tmp_path, "knowledge/big.py", "x = 1\n" * 401)
    result = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "knowledge/big.py:1: module-size" in result.stdout


def test_a_clean_tree_passes(tmp_path: Path) -> None:
    write(tmp_path, "knowledge/small.py", function("short", 60))
    write(tmp_path, "tests/test_big.py", "x = 1\n" * 500 + function("huge", 100))
    result = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_a_long_function_says_why(tmp_path: Path) -> None:
    write(tmp_path, "bot/a.py", function("bare", 61))
    write(tmp_path, "bot/b.py", function("explained", 61, "  # long: one step per column"))
    write(tmp_path, "bot/c.py", "# long: a table of cases\n" + function("above", 61))
    write(tmp_path, "bot/d.py", function("empty", 61, "  # long:"))
    assert rules(tmp_path) == [
        ("bot/a.py", "function-size"),
        ("bot/d.py", "long-reason"),
        ("bot/d.py", "function-size"),
    ]


def test_a_noqa_c901_says_why(tmp_path: Path) -> None:
    write(tmp_path, "bot/a.py", function("bare", 3, "  # noqa: C901"))
    write(tmp_path, "bot/b.py", function("reason", 3, "  # noqa: C901  # long: one branch per kind"))
    write(tmp_path, "bot/c.py", function("other", 3, "  # noqa: E501"))
    assert rules(tmp_path) == [("bot/a.py", "complexity-reason")]


def test_one_name_for_one_thing(tmp_path: Path) -> None:
    write(tmp_path, "knowledge/words.py", "def has_letters(text):\n    return True\n")
    write(tmp_path, "bot/posts.py", "def has_letters(text):\n    return False\n")
    write(tmp_path, "bot/__init__.py", "from knowledge.words import has_letters\n")
    write(tmp_path, "handlers/a.py", "def create_router():\n    return 1\n")
    write(tmp_path, "handlers/b.py", "def create_router():\n    return 2\n")
    assert rules(tmp_path) == [("bot/posts.py", "duplicate-name"), ("knowledge/words.py", "duplicate-name")]
