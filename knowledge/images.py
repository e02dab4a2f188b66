"""Perceptual fingerprints of pictures: the same picture re-encoded, resized or lightly cropped keeps
nearly the same 64-bit hash, an unrelated one differs in about half of the bits.

The hash is imagehash's pHash (DCT of a 32×32 greyscale thumbnail, 8×8 low frequencies against their
median), stored as a signed 64-bit integer (a database BIGINT). Thresholds are measured with
`python bench/bench_images.py` (README, "Pictures").
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import numpy as np

from knowledge.verdicts import VerdictRecord

if TYPE_CHECKING:  # Pillow and imagehash are imported when a picture is read: commands that read none
    from PIL import Image  # (tipline check) start without them

HASH_BITS = 64

MATCH_DISTANCE = 4
"""Hamming distance at or below which a picture is a known one: the reader gets its verdict at once, and a
new tip joins the open tip with that picture. Chosen with `bench/bench_images.py` (README, "Pictures"):
at 4 every resized, re-encoded and Telegram-sized copy matched and 0 of 200 unrelated pictures did
(1 of 200 with another seed); two bits more already let screenshots of different text posts (the same
layout, other words) match each other (3-4 of 200)."""

SUGGEST_DISTANCE = 6
"""Up to this distance a known picture's verdict is only offered to the reader as a choice ("is it this
one?", and "none of these" queues the tip): lightly cropped copies land here. At 8, 6-10 % of unrelated
pictures (screenshots, mostly) would be offered a wrong verdict; at 6, 1.5-2 %."""

KNOWN_CROPS = (0.95, 0.90)
KNOWN_CROP_STEPS = 3
"""Besides itself, a known picture is stored as crops of 95 % and 90 % of each side, each at 3 x 3
positions (the corners, the edge middles and the centre), so a copy with its edges cut, evenly or not,
lands within a few bits of one of them; a reader's picture is compared whole. Measured with
`bench/bench_images.py`: the 5 % crops matched at 4 bits went from 0.43 (centre crops only) to 0.91,
the 10 % crops from 0.16 to 0.65, with the same 0 of 200 unrelated pictures matching."""

MAX_PIXELS = 40_000_000
"""Pictures larger than this are refused (decompression bombs)."""

_MASK = (1 << HASH_BITS) - 1


class NotAnImage(ValueError):
    """The bytes are not a picture Pillow can read."""


def open_image(data: bytes) -> Image.Image:
    """A picture from its file bytes (JPEG, PNG, WebP, GIF...), upright as its EXIF says."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise NotAnImage(f"picture too large: {image.width}×{image.height}")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise NotAnImage(str(error)) from None
    return ImageOps.exif_transpose(image)


def to_signed(value: int) -> int:
    """An unsigned 64-bit hash as the signed integer a BIGINT column holds."""
    value &= _MASK
    return value - (1 << HASH_BITS) if value >= 1 << (HASH_BITS - 1) else value


def to_unsigned(value: int) -> int:
    return value & _MASK


def image_hash(image: Image.Image) -> int:
    """The picture's pHash as a signed 64-bit integer."""
    import imagehash
    from PIL import Image

    if image.mode not in ("L", "RGB"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    bits = imagehash.phash(image, hash_size=8).hash.flatten()
    value = 0
    for bit in bits:
        value = (value << 1) | int(bit)
    return to_signed(value)


def known_hashes(image: Image.Image) -> list[int]:
    """The hashes stored for a picture: whole, then its crops (KNOWN_CROPS at KNOWN_CROP_STEPS x
    KNOWN_CROP_STEPS positions). The first is the one a new picture is compared with."""
    hashes = [image_hash(image)]
    width, height = image.size
    for share in KNOWN_CROPS:
        crop_width, crop_height = round(width * share), round(height * share)
        lefts = np.linspace(0, width - crop_width, KNOWN_CROP_STEPS).round().astype(int)
        tops = np.linspace(0, height - crop_height, KNOWN_CROP_STEPS).round().astype(int)
        for left, top in itertools.product(lefts.tolist(), tops.tolist()):
            hashes.append(image_hash(image.crop((left, top, left + crop_width, top + crop_height))))
    return hashes


def hash_bytes(data: bytes) -> list[int]:
    """The stored hashes (known_hashes) of a picture file's bytes; NotAnImage when it is not one."""
    return known_hashes(open_image(data))


def distance(a: int, b: int) -> int:
    """Hamming distance between two hashes (bits that differ)."""
    return ((a ^ b) & _MASK).bit_count()


def distances(query: int, hashes: Sequence[int]) -> np.ndarray:
    """Hamming distances from `query` to each of `hashes`, vectorised."""
    if not hashes:
        return np.zeros(0, dtype=np.uint8)
    stored = np.fromiter((to_unsigned(h) for h in hashes), dtype=np.uint64, count=len(hashes))
    return _popcount(stored ^ np.uint64(to_unsigned(query)))


def _popcount(values: np.ndarray) -> np.ndarray:
    if hasattr(np, "bitwise_count"):  # numpy 2
        return np.bitwise_count(values)
    return np.unpackbits(values.view(np.uint8).reshape(-1, 8), axis=1).sum(axis=1, dtype=np.uint8)


def nearest(query: int, candidates: Iterable[tuple[object, int]], max_distance: int = MATCH_DISTANCE):
    """The (key, distance) of the candidate `(key, hash)` closest to `query` within `max_distance`,
    the earliest on a tie; None when none is that close."""
    candidates = list(candidates)
    if not candidates:
        return None
    found = distances(query, [h for _, h in candidates])
    best = int(np.argmin(found))
    if int(found[best]) > max_distance:
        return None
    return candidates[best][0], int(found[best])


PICTURE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"})
VIDEO_SUFFIXES = frozenset({".mp4", ".m4v", ".mov", ".webm", ".mkv"})
"""Videos a newsroom imports are known by their first frame: what Telegram's thumbnail of them shows."""


def first_frame(path: Path) -> Image.Image:
    """The first frame of a video file, read with PyAV (the `video` extra); NotAnImage when it cannot be."""
    try:
        import av
    except ImportError:
        raise NotAnImage("reading a video needs PyAV: pip install 'tipline[video]'") from None
    try:
        with av.open(str(path)) as container:
            frame = next(container.decode(video=0))
            if frame.width * frame.height > MAX_PIXELS:
                raise NotAnImage(f"video too large: {frame.width}×{frame.height}")
            return frame.to_image()
    except (av.FFmpegError, StopIteration, ValueError, IndexError) as error:
        raise NotAnImage(f"no video frame could be read ({error or 'no frames'})") from None


def pictures_for_records(folder: Path, records: Sequence[VerdictRecord]) -> tuple[dict, list[str]]:
    """The pictures in `folder` for an import: `<key>.jpg` or `<key>/<any>.jpg`, the key being a record's
    id or the last part of its URL's path (for ClaimReview, whose ids are URLs). Returns
    `({external id: [(file name, hashes)]}, errors)`; an error names the file."""
    keys: dict[str, str] = {}
    for record in records:
        keys.setdefault(record.external_id, record.external_id)
    for record in records:  # an id wins over a URL's last part
        slug = urlsplit(record.url or "").path.rstrip("/").rsplit("/", 1)[-1]
        if slug:
            keys.setdefault(slug, record.external_id)
    found: dict[str, list[tuple[str, list[int]]]] = {}
    errors: list[str] = []
    files = sorted(
        p for p in [*folder.glob("*"), *folder.glob("*/*")] if p.is_file() and not p.name.startswith(".")
    )
    for path in files:
        name = path.relative_to(folder).as_posix()
        video = path.suffix.lower() in VIDEO_SUFFIXES
        if path.suffix.lower() not in PICTURE_SUFFIXES and not video:
            errors.append(f"{name}: not a picture (.jpg, .png, .webp, ...) or a video (.mp4, .mov, .webm)")
            continue
        key = path.stem if path.parent == folder else path.parent.name
        if key not in keys:
            errors.append(f"{name}: no verdict in the file has the id or URL ending '{key}'")
            continue
        try:
            hashes = known_hashes(first_frame(path)) if video else hash_bytes(path.read_bytes())
        except (NotAnImage, OSError) as error:
            errors.append(f"{name}: not a readable {'video' if video else 'picture'} ({error})")
            continue
        found.setdefault(keys[key], []).append((name, hashes))
    return found, errors
