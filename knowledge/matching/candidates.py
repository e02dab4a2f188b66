"""Candidate phrasings for a query: the best rows of each index segment by BM25 over character n-grams
and words and, with an embedding, by cosine; each with the features the choice model scores
(`scoring.FEATURES`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from knowledge.matching.facts import missing_names, number_features
from knowledge.matching.index import (
    DocumentFrequencies,
    Phrasing,
    Segment,
    gram_hashes,
    top_rows,
    word_hashes,
)
from knowledge.matching.query import Query

MAX_QUERY_TERMS = 160
"""The rarest character n-grams of a query that are looked up in the index."""
LEXICAL_CANDIDATES = 40
DENSE_CANDIDATES = 30


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


@dataclass(frozen=True)
class QueryTerms:
    """The hashes of a query's character n-grams (the MAX_QUERY_TERMS rarest the index knows) and words,
    with their IDF weights and the sums of those weights."""

    grams: np.ndarray
    gram_idf: np.ndarray
    gram_total: float
    words: np.ndarray
    word_idf: np.ndarray
    word_total: float


@dataclass(frozen=True)
class SegmentPool:
    """One segment's candidate rows, and for every row of the segment: its BM25 score, the IDF weight of
    the query's n-grams (column 0) and words (column 1) it contains, and its cosine (None lexically)."""

    segment: Segment
    rows: np.ndarray
    lexical: np.ndarray
    coverage: np.ndarray
    cosine: np.ndarray | None


def query_terms(query: Query, frequencies: tuple[DocumentFrequencies, DocumentFrequencies]) -> QueryTerms:
    gram_df, word_df = frequencies
    _, grams = gram_hashes([query.key])
    grams = np.unique(grams)
    frequency = gram_df.frequency(grams)
    gram_idf = gram_df.idf(grams, frequency)
    gram_total = float(gram_idf.sum()) or 1.0
    known = np.nonzero(frequency > 0)[0]
    if len(known) > MAX_QUERY_TERMS:
        known = known[np.argsort(-gram_idf[known], kind="stable")[:MAX_QUERY_TERMS]]
    _, words = word_hashes([query.key])
    words = np.unique(words)
    word_idf = word_df.idf(words)
    return QueryTerms(
        grams[known], gram_idf[known], gram_total, words, word_idf, float(word_idf.sum()) or 1.0
    )


def pool_segment(segment: Segment, terms: QueryTerms, vector: np.ndarray | None) -> SegmentPool:
    """The segment's LEXICAL_CANDIDATES best rows by BM25 and, with query vectors, DENSE_CANDIDATES by
    cosine (the best over the vectors)."""
    n = len(segment)
    lexical = np.zeros(n)
    coverage = np.zeros((n, 2))
    for space, hashes, idf, column in (
        (segment.grams, terms.grams, terms.gram_idf, 0),
        (segment.words, terms.words, terms.word_idf, 1),
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
    if vector is not None:
        cosine = (segment.vectors @ vector.T).max(axis=1)
        cosine[~segment.alive] = -1
        rows = np.union1d(rows, top_rows(cosine, DENSE_CANDIDATES))
    return SegmentPool(segment, rows, lexical, coverage, cosine)


@dataclass(frozen=True)
class PoolBests:
    """The best BM25 score and cosine over every segment's candidates: features are relative to them."""

    lexical: float
    cosine: float


def pool_bests(pools: Sequence[SegmentPool]) -> PoolBests:
    lexical = max((float(p.lexical[p.rows].max()) for p in pools if len(p.rows)), default=0)
    cosine = 0.0
    if pools and pools[0].cosine is not None:
        cosine = max((float(p.cosine[p.rows].max()) for p in pools if len(p.rows)), default=0.0)
    return PoolBests(lexical, cosine)


def candidate_features(
    query: Query,
    terms: QueryTerms,
    pool: SegmentPool,
    row: int,
    bests: PoolBests,
    found_in_query: dict[str, bool],
) -> np.ndarray:
    """The features of one candidate row, in the order of scoring.FEATURES."""
    segment, coverage, cosine = pool.segment, pool.coverage, pool.cosine
    cos = float(cosine[row]) if cosine is not None else 0.0
    detail = segment.detail(row)
    word_phrasing = min(coverage[row, 1] / max(segment.word_idf_total[row], 1e-9), 1.0)
    read = query.readable
    same_lang = float(query.lang == segment.phrasings[row].lang)
    return np.array(
        [
            cos,
            cos - bests.cosine if cosine is not None else 0.0,
            read * coverage[row, 1] / terms.word_total,
            read * word_phrasing,
            read * coverage[row, 0] / terms.gram_total,
            read * min(coverage[row, 0] / max(segment.gram_idf_total[row], 1e-9), 1.0),
            read * fuzz.token_set_ratio(query.key, segment.keys[row]) / 100,
            read * pool.lexical[row] / bests.lexical if bests.lexical > 0 else 0.0,
            *number_features(query.numbers, detail.numbers),
            read * missing_names(detail.names, query.tokens, found_in_query),
            read * missing_names(query.names, detail.tokens, {}),
            same_lang,
            same_lang * (1.0 - word_phrasing),
        ]
    )


def find_candidates(
    segments: Sequence[Segment],
    frequencies: tuple[DocumentFrequencies, DocumentFrequencies],
    query: Query,
    vector: np.ndarray | None,
) -> list[Candidate]:
    """Candidate phrasings from the inverted index and, when every segment has vectors, the dense vectors."""
    if not segments or query.is_empty:
        return []
    terms = query_terms(query, frequencies)
    if any(s.vectors is None for s in segments):
        vector = None
    pools = [pool_segment(segment, terms, vector) for segment in segments]
    bests = pool_bests(pools)
    found_in_query: dict[str, bool] = {}
    return [
        Candidate(pool.segment, row, candidate_features(query, terms, pool, row, bests, found_in_query))
        for pool in pools
        for row in pool.rows.tolist()
        if pool.segment.alive[row]
    ]
