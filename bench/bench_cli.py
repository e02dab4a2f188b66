"""How fast the command line answers, beside what importing aiogram alone costs on the same machine.

    python bench/bench_cli.py [--runs 7] [--text "..."]

In a temporary folder with the sample knowledge base imported (`tipline kb import --sample`, semantic
matching on, as a newsroom runs it), each command is run --runs times, round robin, so that a busy
machine slows them all alike: `python -c "import aiogram"`, `tipline --help`, `tipline check TEXT` and
`tipline kb search TEXT`. Printed: the median wall time and the median CPU time (user + system, the
process and its threads) of each, and the ratio of `tipline check` to importing aiogram. The issue's
targets: `tipline check` at most half of `import aiogram`, `tipline --help` under a second.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEXT = "Photos show a snow leopard walking down a main street in Bishkek this morning."


def tipline_command() -> list[str]:
    """The `tipline` console script of this Python, else `python -m bot`."""
    script = Path(sys.executable).with_name("tipline")
    found = str(script) if script.exists() else shutil.which("tipline")
    return [found] if found else [sys.executable, "-m", "bot"]


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `command`, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="Runs of each command (the median is shown).")
    parser.add_argument("--text", default=TEXT, help="What `tipline check` and `kb search` are given.")
    args = parser.parse_args()

    tipline = tipline_command()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
    commands = {
        "python -c 'import aiogram'": [sys.executable, "-c", "import aiogram"],
        "tipline --help": [*tipline, "--help"],
        "tipline check TEXT": [*tipline, "check", args.text],
        "tipline kb search TEXT": [*tipline, "kb", "search", args.text],
    }
    with tempfile.TemporaryDirectory(prefix="tipline-bench-cli-") as directory:
        home = Path(directory)
        subprocess.run(
            [*tipline, "kb", "import", "--sample"], cwd=home, env=env, check=True, capture_output=True
        )
        for command in commands.values():  # warm the file cache and the saved index once
            timed(command, home, env)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                samples[name].append(timed(command, home, env))

    wall = {name: statistics.median(s[0] for s in runs) for name, runs in samples.items()}
    cpu = {name: statistics.median(s[1] for s in runs) for name, runs in samples.items()}
    load = os.getloadavg()[0]
    print(f"median of {args.runs} runs each, round robin; {os.cpu_count()} cores, load average {load:.1f}")
    print(f"{'command':<30} {'wall':>8} {'CPU':>8}")
    for name in commands:
        print(f"{name:<30} {wall[name]:7.2f}s {cpu[name]:7.2f}s")
    aiogram, check = "python -c 'import aiogram'", "tipline check TEXT"
    print(
        f"{'check / import aiogram':<30} {wall[check] / wall[aiogram]:8.2f} {cpu[check] / cpu[aiogram]:8.2f}"
        "   (target: at most 0.50)"
    )
    print(f"{'tipline --help':<30} {wall['tipline --help']:7.2f}s {'':>8}   (target: under 1 s)")


if __name__ == "__main__":
    main()
