"""The gazetteer's concepts and their surface forms.

Forms live in knowledge/data/gazetteer.json. Country and month names in every language come from the
CLDR data that Babel ships (knowledge/data lists which countries); peoples, stems and everything else are
written by hand (no maintained library covers this region's languages for these classes). Forms are
compared through the matching key (knowledge.normalise.to_key), so one form covers both scripts of a
language: "Toshkent" also finds "Тошкент". A form is a stem: it matches a word whose key is the form's
key, or begins with it and goes on by at most MAX_ENDING letters when the stem has at least MIN_STEM
letters (Turkic suffixes, Russian endings), or by one of ENDINGS when it is shorter. Markers: a form
ending in "$" matches the whole word only (a number word: the word and one of ENDINGS_OF_NUMBERS),
one ending in "+" the word or the word and one of ENDINGS, one ending in "*" any word that begins with
it, and one starting with "=" only in texts in the language it is listed under (for words that mean
something else in another language: Russian "он" is "he", Kazakh "он" is ten).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from knowledge.normalise import normalise, to_key

DATA = Path(__file__).with_name("data") / "gazetteer.json"
_CYRILLIC = re.compile("[\u0400-\u052f]")
BABEL_LOCALES = {
    "ru": "ru",
    "kk": "kk",
    "uz": "uz",
    "uz_Cyrl": "uz",
    "ky": "ky",
    "tg": "tg",
    "az": "az",
    "tr": "tr",
    "en": "en",
}
MIN_STEM = 5
MAX_ENDING = 8
ENDINGS = frozenset(
    """a e i o u y ya yu ye yo ia iu ie ov ev om em am ym ami ah yh ax oy ey
    da de ta te do to dy di ty ti du tu dan den tan ten don ton dun tun nan nen
    dagi dagy daky daki dege taky tagy tagi ga ge ka ke go ko gu ku na ne ny ni nu
    nyn nin nun ning nung dyn din dun tyn tin tun ro ra ba be la le lar ler lary leri lari
    mi my mu si sy su yn in un lik lyk luk dik dyk tyk tik cha che sha she
    dar der tar ter degi dagi tegi tagi deki daki daky dagy nyng ha ho hoy hoi
    n nda nde ndan nden gacha kacha gache kache
    ski skiy skaya skoe skogo skom skih tsy tsev tsam ets""".split()
)
"""Short inflectional endings (in matching-key letters) that may follow a short stem."""
ENDINGS_OF_NUMBERS = frozenset(
    "ta da de te ga ge ka ke dan den tan ten nan nen an en ya yu x h ov ev dyn din nyn nin".split()
)
"""What may follow a number word: "мыңнан", "ikkita", "тысяча", "yüzde"."""
ENGLISH_ENDINGS = frozenset({"s", "es"})
"""English forms take only plural endings ("vaccines", "Kazakhstan's"): "George" is not "Georgia"."""
KINDS = (
    "country",
    "place",
    "currency",
    "month",
    "weekday",
    "commodity",
    "disease",
    "hazard",
    "drug",
    "organ",
    "institution",
    "company",
    "number",
    "multiplier",
)


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str
    parent: str | None = None
    """A broader concept of the same kind ("fuel" for petrol): never at odds with its narrower ones."""
    within: str | None = None
    """For a place: the country it is in (naming Bishkek names Kyrgyzstan too)."""
    value: float | None = None
    """For a number word or a multiplier."""


@dataclass(frozen=True)
class Form:
    words: tuple[str, ...]
    """Matching keys of the words of the form."""
    rule: str
    """'stem', 'exact', 'prefix' or 'inflected' (the key, or the key and one of ENDINGS)."""
    concept: Concept
    lang: str | None = None
    """Matches only in texts in this language."""
    source: str = ""
    """The language the form is written in."""

    @property
    def length(self) -> int:
        return sum(len(w) for w in self.words) + len(self.words) - 1

    @property
    def endings(self) -> frozenset[str]:
        if self.source == "en":
            return ENGLISH_ENDINGS
        return ENDINGS_OF_NUMBERS if self.concept.kind in ("number", "multiplier") else ENDINGS


def read_gazetteer(path: str | Path = DATA) -> tuple[dict[str, Concept], list[Form]]:
    """The concepts of gazetteer.json with their forms: those written there and Babel's names."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    concepts: dict[str, Concept] = {}
    forms: list[Form] = []
    for entry in data["concepts"]:
        concept = Concept(
            entry["id"], entry["kind"], entry.get("parent"), entry.get("within"), entry.get("value")
        )
        if concept.id in concepts:
            raise ValueError(f"gazetteer: concept {concept.id} twice")
        concepts[concept.id] = concept
        for lang, written in entry.get("forms", {}).items():
            forms.extend(parse_forms(written, concept, lang))
    babel = data.get("babel", {})
    for code in babel.get("countries", ()):
        concept = concepts.get(code) or Concept(code, "country")
        concepts[code] = concept
        forms.extend(babel_country_forms(code, concept))
    for number, month in enumerate(babel.get("months", ()), start=1):
        concept = concepts.get(month) or Concept(month, "month", value=number)
        concepts[month] = concept
        forms.extend(babel_month_forms(number, concept))
    for concept in concepts.values():
        for link in (concept.parent, concept.within):
            if link is not None and link not in concepts:
                raise ValueError(f"gazetteer: {concept.id} refers to unknown {link}")
    return concepts, forms


def parse_forms(written: Iterable[str], concept: Concept, lang: str) -> list[Form]:
    forms = []
    for raw in written:
        text = raw.strip()
        only_here = text.startswith("=")
        text = text.lstrip("=")
        rule = "inflected" if lang == "en" else "stem"
        if text.endswith("$"):
            rule, text = "exact", text[:-1]
            if concept.kind in ("number", "multiplier") and lang != "en":
                rule = "inflected"
        elif text.endswith("*"):
            rule, text = "prefix", text[:-1]
        elif text.endswith("+"):
            rule, text = "inflected", text[:-1]
        words = tuple(to_key(normalise(text)).split())
        if not words:
            raise ValueError(f"gazetteer: empty form {raw!r} of {concept.id}")
        # number words are short and mean other things in other languages ("ду", "сад", "bin")
        scoped = only_here or concept.kind in ("number", "multiplier")
        forms.append(Form(words, rule, concept, lang if scoped else None, lang))
    return forms


def babel_country_forms(code: str, concept: Concept) -> list[Form]:
    """The country's name in each of the languages, from CLDR through Babel. A name shorter than MIN_STEM
    letters counts only in texts of its own language (Turkish "Çin" is China, Uzbek "chin" is "true")."""
    from babel import Locale

    names = set()
    for locale, lang in BABEL_LOCALES.items():
        name = Locale.parse(locale).territories.get(code)
        if name:
            names.add((name.split("(")[0].strip(), lang))
    forms = []
    for name, lang in sorted(names):
        words = tuple(to_key(normalise(name)).split())
        if not words:
            continue
        short = len(words) == 1 and len(words[0]) < MIN_STEM
        rule = "inflected" if short or lang == "en" else "stem"
        forms.append(Form(words, rule, concept, lang if short else None, lang))
        last = words[-1]
        if len(last) >= 6 and last[-1] in "aeiouy" and _CYRILLIC.search(name):
            # Russian-like nouns change their last vowel: Россия -> России, Германия -> Германии
            stem = last[:-2] if last.endswith(("iya", "ya", "ia")) and len(last) >= 7 else last[:-1]
            forms.append(Form((*words[:-1], stem), "inflected", concept, None, lang))
    return forms


def babel_month_forms(number: int, concept: Concept) -> list[Form]:
    from babel import Locale

    names = set()
    for locale, lang in BABEL_LOCALES.items():
        months = Locale.parse(locale).months
        for context in ("format", "stand-alone"):
            name = months[context]["wide"].get(number)
            if name:
                names.add((name, lang))
    return [
        Form(
            tuple(to_key(normalise(n)).split()), "inflected" if lang == "en" else "stem", concept, None, lang
        )
        for n, lang in sorted(names)
        if normalise(n)
    ]
