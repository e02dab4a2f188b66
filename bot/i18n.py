"""Localised strings from the Fluent files in `locales/`, with every argument HTML-escaped."""

from __future__ import annotations

import html
from functools import cached_property
from pathlib import Path

from fluent.runtime import FluentLocalization, FluentResourceLoader

import locales
from knowledge.verdicts import LANGUAGES

LOCALES_DIR = Path(locales.__file__).parent
RESOURCES = tuple(sorted(path.name for path in (LOCALES_DIR / "en").glob("*.ftl")))
"""One Fluent file per part of the bot (tipline.ftl, safety.ftl, media.ftl...), the same in every language."""


class Translator:
    """Messages in one language, English where a message is missing."""

    def __init__(self, lang: str, localization: FluentLocalization):
        self.lang = lang
        self._localization = localization

    def __call__(self, key: str, **args: object) -> str:
        safe = {k: html.escape(v) if isinstance(v, str) else v for k, v in args.items()}
        return self._localization.format_value(key, safe)


class Locales:
    """All UI languages; `locales[lang]` gives a Translator."""

    def __init__(self, directory: Path = LOCALES_DIR, default: str = "en"):
        self.directory = directory
        self.default = default
        self._translators: dict[str, Translator] = {}

    @cached_property
    def _loader(self) -> FluentResourceLoader:
        return FluentResourceLoader(str(self.directory / "{locale}"))

    def __getitem__(self, lang: str) -> Translator:
        lang = lang if lang in LANGUAGES else self.default
        if lang not in self._translators:
            chain = [lang] if lang == "en" else [lang, "en"]
            self._translators[lang] = Translator(
                lang, FluentLocalization(chain, list(RESOURCES), self._loader)
            )
        return self._translators[lang]

    def resolve(self, language_code: str | None) -> str:
        """A UI language for a Telegram `language_code` such as 'ru' or 'uz-UZ'."""
        return self.supported(language_code) or self.default

    @staticmethod
    def supported(language_code: str | None) -> str | None:
        """The UI language a Telegram `language_code` names, None when it is missing or not one of ours."""
        code = (language_code or "").split("-")[0].split("_")[0].lower()
        return code if code in LANGUAGES else None
