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
    "перешлите всем", "перешлите", "перешли всем", "разошлите всем", "разошлите", "отправьте всем",
    "отправь всем", "распространите", "поделитесь", "сделайте репост", "репост", "срочно",
    "жіберіңіз", "жіберіңдер", "таратыңыз", "таратыңдар", "бөлісіңіз",
    "hammaga yuboring", "hammaga tarqating", "tarqating", "tarqatinglar", "ulashing",
    "ҳаммага юборинг", "тарқатинг", "тарқатинглар",
    "баарына жөнөткүлө", "таратып койгула", "таратыңыздар", "бөлүшүңүз",
    "ба ҳама фиристед", "паҳн кунед",
    "hamıya göndərin", "paylaşın", "yayın", "herkese gönderin", "herkese yayın",
    "please share", "share this", "forward to everyone", "forward this", "pass it on", "spread the word",
)
_NOISE_PATTERN = re.compile(
    r"(?:^|(?<=\s))(?:" + "|".join(sorted((re.escape(p) for p in FORWARDING_NOISE), key=len, reverse=True))
    + r")(?=\s|$)"
)

CYRILLIC_TO_KEY = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh, Kyrgyz, Uzbek, Tajik, Azerbaijani, Tatar/Bashkir, Ukrainian/Belarusian letters
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "ў": "o", "ҳ": "h", "ӣ": "i", "ӯ": "u", "ҷ": "j", "ҝ": "g", "ј": "y", "ҹ": "c", "ґ": "g",
    "є": "ye", "ї": "yi", "ӊ": "n", "ҙ": "z", "ҫ": "s", "җ": "j",
}
LATIN_TO_KEY = {
    "ə": "a", "ä": "a", "ı": "y", "ş": "sh", "ç": "ch", "ğ": "g", "ñ": "n", "ň": "n", "ž": "j",
    "ý": "y", "ö": "o", "ü": "u", "ū": "u", "q": "k", "w": "v", "x": "h", "ß": "ss", "œ": "oe",
    "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "'": "",
}
LATIN_DIGRAPHS = (("kh", "h"), ("zh", "j"), ("sch", "sh"))
_KEY_TABLE = str.maketrans({**CYRILLIC_TO_KEY, **LATIN_TO_KEY})
_REPEATS = re.compile(r"([^\W\d_])\1+")
_DIGRAPH = re.compile("|".join(d for d, _ in LATIN_DIGRAPHS))
_DIGRAPH_MAP = dict(LATIN_DIGRAPHS)


def _remove_invisible(text: str) -> str:
    text = SURROGATE.sub(" ", text)
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc", "Co", "Cn", "Mn")
                   or ch in "\n\t")


def strip_noise(text: str) -> str:
    """The message with links, mentions, emoji and invisible characters removed; case kept."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", SURROGATE.sub(" ", text))
    text = MENTION.sub(" ", URL.sub(" ", text))
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("So", "Sk", "Cs", "Co", "Cn", "Cf") and ch not in APOSTROPHES:
            continue
        kept.append(" " if category in ("Cc", "Zl", "Zp") else ch)
    text = re.sub(r"([!?.])\1{2,}", r"\1", "".join(kept))
    return " ".join(text.replace("#", " ").split())


def normalise(text: str) -> str:
    """NFKC, case-folded words separated by single spaces; links, mentions, emoji, '#',
    punctuation and chain-message noise removed; Uzbek apostrophe variants unified to "'"."""
    if not isinstance(text, str) or not text:
        return ""
    text = unicodedata.normalize("NFKC", SURROGATE.sub(" ", text))
    text = MENTION.sub(" ", URL.sub(" ", text))
    text = text.casefold().replace("i̇", "i")
    text = _remove_invisible(text)
    text = APOSTROPHE_RUN.sub("'", text)
    words = " ".join(WORD.findall(text))
    cleaned = _NOISE_PATTERN.sub(" ", words)
    return " ".join(cleaned.split()) if cleaned.strip() else words


def to_key(normalised: str) -> str:
    """`matching_key` of text that is already normalised."""
    text = _DIGRAPH.sub(lambda m: _DIGRAPH_MAP[m.group(0)], normalised.translate(_KEY_TABLE))
    if not text.isascii():
        text = "".join(
            ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
        )
    return _REPEATS.sub(r"\1", text)


def matching_key(text: str) -> str:
    """Normalised text spelt in one common Latin alphabet across Cyrillic and Latin orthographies
    of Russian, Uzbek, Kazakh, Kyrgyz, Tajik, Azerbaijani and Turkmen."""
    return to_key(normalise(text))


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def script_of(text: str) -> str:
    """'cyrl', 'latn', 'other' or 'none' by majority of letters."""
    cyrillic = latin = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if "\u0400" <= ch <= "\u052f":
            cyrillic += 1
        elif ch.isascii() or "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff" or ch in "əƏ":
            latin += 1
        else:
            other += 1
    if not (cyrillic or latin or other):
        return "none"
    best = max(cyrillic, latin, other)
    return "cyrl" if best == cyrillic else "latn" if best == latin else "other"
