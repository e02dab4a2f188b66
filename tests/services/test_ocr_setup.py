"""Setting up the OCR pool (bot/services/ocr.py create_ocr): off when the settings say so, off with one
line in the log saying how to install tesseract when it or its models are missing, and the script
models found under the name this system's tesseract gives them. Tesseract itself is never run: its
`--list-langs` answer is made up here."""

from __future__ import annotations

import importlib.util
import io
import logging
import subprocess

import pytesseract
import pytest
from PIL import Image

import bot.services.ocr as ocr_module
from bot.services.ocr import (
    CannotRead,
    create_ocr,
    installed_models,
    missing_models,
    recognise,
    script_prefix,
)
from bot.settings import load_settings

TESSERACT = "/opt/fake/bin/tesseract"
LISTED_IN_SCRIPT = 'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (5):\n' + "\n".join(
    ["eng", "osd", "rus", "script/Cyrillic", "script/Latin"]
)
LISTED_FLAT = 'List of available languages in "/usr/share/tessdata/" (3):\nCyrillic\nLatin\nosd\n'


def settings(**overrides):
    return load_settings(database_url="sqlite+aiosqlite:///unused.db", **overrides)


class Tesseract:
    """A tesseract on the PATH whose `--list-langs` prints `listed`; the commands it was asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, listed: str | None) -> None:
        self.listed = listed
        self.commands: list[list[str]] = []
        find_spec = importlib.util.find_spec

        def spec(name, *args, **kwargs):
            return object() if name == "pytesseract" else find_spec(name, *args, **kwargs)

        monkeypatch.setattr(
            ocr_module.shutil, "which", lambda name: TESSERACT if name == "tesseract" else None
        )
        monkeypatch.setattr(ocr_module.importlib.util, "find_spec", spec)
        monkeypatch.setattr(ocr_module.subprocess, "run", self.run)

    def run(self, command, **kwargs):
        self.commands.append(list(command))
        if self.listed is None:
            raise OSError("exec format error")
        return subprocess.CompletedProcess(command, 0, stdout=self.listed, stderr="")


def warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == ocr_module.__name__ and r.levelno >= logging.WARNING]


def test_pictures_are_not_read_when_the_settings_say_so(monkeypatch, caplog):
    looked = []
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: looked.append(name) or TESSERACT)
    with caplog.at_level(logging.INFO, logger=ocr_module.__name__):
        assert create_ocr(settings(ocr=False)) is None
    assert looked == [], "tesseract is not even looked for"
    assert [r for r in caplog.records if r.name == ocr_module.__name__] == []


def test_without_tesseract_one_warning_says_how_to_install_it(monkeypatch, caplog):
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    with caplog.at_level(logging.INFO, logger=ocr_module.__name__):
        assert create_ocr(settings(ocr=True)) is None
    [warning] = warnings(caplog)
    assert warning.levelno == logging.WARNING
    message = warning.getMessage()
    assert "tesseract is not installed" in message
    assert "apt install" in message and "tesseract-ocr-script-cyrl" in message
    assert "brew install" in message


def test_a_tesseract_that_cannot_be_run_counts_as_missing(monkeypatch, caplog):
    fake = Tesseract(monkeypatch, listed=None)
    assert missing_models() is None
    with caplog.at_level(logging.INFO, logger=ocr_module.__name__):
        assert create_ocr(settings(ocr=True)) is None
    [warning] = warnings(caplog)
    assert "not installed" in warning.getMessage() and "apt install" in warning.getMessage()
    assert fake.commands[0] == [TESSERACT, "--list-langs"]


def test_script_models_in_their_own_folder_are_found_and_named_so(monkeypatch):
    fake = Tesseract(monkeypatch, LISTED_IN_SCRIPT)
    installed = installed_models()
    assert installed == {"eng", "osd", "rus", "script/Cyrillic", "script/Latin"}, "the header is no model"
    assert missing_models() == []
    assert script_prefix(installed) == "script/"
    assert fake.commands == [[TESSERACT, "--list-langs"], [TESSERACT, "--list-langs"]]


def test_script_models_beside_the_others_need_no_prefix(monkeypatch):
    Tesseract(monkeypatch, LISTED_FLAT)
    assert missing_models() == []
    assert script_prefix(installed_models()) == ""


def test_a_missing_script_model_is_named(monkeypatch, caplog):
    Tesseract(monkeypatch, 'List of available languages in "/x" (2):\nosd\nscript/Cyrillic\n')
    assert missing_models() == ["Latin"]
    with caplog.at_level(logging.INFO, logger=ocr_module.__name__):
        assert create_ocr(settings(ocr=True)) is None
    [warning] = warnings(caplog)
    message = warning.getMessage()
    assert "lacks Latin" in message and "apt install" in message and "brew install" in message


def test_without_any_model_every_one_is_named(monkeypatch):
    Tesseract(monkeypatch, 'List of available languages in "/x" (1):\neng\n')
    assert missing_models() == ["osd", "Cyrillic", "Latin"]


def test_with_every_model_the_pool_reads_with_the_settings_and_the_systems_names(monkeypatch, caplog):
    Tesseract(monkeypatch, LISTED_IN_SCRIPT)
    with caplog.at_level(logging.INFO, logger=ocr_module.__name__):
        ocr = create_ocr(settings(ocr=True, ocr_workers=3, ocr_queue=7, ocr_wait=0.25))
    try:
        assert ocr is not None
        assert (ocr.workers, ocr.queue, ocr.wait, ocr.prefix) == (3, 7, 0.25, "script/")
        assert warnings(caplog) == []
    finally:
        if ocr is not None:
            ocr.close()


def test_tesseract_gone_while_the_bot_runs_makes_a_picture_unreadable_not_a_failed_update(monkeypatch):
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    picture = io.BytesIO()
    Image.new("RGB", (400, 200), "white").save(picture, "PNG")
    with pytest.raises(CannotRead, match="tesseract failed"):
        recognise(picture.getvalue())
