"""knowledge/clustering.py: when two tips are the same claim."""

import numpy as np

from knowledge.clustering import LEXICAL_RATIO, nearest_claim, same_claim_score, tip_claim


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_near_identical_texts_join_in_any_language_mode():
    probe = tip_claim("В Алматы отключат воду завтра!", "ru")
    entry = tip_claim("в алматы отключат воду завтра", "kk")
    assert same_claim_score(probe, None, entry, threshold=0.9) >= LEXICAL_RATIO


def test_different_numbers_never_join():
    probe = tip_claim("Water cut for 3 days in Almaty", "en")
    entry = tip_claim("Water cut for 5 days in Almaty", "en")
    assert same_claim_score(probe, None, entry, threshold=0.0) == 0.0


def test_meaning_needs_more_within_one_language():
    query = unit(1.0, 0.0)
    close = unit(0.93, 0.37)  # cosine about 0.93
    other_language = tip_claim("совсем другие слова", "ru", close)
    same_language = tip_claim("entirely different words", "en", close)
    probe = tip_claim("the internet will be cut", "en")
    assert same_claim_score(probe, query, other_language, threshold=0.9) > 0.9
    assert same_claim_score(probe, query, same_language, threshold=0.9) == 0.0


def test_nearest_claim_takes_the_best_score_or_none():
    probe = tip_claim("Bread prices double in Bishkek", "en")
    entries = [
        (1, tip_claim("Fuel prices double in Osh", "en")),
        (2, tip_claim("Bread prices double in Bishkek!", "en")),
    ]
    assert nearest_claim(probe, None, entries, threshold=0.9) == 2
    assert nearest_claim(probe, None, entries[:1], threshold=0.9) is None
