"""The inverted index: phrasings in scipy.sparse segments of BM25 weights over hashed character
n-grams and word stems of the matching key, with their dense vectors when there is an embedder."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from knowledge.matching.query import NAME_PREFIX, names_in, numbers_in

HASH_BITS = 24
GRAM_SIZE = 4
WORD_PREFIX = 6
BM25_K1 = 1.2
BM25_B = 0.75


@dataclass(frozen=True)
class Phrasing:
    verdict_id: int
    lang: str
    text: str
    kind: str = "claim"
    vector: np.ndarray | None = field(default=None, compare=False, hash=False)


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
    """Hashed word stems (first WORD_PREFIX letters) of each key: (row index, hash) arrays. The hash
    is the same in every process (CRC-32, not Python's salted `hash`), so a saved index stays valid."""
    split = [key.split() for key in keys]
    counts = np.fromiter((len(words) for words in split), dtype=np.int64, count=len(split))
    crc = zlib.crc32
    hashes = np.fromiter(
        (crc(word[:WORD_PREFIX].encode("utf-8", "replace")) for words in split for word in words),
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


def top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    if len(scores) <= k:
        return np.arange(len(scores))
    return np.argpartition(-scores, k)[:k]
