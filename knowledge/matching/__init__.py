"""Matching reader messages against the knowledge base of published verdicts.

Candidates come from an inverted index over the transliterated matching key (words and
character n-grams, BM25 weights, in scipy.sparse segments: `index`) and, when an embedder is given,
from a brute-force dot product over dense phrasing vectors (`matcher`). Candidates are re-scored by a
small choice model (a softmax over the candidate verdicts and "none of them": `scoring`) on lexical
coverage, fuzzy, cosine, number, name and language features, which gives each verdict a calibrated
probability; `decision` turns those into auto / choose / queue. An automatic answer also needs the
facts to agree (`facts`): a message that states another number, place, people, commodity, disease,
drug or institution than the verdict, in any of the region's languages, is offered as a choice.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from knowledge.matching.candidates import DENSE_CANDIDATES, LEXICAL_CANDIDATES, MAX_QUERY_TERMS, Candidate
from knowledge.matching.decision import DISPUTED, LEARNT, Decision, Match, Thresholds, decide_action
from knowledge.matching.facts import (
    AMOUNT,
    NAME_SIMILARITY,
    amounts_in,
    capitalised_keys,
    facts_replaced,
    missing_names,
    number_features,
)
from knowledge.matching.index import (
    BM25_B,
    BM25_K1,
    GRAM_SIZE,
    HASH_BITS,
    WORD_PREFIX,
    DocumentFrequencies,
    Phrasing,
    PhrasingDetails,
    Segment,
    TermSpace,
    build_segment,
    gram_hashes,
    merge_segments,
    row_idf_totals,
    top_rows,
    word_hashes,
)
from knowledge.matching.matcher import MERGE_RATIO, Matcher, message_vectors, phrasings_from_records
from knowledge.matching.query import (
    MAX_PHRASING_CHARS,
    MAX_QUERY_CHARS,
    NAME_PREFIX,
    Query,
    embedded_message,
    names_in,
    numbers_in,
    prepare_query,
    query_language,
    query_passages,
)
from knowledge.matching.scoring import (
    FEATURES,
    HYBRID_MODEL,
    LEXICAL_MODEL,
    QUERY_FEATURES,
    ScoreModel,
    query_features,
)

__all__ = [
    "AMOUNT",
    "BM25_B",
    "BM25_K1",
    "DENSE_CANDIDATES",
    "DISPUTED",
    "FEATURES",
    "GRAM_SIZE",
    "HASH_BITS",
    "HYBRID_MODEL",
    "LEARNT",
    "LEXICAL_CANDIDATES",
    "LEXICAL_MODEL",
    "MAX_PHRASING_CHARS",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TERMS",
    "MERGE_RATIO",
    "NAME_PREFIX",
    "NAME_SIMILARITY",
    "QUERY_FEATURES",
    "WORD_PREFIX",
    "Candidate",
    "Decision",
    "DocumentFrequencies",
    "Match",
    "Matcher",
    "Phrasing",
    "PhrasingDetails",
    "Query",
    "ScoreModel",
    "Segment",
    "TermSpace",
    "Thresholds",
    "amounts_in",
    "build_segment",
    "capitalised_keys",
    "code_version",
    "decide_action",
    "query_language",
    "facts_replaced",
    "gram_hashes",
    "merge_segments",
    "missing_names",
    "embedded_message",
    "names_in",
    "number_features",
    "numbers_in",
    "message_vectors",
    "phrasings_from_records",
    "prepare_query",
    "query_features",
    "query_passages",
    "row_idf_totals",
    "top_rows",
    "word_hashes",
]


@cache
def code_version() -> str:
    """Changes whenever the code or data that build the index or score it change (every module of this
    package, knowledge.normalise, the gazetteer and its data), so an old saved index is not reused."""
    here = Path(__file__).resolve().parent
    knowledge = here.parent
    files = sorted(here.glob("*.py"))
    files += [knowledge / "normalise.py", knowledge / "gazetteer.py", knowledge / "gazetteer_forms.py"]
    files += sorted((knowledge / "data").glob("*"))
    digest = hashlib.sha256()
    for file in files:
        if file.is_file():
            digest.update(file.name.encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]
