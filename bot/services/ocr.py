"""Reading the words of pictures with tesseract (through pytesseract, which runs the `tesseract`
program): a bounded pool of workers and a bounded queue, one reading per picture however many posts
carry it at once. The rules of what is read are knowledge/screenshots.py."""

from __future__ import annotations

import asyncio
import importlib.util
import io
import logging
import os
import shutil
import subprocess
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from bot.settings import Settings
from knowledge.screenshots import (
    BOTH_SCRIPTS,
    CONFIDENT,
    SCRIPT_MODELS,
    ScreenText,
    Word,
    models_for,
    screen_text,
)

log = logging.getLogger(__name__)

NEEDED_MODELS = ("osd", *SCRIPT_MODELS.values())
INSTALL_HINT = (
    "Debian/Ubuntu: apt install tesseract-ocr tesseract-ocr-osd tesseract-ocr-script-cyrl "
    "tesseract-ocr-script-latn; macOS: brew install tesseract tesseract-lang"
)
MAX_SIDE = 2560
"""Larger pictures are scaled down to this before reading (Telegram's largest photo size is 2560)."""
MIN_SIDE = 1000
"""Smaller ones are scaled up to this: tesseract reads small print badly."""
MAX_PIXELS = 40_000_000
"""A picture declaring more pixels than this is not decoded (a decompression bomb)."""
TESSERACT_TIMEOUT = 120
"""Seconds one tesseract run may take before it is stopped (a picture made to make it slow)."""
TESSERACT_FAILED = (RuntimeError, OSError)
"""What pytesseract raises besides TesseractError: a timeout, or tesseract gone or not starting."""


class CannotRead(Exception):
    """The picture could not be read: not an image, too large, or tesseract failed."""


class CannotFetch(Exception):
    """The picture could not be downloaded now (the network, the Bot API): it may be later."""


class ReadLater(Exception):
    """Not read within the answer's wait, or the queue is full: a worker reads it later."""


def installed_models() -> set[str] | None:
    """The models tesseract has, as `--list-langs` names them ("script/Cyrillic" on some systems);
    None when tesseract or pytesseract is missing (pytesseract's own list leaves the script models out)."""
    tesseract = shutil.which("tesseract")
    if tesseract is None or importlib.util.find_spec("pytesseract") is None:
        return None
    try:
        listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return {line.strip() for line in listed.stdout.splitlines()[1:] if line.strip()}


def missing_models(installed: set[str] | None = None) -> list[str] | None:
    """The models tesseract lacks among `NEEDED_MODELS` (of `installed`, else of what it lists now);
    None when tesseract or pytesseract is missing."""
    installed = installed_models() if installed is None else installed
    if installed is None:
        return None
    names = {name.removeprefix("script/") for name in installed}
    return [m for m in NEEDED_MODELS if m not in names]


def script_prefix(installed: set[str]) -> str:
    """How tesseract names its script models here: "script/" when they are in tessdata/script/."""
    return "" if "Cyrillic" in installed else "script/"


def _image(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise CannotRead(f"{image.width}x{image.height} pixels")
        image = ImageOps.exif_transpose(image).convert("L")  # a phone's photo of a screen, upright
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as error:
        raise CannotRead(str(error)) from error
    side = max(image.size)
    scale = MAX_SIDE / side if side > MAX_SIDE else MIN_SIDE / side if side < MIN_SIDE else 1.0
    if scale != 1.0:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.LANCZOS)
    return image


def script_of_picture(image: Image.Image) -> str | None:
    """The script tesseract's orientation pass sees (its name: "Cyrillic", "Latin", ...), or None."""
    import pytesseract

    try:
        found = pytesseract.image_to_osd(
            image, config="--psm 0 -c min_characters_to_try=10", timeout=TESSERACT_TIMEOUT
        )
    except pytesseract.TesseractError:  # too few characters to tell
        return None
    except TESSERACT_FAILED as error:
        raise CannotRead(f"tesseract failed: {error}") from error
    for line in found.splitlines():
        if line.startswith("Script:"):
            return line.split(":", 1)[1].strip()
    return None


def _read_with(image: Image.Image, models: str, prefix: str) -> ScreenText:
    import pytesseract

    lang = "+".join(prefix + model for model in models.split("+"))
    try:
        found = pytesseract.image_to_data(
            image, lang=lang, output_type=pytesseract.Output.DICT, timeout=TESSERACT_TIMEOUT
        )
    except (pytesseract.TesseractError, *TESSERACT_FAILED) as error:
        raise CannotRead(f"tesseract failed: {error}") from error
    words = [
        Word((block, par, line), text, float(conf))
        for block, par, line, text, conf in zip(
            found["block_num"], found["par_num"], found["line_num"], found["text"], found["conf"], strict=True
        )
    ]
    return screen_text(words, models)


def recognise(data: bytes, prefix: str = "") -> ScreenText:
    """The words of a picture (JPEG, PNG, WebP...): the script first, then that script's model, and both
    scripts' when that reading is not confident (the more confident reading is kept). `prefix`: where
    tesseract keeps its script models ("script/" on some systems)."""
    image = _image(data)
    models = models_for(script_of_picture(image))
    read = _read_with(image, models, prefix)
    if models != BOTH_SCRIPTS and read.confidence < CONFIDENT:
        again = _read_with(image, BOTH_SCRIPTS, prefix)
        read = again if again.confidence > read.confidence else read
    return read


class Ocr:
    """At most `workers` pictures read at once, `queue` more waiting; a picture being read already is
    not read twice (the posts that carry it wait for the same reading)."""

    def __init__(self, workers: int = 1, queue: int = 32, wait: float = 1.0, prefix: str = ""):
        self.workers, self.queue = workers, queue
        self.wait = wait
        """Seconds a reader's answer waits for their picture's words (`Screen.read`)."""
        self.prefix = prefix
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr")
        self._reading: dict[str, asyncio.Future[ScreenText]] = {}

    @property
    def waiting(self) -> int:
        return len(self._reading)

    def start(self, key: str, fetch: Callable[[], Awaitable[bytes]]) -> asyncio.Future[ScreenText] | None:
        """The reading of the picture `key` (its file_unique_id), started if it is not under way; None
        when the queue is full. The future raises CannotRead, or what `fetch` raised."""
        reading = self._reading.get(key)
        if reading is not None:
            return reading
        if len(self._reading) >= self.workers + self.queue:
            return None
        reading = self._reading[key] = asyncio.ensure_future(self._read(fetch))

        def done(future: asyncio.Future[ScreenText]) -> None:
            self._reading.pop(key, None)
            if not future.cancelled():
                future.exception()  # retrieved: a reader that stopped waiting does not log it

        reading.add_done_callback(done)
        return reading

    async def _read(self, fetch: Callable[[], Awaitable[bytes]]) -> ScreenText:
        data = await fetch()
        return await asyncio.get_running_loop().run_in_executor(self._pool, recognise, data, self.prefix)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


@dataclass
class Screen:
    """The picture of a post whose words may be read, and how long the reader's answer waits for them."""

    ocr: Ocr
    file_unique_id: str
    file_id: str
    fetch: Callable[[], Awaitable[bytes]]
    """Downloads the picture; raises CannotFetch."""

    async def read(self) -> ScreenText | None:
        """The picture's words; None when it cannot be read. Raises ReadLater when they are not read
        within the pool's `wait`, or at once when every worker is busy (the reading goes on, queued, and
        whoever starts it again gets the same one)."""
        busy = self.ocr.waiting >= self.ocr.workers
        reading = self.ocr.start(self.file_unique_id, self.fetch)
        if reading is None or (busy and not reading.done()):
            raise ReadLater  # behind other pictures: the answer does not wait, nor hold a handler's place
        try:
            return await asyncio.wait_for(asyncio.shield(reading), self.ocr.wait)
        except TimeoutError:
            raise ReadLater from None
        except CannotFetch as error:
            log.warning("picture %s could not be downloaded to be read: %s", self.file_unique_id, error)
            raise ReadLater from None
        except CannotRead as error:
            log.info("picture %s could not be read: %s", self.file_unique_id, error)
            return None


def create_ocr(settings: Settings) -> Ocr | None:
    """The OCR pool (TIPLINE_OCR_*), or None (with one line in the log saying why and how to install
    tesseract)."""
    if not settings.ocr:
        return None
    installed = installed_models()
    if installed is None:
        log.warning("pictures are not read: tesseract is not installed (%s)", INSTALL_HINT)
        return None
    missing = missing_models(installed)
    if missing:
        log.warning("pictures are not read: tesseract lacks %s (%s)", ", ".join(missing), INSTALL_HINT)
        return None
    prefix = script_prefix(installed)
    # One core per reading: tesseract's own OpenMP threads made readings 3x slower on a busy 2-core machine
    # (bench/bench_ocr.py), and TIPLINE_OCR_WORKERS is what should use more cores.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    log.info(
        "pictures are read by tesseract, %d at a time (%s)", settings.ocr_workers, ", ".join(NEEDED_MODELS)
    )
    return Ocr(settings.ocr_workers, settings.ocr_queue, settings.ocr_wait, prefix)
