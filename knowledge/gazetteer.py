"""A small multilingual gazetteer of the region: the countries, peoples, cities and places, currencies,
months, commodities, diseases and hazards, drugs, institutions and companies that rumours name, each
concept with its surface forms in Russian, Kazakh, Uzbek (Latin and Cyrillic), Kyrgyz, Tajik,
Azerbaijani, Turkish and English, plus number words. `mentions` finds the concepts and amounts a text
names; `disagreements` tells which classes of facts two texts state differently, whatever their
languages: "бензин в Казахстане" and "Qirg'izistonda benzin" name different countries.

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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from knowledge.cache import built_once, stamp_of
from knowledge.normalise import normalise, to_key

DATA = Path(__file__).with_name("data") / "gazetteer.json"
_CYRILLIC = re.compile("[\u0400-\u052f]")
LANGUAGES = ("ru", "kk", "uz", "ky", "tg", "az", "tr", "en")
"""The languages every concept is written in (Uzbek in Latin; its Cyrillic spelling has the same key)."""
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
COMPARED_WITH = {"hazard": "disease"}
"""Kinds compared as one: a school closure for frost and one for flu differ in their cause."""
NEEDS_NUMBER = frozenset({"month"})
"""Kinds whose words count only next to a number ("1 Aralık", "May 5"): Turkish "aralık" is also "gap"."""


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


@dataclass(frozen=True)
class Mentions:
    """What a text names: concept ids (with the countries of the places it names) and amounts."""

    concepts: frozenset[str] = frozenset()
    implied: frozenset[str] = frozenset()
    """Countries the text's places lie in."""
    amounts: frozenset[str] = frozenset()

    def of_kind(self, gazetteer: Gazetteer, kind: str) -> frozenset[str]:
        own = {c for c in self.concepts if gazetteer.compared_kind(c) == kind}
        if kind == "country":
            own |= self.implied
        return frozenset(own)


def _word_keys(word: str) -> tuple[str, str | None]:
    """The matching key of a normalised word and, for "İstanbul'da"-like words (a name, an apostrophe, a
    suffix), the key of the part before the apostrophe."""
    key = to_key(word)
    if "'" in word:
        head = to_key(word.split("'", 1)[0])
        if len(head) >= 3 and head != key:
            return key, head
    return key, None


def _matches(rule: str, form_word: str, key: str, endings: frozenset[str] = ENDINGS) -> bool:
    if key == form_word:
        return True
    if rule == "exact" or not key.startswith(form_word):
        return False
    if rule == "prefix":
        return True
    rest = len(key) - len(form_word)
    if len(form_word) >= MIN_STEM and rule == "stem":
        return rest <= MAX_ENDING
    return key[len(form_word) :] in endings


@dataclass
class Gazetteer:
    concepts: dict[str, Concept]
    forms: list[Form]
    _by_first: dict[str, list[Form]] = field(default_factory=dict, repr=False)
    """Forms by the key of their first word."""
    _starts: dict[tuple[str, str | None], tuple[Form, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Form]] = defaultdict(list)
        for form in self.forms:
            grouped[form.words[0]].append(form)
        self._by_first = {k: sorted(v, key=lambda f: -f.length) for k, v in grouped.items()}

    @classmethod
    def load(cls, path: str | Path = DATA) -> Gazetteer:
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
        return cls(concepts, forms)

    def compared_kind(self, concept_id: str) -> str:
        kind = self.concepts[concept_id].kind
        return COMPARED_WITH.get(kind, kind)

    def ancestors(self, concept_id: str) -> list[str]:
        out = []
        parent = self.concepts[concept_id].parent
        while parent is not None and parent not in out:
            out.append(parent)
            parent = self.concepts[parent].parent
        return out

    def _starting(self, key: str, head: str | None) -> tuple[Form, ...]:
        """Forms whose first word matches a word with this key (and head), longest first; memoised."""
        found = self._starts.get((key, head))
        if found is None:
            forms = []
            for token in (key, head) if head else (key,):
                for end in range(len(token), 1, -1):
                    for form in self._by_first.get(token[:end], ()):
                        if _matches(form.rule, form.words[0], key, form.endings) or (
                            head is not None and _matches("exact", form.words[0], head)
                        ):
                            forms.append(form)
            # longest first; among equally long forms, the one written first in the data
            found = tuple(sorted(dict.fromkeys(forms), key=lambda f: -f.length))
            if len(self._starts) > 200_000:
                self._starts.clear()
            self._starts[(key, head)] = found
        return found

    def _match_at(
        self, keys: Sequence[tuple[str, str | None]], i: int, lang: str | None
    ) -> tuple[Form, int] | None:
        """The longest form that matches the words from `i` on, and how many words it takes."""
        for form in self._starting(*keys[i]):
            if form.lang is not None and form.lang != lang:
                continue
            if lang == "en" and form.source != "en":
                # English has its own form for every concept; other languages' stems read English
                # words wrongly ("some" is not the som, "state" not a hundred)
                continue
            n = len(form.words)
            if n == 1:
                return form, 1
            if i + n <= len(keys) and all(
                _matches(form.rule, word, keys[i + j][0], form.endings)
                or (keys[i + j][1] is not None and _matches("exact", word, keys[i + j][1]))
                for j, word in enumerate(form.words[1:], start=1)
            ):
                return form, n
        return None

    def mentions(self, text: str, lang: str | None = None) -> Mentions:
        """The concepts and amounts `text` names; `lang`: its language, for the forms of one language."""
        words = normalise(text).split()
        keys = [_word_keys(w) for w in words]
        found: list[tuple[int, int, Concept]] = []
        i = 0
        while i < len(keys):
            if keys[i][0] and not keys[i][0][0].isdigit():
                hit = self._match_at(keys, i, lang)
                if hit is not None:
                    form, n = hit
                    found.append((i, n, form.concept))
                    i += n
                    continue
            i += 1
        numeric = {i for i, w in enumerate(words) if w[:1].isdigit()}
        numeric |= {i for i, _, c in found if c.kind in ("number", "multiplier")}
        concepts = set()
        for i, n, concept in found:
            if concept.kind in ("number", "multiplier"):
                continue
            if concept.kind in NEEDS_NUMBER and not ({i - 1, i + n} & numeric):
                continue
            concepts.add(concept.id)
        implied = {self.concepts[c].within for c in concepts if self.concepts[c].within}
        return Mentions(frozenset(concepts), frozenset(implied) - {None}, amounts(words, found))

    def disagreements(self, first: Mentions, second: Mentions) -> tuple[str, ...]:
        """The kinds of facts two texts state differently: each names a concept of the kind (or an amount)
        that the other does not name, nor a broader or narrower concept of."""
        out = []
        kinds = {self.compared_kind(c) for c in first.concepts | second.concepts}
        if first.implied or second.implied:
            kinds.add("country")
        for kind in sorted(kinds):
            ours = self.narrowest(first.of_kind(self, kind))
            theirs = self.narrowest(second.of_kind(self, kind))
            if self._uncovered(ours, theirs) and self._uncovered(theirs, ours):
                out.append(kind)
        if first.amounts - second.amounts and second.amounts - first.amounts:
            out.append("amount")
        return tuple(out)

    def narrowest(self, concepts: frozenset[str]) -> frozenset[str]:
        """The concepts without the broader ones of others among them ("a virus, hepatitis" is hepatitis)."""
        broader = {a for c in concepts for a in self.ancestors(c)}
        return concepts - broader

    def _uncovered(self, ours: Iterable[str], theirs: frozenset[str]) -> set[str]:
        """Concepts of `ours` that `theirs` names neither as such nor as a broader or narrower concept."""
        broader_of_theirs = {a for t in theirs for a in self.ancestors(t)}
        return {
            c
            for c in ours
            if c not in theirs and c not in broader_of_theirs and not (set(self.ancestors(c)) & theirs)
        }


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


def amounts(words: Sequence[str], found: Sequence[tuple[int, int, Concept]] = ()) -> frozenset[str]:
    """The amounts a text states, in digits or in words of any of the languages: "50 000", "20 тысяч",
    "ikki ming" and "2000" are the same kind of thing; leading zeros dropped."""
    words_at = {i: (c, n) for i, n, c in found if c.kind in ("number", "multiplier")}
    values: list[float] = []
    current: float | None = None
    i = 0
    while i < len(words):
        word = words[i]
        concept, taken = words_at.get(i, (None, 1))
        i += taken - 1
        if word[:1].isdigit():
            digits = "".join(ch for ch in word if ch.isdigit())
            if word.isdigit() and len(word) <= 3:
                while i + 1 < len(words) and words[i + 1].isdigit() and len(words[i + 1]) == 3:
                    i += 1
                    digits += words[i]
            if current is not None:
                values.append(current)
            current = float(int(digits)) if digits else None
        elif concept is not None and concept.kind == "multiplier" and concept.value:
            current = (current or 1.0) * concept.value
        elif concept is not None and concept.kind == "number" and concept.value is not None:
            if current is not None and (current < 10 or current % 10 or concept.value >= 10):
                values.append(current)
                current = concept.value
            else:
                current = (current or 0.0) + concept.value
        elif current is not None:
            values.append(current)
            current = None
        i += 1
    if current is not None:
        values.append(current)
    return frozenset(str(int(v)) if float(v).is_integer() else str(v) for v in values)


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer of knowledge/data, loaded once per process and kept between processes
    (knowledge.cache): reading Babel's CLDR data for every language takes a third of a second."""
    import babel

    from knowledge import normalise as normalising

    sources = [DATA, Path(__file__), Path(normalising.__file__)]
    return built_once("gazetteer", stamp_of(sources, babel.__version__), Gazetteer.load)
