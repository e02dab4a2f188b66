"""The README's first command, on a machine with nothing but Python: a fresh virtual environment gets
exactly the packages of `python -m pip install -e '.[semantic]'` (no redis, no asyncpg), then
`tipline kb import --sample` and `tipline run` run in it against the fake Bot API until the bot answers
a reader's message; tesseract is kept out of its PATH, and the bot must say once that pictures are not
read and how to install it. The fake Bot API (tests/support/fakebotapi/, aiohttp only) runs in the
same environment, so this needs nothing installed beforehand. Every process it starts is stopped, and
the temporary folder removed.

    python .ci/first_run.py [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOKEN = "123456:TEST-token-ABCdef"
READER = 4242
CLAIM = "Photos show a snow leopard walking down a main street in Bishkek this morning."
VERDICT_URL = "https://factcheck.example/snow-leopard-bishkek-street-ai"
"""The sample knowledge base's verdict on that claim: the bot answers with its card."""
ANSWER_TIMEOUT = 240
"""Seconds the bot may take to start and answer (a 2-core machine under load took more than 30)."""


def step(message: str) -> None:
    print(f"first run: {message}", flush=True)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    step("$ " + " ".join(command))
    return subprocess.run(command, check=True, **kwargs)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fake_api(base: str, path: str, body: object | None = None) -> object:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def wait_for(what: str, check, timeout: float, alive: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if alive is not None and alive.poll() is not None:
            raise SystemExit(f"first run: failed: the process exited ({alive.returncode}) before {what}")
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.5)
    raise SystemExit(f"first run: failed: no {what} within {timeout} s")


def stop(process: subprocess.Popen | None, name: str) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        step(f"{name} did not stop on SIGTERM; killing it")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def first_run(root: Path) -> None:  # long: the README's first command, step by step, read top to bottom
    venv = root / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python, tipline = venv / "bin" / "python", venv / "bin" / "tipline"
    run([str(python), "-m", "pip", "install", "-qq", "-e", ".[semantic]"], cwd=REPO)
    for module in ("redis", "asyncpg"):
        probe = subprocess.run([str(python), "-c", f"import {module}"], capture_output=True)
        if probe.returncode == 0:
            raise SystemExit(f"first run: failed: {module} is importable in the fresh environment")
        step(f"{module} is not installed in the fresh environment, as on a newcomer's machine")

    home = root / "newsroom"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIPLINE_", "PYTHON", "VIRTUAL_ENV"))}
    # no tesseract, as on a newcomer's machine: the folders that hold it are left out of PATH
    kept = [d for d in env.get("PATH", "").split(os.pathsep) if d and not (Path(d) / "tesseract").exists()]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *kept])
    run([str(tipline), "kb", "import", "--sample"], cwd=home, env=env)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    fake = bot = None
    log = (root / "bot.log").open("w+", encoding="utf-8")
    try:
        fake = subprocess.Popen(
            [str(python), "-m", "tests.support.fakebotapi", "--port", str(port), "--token", TOKEN],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for("fake Bot API", lambda: fake_api(base, "/_fake/state"), 60, fake)
        step(f"$ TIPLINE_BOT_TOKEN=... TIPLINE_API_BASE={base} tipline run")
        bot = subprocess.Popen(
            [str(tipline), "run"],
            cwd=home,
            env={**env, "TIPLINE_BOT_TOKEN": TOKEN, "TIPLINE_API_BASE": base},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for("polling", lambda: fake_api(base, "/_fake/state")["requests"].get("getUpdates"), 180, bot)
        fake_api(base, "/_fake/text", {"chat_id": READER, "text": CLAIM, "language_code": "en"})

        def answer() -> str | None:
            sent = fake_api(base, "/_fake/requests?method=sendMessage")
            to_reader = [r["params"] for r in sent if str(r["params"].get("chat_id")) == str(READER)]
            return to_reader[0].get("text") if to_reader else None

        text = wait_for("answer to the reader", answer, ANSWER_TIMEOUT, bot)
        if VERDICT_URL not in text:
            raise SystemExit(f"first run: failed: the answer is not the sample verdict's card: {text!r}")
        step(f"the bot answered the reader with the sample verdict: {' / '.join(text.splitlines()[:2])!r}")
        stop(bot, "tipline run")
        if bot.returncode != 0:
            raise SystemExit(f"first run: failed: tipline run exited {bot.returncode} on SIGTERM")
        log.seek(0)
        logged = log.read()
        if "Traceback" in logged:
            raise SystemExit("first run: failed: the bot logged a traceback")
        said = [line for line in logged.splitlines() if "pictures are not read" in line]
        if len(said) != 1 or "apt install" not in said[0] or "brew install" not in said[0]:
            raise SystemExit(f"first run: failed: no one line saying pictures are not read and how: {said}")
        step(f"without tesseract the bot said so once: {said[0].split(' ', 3)[-1]!r}")
    except BaseException:
        log.seek(0)
        print(log.read()[-4000:], file=sys.stderr)
        raise
    finally:
        stop(bot, "tipline run")
        stop(fake, "the fake Bot API")
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder (the venv, the log).")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="tipline-first-run-"))
    try:
        first_run(root)
    finally:
        if args.keep:
            step(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    step("passed")


if __name__ == "__main__":
    main()
