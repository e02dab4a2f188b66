"""The matcher: candidates from the inverted index and the dense vectors, scored and decided."""

from __future__ import annotations

import logging
import os
import pickle
import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from knowledge.matching.candidates import Candidate, find_candidates
from knowledge.matching.decision import Decision, Match, Thresholds, answering_ranking, decide_action
from knowledge.matching.index import (
    DocumentFrequencies,
    Phrasing,
    Segment,
    build_segment,
    merge_segments,
    top_rows,
)
from knowledge.matching.query import (
    MAX_PHRASING_CHARS,
    Query,
    embedded_message,
    prepare_query,
    query_passages,
)
from knowledge.matching.scoring import HYBRID_MODEL, LEXICAL_MODEL, query_features
from knowledge.normalise import has_letters, normalise, to_key
from knowledge.statuses import Trust

if TYPE_CHECKING:
    from knowledge.embeddings import Embedder

log = logging.getLogger(__name__)

MERGE_RATIO = 2


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
        self.trust: dict[int, Trust] = {}
        """The trust of partners' verdicts, by verdict id (own verdicts are not in it): what a reader is
        answered from (answering_ranking, decide_action); the checkers' search sees every verdict."""

    def __len__(self) -> int:
        return len(self._verdicts)

    def save_index(self, path: str | os.PathLike, tag: str) -> None:
        """Write the index to `path` (atomically), labelled with `tag`, so a restart can skip the build."""
        with self._write:
            state = {
                "tag": tag,
                "segments": self._segments,
                "frequencies": self._frequencies,
                "verdicts": dict(self._verdicts),
            }
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
                state["segments"],
                state["frequencies"],
                state["verdicts"],
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
        ranked, cosine = self._scored(query, vector, answering=True)
        return ranked[: max(limit, 0)], self.decision_for(query, ranked, vector is not None, cosine)

    def assess_with_baseline(self, text: str, limit: int = 10) -> tuple[list[Match], Decision, list[Match]]:
        """`assess`, and the ranking the matcher's own embedding gives alone (verdicts by the best cosine of
        their phrasings to the message or one of its passages), from the same single embedding."""
        query = prepare_query(text)
        vector = self.embed_query(text) if not query.is_empty else None
        ranked, cosine = self._scored(query, vector, answering=True)
        decision = self.decision_for(query, ranked, vector is not None, cosine)
        return ranked[: max(limit, 0)], decision, self.embedding_ranking(vector, limit)

    def assess_under(
        self, text: str, thresholds: Sequence[Thresholds], limit: int = 10
    ) -> tuple[list[Match], list[Decision]]:
        """The ranking for one message and the decision each of `thresholds` gives it (one embedding, one
        ranking): what `tipline eval --suggest-thresholds` sweeps."""
        query = prepare_query(text)
        vector = self.embed_query(text) if not query.is_empty else None
        ranked, cosine = self._scored(query, vector, answering=True)
        semantic = vector is not None
        decisions = [decide_action(query, ranked, t, semantic, cosine, self.trust) for t in thresholds]
        return ranked[: max(limit, 0)], decisions

    def embedding_ranking(self, vector: np.ndarray | None, limit: int = 10) -> list[Match]:
        """Verdicts by the cosine of their best phrasing to the query vectors (k x dim) alone; the score
        is that cosine. Empty without an embedding."""
        segments = self._segments
        if vector is None or not segments or any(s.vectors is None for s in segments):
            return []
        best: dict[int, tuple[float, Phrasing]] = {}
        for segment in segments:
            cosine = (segment.vectors @ vector.T).max(axis=1)
            cosine[~segment.alive] = -np.inf
            for row in top_rows(cosine, 4 * max(limit, 1)).tolist():
                value = float(cosine[row])
                if value == -np.inf:
                    continue
                verdict = int(segment.verdict_ids[row])
                held = best.get(verdict)
                if held is None or value > held[0]:
                    best[verdict] = (value, segment.phrasings[row])
        order = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[: max(limit, 0)]
        return [Match(v, round(c, 4), p.text, p.lang, p.kind) for v, (c, p) in order]

    def decision_for(
        self, query: Query, ranked: list[Match], semantic: bool | None = None, cosine: float | None = None
    ) -> Decision:
        """auto, choose or queue for a prepared query and its ranking (`semantic`: whether the
        ranking used a query embedding; by default, whether the matcher has an embedder;
        `cosine`: the best verdict's embedding cosine to the message, when known)."""
        semantic = self.semantic if semantic is None else semantic
        return decide_action(query, ranked, self.thresholds, semantic, cosine, self.trust)

    def embed_query(self, text: str) -> np.ndarray | None:
        """Query vectors: the whole message first, then its passages if it is long (k x dim)."""
        if self.embedder is None or not isinstance(text, str):
            return None
        cleaned = embedded_message(text)
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

    def _scored(
        self, query: Query, vector: np.ndarray | None, answering: bool = False
    ) -> tuple[list[Match], float | None]:
        """The ranking and the embedding cosine of its first verdict's best phrasing (None lexically);
        `answering`: the ranking a reader is answered from (answering_ranking)."""
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
                Match(
                    int(ids[i]),
                    round(float(probabilities[i]), 4),
                    phrasing.text,
                    phrasing.lang,
                    phrasing.kind,
                )
            )
        if answering:
            matches = answering_ranking(matches, self.trust)
        cosine = None
        if vector is not None and matches:
            cosine = float(best_phrasing[matches[0].verdict_id][1].features[0])
        return matches, cosine

    def candidates(self, query: Query, vector: np.ndarray | None) -> list[Candidate]:
        """Candidate phrasings from the inverted index and the dense vectors, with their features."""
        return find_candidates(self._segments, self._frequencies, query, vector)


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


def message_vectors(embedder: Embedder | None, texts: Sequence[str]) -> list[np.ndarray | None]:
    """Each message's whole-message query vector, the first row of Matcher.embed_query (through a
    RecentEmbedder, a message just matched costs nothing); None without letters or an embedder."""
    cleaned = [embedded_message(t) for t in texts]
    keep = [i for i, text in enumerate(cleaned) if has_letters(text)]
    out: list[np.ndarray | None] = [None] * len(texts)
    if embedder is None or not keep:
        return out
    try:
        vectors = np.asarray(embedder.embed_queries([cleaned[i] for i in keep]), dtype=np.float32)
    except Exception:
        log.exception("query embedding failed; clustering lexically")
        return out
    for i, vector in zip(keep, vectors, strict=True):
        out[i] = vector
    return out
