"""Which language a reader's message is in: pycld2 first, py3langid second, letters as tie-breaker.

`detect_language(text)` answers one of `DETECTABLE` (ru kk uz ky tg az tr en tk uk) or "unknown"
(nothing to go by: empty, emoji, digits or links only; the caller then keeps the reader's language).
It never raises.

How it decides:

1. Clean the text: drop URLs, @mentions, e-mail addresses, zero-width and control characters and lone
   surrogates. Fewer than two letters left -> "unknown".
2. Work out the script (Cyrillic or Latin); only languages written in that script are candidates
   (Uzbek is written in both; Turkmen, Azerbaijani and Turkish in Latin; the rest in Cyrillic).
3. Ask pycld2 (bestEffort) and py3langid restricted to the candidates. When both agree, that is the
   answer, unless most words are spelt with letters that language does not have.
4. When they disagree (or pycld2 answers a language outside our set, e.g. Serbian for short Russian),
   letters specific to each alphabet decide: ў қ ғ ҳ (Uzbek), ә ғ қ ң ө ұ ү һ і (Kazakh), ң ө ү (Kyrgyz),
   ӣ ӯ ҳ ҷ қ ғ (Tajik), і ї є ґ (Ukrainian); ə (Azerbaijani), oʻ gʻ (Uzbek), ý ň ä ž (Turkmen).
   A word counts for language A against B when it has a letter A's alphabet has and B's lacks; a
   language whose hallmark letters are all missing from a text long enough to show them loses a tie.
   Remaining ties go to the caller's hint, then to pycld2 (to py3langid when pycld2 is unsure).
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pycld2

from knowledge.cache import built_once, stamp_of

LOGGER = logging.getLogger(__name__)

DETECTABLE = ("ru", "kk", "uz", "ky", "tg", "az", "tr", "en", "tk", "uk")
"""Languages the detector can answer; the bot speaks all but Turkmen and Ukrainian."""

UNKNOWN = "unknown"

LANGUAGE_NAMES = {
    "ru": "Русский",
    "kk": "Қазақша",
    "uz": "Oʻzbekcha",
    "ky": "Кыргызча",
    "tg": "Тоҷикӣ",
    "az": "Azərbaycanca",
    "tr": "Türkçe",
    "en": "English",
    "tk": "Türkmençe",
    "uk": "Українська",
}
"""Each language's own name, for the bot's language picker."""

CYRILLIC_LANGS = ("ru", "kk", "uz", "ky", "tg", "uk")
LATIN_LANGS = ("uz", "az", "tr", "en", "tk")

MAX_CHARS = 4000
"""Only the start of very long texts is examined; it is plenty and keeps detection fast."""

MIN_LETTERS = 2

HALLMARK_MIN_LETTERS = 10
"""Texts with at least this many letters are expected to show a language's hallmark letters."""

# Letters beyond the basic Russian/ASCII alphabet that tell the alphabets apart. For each language,
# the letters from the universe below that its alphabet has; the others are foreign to it.
_CYRILLIC_UNIVERSE = frozenset("әғқңөұүһіўҳӣӯҷїєґыэъё")
_CYRILLIC_ALPHABETS = MappingProxyType(
    {
        "ru": frozenset("ыэъё"),
        "uk": frozenset("іїєґ"),
        "kk": frozenset("әғқңөұүһіыэъё"),
        "ky": frozenset("ңөүыэъё"),
        "uz": frozenset("ўқғҳэъё"),
        "tg": frozenset("ғӣқӯҳҷэъё"),
    }
)
# "ʻ" stands for the Uzbek oʻ/gʻ (any apostrophe after o or g), see _UZ_APOSTROPHE.
_LATIN_UNIVERSE = frozenset("əqxwçşğıöüäňýžâîûʻ")
_LATIN_ALPHABETS = MappingProxyType(
    {
        "en": frozenset("qxw"),
        "tr": frozenset("çşğıöüâîû"),
        "az": frozenset("əqxçşğıöü"),
        "tk": frozenset("wçşöüäňýž"),
        "uz": frozenset("qxʻ"),
    }
)
# Letters frequent enough in a language, and kept even by readers typing without its keyboard layout,
# that a text of HALLMARK_MIN_LETTERS letters or more without any of them is unlikely to be that language
# (used only to break ties between the models). Kazakh, Tajik, Turkish and Turkmen are often typed with
# plain Russian or Latin letters, so missing letters say nothing about them.
_HALLMARKS = MappingProxyType(
    {
        "az": frozenset("əqx"),
        "uk": frozenset("іїєґ"),
    }
)

_URL = re.compile(
    r"(?:https?://|ftp://|www\.)\S+"
    r"|\b(?:t\.me|telegram\.me|youtu\.be|bit\.ly)/\S*"
    r"|\b[\w.-]+\.(?:com|org|net|info|io|me|ru|kz|uz|kg|tj|az|tr|ua|tm|su|рф)\b(?:/\S*)?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+")
_MENTION = re.compile(r"(?<!\w)@\w+")
_UZ_APOSTROPHE = re.compile(r"(?<=[og])[ʻʼ'‘’`´](?=\w)")
_WORD = re.compile(r"[^\W\d_]+(?:[ʻʼ'‘’`´][^\W\d_]+)*")


@functools.cache
def identifier():
    """The py3langid identifier, restricted to DETECTABLE; built on first use, once per process.

    py3langid ships its model LZMA-compressed, which takes half a second to read at every start (most of
    what `tipline check` costs); the identifier built from it is kept between processes (knowledge.cache),
    stamped by the model file."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    def build() -> LanguageIdentifier:
        built = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        built.set_languages(list(DETECTABLE))
        return built

    return built_once("py3langid", stamp_of([Path(MODEL_DIR) / MODEL_FILE], *DETECTABLE), build)


def detect_language(text: str, hint: str | None = None) -> str:
    """The language of `text` (one of DETECTABLE), or "unknown" when there is nothing to go by.

    `hint` (e.g. the reader's Telegram language_code or chosen UI language) only breaks ties between
    equally plausible answers. Never raises.
    """
    try:
        return _detect(text, _normalise_hint(hint))
    except Exception:  # a reader's message must never crash the bot; this is a bug, log it
        LOGGER.exception("language detection failed")
        return UNKNOWN


def _normalise_hint(hint: object) -> str | None:
    if not isinstance(hint, str):
        return None
    code = hint.split("-")[0].split("_")[0].strip().lower()
    return code if code in DETECTABLE else None


def clean_text(text: str) -> str:
    """`text` without URLs, mentions, e-mail addresses, invisible characters and invalid code points."""
    text = text[:MAX_CHARS]
    # lone surrogates ("\ud800") cannot be encoded; drop them
    text = text.encode("utf-8", "ignore").decode("utf-8")
    text = unicodedata.normalize("NFC", text)
    chars = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Cf", "Co", "Cn", "Cs"):
            continue  # zero-width joiners, BOM, direction marks, private use, unassigned
        chars.append(" " if category == "Cc" or category.startswith("Z") else ch)
    text = "".join(chars)
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = text.replace("#", " ")
    return " ".join(text.split())


def _script(text: str) -> str | None:
    cyrillic = latin = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        code = ord(ch)
        if 0x0400 <= code <= 0x052F:
            cyrillic += 1
        elif code < 0x0250 or 0x1E00 <= code <= 0x1EFF or code == 0x0259:
            latin += 1
        else:
            other += 1
    if cyrillic + latin + other < MIN_LETTERS:
        return None
    if cyrillic >= latin and cyrillic >= other:
        return "cyrillic"
    if latin >= other:
        return "latin"
    return "other"


def _words(text: str, script: str) -> list[set[str]]:
    """The universe letters (see above) in each word of `text` that has some."""
    if script == "cyrillic":
        universe = _CYRILLIC_UNIVERSE
    else:
        universe = _LATIN_UNIVERSE
        text = _UZ_APOSTROPHE.sub("ʻ", text.lower())
    result = []
    for word in _WORD.findall(text.lower()):
        letters = set(word) & universe
        if letters:
            result.append(letters)
    return result


def _cld2(text: str) -> tuple[str | None, bool]:
    """pycld2's best guess, whatever language it is (None when it has none or fails), and whether
    pycld2 calls it reliable."""
    try:
        reliable, _bytes, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:
        return None, False
    code = details[0][1] if details else "un"
    return (None, False) if code in ("un", "xxx") else (code, bool(reliable))


def _ranking(text: str, candidates: tuple[str, ...]) -> list[tuple[str, float]]:
    """py3langid's probabilities for `candidates`, renormalised, best first."""
    scores = [(lang, p) for lang, p in identifier().rank(text) if lang in candidates]
    total = sum(p for _, p in scores) or 1.0
    return [(lang, p / total) for lang, p in scores]


def _detect(text: object, hint: str | None) -> str:
    if not isinstance(text, str):
        return UNKNOWN
    text = clean_text(text)
    script = _script(text)
    if script is None:
        return UNKNOWN
    cld, reliable = _cld2(text)
    if script == "other":
        # Arabic, Georgian, Armenian, CJK...: none of our languages is normally written so
        return cld if cld in DETECTABLE else UNKNOWN

    candidates = CYRILLIC_LANGS if script == "cyrillic" else LATIN_LANGS
    alphabets = _CYRILLIC_ALPHABETS if script == "cyrillic" else _LATIN_ALPHABETS
    words = _words(text, script)
    letters = sum(ch.isalpha() for ch in text)
    ranking = _ranking(text, candidates)
    lid = ranking[0][0]
    cld = cld if cld in candidates else None

    if cld == lid:
        return _unless_foreign(lid, words, ranking, alphabets)
    if cld is None:
        options = [lid]
    else:  # in a tie pycld2 wins, unless it says itself that it is unsure
        options = [cld, lid] if reliable else [lid, cld]
    return _by_letters(options, words, letters, alphabets, hint)


def _evidence(a: str, b: str, words: list[set[str]], alphabets: Mapping[str, frozenset[str]]) -> int:
    """Words spelt with letters that A's alphabet has and B's lacks, minus the reverse."""
    for_a = alphabets[a] - alphabets[b]
    for_b = alphabets[b] - alphabets[a]
    return sum(bool(w & for_a) for w in words) - sum(bool(w & for_b) for w in words)


def _by_letters(
    options: list[str],
    words: list[set[str]],
    letters: int,
    alphabets: Mapping[str, frozenset[str]],
    hint: str | None,
) -> str:
    """The option the letters favour; options come in order of preference (pycld2 first)."""

    def wins(a: str) -> int:
        return sum(_evidence(a, b, words, alphabets) > 0 for b in options if b != a)

    def losses(a: str) -> int:
        return sum(_evidence(a, b, words, alphabets) < 0 for b in options if b != a)

    def missing_hallmarks(a: str) -> bool:
        hallmarks = _HALLMARKS.get(a)
        if not hallmarks or letters < HALLMARK_MIN_LETTERS:
            return False
        return not any(w & hallmarks for w in words)

    def key(item: tuple[int, str]) -> tuple:
        index, lang = item
        return (losses(lang) - wins(lang), missing_hallmarks(lang), lang != hint, index)

    return min(enumerate(options), key=key)[1]


def _unless_foreign(
    lang: str,
    words: list[set[str]],
    ranking: list[tuple[str, float]],
    alphabets: Mapping[str, frozenset[str]],
) -> str:
    """`lang`, unless most marked words (at least two) use letters its alphabet lacks; then the most
    probable candidate among those whose alphabet fits the fewest foreign words."""

    def foreign(candidate: str) -> int:
        return sum(bool(w - alphabets[candidate]) for w in words)

    if foreign(lang) < 2 or foreign(lang) * 2 <= len(words):
        return lang
    fewest = min(foreign(candidate) for candidate, _p in ranking)
    return next(candidate for candidate, _p in ranking if foreign(candidate) == fewest)
