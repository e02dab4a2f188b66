"""knowledge/clustering.py: when two tips are the same claim."""

import numpy as np

from knowledge.clustering import LEXICAL_RATIO, nearest_claim, same_claim_score, tip_claim


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_near_identical_texts_join_in_any_language_mode():
    probe = tip_claim("В Алматы отключат воду завтра!", "ru")
    entry = tip_claim("в алматы отключат воду завтра", "kk")
    assert same_claim_score(probe, entry, threshold=0.9) >= LEXICAL_RATIO


def test_different_numbers_never_join():
    probe = tip_claim("Water cut for 3 days in Almaty", "en")
    entry = tip_claim("Water cut for 5 days in Almaty", "en")
    assert same_claim_score(probe, entry, threshold=0.0) == 0.0


def test_meaning_needs_more_within_one_language():
    query = unit(1.0, 0.0)
    close = unit(0.93, 0.37)  # cosine about 0.93
    other_language = tip_claim("совсем другие слова", "ru", close)
    same_language = tip_claim("entirely different words", "en", close)
    probe = tip_claim("the internet will be cut", "en", query)
    assert same_claim_score(probe, other_language, threshold=0.9) > 0.9
    assert same_claim_score(probe, same_language, threshold=0.9) == 0.0


def test_another_country_or_commodity_never_joins_in_any_language():
    vector = unit(1.0, 0.0)
    probe = tip_claim("Petrol prices in Kazakhstan will double from Monday", "en", vector)
    same = tip_claim("В Казахстане с понедельника цены на бензин вырастут вдвое", "ru", vector)
    other_country = tip_claim("Кыргызстанда дүйшөмбүдөн бензиндин баасы эки эсе өсөт", "ky", vector)
    other_product = tip_claim("В Казахстане с понедельника цены на хлеб вырастут вдвое", "ru", vector)
    assert same_claim_score(probe, same, threshold=0.9) > 0.9
    assert same_claim_score(probe, other_country, threshold=0.9) == 0.0
    assert same_claim_score(probe, other_product, threshold=0.9) == 0.0


def test_a_near_identical_text_with_its_country_changed_never_joins():
    probe = tip_claim("Бензин в Казахстане подорожает с понедельника вдвое!", "ru")
    entry = tip_claim("Бензин в Узбекистане подорожает с понедельника вдвое!", "ru")
    assert same_claim_score(probe, entry, threshold=0.9) == 0.0


def test_nearest_claim_takes_the_best_score_or_none():
    probe = tip_claim("Bread prices double in Bishkek", "en")
    entries = [
        (1, tip_claim("Fuel prices double in Osh", "en")),
        (2, tip_claim("Bread prices double in Bishkek!", "en")),
    ]
    assert nearest_claim(probe, entries, threshold=0.9) == 2
    assert nearest_claim(probe, entries[:1], threshold=0.9) is None


def test_tips_sharing_three_facts_across_languages_join_a_little_below_the_threshold():
    query = unit(1.0, 0.0)
    close = unit(0.885, 0.4656)  # cosine about 0.885
    probe = tip_claim("В Караганде 15 мая отключат интернет на 14 дней.", "ru", query)
    three_facts = tip_claim("Қарағандыда 15 мамырда интернет 14 күнге өшіріледі.", "kk", close)
    one_fact = tip_claim("Қарағандыда интернет өшіріледі.", "kk", close)
    assert same_claim_score(probe, three_facts, threshold=0.91) > 0.88
    assert same_claim_score(probe, one_fact, threshold=0.91) == 0.0
