"""Matching reader messages against the knowledge base of published verdicts.

Candidates come from an inverted index over the transliterated matching key (words and
character n-grams, BM25 weights, in scipy.sparse segments) and, when an embedder is given,
from a brute-force dot product over dense phrasing vectors. Candidates are re-scored by a small
choice model (a softmax over the candidate verdicts and "none of them") on lexical coverage,
fuzzy, cosine, number, name and language features, which gives each verdict a calibrated
probability; `decide` turns those into auto / choose / queue. Between `Thresholds.auto` and
`Thresholds.unchecked_auto` an automatic answer also needs the facts to agree: a message that
states another number or another place than the verdict (same rumour, different city, sum or
country) is offered as a choice instead (`facts_replaced`).
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from knowledge.normalise import has_letters, normalise, script_of, strip_noise, to_key

if TYPE_CHECKING:
    from knowledge.embeddings import Embedder

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 1500
"""Only this prefix of a message is matched (readers can send 4096 characters)."""
MAX_PHRASING_CHARS = 2000
MAX_QUERY_TERMS = 160
"""The rarest character n-grams of a query that are looked up in the index."""
HASH_BITS = 24
GRAM_SIZE = 4
WORD_PREFIX = 6
BM25_K1 = 1.2
BM25_B = 0.75
LEXICAL_CANDIDATES = 40
DENSE_CANDIDATES = 30
MERGE_RATIO = 2
NUMBER = re.compile(r"\d+")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\s*\n+\s*")
LONG_QUERY_CHARS = 200
PASSAGE_SCOPE_CHARS = 700
MIN_PASSAGE_CHARS = 60
MAX_PASSAGES = 3
NAME_WORD = re.compile(r"[^\W\d_]+(?:['’ʻʼ`-][^\W\d_]+)*")
NAME_PREFIX = 8
NAME_SIMILARITY = 75
AMOUNT = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+")
"""A number as written, thousands groups separated by spaces ("50 000") read as one."""


@dataclass(frozen=True)
class Phrasing:
    verdict_id: int
    lang: str
    text: str
    kind: str = "claim"
    vector: np.ndarray | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Match:
    verdict_id: int
    score: float
    text: str
    lang: str


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds on the calibrated score; defaults measured on the evaluation sets."""

    auto: float = 0.75
    """At or above: answer automatically (with an embedder); below `unchecked_auto` only when the
    numbers and names of the message and the verdict agree (see facts_replaced)."""
    suggest: float = 0.30
    """At or above: offer as "is it one of these?"."""
    auto_margin: float = 0.30
    """The runner-up verdict must score at least this much lower for an automatic answer."""
    short_query_chars: int = 24
    """Normalised queries shorter than this never auto-reply unless near-exact."""
    short_query_words: int = 3
    near_exact: float = 0.93
    """Fuzzy ratio of matching keys (0..1) at which a short query counts as a repeat of a phrasing."""
    cross_script_auto: float = 0.90
    """Auto threshold when the query's script differs from the matched phrasing's."""
    lexical_only_auto: float = 0.99
    """Auto threshold when the matcher runs without an embedder (weaker across languages)."""
    choices: int = 3
    unchecked_auto: float = 0.95
    """At or above: auto-reply without the checks below. Between `auto` and this, the numbers and
    names of the message and the verdict must agree (facts_replaced) and, with an embedder, the
    embedding cosine of the message and the verdict's best phrasing must reach `auto_cosine`; above
    it the checks would cost recall (names across languages do not always meet through the key)."""
    auto_cosine: float = 0.85
    """See `unchecked_auto` (multilingual-e5-small puts loosely related texts at cosine 0.80-0.85)."""


@dataclass(frozen=True)
class Decision:
    action: Literal["auto", "choose", "queue"]
    matches: tuple[Match, ...]


@dataclass(frozen=True)
class Query:
    """A message prepared for matching."""

    text: str
    normalised: str
    key: str
    script: str
    numbers: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()
    lang: str = "und"

    @property
    def is_empty(self) -> bool:
        return not has_letters(self.normalised)


def prepare_query(text: str) -> Query:
    if not isinstance(text, str):
        text = ""
    prefix = text[:MAX_QUERY_CHARS]
    normalised = normalise(prefix)
    key = to_key(normalised)
    return Query(
        prefix,
        normalised,
        key,
        script_of(normalised),
        numbers_in(normalised),
        names_in(prefix),
        tuple(sorted({w[:NAME_PREFIX] for w in key.split()})),
        detect_language(normalised),
    )


_LANGUAGE_IDENTIFIER = None
_LANGUAGE_LOCK = threading.Lock()
REGION_LANGUAGES = ("ru", "kk", "uz", "ky", "tg", "az", "tr", "tk", "uk", "en")


def detect_language(normalised: str) -> str:
    """The message's language among the region's (py3langid restricted to them), or 'und'."""
    global _LANGUAGE_IDENTIFIER
    if not has_letters(normalised):
        return "und"
    try:
        with _LANGUAGE_LOCK:
            if _LANGUAGE_IDENTIFIER is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
                identifier.set_languages(list(REGION_LANGUAGES))
                _LANGUAGE_IDENTIFIER = identifier
            return str(_LANGUAGE_IDENTIFIER.classify(normalised[:300])[0])
    except Exception:
        return "und"


def names_in(text: str) -> tuple[str, ...]:
    """Matching keys of the capitalised words after the first: mostly places, people, bodies."""
    words = NAME_WORD.findall(text[:MAX_QUERY_CHARS])
    chosen = " ".join(w.casefold() for w in words[1:] if len(w) >= 4 and w[0].isupper() and not w.isupper())
    return tuple(sorted({k[:NAME_PREFIX] for k in to_key(chosen).split()})) if chosen else ()


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


def query_passages(cleaned: str) -> list[str]:
    """The message and, when it is long, up to MAX_PASSAGES stretches of a few sentences each:
    a rumour quoted inside a longer post is matched by the stretch that carries it."""
    if len(cleaned) < LONG_QUERY_CHARS:
        return [cleaned]
    sentences = [s for s in SENTENCE_END.split(cleaned[:PASSAGE_SCOPE_CHARS]) if has_letters(s)]
    passages: list[str] = []
    current = ""
    for sentence in sentences:
        current = f"{current} {sentence}".strip()
        if len(current) >= MIN_PASSAGE_CHARS:
            passages.append(current)
            current = ""
    if current and passages:
        passages[-1] = f"{passages[-1]} {current}"
    elif current:
        passages.append(current)
    if len(passages) <= 1:
        return [cleaned]
    return [cleaned, *passages[:MAX_PASSAGES]]


def numbers_in(normalised: str) -> frozenset[str]:
    """The numbers a text mentions (digit runs, leading zeros dropped)."""
    return frozenset(n.lstrip("0") or "0" for n in NUMBER.findall(normalised))


def number_features(query: frozenset[str], phrasing: frozenset[str]) -> tuple[float, float]:
    """(share of the phrasing's numbers absent from the query, 1 if both have numbers but share none)."""
    if not phrasing:
        return 0.0, 0.0
    missing = len(phrasing - query) / len(phrasing)
    return missing, float(bool(query) and not (query & phrasing))


# --- features and the calibrated score --------------------------------------------------------

FEATURES = (
    "cosine",
    "cosine_gap",
    "word_query",
    "word_phrasing",
    "gram_query",
    "gram_phrasing",
    "fuzzy",
    "lexical_rel",
    "numbers_missing",
    "numbers_disjoint",
    "names_missing",
    "query_names_missing",
    "same_lang",
    "same_lang_unmatched",
)
"""Features of a (query, phrasing) pair."""
QUERY_FEATURES = ("bias", "short_query")
"""Features of the query alone; they set the weight of the answer "none of these"."""


@dataclass(frozen=True)
class ScoreModel:
    """A choice model over the candidate verdicts plus "none of them".

    A phrasing's logit is linear in FEATURES, a verdict's is the log-sum-exp of its phrasings',
    and "none" has a logit linear in QUERY_FEATURES; the softmax gives each verdict the
    probability that it is the one the message is about.
    """

    weights: tuple[float, ...]
    none: tuple[float, ...]

    def verdict_probabilities(
        self, features: np.ndarray, verdicts: np.ndarray, query_features: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(distinct verdict ids, their probabilities) for one query's candidate phrasings."""
        logits = features @ np.asarray(self.weights, dtype=np.float64)
        ids, group = np.unique(verdicts, return_inverse=True)
        top = np.full(len(ids), -np.inf)
        np.maximum.at(top, group, logits)
        total = np.zeros(len(ids))
        np.add.at(total, group, np.exp(logits - top[group]))
        verdict_logits = top + np.log(total)
        none = float(query_features @ np.asarray(self.none, dtype=np.float64))
        ceiling = max(float(verdict_logits.max()), none)
        odds = np.exp(verdict_logits - ceiling)
        return ids, odds / (odds.sum() + math.exp(none - ceiling))


HYBRID_MODEL = ScoreModel(
    weights=(
        53.823,
        34.212,
        2.331,
        -2.405,
        3.471,
        1.822,
        -0.61,
        4.301,
        -3.159,
        1.664,
        -0.241,
        -0.806,
        -2.03,
        -3.26,
    ),
    none=(47.73, 4.449),
)
"""Fitted by maximum likelihood (knowledge.evaluation.fit_score_model) on CheckThat! 2021 2A train
(ranking only) and the regional dev set (weight 3, with "none" for its negatives)."""
LEXICAL_MODEL = ScoreModel(
    weights=(
        0.0,
        0.0,
        6.612,
        2.119,
        6.928,
        1.565,
        -1.445,
        6.517,
        -3.379,
        1.48,
        -0.873,
        -0.681,
        -4.68,
        -2.023,
    ),
    none=(3.71, 8.828),
)
"""The same fit without embeddings, for the lexical-only mode."""


def query_features(query: Query, thresholds: Thresholds) -> np.ndarray:
    length = len(query.normalised)
    return np.array([1.0, float(length < thresholds.short_query_chars)])


# --- index segments ---------------------------------------------------------------------------


def gram_hashes(keys: Sequence[str], size: int = GRAM_SIZE) -> tuple[np.ndarray, np.ndarray]:
    """Hashed character n-grams of each key (padded with spaces): (row index, hash) arrays."""
    padded = [f" {k} " for k in keys]
    lengths = np.fromiter((len(p) for p in padded), dtype=np.int64, count=len(padded))
    if not len(padded):
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    codes = np.frombuffer("\x00".join(padded).encode("utf-32-le", "replace"), dtype=np.uint32)
    codes = codes.astype(np.uint64)
    rows = np.repeat(np.arange(len(padded), dtype=np.int64), lengths + 1)[: len(codes)]
    count = len(codes) - size + 1
    if count <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    h = np.zeros(count, dtype=np.uint64)
    valid = np.ones(count, dtype=bool)
    with np.errstate(over="ignore"):
        for offset in range(size):
            part = codes[offset : offset + count]
            h = h * np.uint64(1_000_003) + part
            valid &= part != 0
        h = (h * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - HASH_BITS)
    return rows[:count][valid], h[valid]


def word_hashes(keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashed word stems (first WORD_PREFIX letters) of each key: (row index, hash) arrays."""
    split = [key.split() for key in keys]
    counts = np.fromiter((len(words) for words in split), dtype=np.int64, count=len(split))
    hashes = np.fromiter(
        (hash(word[:WORD_PREFIX]) for words in split for word in words),
        dtype=np.int64,
        count=int(counts.sum()),
    )
    mask = np.int64((1 << HASH_BITS) - 1)
    return np.repeat(np.arange(len(keys), dtype=np.int64), counts), (hashes & mask).astype(np.uint64)


@dataclass
class TermSpace:
    """One inverted index: local term ids, term-major BM25 and presence matrices."""

    terms: np.ndarray  # sorted unique hashes
    bm25: sparse.csr_matrix  # terms x rows
    presence: sparse.csr_matrix  # terms x rows, 1 where the term occurs

    @property
    def document_counts(self) -> np.ndarray:
        return np.diff(self.presence.indptr)

    @classmethod
    def build(cls, rows: np.ndarray, hashes: np.ndarray, n_rows: int) -> TermSpace:
        ones = np.ones(len(rows), dtype=np.float32)
        if len(hashes) >= 1 << (HASH_BITS - 1):
            # counting sort over the whole hash space beats sorting the hashes for big builds
            wide = sparse.csr_matrix((ones, (hashes.astype(np.int64), rows)), shape=(1 << HASH_BITS, n_rows))
            wide.sum_duplicates()
            used = np.nonzero(np.diff(wide.indptr))[0]
            terms = used.astype(np.uint64)
            indptr = np.concatenate([wide.indptr[used], wide.indptr[-1:]])
            counts = sparse.csr_matrix((wide.data, wide.indices, indptr), shape=(len(terms), n_rows))
        else:
            terms, local = np.unique(hashes, return_inverse=True)
            counts = sparse.csr_matrix((ones, (local.astype(np.int64), rows)), shape=(len(terms), n_rows))
            counts.sum_duplicates()
        lengths = np.asarray(counts.sum(axis=0)).ravel()
        average = float(lengths.mean()) if n_rows and lengths.mean() > 0 else 1.0
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / average)
        tf = counts.data
        column = counts.indices
        weights = (tf * (BM25_K1 + 1) / (tf + norm[column])).astype(np.float32)
        bm25 = sparse.csr_matrix((weights, counts.indices, counts.indptr), shape=counts.shape)
        presence = sparse.csr_matrix(
            (np.ones_like(weights), counts.indices, counts.indptr), shape=counts.shape
        )
        return cls(terms, bm25, presence)

    def lookup(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions in `hashes` that occur here and their local term ids."""
        if not len(self.terms) or not len(hashes):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        place = np.searchsorted(self.terms, hashes)
        place[place >= len(self.terms)] = 0
        found = self.terms[place] == hashes
        return np.nonzero(found)[0], place[found]


class DocumentFrequencies:
    """Document frequencies of hashed terms across all segments, updated on add."""

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}
        self.documents = 0

    def add(self, space: TermSpace) -> None:
        get = self.counts.get
        counts = self.counts
        for value, count in zip(space.terms.tolist(), space.document_counts.tolist(), strict=True):
            counts[value] = get(value, 0) + count

    def frequency(self, hashes: np.ndarray) -> np.ndarray:
        get = self.counts.get
        return np.fromiter((get(h, 0) for h in hashes.tolist()), dtype=np.float64, count=len(hashes))

    def idf(self, hashes: np.ndarray, frequency: np.ndarray | None = None) -> np.ndarray:
        df = self.frequency(hashes) if frequency is None else frequency
        return np.log1p((max(self.documents, 1) - df + 0.5) / (df + 0.5))


@dataclass
class Segment:
    """An immutable slice of the index; `alive` is replaced, never mutated, on removal."""

    verdict_ids: np.ndarray
    phrasings: list[Phrasing]
    keys: list[str]
    grams: TermSpace
    words: TermSpace
    vectors: np.ndarray | None
    alive: np.ndarray
    gram_idf_total: np.ndarray
    word_idf_total: np.ndarray
    details: dict[int, PhrasingDetails] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.phrasings)

    def detail(self, row: int) -> PhrasingDetails:
        """Numbers, names and word prefixes of a phrasing, worked out when first needed."""
        found = self.details.get(row)
        if found is None:
            key = self.keys[row]
            found = PhrasingDetails(
                numbers_in(key),
                names_in(self.phrasings[row].text),
                tuple(sorted({w[:NAME_PREFIX] for w in key.split()})),
            )
            self.details[row] = found
        return found


@dataclass(frozen=True)
class PhrasingDetails:
    numbers: frozenset[str]
    names: tuple[str, ...]
    tokens: tuple[str, ...]


def build_segment(
    phrasings: list[Phrasing],
    keys: list[str],
    vectors: np.ndarray | None,
    frequencies: tuple[DocumentFrequencies, DocumentFrequencies],
    count_frequencies: bool,
) -> Segment:
    n = len(phrasings)
    grams = TermSpace.build(*gram_hashes(keys), n)
    words = TermSpace.build(*word_hashes(keys), n)
    gram_df, word_df = frequencies
    if count_frequencies:
        gram_df.documents += n
        word_df.documents += n
        gram_df.add(grams)
        word_df.add(words)
    return Segment(
        verdict_ids=np.fromiter((p.verdict_id for p in phrasings), dtype=np.int64, count=n),
        phrasings=phrasings,
        keys=keys,
        grams=grams,
        words=words,
        vectors=vectors,
        alive=np.ones(n, dtype=bool),
        gram_idf_total=row_idf_totals(grams, gram_df),
        word_idf_total=row_idf_totals(words, word_df),
    )


def row_idf_totals(space: TermSpace, df: DocumentFrequencies) -> np.ndarray:
    idf = df.idf(space.terms)
    return np.asarray(space.presence.T @ idf).ravel()


def merge_segments(first: Segment, second: Segment, frequencies) -> Segment:
    keep_first, keep_second = np.nonzero(first.alive)[0], np.nonzero(second.alive)[0]
    phrasings = [first.phrasings[i] for i in keep_first] + [second.phrasings[i] for i in keep_second]
    keys = [first.keys[i] for i in keep_first] + [second.keys[i] for i in keep_second]
    vectors = None
    if first.vectors is not None and second.vectors is not None:
        vectors = np.concatenate([first.vectors[keep_first], second.vectors[keep_second]])
    return build_segment(phrasings, keys, vectors, frequencies, count_frequencies=False)


# --- the matcher ------------------------------------------------------------------------------


@dataclass
class Candidate:
    segment: Segment
    row: int
    features: np.ndarray

    @property
    def phrasing(self) -> Phrasing:
        return self.segment.phrasings[self.row]

    @property
    def verdict_id(self) -> int:
        return int(self.segment.verdict_ids[self.row])


class Matcher:
    """Finds the verdicts a message is about; safe for concurrent reads while `add` runs."""

    def __init__(self, embedder: Embedder | None = None, thresholds: Thresholds | None = None):
        self.embedder = embedder
        self.thresholds = thresholds or Thresholds()
        self.model = HYBRID_MODEL
        self.lexical_model = LEXICAL_MODEL
        self._segments: tuple[Segment, ...] = ()
        self._frequencies = (DocumentFrequencies(), DocumentFrequencies())
        self._verdicts: dict[int, int] = {}
        self._write = threading.Lock()

    def __len__(self) -> int:
        return len(self._verdicts)

    def save_index(self, path: str | os.PathLike, tag: str) -> None:
        """Write the index to `path` (atomically), labelled with `tag`, so a restart can skip the build."""
        with self._write:
            state = {"tag": tag, "segments": self._segments, "frequencies": self._frequencies,
                     "verdicts": dict(self._verdicts)}
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        with temporary.open("wb") as file:
            pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)

    def load_index(self, path: str | os.PathLike, tag: str) -> bool:
        """Replace the index with the one saved at `path` if it carries `tag`; False when it does not."""
        try:
            with Path(path).open("rb") as file:
                state = pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return False
        if not isinstance(state, dict) or state.get("tag") != tag:
            return False
        with self._write:
            self._segments, self._frequencies, self._verdicts = (
                state["segments"], state["frequencies"], state["verdicts"]
            )
        return True

    @property
    def semantic(self) -> bool:
        return self.embedder is not None

    # -- writing --

    def add(self, phrasings: Iterable[Phrasing]) -> None:
        """Index phrasings (bulk or one by one); their verdicts are matchable as soon as this returns."""
        fresh = [p for p in phrasings if isinstance(p.text, str) and has_letters(p.text)]
        if not fresh:
            return
        normalised = [normalise(p.text[:MAX_PHRASING_CHARS]) for p in fresh]
        keep = [i for i, n in enumerate(normalised) if n]
        fresh = [fresh[i] for i in keep]
        keys = [to_key(normalised[i]) for i in keep]
        if not fresh:
            return
        vectors = self._vectors_for(fresh)
        fresh = [replace(p, vector=None) if p.vector is not None else p for p in fresh]
        with self._write:
            segment = build_segment(fresh, keys, vectors, self._frequencies, True)
            segments = list(self._segments) + [segment]
            while len(segments) >= 2 and len(segments[-2]) <= MERGE_RATIO * len(segments[-1]):
                last = segments.pop()
                segments[-1] = merge_segments(segments[-1], last, self._frequencies)
            for p in fresh:
                self._verdicts[p.verdict_id] = self._verdicts.get(p.verdict_id, 0) + 1
            self._segments = tuple(segments)

    def _vectors_for(self, phrasings: list[Phrasing]) -> np.ndarray | None:
        if self.embedder is None:
            return None
        dim = self.embedder.dim
        vectors = np.zeros((len(phrasings), dim), dtype=np.float32)
        missing = []
        for i, p in enumerate(phrasings):
            v = p.vector
            if v is not None and np.shape(v) == (dim,):
                vectors[i] = v
            else:
                missing.append(i)
        if missing:
            vectors[missing] = self.embedder.embed_passages([phrasings[i].text for i in missing])
        return vectors

    def remove_verdict(self, verdict_id: int) -> None:
        with self._write:
            for segment in self._segments:
                hit = segment.verdict_ids == verdict_id
                if hit.any():
                    segment.alive = segment.alive & ~hit
            self._verdicts.pop(verdict_id, None)

    # -- reading --

    def find_verdicts(self, text: str, limit: int = 5) -> list[Match]:
        """Best verdicts first, one Match per verdict, scores calibrated to 0..1."""
        query = prepare_query(text)
        vector = self.embed_query(text) if not query.is_empty else None
        return self._ranked(query, vector)[: max(limit, 0)]

    def decide(self, text: str) -> Decision:
        return self.assess(text)[1]

    def assess(self, text: str, limit: int = 10) -> tuple[list[Match], Decision]:
        """The ranking and the decision for one message, with one embedding and one lookup."""
        query = prepare_query(text)
        vector = self.embed_query(text) if not query.is_empty else None
        ranked, cosine = self._scored(query, vector)
        return ranked[: max(limit, 0)], self.decision_for(query, ranked, vector is not None, cosine)

    def decision_for(
        self, query: Query, ranked: list[Match], semantic: bool | None = None, cosine: float | None = None
    ) -> Decision:
        """auto, choose or queue for a prepared query and its ranking (`semantic`: whether the
        ranking used a query embedding; by default, whether the matcher has an embedder;
        `cosine`: the best verdict's embedding cosine to the message, when known)."""
        t = self.thresholds
        semantic = self.semantic if semantic is None else semantic
        if not ranked:
            return Decision("queue", ())
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        near_exact = fuzz.ratio(query.key, to_key(normalise(best.text))) / 100 >= t.near_exact
        short = (
            len(query.normalised) < t.short_query_chars or len(query.normalised.split()) < t.short_query_words
        )
        threshold = t.auto if semantic else max(t.auto, t.lexical_only_auto)
        if script_of(normalise(best.text)) != query.script:
            threshold = max(threshold, t.cross_script_auto)
        clear = best.score >= threshold and best.score - runner_up >= t.auto_margin
        if clear and best.score < t.unchecked_auto:
            # below the sure band the facts must agree and the embedding must agree closely
            if semantic and cosine is not None and cosine < t.auto_cosine:
                clear = False
            elif facts_replaced(query, best.text):
                clear = False
        if clear and (not short or near_exact):
            return Decision("auto", (best,))
        offered = tuple(m for m in ranked[: t.choices] if m.score >= t.suggest)
        if offered:
            return Decision("choose", offered)
        return Decision("queue", tuple(ranked[: t.choices]))

    def embed_query(self, text: str) -> np.ndarray | None:
        """Query vectors: the whole message first, then its passages if it is long (k x dim)."""
        if self.embedder is None or not isinstance(text, str):
            return None
        cleaned = strip_noise(text[:MAX_QUERY_CHARS])
        if not has_letters(cleaned):
            return None
        try:
            vectors = np.asarray(self.embedder.embed_queries(query_passages(cleaned)), dtype=np.float32)
        except Exception:
            log.exception("query embedding failed; matching lexically")
            return None
        return vectors if vectors.ndim == 2 and vectors.shape[1] == self.embedder.dim else None

    def _ranked(self, query: Query, vector: np.ndarray | None) -> list[Match]:
        return self._scored(query, vector)[0]

    def _scored(self, query: Query, vector: np.ndarray | None) -> tuple[list[Match], float | None]:
        """The ranking and the embedding cosine of its first verdict's best phrasing (None lexically)."""
        if query.is_empty:
            return [], None
        candidates = self.candidates(query, vector)
        if not candidates:
            return [], None
        features = np.stack([c.features for c in candidates])
        model = self.model if vector is not None else self.lexical_model
        verdict_ids = np.fromiter((c.verdict_id for c in candidates), dtype=np.int64, count=len(candidates))
        ids, probabilities = model.verdict_probabilities(
            features, verdict_ids, query_features(query, self.thresholds)
        )
        logits = features @ np.asarray(model.weights)
        best_phrasing: dict[int, tuple[float, Candidate]] = {}
        for candidate, logit in zip(candidates, logits.tolist(), strict=True):
            held = best_phrasing.get(candidate.verdict_id)
            if held is None or logit > held[0]:
                best_phrasing[candidate.verdict_id] = (logit, candidate)
        order = np.argsort(-probabilities, kind="stable")
        matches = []
        for i in order.tolist():
            phrasing = best_phrasing[int(ids[i])][1].phrasing
            matches.append(
                Match(int(ids[i]), round(float(probabilities[i]), 4), phrasing.text, phrasing.lang)
            )
        cosine = None
        if vector is not None and matches:
            cosine = float(best_phrasing[matches[0].verdict_id][1].features[0])
        return matches, cosine

    def candidates(self, query: Query, vector: np.ndarray | None) -> list[Candidate]:
        """Candidate phrasings from the inverted index and the dense vectors, with their features."""
        segments = self._segments
        if not segments or query.is_empty:
            return []
        gram_df, word_df = self._frequencies
        _, q_grams = gram_hashes([query.key])
        q_grams = np.unique(q_grams)
        frequency = gram_df.frequency(q_grams)
        gram_idf = gram_df.idf(q_grams, frequency)
        gram_total = float(gram_idf.sum()) or 1.0
        known = np.nonzero(frequency > 0)[0]
        if len(known) > MAX_QUERY_TERMS:
            known = known[np.argsort(-gram_idf[known], kind="stable")[:MAX_QUERY_TERMS]]
        q_grams, gram_idf = q_grams[known], gram_idf[known]
        _, q_words = word_hashes([query.key])
        q_words = np.unique(q_words)
        word_idf = word_df.idf(q_words)
        word_total = float(word_idf.sum()) or 1.0
        use_dense = vector is not None and all(s.vectors is not None for s in segments)

        pooled: list[tuple[Segment, np.ndarray, np.ndarray, np.ndarray]] = []
        for segment in segments:
            n = len(segment)
            lexical = np.zeros(n)
            coverage = np.zeros((n, 2))
            for space, hashes, idf, column in (
                (segment.grams, q_grams, gram_idf, 0),
                (segment.words, q_words, word_idf, 1),
            ):
                position, local = space.lookup(hashes)
                if not len(local):
                    continue
                weight = idf[position]
                lexical += space.bm25[local].T @ weight
                coverage[:, column] = space.presence[local].T @ weight
            lexical[~segment.alive] = 0
            rows = top_rows(lexical, LEXICAL_CANDIDATES)
            rows = rows[lexical[rows] > 0]
            cosine = None
            if use_dense:
                cosine = (segment.vectors @ vector.T).max(axis=1)
                cosine[~segment.alive] = -1
                rows = np.union1d(rows, top_rows(cosine, DENSE_CANDIDATES))
            pooled.append((segment, rows, lexical, coverage if cosine is None else (coverage, cosine)))

        best_lexical = max((float(lex[rows].max()) for _, rows, lex, _ in pooled if len(rows)), default=0)
        best_cosine = 0.0
        if use_dense:
            best_cosine = max(
                (float(extra[1][rows].max()) for _, rows, _, extra in pooled if len(rows)), default=0.0
            )
        out: list[Candidate] = []
        found_in_query: dict[str, bool] = {}
        for segment, rows, lexical, extra in pooled:
            coverage, cosine = extra if use_dense else (extra, None)
            for row in rows.tolist():
                if not segment.alive[row]:
                    continue
                cos = float(cosine[row]) if cosine is not None else 0.0
                detail = segment.detail(row)
                features = np.array(
                    [
                        cos,
                        cos - best_cosine if cosine is not None else 0.0,
                        coverage[row, 1] / word_total,
                        min(coverage[row, 1] / max(segment.word_idf_total[row], 1e-9), 1.0),
                        coverage[row, 0] / gram_total,
                        min(coverage[row, 0] / max(segment.gram_idf_total[row], 1e-9), 1.0),
                        fuzz.token_set_ratio(query.key, segment.keys[row]) / 100,
                        lexical[row] / best_lexical if best_lexical > 0 else 0.0,
                        *number_features(query.numbers, detail.numbers),
                        missing_names(detail.names, query.tokens, found_in_query),
                        missing_names(query.names, detail.tokens, {}),
                        same_lang := float(query.lang == segment.phrasings[row].lang),
                        same_lang
                        * (1.0 - min(coverage[row, 1] / max(segment.word_idf_total[row], 1e-9), 1.0)),
                    ]
                )
                out.append(Candidate(segment, row, features))
        return out


def top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    if len(scores) <= k:
        return np.arange(len(scores))
    return np.argpartition(-scores, k)[:k]


def phrasings_from_records(records: Iterable, ids: dict[str, int] | None = None) -> list[Phrasing]:
    """Phrasings of knowledge.verdicts.VerdictRecord objects; `ids` maps external to numeric ids
    (filled in as records are seen when given empty)."""
    ids = {} if ids is None else ids
    out = []
    for record in records:
        verdict_id = ids.setdefault(record.external_id, len(ids) + 1)
        for claim in record.claims:
            out.append(Phrasing(verdict_id, claim.lang or "und", claim.text, claim.kind))
    return out
