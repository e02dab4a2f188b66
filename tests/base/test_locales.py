"""Every user-facing string exists in all eight languages, with the same variables and markup."""

from __future__ import annotations

import re

import pytest
from fluent.syntax import FluentParser, ast, visitor

from bot.i18n import LOCALES_DIR, RESOURCES, Locales
from knowledge.verdicts import LANGUAGES


class Variables(visitor.Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def messages(lang: str) -> dict[str, ast.Message]:
    found: dict[str, ast.Message] = {}
    for name in RESOURCES:
        path = LOCALES_DIR / lang / name
        assert path.exists(), f"locale {lang} is missing: {path}"
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [entry.content for entry in resource.body if isinstance(entry, ast.Junk)]
        assert not junk, f"{lang}/{name}: unparsable entries: {junk}"
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                assert entry.id.name not in found, f"{lang}: {entry.id.name} is defined twice"
                found[entry.id.name] = entry
    return found


def variables(message: ast.Message) -> set[str]:
    found = Variables()
    found.visit(message)
    return found.names


ENGLISH = messages("en")


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_locale_has_every_message_with_the_same_variables(lang):
    translated = messages(lang)
    assert set(translated) == set(ENGLISH), {
        "missing": sorted(set(ENGLISH) - set(translated)),
        "unknown": sorted(set(translated) - set(ENGLISH)),
    }
    for key, message in ENGLISH.items():
        assert variables(translated[key]) == variables(message), f"{lang}: {key}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_renders_with_the_same_html_tags(lang):
    t = Locales()[lang]
    english = Locales()["en"]
    for key in ENGLISH:
        args = {name: "1" for name in variables(ENGLISH[key])}
        if key == "unsupported-content":
            args["kind"] = "sticker"
        text = t(key, **args)
        assert text and text != key, f"{lang}: {key} does not render"
        tags = sorted(re.findall(r"</?[a-z]+", text))
        assert tags == sorted(re.findall(r"</?[a-z]+", english(key, **args))), f"{lang}: {key}"
        words = re.sub(r"<[^>]+>", "", english(key, **args))
        if lang != "en" and re.search(r"[A-Za-z]{3,}", words):
            assert text != english(key, **args), f"{lang}: {key} is still English"
