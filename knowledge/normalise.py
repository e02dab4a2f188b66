"""Text normalisation for matching reader messages against verdicts.

`normalise` gives words in one canonical form (NFKC, case-folded, noise removed);
`matching_key` goes further and spells Cyrillic and Latin Turkic/Russian text with one
common Latin alphabet, so that "Тошкент", "Toshkent" and "Tashkent"-like spellings meet.
"""

from __future__ import annotations

import re
import unicodedata

URL = re.compile(
    r"(?:https?://|ftp://|www\.)\S+"
    r"|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/\S*"
    r"|\b(?:t\.me|bit\.ly|wa\.me|youtu\.be|vk\.cc|goo\.gl)\b\S*",
    re.IGNORECASE,
)
MENTION = re.compile(r"(?<![\w@])@\w+")
SURROGATE = re.compile("[\ud800-\udfff]")
APOSTROPHES = "'`´ʹʻʼʽʾʿ‘’‚‛′ˈ＇"
APOSTROPHE_RUN = re.compile("[" + re.escape(APOSTROPHES) + "]+")
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

FORWARDING_NOISE = (
    # chain-message calls to forward or share, in the region's languages
    "перешлите всем",
    "перешлите",
    "перешли всем",
    "разошлите всем",
    "разошлите",
    "отправьте всем",
    "отправь всем",
    "распространите",
    "поделитесь",
    "сделайте репост",
    "репост",
    "срочно",
    "жіберіңіз",
    "жіберіңдер",
    "таратыңыз",
    "таратыңдар",
    "бөлісіңіз",
    "hammaga yuboring",
    "hammaga tarqating",
    "tarqating",
    "tarqatinglar",
    "ulashing",
    "ҳаммага юборинг",
    "тарқатинг",
    "тарқатинглар",
    "баарына жөнөткүлө",
    "таратып койгула",
    "таратыңыздар",
    "бөлүшүңүз",
    "ба ҳама фиристед",
    "паҳн кунед",
    "hamıya göndərin",
    "paylaşın",
    "yayın",
    "herkese gönderin",
    "herkese yayın",
    "please share",
    "share this",
    "forward to everyone",
    "forward this",
    "pass it on",
    "spread the word",
)
_NOISE_BY_FIRST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(FORWARDING_NOISE, key=len, reverse=True):
    _words = tuple(_phrase.split())
    _NOISE_BY_FIRST_WORD.setdefault(_words[0], []).append(_words)

CYRILLIC_TO_KEY = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Kazakh, Kyrgyz, Uzbek, Tajik, Azerbaijani, Tatar/Bashkir, Ukrainian/Belarusian letters
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
    "ў": "o",
    "ҳ": "h",
    "ӣ": "i",
    "ӯ": "u",
    "ҷ": "j",
    "ҝ": "g",
    "ј": "y",
    "ҹ": "c",
    "ґ": "g",
    "є": "ye",
    "ї": "yi",
    "ӊ": "n",
    "ҙ": "z",
    "ҫ": "s",
    "җ": "j",
}
LATIN_TO_KEY = {
    "ə": "a",
    "ä": "a",
    "ı": "y",
    "ş": "sh",
    "ç": "ch",
    "ğ": "g",
    "ñ": "n",
    "ň": "n",
    "ž": "j",
    "ý": "y",
    "ö": "o",
    "ü": "u",
    "ū": "u",
    "q": "k",
    "w": "v",
    "x": "h",
    "ß": "ss",
    "œ": "oe",
    "æ": "ae",
    "ø": "o",
    "đ": "d",
    "ł": "l",
    **dict.fromkeys(APOSTROPHES, ""),
}
LATIN_DIGRAPHS = (("kh", "h"), ("zh", "j"), ("sch", "sh"))
_KEY_TABLE = str.maketrans({**CYRILLIC_TO_KEY, **LATIN_TO_KEY})
_REPEATS = re.compile(r"([a-z])\1+")
_DIGRAPH = re.compile("|".join(d for d, _ in LATIN_DIGRAPHS))
_DIGRAPH_MAP = dict(LATIN_DIGRAPHS)


INVISIBLE_RANGES = (
    (0x00, 0x08),
    (0x0B, 0x1F),
    (0x7F, 0x9F),
    (0xAD, 0xAD),
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05C7),
    (0x0610, 0x061A),
    (0x061C, 0x061C),
    (0x064B, 0x065F),
    (0x180E, 0x180E),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0x20D0, 0x20FF),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0xFEFF, 0xFEFF),
    (0xFFF0, 0xFFFB),
    (0xE0000, 0xE007F),
)
"""Zero-width, directional, control and combining characters: deleted, not turned into spaces."""
_INVISIBLE = re.compile(
    "[" + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in INVISIBLE_RANGES) + "]+"
)
PICTOGRAPHS = re.compile(
    "[\u00a9\u00ae\u2010-\u2015\u2020-\u2027\u2030-\u205e\u2100-\u2bff\u2e00-\u2e7f"
    "\u3000-\u303f\ue000-\uf8ff\U0001f000-\U0001faff\U000f0000-\U0010ffff]+"
)
"""Emoji, pictographs, arrows, dingbats and private-use characters."""
_CYRILLIC = re.compile("[\u0400-\u052f]")
_LATIN = re.compile("[a-z\u00c0-\u024f\u0259\u1e00-\u1eff]", re.IGNORECASE)


def _without_links(text: str) -> str:
    if "/" in text or "www." in text or "WWW." in text:
        text = URL.sub(" ", text)
    return MENTION.sub(" ", text) if "@" in text else text


def strip_noise(text: str) -> str:
    """The message with links, mentions, emoji and invisible characters removed; case kept."""
    if not isinstance(text, str):
        return ""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", SURROGATE.sub(" ", text)))
    text = PICTOGRAPHS.sub(" ", _without_links(text))
    text = re.sub(r"([!?.])\1{2,}", r"\1", text)
    return " ".join(text.replace("#", " ").split())


def normalise(text: str) -> str:
    """NFKC, case-folded words separated by single spaces; links, mentions, emoji, '#',
    punctuation and chain-message noise removed; Uzbek apostrophe variants unified to "'"."""
    if not isinstance(text, str) or not text:
        return ""
    text = APOSTROPHE_RUN.sub("'", SURROGATE.sub(" ", text))
    text = _without_links(unicodedata.normalize("NFKC", text))
    text = _INVISIBLE.sub("", text.casefold().replace("i̇", "i"))
    text = APOSTROPHE_RUN.sub("'", text)
    words = WORD.findall(text)
    return " ".join(_without_noise(words) or words)


def _without_noise(words: list[str]) -> list[str]:
    if _NOISE_BY_FIRST_WORD.keys().isdisjoint(words):
        return words
    kept: list[str] = []
    i = 0
    while i < len(words):
        for phrase in _NOISE_BY_FIRST_WORD.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            kept.append(words[i])
            i += 1
    return kept


_WORD_KEYS: dict[str, str] = {}
_WORD_KEYS_LIMIT = 400_000


def _word_key(word: str) -> str:
    key = _WORD_KEYS.get(word)
    if key is None:
        key = _DIGRAPH.sub(lambda m: _DIGRAPH_MAP[m.group(0)], word.translate(_KEY_TABLE))
        if not key.isascii():
            key = "".join(ch for ch in unicodedata.normalize("NFD", key) if unicodedata.category(ch) != "Mn")
        key = _REPEATS.sub(lambda m: m.group(1), key)
        if len(_WORD_KEYS) >= _WORD_KEYS_LIMIT:
            _WORD_KEYS.clear()
        _WORD_KEYS[word] = key
    return key


def to_key(normalised: str) -> str:
    """`matching_key` of text that is already normalised."""
    return " ".join(filter(None, map(_word_key, normalised.split())))


def matching_key(text: str) -> str:
    """Normalised text spelt in one common Latin alphabet across Cyrillic and Latin orthographies
    of Russian, Uzbek, Kazakh, Kyrgyz, Tajik, Azerbaijani and Turkmen."""
    return to_key(normalise(text))


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def letter_count(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def script_of(text: str) -> str:
    """'cyrl', 'latn', 'other' or 'none' by majority of letters."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic + latin == 0:
        return "other" if has_letters(text) else "none"
    return "cyrl" if cyrillic >= latin else "latn"
