"""Perceptual fingerprints of pictures (knowledge/images.py), on pictures made with Pillow."""

from __future__ import annotations

import pytest
from PIL import Image

from knowledge.images import (
    MATCH_DISTANCE,
    SUGGEST_DISTANCE,
    NotAnImage,
    distance,
    hash_bytes,
    image_hash,
    known_hashes,
    nearest,
    open_image,
    pictures_for_records,
    to_signed,
    to_unsigned,
)
from knowledge.verdicts import ClaimText, VerdictRecord
from tests.support.pictures import encode, resized, scene, video


def test_hashes_fit_a_signed_bigint_and_round_trip():
    for value in (0, 1, 2**63 - 1, 2**63, 2**64 - 1):
        signed = to_signed(value)
        assert -(2**63) <= signed < 2**63
        assert to_unsigned(signed) == value
    assert distance(to_signed(2**64 - 1), 0) == 64


@pytest.mark.parametrize(
    "copy",
    [
        lambda im: encode(im, "JPEG", 30),
        lambda im: encode(resized(im, 0.5), "JPEG", 80),
        lambda im: encode(resized(im, 0.25), "PNG"),
        lambda im: encode(resized(im, 1280 / 640), "JPEG", 87),
        lambda im: encode(im, "WEBP"),
    ],
    ids=["jpeg-q30", "half-size", "quarter-size-png", "upscaled", "webp"],
)
def test_a_re_encoded_or_resized_copy_is_the_same_picture(copy):
    original = scene(1)
    stored = known_hashes(original)
    [query] = hash_bytes(copy(original))[:1]
    assert min(distance(query, h) for h in stored) <= MATCH_DISTANCE


@pytest.mark.parametrize(
    "box",
    [(0.05, 0.05, 0.95, 0.95), (0.10, 0.10, 1.0, 1.0), (0.0, 0.10, 0.90, 1.0)],
    ids=["5%-of-each-side", "10%-from-top-left", "10%-from-bottom-left"],
)
def test_a_copy_cut_unevenly_lands_on_a_stored_crop(box):
    original = scene(5)
    width, height = original.size
    left, top, right, bottom = box
    cut = original.crop(
        (round(left * width), round(top * height), round(right * width), round(bottom * height))
    )
    query = hash_bytes(encode(cut))[0]
    whole, *crops = known_hashes(original)
    assert distance(query, whole) > MATCH_DISTANCE
    assert min(distance(query, h) for h in crops) <= MATCH_DISTANCE


def test_a_copy_with_its_edges_cut_lands_on_a_stored_centre_crop():
    original = scene(3)
    width, height = original.size
    framed = original.crop((32, 24, width - 32, height - 24))  # 5 % of each side cut
    query = hash_bytes(encode(framed))[0]
    whole, *crops = known_hashes(original)
    assert distance(query, whole) > MATCH_DISTANCE
    assert min(distance(query, h) for h in crops) <= MATCH_DISTANCE


def test_unrelated_pictures_are_far_apart():
    hashes = [image_hash(scene(seed)) for seed in range(10, 22)]
    for i, a in enumerate(hashes):
        for b in hashes[i + 1 :]:
            assert distance(a, b) > SUGGEST_DISTANCE


def test_nearest_finds_the_closest_within_the_bar():
    base = image_hash(scene(3))
    candidates = [("far", image_hash(scene(4))), ("near", base ^ 0b111), ("exact", base)]
    assert nearest(base, candidates) == ("exact", 0)
    assert nearest(base ^ 0b11, candidates[:2]) == ("near", 1)
    assert nearest(image_hash(scene(5)), candidates[:1]) is None
    assert nearest(base, []) is None


def test_what_is_not_a_picture_is_refused():
    with pytest.raises(NotAnImage):
        hash_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(NotAnImage):
        hash_bytes(b"")


def test_transparent_and_greyscale_pictures_hash():
    rgba = scene(6).convert("RGBA")
    assert distance(image_hash(rgba), image_hash(scene(6))) <= MATCH_DISTANCE
    assert isinstance(image_hash(scene(6).convert("L")), int)
    assert isinstance(image_hash(Image.new("P", (50, 50))), int)


def test_import_pictures_are_found_by_id_or_url_and_bad_files_are_named(tmp_path):
    records = [
        VerdictRecord(external_id="t-ru-water", lang="ru", claims=[]),
        VerdictRecord(
            external_id="https://factcheck.example/2026/bridge-collapse/",
            lang="en",
            claims=[],
            url="https://factcheck.example/2026/bridge-collapse/",
        ),
    ]
    (tmp_path / "t-ru-water.jpg").write_bytes(encode(scene(7)))
    (tmp_path / "bridge-collapse").mkdir()
    (tmp_path / "bridge-collapse" / "a.png").write_bytes(encode(scene(8), "PNG"))
    (tmp_path / "bridge-collapse" / "b.webp").write_bytes(encode(scene(9), "WEBP"))
    found, errors = pictures_for_records(tmp_path, records)
    assert errors == []
    assert [name for name, _ in found["t-ru-water"]] == ["t-ru-water.jpg"]
    bridge = found["https://factcheck.example/2026/bridge-collapse/"]
    assert [name for name, _ in bridge] == ["bridge-collapse/a.png", "bridge-collapse/b.webp"]
    expected = [
        known_hashes(open_image(encode(scene(8), "PNG"))),
        known_hashes(open_image(encode(scene(9), "WEBP"))),
    ]
    assert [hashes for _, hashes in bridge] == expected

    (tmp_path / "unknown-id.jpg").write_bytes(encode(scene(10)))
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "t-ru-water-broken.jpg").write_bytes(b"broken")
    _, errors = pictures_for_records(tmp_path, records)
    assert errors == [
        "notes.txt: not a picture (.jpg, .png, .webp, ...) or a video (.mp4, .mov, .webm)",
        "t-ru-water-broken.jpg: no verdict in the file has the id or URL ending 't-ru-water-broken'",
        "unknown-id.jpg: no verdict in the file has the id or URL ending 'unknown-id'",
    ]


def test_a_video_is_known_by_its_first_frame(tmp_path):
    records = [VerdictRecord("t-video", "en", [ClaimText("en", "A clip of a flood", "claim")])]
    (tmp_path / "t-video.mp4").write_bytes(video(scene(11)))
    (tmp_path / "t-video").mkdir()
    (tmp_path / "t-video" / "broken.mov").write_bytes(b"not a video")
    found, errors = pictures_for_records(tmp_path, records)
    [(name, hashes)] = found["t-video"]
    assert name == "t-video.mp4"
    assert distance(hashes[0], hash_bytes(encode(resized(scene(11), 0.5), quality=60))[0]) <= MATCH_DISTANCE
    assert distance(hashes[0], hash_bytes(encode(scene(12)))[0]) > MATCH_DISTANCE
    [error] = errors
    assert error.startswith("t-video/broken.mov: not a readable video (no video frame could be read")
