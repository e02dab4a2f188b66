"""A small multilingual gazetteer of the region: the countries, peoples, cities and places, currencies,
months, commodities, diseases and hazards, drugs, institutions and companies that rumours name, each
concept with its surface forms in Russian, Kazakh, Uzbek (Latin and Cyrillic), Kyrgyz, Tajik,
Azerbaijani, Turkish and English, plus number words. `mentions` finds the concepts and amounts a text
names; `disagreements` tells which classes of facts two texts state differently, whatever their
languages: "бензин в Казахстане" and "Qirg'izistonda benzin" name different countries.

The concepts and their forms (gazetteer.json, Babel's names, the markers a form is written with) are read
by knowledge.gazetteer_forms; this module matches them in texts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from knowledge.cache import built_once, stamp_of
from knowledge.gazetteer_forms import (
    DATA,
    ENDINGS,
    MAX_ENDING,
    MIN_STEM,
    Concept,
    Form,
    read_gazetteer,
)
from knowledge.normalise import normalise, to_key
from knowledge.verdicts import LANGUAGES  # every concept is written in each (Uzbek in Latin: the same key)

__all__ = ["DATA", "LANGUAGES", "Concept", "Form", "Gazetteer", "Mentions", "amounts", "default_gazetteer"]

COMPARED_WITH = {"hazard": "disease"}
"""Kinds compared as one: a school closure for frost and one for flu differ in their cause."""
NEEDS_NUMBER = frozenset({"month"})
"""Kinds whose words count only next to a number ("1 Aralık", "May 5"): Turkish "aralık" is also "gap"."""


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
        return cls(*read_gazetteer(path))

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

    from knowledge import gazetteer_forms
    from knowledge import normalise as normalising

    sources = [DATA, Path(__file__), Path(gazetteer_forms.__file__), Path(normalising.__file__)]
    return built_once("gazetteer", stamp_of(sources, babel.__version__), Gazetteer.load)
