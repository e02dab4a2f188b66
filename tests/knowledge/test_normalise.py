import pytest

from knowledge.normalise import matching_key, normalise, script_of, strip_noise


@pytest.mark.parametrize(
    "spelling",
    ["Oʻzbekiston", "O‘zbekiston", "O'zbekiston", "O`zbekiston", "Oʼzbekiston", "O’zbekiston", "O´zbekiston"],
)
def test_uzbek_apostrophes_are_unified(spelling):
    assert normalise(spelling) == "o'zbekiston"


def test_uzbek_cyrillic_and_latin_share_a_key():
    latin = "Chorvoq suv ombori toʻgʻonida katta yoriq paydo boʻldi, Toshkentni suv bosishi mumkin."
    cyrillic = "Чорвоқ сув омбори тўғонида катта ёриқ пайдо бўлди, Тошкентни сув босиши мумкин."
    assert matching_key(latin) == matching_key(cyrillic)


def test_kazakh_cyrillic_and_informal_latin_share_a_key():
    assert matching_key("Алматыда жер сілкінісі") == matching_key("Almatyda zher silkinisi")
    assert matching_key("Қазақстан") == matching_key("Qazaqstan")


def test_azerbaijani_cyrillic_and_latin_share_a_key():
    assert matching_key("Бакыда үч ҝүн су кәсиләҹәк") == matching_key("Bakıda üç gün su kəsiləcək")


def test_kyrgyz_and_tajik_letters_are_transliterated():
    assert matching_key("Ысык-Көлгө") == matching_key("Ysyk-Kolgo")
    assert matching_key("Тоҷикистон ҳафта") == matching_key("Tojikiston hafta")


def test_russian_transliteration_variants_meet():
    assert matching_key("Казахстане бензин") == matching_key("Kazakhstane benzin")


def test_case_and_compatibility_forms_fold():
    assert normalise("ＢＥＮＺＩＮ Benzin") == "benzin benzin"
    assert normalise("İstanbul") == "istanbul"


def test_links_mentions_hashtags_and_emoji_are_removed():
    text = "#Срочно 😱😱 бензин подорожает https://t.me/xxxx @channel_bot bit.ly/abc www.example.com/x"
    assert normalise(text) == "бензин подорожает"


def test_chain_message_noise_is_removed():
    assert normalise("Перешлите всем!!! Бензин подорожает") == "бензин подорожает"
    assert normalise("Hammaga yuboring: benzin qimmatlaydi") == "benzin qimmatlaydi"


def test_noise_alone_is_kept_rather_than_emptied():
    assert normalise("Перешлите всем!!!") == "перешлите всем"


def test_zero_width_characters_do_not_split_words():
    assert normalise("бен\u200bзин\u200d по\ufeffдорожает") == "бензин подорожает"


def test_strip_noise_keeps_case_and_punctuation():
    assert strip_noise("Бензин подорожает!!! 😡 https://x.example/a") == "Бензин подорожает!"


@pytest.mark.parametrize(
    "hostile",
    [
        "",
        " ",
        "\ud800",
        "a\udfffb",
        "😀😀😀",
        "\u200b\u200c\u200d",
        "!!!???",
        "\x00\x01",
        "ٱ" * 5,
        "𝕳𝖊𝖑𝖑𝖔",
        "e\u0301" * 1000,
        "Ташкент Tashkent 東京 🚗",
        None,
        42,
    ],
)
def test_hostile_input_never_raises(hostile):
    assert isinstance(normalise(hostile), str)
    assert isinstance(matching_key(hostile if isinstance(hostile, str) else ""), str)
    assert isinstance(strip_noise(hostile), str)


def test_letterless_text_normalises_to_nothing():
    assert normalise("😀 !!! 🎉 #") == ""


def test_script_of():
    assert script_of("бензин") == "cyrl"
    assert script_of("benzin") == "latn"
    assert script_of("123 !!") == "none"
