"""The house rules that neither ruff nor import-linter checks, on every Python file outside tests/ and bench/:

- no module over 400 lines;
- no function over 60 lines, unless its def line (or the line above it) says why: `# long: <why>`
  (migrations, frozen once written, are exempt);
- a `# noqa: C901` (ruff's complexity check, max-complexity 12 in pyproject.toml) says why too, with
  `# long: <why>` on the line or a reason after the code: `# noqa: C901  # long: one branch per update type`;
- one name for one thing: no two top-level functions or classes of the same name in different modules of
  bot/, handlers/ and knowledge/, unless the name is in ALLOWED_DUPLICATES below with its reason. A package
  __init__ that imports a name again defines nothing, so re-exports are not duplicates.

    python .ci/check_layout.py [ROOT]

prints one line per finding (`path:line: rule: message`) and exits 1 if there is any.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
SKIPPED_DIRS = {"tests", "bench", "build", "dist", "venv", "__pycache__", "node_modules"}
KEPT_DOT_DIRS = {".ci"}
NAME_ROOTS = ("bot", "handlers", "knowledge")
# A migration is a record of a schema change, written once and never edited: its upgrade() may be long.
FROZEN_DIRS = ("migrations/versions/",)

ALLOWED_DUPLICATES = {
    "upgrade": "Alembic calls each migration's upgrade()",
    "downgrade": "Alembic calls each migration's downgrade()",
    "create_router": "each handlers module builds its audience's Router; handlers.routers() gathers them",
    "router": "aiogram's idiom: each module of a handlers package has its own Router",
}

LONG_REASON = re.compile(r"#\s*long:\s*(?P<why>\S.*)?$")
NOQA_C901 = re.compile(r"#\s*noqa:\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*)(?P<rest>.*)$")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"


def python_files(root: Path) -> Iterator[Path]:
    """Every .py file under root, outside tests/, bench/, build output and hidden folders but .ci/."""
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not skipped(name))
        yield from (Path(folder) / name for name in sorted(files) if name.endswith(".py"))


def skipped(folder: str) -> bool:
    hidden = folder.startswith(".") and folder not in KEPT_DOT_DIRS
    return hidden or folder in SKIPPED_DIRS or folder.endswith(".egg-info")


def says_why(line: str) -> bool:
    """Whether a source line carries `# long: <why>` with a reason."""
    match = LONG_REASON.search(line)
    return bool(match and match["why"])


def noqa_c901_reason(line: str) -> bool | None:
    """None without a `noqa: C901` on the line, else whether it says why (`# long:` or words after it)."""
    match = NOQA_C901.search(line)
    if not match or "C901" not in match["codes"]:
        return None
    return says_why(line) or bool(re.search(r"\w{3,}", match["rest"]))


def signature_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> range:
    """The def line through the line the signature ends on, and the line above the def or its decorators."""
    first = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
    body_start = node.body[0].lineno
    last = body_start - 1 if body_start > node.lineno else node.lineno
    return range(first - 1, max(last, node.lineno) + 1)


def module_findings(shown: str, source: str, tree: ast.Module) -> Iterator[Finding]:
    lines = source.splitlines()
    if len(lines) > MAX_MODULE_LINES:
        yield Finding(shown, 1, "module-size", f"{len(lines)} lines (at most {MAX_MODULE_LINES}): split it")
    for number, line in enumerate(lines, start=1):
        if noqa_c901_reason(line) is False:
            yield Finding(shown, number, "complexity-reason", "`noqa: C901` without a reason (`# long:`)")
        match = LONG_REASON.search(line)
        if match and not match["why"]:
            yield Finding(shown, number, "long-reason", "`# long:` without a reason")
    if any(frozen in shown for frozen in FROZEN_DIRS):
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = node.end_lineno - node.lineno + 1
        if length <= MAX_FUNCTION_LINES:
            continue
        if any(says_why(lines[number - 1]) for number in signature_lines(node) if 0 < number <= len(lines)):
            continue
        yield Finding(
            shown,
            node.lineno,
            "function-size",
            f"{node.name}() is {length} lines (at most {MAX_FUNCTION_LINES} without `# long: <why>`)",
        )


def top_level_names(tree: ast.Module) -> Iterator[tuple[str, int]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name, node.lineno


def duplicate_findings(definitions: dict[str, list[tuple[str, int]]]) -> Iterator[Finding]:
    for name, places in sorted(definitions.items()):
        modules = {shown for shown, _ in places}
        if len(modules) < 2 or name in ALLOWED_DUPLICATES:
            continue
        for shown, line in places:
            others = ", ".join(f"{where}:{at}" for where, at in places if where != shown)
            yield Finding(shown, line, "duplicate-name", f"{name} is also defined in {others}")


def check(root: Path) -> list[Finding]:
    findings: list[Finding] = []
    definitions: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for path in python_files(root):
        shown = path.relative_to(root).as_posix()
        source = path.read_text(encoding="utf-8")
        try:
            tree = ast.parse(source, filename=shown)
        except SyntaxError as error:
            findings.append(Finding(shown, error.lineno or 1, "syntax", str(error.msg)))
            continue
        findings.extend(module_findings(shown, source, tree))
        if shown.split("/", 1)[0] in NAME_ROOTS:
            for name, line in top_level_names(tree):
                definitions[name].append((shown, line))
    findings.extend(duplicate_findings(definitions))
    return findings


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    findings = check(root)
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} layout finding(s): see .ci/check_layout.py for the rules", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
