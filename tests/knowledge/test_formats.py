"""Knowledge base files read and written without a database."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from knowledge.formats import (
    DEFAULT_RATINGS,
    collect_errors,
    decode,
    detect_format,
    export_format,
    load_ratings,
    numeric_rating,
    parse,
    read_claimreview,
    read_csv,
    read_factcheck_api,
    read_records,
    write_claimreview,
    write_csv,
    write_jsonl,
)
from knowledge.verdicts import ClaimText, RecordError, VerdictRecord, read_jsonl

DATA = Path(__file__).parents[1] / "data"


def text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def by_url(records: list[VerdictRecord]) -> dict[str, VerdictRecord]:
    return {r.url: r for r in records}


def test_a_claimreview_graph_as_publishers_embed_it():
    records = by_url(read_claimreview(text("claimreview_graph.jsonld")))
    assert len(records) == 3, "the WebPage and the Organization are not verdicts"
    bread = records["https://factcheck.example/ru/2026/03/bread-prices"]
    assert bread.external_id == bread.url
    assert bread.lang == "ru"
    assert bread.claim == "С 1 апреля хлеб в Казахстане подорожает в три раза."
    assert bread.rating == "false"
    assert bread.summary.startswith("Министерство торговли")
    assert bread.publisher == "Example Fact Desk"
    assert bread.published == dt.date(2026, 3, 4)
    assert bread.title == "Хлеб подорожает втрое? Проверка"
    assert bread.appearances == ["https://social.example/posts/1001", "https://video.example/watch?v=abc"]
    school = records["https://factcheck.example/kk/2026/03/school-holidays"]
    assert (school.lang, school.rating, school.appearances) == (
        "kk",
        "false",
        ["https://social.example/posts/2002"],
    )
    metro = records["https://factcheck.example/uz/2026/03/metro-free"]
    assert metro.rating == "partly_false", "ratingValue 2 of 1..5"
    assert metro.publisher == "Example Fact Desk"


def test_a_single_claimreview_and_a_list_of_them():
    [single] = read_claimreview(text("claimreview_single.json"))
    assert (single.lang, single.rating, single.appearances) == (
        "az",
        "false",
        ["https://social.example/posts/3003"],
    )
    listed = read_claimreview(text("claimreview_list.json"))
    assert [(r.lang, r.rating) for r in listed] == [("tr", "false"), ("en", "false")]


def test_the_fact_check_tools_response_gives_one_verdict_per_review():
    records = read_factcheck_api(text("factcheck_api.json"))
    assert [(r.lang, r.rating, r.publisher) for r in records] == [
        ("ru", "false", "Example Fact Desk"),
        ("ky", "false", "checks.example"),
        ("tg", "misleading", "Example Fact Desk"),
    ]
    assert (
        records[0].claim
        == records[1].claim
        == "Из-за засухи в Кыргызстане запретят полив огородов на всё лето."
    )
    assert records[0].published == dt.date(2026, 4, 3)
    assert records[0].title == "Запретят ли полив огородов летом?"
    assert records[1].external_id == "https://checks.example/ky/watering"


def test_csv_with_phrasings_translations_and_appearances():
    gas, salt = read_csv(text("verdicts.csv"))
    assert (gas.external_id, gas.lang, gas.rating) == ("csv-ru-gas", "ru", "false")
    assert gas.claims[1:] == [
        ClaimText("en", "Gas will be cut off in every home in Aktobe for a month.", "phrasing"),
        ClaimText("kk", "Ақтөбеде барлық үйлерде бір айға газ өшіріледі.", "phrasing"),
    ]
    assert gas.summaries == {"en": "The gas company denied the report."}
    assert gas.appearances == ["https://social.example/posts/4004", "https://social.example/posts/4005"]
    assert salt.claim == "Eating a spoon of salt a day protects from the flu, say doctors."
    assert (salt.rating, salt.title, salt.published) == (
        "misleading",
        "Salt against the flu?",
        dt.date(2026, 2, 11),
    )


def test_csv_exported_by_a_spreadsheet_with_semicolons_and_a_byte_order_mark():
    data = "\ufeffclaim;url;rating\nОтключат интернет;https://factcheck.example/x;Неправда\n".encode()
    [record] = read_csv(decode(data))
    assert (record.external_id, record.rating) == ("https://factcheck.example/x", "false")


@pytest.mark.parametrize(
    ("name", "first", "expected"),
    [
        ("feed.jsonld", b'{\n  "@context": "https://schema.org",', "claimreview"),
        ("feed.json", b'[{"@type": "ClaimReview"}]', "claimreview"),
        ("export.json", b'{"@context": "https://schema.org", "@graph": []}', "claimreview"),
        ("search.json", b'{\n  "claims": [\n    {"text": "x", "claimReview": [', "factcheck-api"),
        ("kb.jsonl", b'{"@type": "ClaimReview"}', "jsonl"),
        ("kb.json", b'{"id": "a", "claim": "x"}\n{"id": "b", "claim": "y"}\n', "jsonl"),
        ("kb.txt", b'\xef\xbb\xbf{"id": "a", "lang": "en", "claim": "x"}\n', "jsonl"),
        ("sheet.csv", b"id,claim\n", "csv"),
        ("sheet", b"id;lang;claim;url\n", "csv"),
    ],
)
def test_the_format_is_told_from_the_name_and_the_first_bytes(name, first, expected):
    assert detect_format(name, first) == expected


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="--format"):
        detect_format("notes.txt", b"just some words")
    with pytest.raises(ValueError, match="--format"):
        export_format("kb.xlsx")
    assert [export_format(n) for n in ("a.jsonld", "a.json", "a.CSV", "a.jsonl")] == [
        "claimreview",
        "claimreview",
        "csv",
        "jsonl",
    ]


@pytest.mark.parametrize(
    ("word", "rating"),
    [
        ("Ложь", "false"),
        ("НЕПРАВДА", "false"),
        ("Манипуляция", "misleading"),
        ("Жалған", "false"),
        ("Yolg'on", "false"),
        ("Yolgʻon", "false"),
        ("Yanlış", "false"),
        ("YANLIŞ", "false"),
        ("Yalan", "false"),
        ("False", "false"),
        ("Misleading", "misleading"),
        ("Pants on Fire!", "false"),
        ("Mostly false", "partly_false"),
        ("Missing context", "missing_context"),
        ("satire", "satire"),
        ("Правда", "true"),
    ],
)
def test_the_default_rating_table(word, rating):
    assert DEFAULT_RATINGS(word) == rating


@pytest.mark.parametrize(
    ("value", "best", "worst", "rating"),
    [
        (1, 5, 1, "false"),
        (2, 5, 1, "partly_false"),
        (3, None, None, "partly_false"),
        (4, 5, 1, "true"),
        ("5", "5", "1", "true"),
        (0, 10, 0, "false"),
        (7, 10, 0, "true"),
        (5, 1, 5, "false"),
    ],
)
def test_numeric_ratings_are_placed_between_worst_and_best(value, best, worst, rating):
    assert numeric_rating(value, best, worst) == rating


def test_numeric_ratings_outside_the_scale_are_refused():
    with pytest.raises(ValueError, match="outside 1..5"):
        numeric_rating(7, 5, 1)
    with pytest.raises(ValueError, match="not a number"):
        numeric_rating("bad", 5, 1)


def test_a_user_table_adds_and_overrides_words(tmp_path):
    table_file = tmp_path / "ratings.json"
    table_file.write_text(
        json.dumps({"Не соответствует действительности": "false", "Misleading": "partly_false"}),
        encoding="utf-8",
    )
    table = load_ratings(table_file)
    assert table("не соответствует действительности") == "false"
    assert table("Misleading") == "partly_false"
    assert table("Ложь") == "false", "the defaults stay"
    feed = json.dumps(
        {
            "@type": "ClaimReview",
            "url": "https://factcheck.example/a",
            "claimReviewed": "c",
            "reviewRating": {"alternateName": "Не соответствует действительности"},
        }
    )
    with pytest.raises(RecordError, match="unknown rating"):
        read_claimreview(feed)
    assert read_claimreview(feed, table)[0].rating == "false"


def test_a_bad_user_table_is_named(tmp_path):
    table_file = tmp_path / "ratings.json"
    table_file.write_text('{"Brazen lie": "very false"}', encoding="utf-8")
    with pytest.raises(ValueError, match="'Brazen lie' maps to 'very false'"):
        load_ratings(table_file)
    table_file.write_text("{oops", encoding="utf-8")
    with pytest.raises(ValueError, match="not JSON"):
        load_ratings(table_file)


def claimreview(**fields) -> dict:
    base = {
        "@type": "ClaimReview",
        "url": "https://factcheck.example/a",
        "claimReviewed": "A claim",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    return {k: v for k, v in {**base, **fields}.items() if v is not None}


@pytest.mark.parametrize(
    ("document", "place", "message"),
    [
        ("<html>not json</html>", "line 1", "not JSON"),
        ('{"@type": "ClaimReview",\n "url": }', "line 2", "not JSON"),
        (
            [claimreview(), claimreview(url="https://factcheck.example/b", claimReviewed=None)],
            "record 2",
            "missing 'claimReviewed'",
        ),
        ([claimreview(url=None)], "record 1", "missing 'url'"),
        ([claimreview(url="ftp://factcheck.example/a")], "record 1", "not a web address"),
        ([claimreview(reviewRating={"alternateName": "Sort of"})], "record 1", "unknown rating 'Sort of'"),
        ([claimreview(inLanguage="Russian language")], "record 1", "not a language code"),
        ({"@graph": [{"@type": "WebPage"}]}, "record 1", "no ClaimReview"),
        ([claimreview(), claimreview(claimReviewed="Another claim")], "record 2", "the same url as record 1"),
    ],
)
def test_bad_claimreview_is_named(document, place, message):
    source = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(RecordError) as raised:
        read_claimreview(source)
    assert raised.value.place == place and message in raised.value.message


def test_a_repeated_identical_claimreview_is_one_verdict():
    assert len(read_claimreview(json.dumps([claimreview(), claimreview()]))) == 1


def test_bad_fact_check_tools_reviews_are_named():
    response = json.loads(text("factcheck_api.json"))
    response["claims"][0]["claimReview"][1]["textualRating"] = "Somewhat dubious"
    del response["claims"][1]["claimReview"][0]["url"]
    errors = collect_errors(json.dumps(response), "factcheck-api")
    assert [(e.place, e.message.split(";")[0]) for e in errors] == [
        ("claims[0].claimReview[1]", "unknown rating 'Somewhat dubious'"),
        ("claims[1].claimReview[0]", "missing 'url' (the address of the verdict)"),
    ]


def test_bad_csv_rows_are_named_with_their_spreadsheet_row():
    sheet = (
        "id,lang,claim,rating,url\n"
        "a,ru,Claim A,Ложь,https://factcheck.example/a\n"
        "b,ru,,false,https://factcheck.example/b\n"
        "c,ru,Claim C,kind of,https://factcheck.example/c\n"
        ",ru,Claim D,false,\n"
    )
    errors = collect_errors(sheet, "csv")
    assert [(e.place, e.message.split(";")[0]) for e in errors] == [
        ("row 3", "missing 'claim'"),
        ("row 4", "unknown rating 'kind of'"),
        ("row 5", "missing 'id' (or 'url')"),
    ]
    with pytest.raises(RecordError, match="unknown column 'verdict'"):
        read_csv("id,claim,verdict\na,b,c\n")


def test_collecting_reports_every_bad_jsonl_line():
    lines = [
        '{"id": "a", "claim": "x"}',
        "{broken",
        '{"id": "b"}',
        '{"id": "c", "claim": "y", "rating": "?!"}',
    ]
    parsed = parse("\n".join(lines), "jsonl")
    assert [r.external_id for r in parsed.records] == ["a"]
    assert [e.place for e in parsed.errors] == ["line 2", "line 3", "line 4"]


def test_wrong_encodings_are_named():
    with pytest.raises(RecordError, match="not UTF-8") as raised:
        decode('{"id": "a", "claim": "x"}\n{"id": "b", "claim": "Бензин"}\n'.encode("cp1251"))
    assert raised.value.place == "line 2"
    with pytest.raises(RecordError, match="UTF-16"):
        decode('{"id": "a"}'.encode("utf-16"))
    assert decode(b"\xef\xbb\xbfabc") == "abc"


def sample_records() -> list[VerdictRecord]:
    with (DATA / "small_kb.jsonl").open(encoding="utf-8") as lines:
        records = list(read_jsonl(lines))
    records[0] = dataclasses.replace(records[0], appearances=["https://social.example/posts/9"])
    records[1] = dataclasses.replace(
        records[1], title="A title", claims=[*records[1].claims, ClaimText("en", "A title", "title")]
    )
    records += read_csv(text("verdicts.csv"))
    return records


def comparable(record: VerdictRecord) -> tuple:
    """Everything a round trip must keep."""
    return (
        record.external_id,
        record.lang,
        [(c.lang, c.text, c.kind) for c in record.claims],
        record.rating,
        record.summary,
        record.url,
        record.publisher,
        record.published,
        record.title,
        record.summaries,
        record.appearances,
    )


@pytest.mark.parametrize(
    ("write", "fmt"), [(write_claimreview, "claimreview"), (write_csv, "csv"), (write_jsonl, "jsonl")]
)
def test_every_export_format_reads_back_the_same(write, fmt):
    records = sample_records()
    again = read_records(write(records), fmt)
    assert [comparable(r) for r in again] == [comparable(r) for r in records]


def test_claimreview_export_is_schema_org():
    document = json.loads(write_claimreview(sample_records()))
    first = document["@graph"][0]
    assert first["@type"] == "ClaimReview"
    assert first["reviewRating"]["alternateName"] == "False"
    assert first["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "url": "https://social.example/posts/9"}
    ]
    assert first["identifier"] == "t-ru-water"


def test_claimreview_export_needs_urls():
    record = VerdictRecord("no-url", "en", [ClaimText("en", "c")])
    with pytest.raises(ValueError, match="'no-url' has no URL"):
        write_claimreview([record])


def test_json_lines_are_split_on_newlines_only():
    record = {"id": "a", "lang": "en", "claim": "one\u2028two", "summary": "x\x85y"}
    text = json.dumps(record, ensure_ascii=False) + "\r\n" + "{broken\r\n"
    errors = collect_errors(text, "jsonl")
    assert [e.place for e in errors] == ["line 2"]


FORMULAS = ["=cmd|' /C calc'!A0", "+1", "-1+2", "@SUM(1)"]


def formula_record() -> VerdictRecord:
    """A verdict whose every text field a spreadsheet would run as a formula, written as is."""
    return VerdictRecord(
        '=HYPERLINK("https://evil.example")',
        "en",
        [ClaimText("en", FORMULAS[0]), ClaimText("en", "@SUM(1)", "title")],
        rating="false",
        summary=FORMULAS[1],
        publisher=" " + FORMULAS[2],
        title=FORMULAS[3],
        summaries={"ru": "=1+1", "kk": "'=already quoted"},
    )


def test_csv_export_neutralises_formula_cells():
    rows = list(csv.reader(io.StringIO(write_csv([formula_record()]), newline="")))
    header, row = rows
    cells = dict(zip(header, row, strict=True))
    assert cells["id"] == '\'=HYPERLINK("https://evil.example")'
    assert cells["claim"] == "'=cmd|' /C calc'!A0"
    assert (cells["summary"], cells["publisher"], cells["title"]) == ("'+1", "' -1+2", "'@SUM(1)")
    assert (cells["summary_ru"], cells["summary_kk"]) == ("'=1+1", "''=already quoted")
    assert (cells["lang"], cells["rating"]) == ("en", "false")
    dangerous = [c for c in row if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert dangerous == []


def test_a_neutralised_csv_reads_back_exactly():
    record = formula_record()
    [again] = read_csv(write_csv([record]))
    assert comparable(again) == comparable(record)


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("'=1+1", "=1+1"),  # a spreadsheet's text quote
        ("''=1", "'=1"),
        ("'quoted' words", "'quoted' words"),
        ("it's -1", "it's -1"),
        ("'", "'"),
        ("' =1", "=1"),  # (a claim's spaces are trimmed too)
    ],
)
def test_csv_import_drops_only_the_quote_that_keeps_a_formula_text(cell, read):
    [record] = read_csv(f"id,lang,claim\na,en,{cell}\n")
    assert record.claim == read


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_quotes_inside_csv_cells_are_read_as_a_spreadsheet_writes_them(delimiter):
    sheet = delimiter.join(["id", "lang", "claim"]) + "\n"
    sheet += delimiter.join(["a", "en", '"The minister said ""no"" to the bridge"']) + "\n"
    [record] = read_csv(sheet)
    assert record.claim == 'The minister said "no" to the bridge'
