"""Reading pictures with tesseract (bot/services/ocr.py) on screenshots made with Pillow: every language
of the region read nearly letter for letter, the messenger's chrome left out, what is not a picture
refused, one reading per picture however many posts wait for it. Skipped without tesseract or its
models or the DejaVu fonts; in CI (CI=true) their absence fails instead."""

from __future__ import annotations

import asyncio
import io
import re
import shutil
import subprocess

import pytest
from PIL import Image

from bot.services.ocr import INSTALL_HINT, CannotRead, Ocr, missing_models, recognise
from knowledge.screenshots import BOTH_SCRIPTS, ScreenText
from tests.support.databases import IN_CI
from tests.support.screenshots import CHANNELS, MISSING_FONT, VARIANTS, cer, font_path, render, sample_claims

MAX_CER = 0.05
CLAIMS = {variant: texts[0] for variant, texts in sample_claims().items()}
CHROME = re.compile(r"(?i)\d{1,2}:\d{2}|subscribers|подписчик|\d+[.,]\d+K")


def _skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} in CI")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def tesseract() -> None:
    """Tesseract with its models, and the fonts the screenshots are drawn in; skip, or fail in CI."""
    missing = missing_models()
    if missing is None:
        _skip_or_fail(f"tesseract is not installed ({INSTALL_HINT})")
    elif missing:
        _skip_or_fail(f"tesseract lacks {', '.join(missing)} ({INSTALL_HINT})")
    if font_path() is None:
        _skip_or_fail(MISSING_FONT)


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_every_variant_has_a_sample_claim():
    assert all(CLAIMS.get(variant) for variant in VARIANTS)


def test_the_script_models_tesseract_lists_are_not_missing():
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    if not {"Cyrillic", "Latin", "osd"} <= set(listed):
        pytest.skip("tesseract lacks the script models")
    assert missing_models() == []


def readings() -> list:
    """Every variant in the light and the channel layout."""
    return [
        pytest.param(variant, layout, id=f"{variant}-{layout}")
        for variant in VARIANTS
        for layout in ("light", "channel")
    ]


@pytest.mark.parametrize(("variant", "layout"), readings())
def test_a_screenshot_is_read_letter_for_letter(tesseract, variant, layout):
    claim = CLAIMS[variant]
    read = recognise(render(claim, layout, seed=VARIANTS.index(variant)))
    assert cer(read.text, claim) <= MAX_CER, read.text
    assert read.readable and read.confidence >= 0.8
    script = "Cyrillic" if re.search("[а-яА-ЯёЁ]", claim) else "Latin"
    assert read.models in (script, BOTH_SCRIPTS), "the script's model, or both when it was not sure"
    assert not CHROME.search(read.text), read.text
    assert not any(name in read.text for name in CHANNELS), read.text


@pytest.mark.parametrize("data", [b"", b"not a picture at all", b"\x89PNG\r\n\x1a\n broken"])
def test_what_is_not_a_picture_cannot_be_read(data):
    with pytest.raises(CannotRead):
        recognise(data)


def test_a_picture_declaring_too_many_pixels_is_not_decoded():
    with pytest.raises(CannotRead, match="pixels"):
        recognise(png(Image.new("L", (8000, 5001), 255)))


def test_a_tiny_or_blank_picture_has_no_readable_text(tesseract):
    for image in (Image.new("RGB", (1, 1), "white"), Image.new("RGB", (800, 400), (223, 231, 236))):
        read = recognise(png(image))
        assert not read.readable and read.text.strip() == ""


async def test_a_picture_being_read_is_read_once_for_every_post_that_carries_it(tesseract):
    ocr = Ocr(workers=1, queue=4)
    fetched = []
    picture = render(CLAIMS["en"], "light")

    async def fetch() -> bytes:
        fetched.append(1)
        await asyncio.sleep(0)
        return picture

    try:
        first, second = ocr.start("photo-1", fetch), ocr.start("photo-1", fetch)
        assert first is second and ocr.waiting == 1
        read = await first
        assert isinstance(read, ScreenText) and cer(read.text, CLAIMS["en"]) <= MAX_CER
        await asyncio.sleep(0)
        assert fetched == [1] and ocr.waiting == 0
    finally:
        ocr.close()


async def test_a_full_queue_starts_no_more_readings_until_one_ends():
    ocr = Ocr(workers=1, queue=1)
    released = asyncio.Event()

    async def fetch() -> bytes:
        await released.wait()
        return b"not a picture"

    try:
        readings = [ocr.start("a", fetch), ocr.start("b", fetch)]
        assert all(readings) and ocr.waiting == 2
        assert ocr.start("c", fetch) is None
        assert ocr.start("a", fetch) is readings[0]
        released.set()
        for reading in readings:
            with pytest.raises(CannotRead):
                await reading
        await asyncio.sleep(0)
        assert ocr.waiting == 0
        late = ocr.start("c", fetch)
        assert late is not None
        with pytest.raises(CannotRead):
            await late
    finally:
        released.set()
        ocr.close()


async def test_a_failed_fetch_reaches_the_posts_waiting_and_frees_the_place():
    ocr = Ocr(workers=1, queue=0)

    async def fetch() -> bytes:
        raise ConnectionError("Telegram did not answer")

    try:
        reading = ocr.start("gone", fetch)
        with pytest.raises(ConnectionError):
            await reading
        await asyncio.sleep(0)
        assert ocr.waiting == 0
    finally:
        ocr.close()
