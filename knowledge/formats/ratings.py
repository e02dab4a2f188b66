"""Publishers' rating words (in the region's languages and in English) mapped onto the bot's scale."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.verdicts import RATING_ALIASES, RATINGS

REGIONAL_RATINGS = {
    # Russian
    "ложь": "false",
    "неправда": "false",
    "фейк": "false",
    "фальшивка": "false",
    "манипуляция": "misleading",
    "вводит в заблуждение": "misleading",
    "преувеличение": "misleading",
    "полуправда": "partly_false",
    "частично неправда": "partly_false",
    "частично ложь": "partly_false",
    "скорее неправда": "partly_false",
    "вне контекста": "missing_context",
    "без контекста": "missing_context",
    "не хватает контекста": "missing_context",
    "недостаточно доказательств": "unproven",
    "не доказано": "unproven",
    "непроверяемо": "unproven",
    "сатира": "satire",
    "правда": "true",
    "скорее правда": "true",
    # Kazakh
    "жалған": "false",
    "жалған ақпарат": "false",
    "өтірік": "false",
    "ішінара жалған": "partly_false",
    "жартылай шындық": "partly_false",
    "контекстсіз": "missing_context",
    "дәлелденбеген": "unproven",
    "шындық": "true",
    "рас": "true",
    # Uzbek (Latin and Cyrillic)
    "yolg'on": "false",
    "soxta": "false",
    "feyk": "false",
    "manipulyatsiya": "misleading",
    "chalg'ituvchi": "misleading",
    "qisman yolg'on": "partly_false",
    "qisman haqiqat": "partly_false",
    "kontekstsiz": "missing_context",
    "isbotlanmagan": "unproven",
    "satira": "satire",
    "haqiqat": "true",
    "to'g'ri": "true",
    "ёлғон": "false",
    "ҳақиқат": "true",
    # Kyrgyz
    "жалган": "false",
    "калп": "false",
    "жарым-жартылай жалган": "partly_false",
    "далилденген эмес": "unproven",
    "чындык": "true",
    "туура": "true",
    # Tajik
    "дурӯғ": "false",
    "бардурӯғ": "false",
    "қисман дурӯғ": "partly_false",
    "исботнашуда": "unproven",
    "ҳаққонӣ": "true",
    # Azerbaijani
    "yalan": "false",
    "yanlış": "false",
    "saxta": "false",
    "manipulyasiya": "misleading",
    "yanıldıcı": "misleading",
    "qismən yalan": "partly_false",
    "qismən doğru": "partly_false",
    "kontekstdən kənar": "missing_context",
    "təsdiqlənməyib": "unproven",
    "həqiqət": "true",
    "doğru": "true",
    # Turkish
    "yanlis": "false",
    "sahte": "false",
    "yanıltıcı": "misleading",
    "manipülasyon": "misleading",
    "kısmen yanlış": "partly_false",
    "kısmen doğru": "partly_false",
    "bağlamından koparılmış": "missing_context",
    "bağlam eksik": "missing_context",
    "doğrulanamadı": "unproven",
    "kanıtlanmadı": "unproven",
    "hiciv": "satire",
    # English
    "false": "false",
    "misleading": "misleading",
    "exaggerated": "misleading",
    "exaggeration": "misleading",
    "manipulated": "misleading",
    "altered": "false",
    "fabricated": "false",
    "hoax": "false",
    "scam": "false",
    "four pinocchios": "false",
    "three pinocchios": "partly_false",
    "two pinocchios": "misleading",
    "half truth": "partly_false",
    "partly true": "partly_false",
    "needs context": "missing_context",
    "lacks context": "missing_context",
    "no evidence": "unproven",
    "unproven": "unproven",
    "satire": "satire",
    "true": "true",
}
"""Publishers' rating words (ClaimReview `alternateName`, Fact Check Tools `textualRating`) in the
region's languages and in English, beyond the bot's own names and `RATING_ALIASES`."""

NUMERIC_BANDS = ((0.2, "false"), (0.6, "partly_false"), (1.0, "true"))
"""A numeric `ratingValue`, placed between `worstRating` (0) and `bestRating` (1), takes the first
rating whose bound it does not exceed (below 0.2 is false, up to 0.6 partly false, above true)."""


def rating_key(word: object) -> str:
    """A rating word as the table looks it up: case, apostrophes, dashes and spacing do not matter."""
    text = unicodedata.normalize("NFC", str(word)).casefold().replace("\u0307", "").replace("ı", "i")
    text = re.sub(r"[ʻʼ‘’`´]", "'", text)
    return re.sub(r"[\s_\-]+", " ", text).strip(' .!"«»“”')


@dataclass(frozen=True)
class RatingTable:
    """Maps publishers' rating words onto the bot's scale; calling it rates one word."""

    words: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, value: object) -> str | None:
        if value is None or str(value).strip() == "":
            return None
        rating = self.words.get(rating_key(value))
        if rating is None:
            raise ValueError(f"unknown rating {str(value).strip()!r}; map it in a ratings file (--ratings)")
        return rating

    def updated(self, overrides: Mapping[str, str]) -> RatingTable:
        return RatingTable({**self.words, **{rating_key(k): v for k, v in overrides.items()}})


def _default_words() -> dict[str, str]:
    words = {rating_key(r): r for r in RATINGS}
    words.update((rating_key(k), v) for k, v in RATING_ALIASES.items())
    words.update((rating_key(k), v) for k, v in REGIONAL_RATINGS.items())
    return words


DEFAULT_RATINGS = RatingTable(_default_words())


def numeric_rating(value: object, best: object = None, worst: object = None) -> str:
    """The rating for a numeric `ratingValue` on the scale worst..best (schema.org defaults: 1..5)."""
    try:
        number = float(str(value))
        top = float(str(best)) if best not in (None, "") else 5.0
        bottom = float(str(worst)) if worst not in (None, "") else 1.0
    except ValueError:
        raise ValueError(f"ratingValue {value!r} (best {best!r}, worst {worst!r}) is not a number") from None
    if top == bottom:
        raise ValueError(f"bestRating and worstRating are both {top:g}")
    position = (number - bottom) / (top - bottom)
    if not 0 <= position <= 1:
        raise ValueError(f"ratingValue {number:g} is outside {bottom:g}..{top:g}")
    return next(rating for bound, rating in NUMERIC_BANDS if position <= bound)


def load_ratings(path: str | Path, base: RatingTable = DEFAULT_RATINGS) -> RatingTable:
    """`base` updated with a JSON file mapping rating words to the bot's ratings."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ValueError(f"ratings file {path}: no such file") from None
    except OSError as error:
        raise ValueError(f"ratings file {path}: cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise ValueError(f"ratings file {path}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"ratings file {path}: not JSON (line {error.lineno}: {error.msg})") from None
    except RecursionError:
        raise ValueError(f"ratings file {path}: JSON nested too deeply") from None
    except ValueError as error:
        raise ValueError(f"ratings file {path}: not JSON ({error})") from None
    if not isinstance(data, dict):
        raise ValueError(f'ratings file {path}: expected an object such as {{"Ложь": "false"}}')
    for word, rating in data.items():
        if rating not in RATINGS:
            raise ValueError(
                f"ratings file {path}: {word!r} maps to {rating!r}, which is not one of {', '.join(RATINGS)}"
            )
    return base.updated(data)
