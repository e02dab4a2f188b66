"""Whether a message and a verdict state the same facts: numbers, capitalised names and, across
languages and scripts, the concepts of the gazetteer (countries, peoples, cities, commodities,
diseases, drugs, institutions, months). A rumour with one fact changed is a different rumour."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from knowledge.gazetteer import default_gazetteer
from knowledge.matching.query import MAX_PHRASING_CHARS, MAX_QUERY_CHARS, NAME_PREFIX, NAME_WORD, Query
from knowledge.normalise import normalise, to_key

NAME_SIMILARITY = 75
AMOUNT = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+")
"""A number as written, thousands groups separated by spaces ("50 000") read as one."""


def capitalised_keys(text: str, skip_first: bool) -> set[str]:
    """Matching-key prefixes of the capitalised words of `text` (all of them, or all after the first)."""
    words = NAME_WORD.findall(text[:MAX_QUERY_CHARS])[int(skip_first) :]
    chosen = " ".join(w.casefold() for w in words if len(w) >= 4 and w[0].isupper() and not w.isupper())
    return {k[:NAME_PREFIX] for k in to_key(chosen).split()} if chosen else set()


def amounts_in(normalised: str) -> frozenset[str]:
    """The numbers a text mentions, "50 000" read as 50000, leading zeros dropped."""
    return frozenset(re.sub(r"\D", "", n).lstrip("0") or "0" for n in AMOUNT.findall(normalised))


def facts_replaced(query: Query, text: str) -> bool:
    """Whether the phrasing `text` states a number or a name where the query states a different one:
    each side has a number the other lacks, or a capitalised word (a place, a person, a body)
    with no similar word in the other, compared through the matching key (Ташкент ~ Toshkent).
    A rumour with its city, country, sum or date changed is a different rumour."""
    normalised = normalise(text[:MAX_PHRASING_CHARS])
    ours, theirs = amounts_in(query.normalised), amounts_in(normalised)
    if ours - theirs and theirs - ours:
        return True
    key = to_key(normalised)
    tokens = tuple(sorted({w[:NAME_PREFIX] for w in key.split()}))
    query_names = capitalised_keys(query.text, skip_first=True)
    if not query_names or not tokens:
        return False
    if missing_names(sorted(query_names), tokens, {}) == 0:
        return False
    names = capitalised_keys(text, skip_first=False)
    return bool(names) and query.tokens != () and missing_names(sorted(names), query.tokens, {}) > 0


def missing_names(names: Sequence[str], tokens: Sequence[str], cache: dict[str, bool]) -> float:
    """Share of `names` with no similar word among `tokens` (prefixes of matching keys)."""
    if not names:
        return 0.0
    missing = 0
    for name in names:
        found = cache.get(name)
        if found is None:
            found = (
                process.extractOne(name, tokens, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY) is not None
            )
            cache[name] = found
        missing += not found
    return missing / len(names)


def number_features(query: frozenset[str], phrasing: frozenset[str]) -> tuple[float, float]:
    """(share of the phrasing's numbers absent from the query, 1 if both have numbers but share none)."""
    if not phrasing:
        return 0.0, 0.0
    missing = len(phrasing - query) / len(phrasing)
    return missing, float(bool(query) and not (query & phrasing))


def facts_disagree(query: Query, text: str, lang: str | None = None) -> tuple[str, ...]:
    """The kinds of facts (country, place, commodity, disease, drug, institution, currency, month, amount,
    ...) that the message and the phrasing `text` (in `lang`) state differently, in any pair of the
    region's languages: each names one the other does not (knowledge.gazetteer)."""
    gazetteer = default_gazetteer()
    ours = gazetteer.mentions(query.text, query.lang)
    theirs = gazetteer.mentions(text[:MAX_PHRASING_CHARS], lang)
    return gazetteer.disagreements(ours, theirs)
