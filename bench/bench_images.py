"""How well perceptual hashes tell the same picture from an unrelated one (knowledge/images.py).

Generates base pictures with Pillow (gradients, shapes, texture, a headline, noise: varied scenes, no
real photographs), derives variants a picture gets on its way through messengers, and prints recall per
variant kind, precision, and the false-match rate over every pair of distinct base pictures, at the
chosen threshold and over a sweep of thresholds.

    python bench/bench_images.py [--bases 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.images import MATCH_DISTANCE, SUGGEST_DISTANCE, distances, image_hash, known_hashes

WORDS = "water gas school vaccine bridge price bank army border flood power salary election fire".split()


def base_image(rng: random.Random, size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A varied synthetic scene: a two-colour gradient, shapes, a texture band, maybe a headline, noise."""
    width, height = size
    top = np.array([rng.randrange(256) for _ in range(3)], dtype=np.float32)
    bottom = np.array([rng.randrange(256) for _ in range(3)], dtype=np.float32)
    angle = rng.random()
    ys, xs = np.mgrid[0:height, 0:width]
    mix = (angle * ys / height + (1 - angle) * xs / width)[..., None]
    pixels = (top * (1 - mix) + bottom * mix).astype(np.uint8)
    image = Image.fromarray(pixels, "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(4, 14)):
        colour = tuple(rng.randrange(256) for _ in range(3))
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1, y1 = x0 + rng.randint(30, width // 2), y0 + rng.randint(30, height // 2)
        shape = rng.choice(("ellipse", "rectangle", "polygon", "line"))
        if shape == "ellipse":
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        elif shape == "rectangle":
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        elif shape == "polygon":
            draw.polygon([(rng.randrange(width), rng.randrange(height)) for _ in range(5)], fill=colour)
        else:
            draw.line((x0, y0, x1, y1), fill=colour, width=rng.randint(3, 20))
    if rng.random() < 0.5:
        stripe = rng.randrange(height)
        for x in range(0, width, rng.randint(6, 20)):
            draw.line((x, stripe, x + 10, stripe + 60), fill=(rng.randrange(256),) * 3, width=2)
    if rng.random() < 0.5:
        font = ImageFont.load_default(size=rng.randint(28, 48))
        words = " ".join(rng.choice(WORDS) for _ in range(3)).upper()
        draw.text(
            (rng.randint(10, 200), rng.randint(10, height - 80)), words, fill=(255, 255, 255), font=font
        )
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.0)))
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 6, (height, width, 3))
    return Image.fromarray(np.clip(np.asarray(image, dtype=np.float32) + noise, 0, 255).astype(np.uint8))


def screenshot(rng: random.Random, size: tuple[int, int] = (720, 900)) -> Image.Image:
    """A screenshot of a text post: a light background, an avatar, a name and lines of words. These are
    the hard negatives: different posts look alike to a hash that sees only coarse shapes."""
    width, height = size
    shade = rng.randint(225, 255)
    image = Image.new("RGB", size, (shade, shade, shade) if rng.random() < 0.7 else (24, 28, 34))
    ink = (20, 20, 20) if image.getpixel((0, 0))[0] > 128 else (230, 230, 230)
    draw = ImageDraw.Draw(image)
    draw.ellipse((30, 30, 110, 110), fill=tuple(rng.randrange(256) for _ in range(3)))
    font = ImageFont.load_default(size=rng.randint(26, 34))
    draw.text((130, 50), rng.choice(WORDS).title() + " News", fill=ink, font=font)
    y = 150
    for _ in range(rng.randint(4, 16)):
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 7)))
        draw.text((30, y), line, fill=ink, font=font)
        y += rng.randint(40, 56)
    if rng.random() < 0.5 and y + 40 < height:
        bottom = min(height - 10, y + 20 + rng.randint(100, 300))
        draw.rectangle((30, y + 20, width - 30, bottom), fill=tuple(rng.randrange(256) for _ in range(3)))
    return image


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def crop(image: Image.Image, share: float, rng: random.Random) -> Image.Image:
    """Cut `share` of the width and height, unevenly between the sides."""
    width, height = image.size
    dx, dy = int(width * share), int(height * share)
    left, top = rng.randint(0, dx), rng.randint(0, dy)
    return image.crop((left, top, width - (dx - left), height - (dy - top)))


def overlay(image: Image.Image, rng: random.Random) -> Image.Image:
    """A caption bar drawn over the bottom of the picture, as reposting channels add."""
    image = image.copy()
    width, height = image.size
    draw = ImageDraw.Draw(image)
    bar = int(height * 0.12)
    draw.rectangle((0, height - bar, width, height), fill=(0, 0, 0))
    font = ImageFont.load_default(size=int(bar * 0.6))
    text = "SHARE! " + " ".join(rng.choice(WORDS) for _ in range(3))
    draw.text((10, height - bar + bar // 8), text, fill=(255, 255, 0), font=font)
    return image


VARIANTS = {
    "resize-50%": lambda im, rng: im.resize((im.width // 2, im.height // 2), Image.LANCZOS),
    "resize-25%": lambda im, rng: im.resize((im.width // 4, im.height // 4), Image.BILINEAR),
    "jpeg-q70": lambda im, rng: jpeg(im, 70),
    "jpeg-q30": lambda im, rng: jpeg(im, 30),
    "crop-5%": lambda im, rng: crop(im, 0.05, rng),
    "crop-10%": lambda im, rng: crop(im, 0.10, rng),
    "text-overlay": overlay,
    "telegram": lambda im, rng: jpeg(im.resize((320, 240), Image.LANCZOS), 50),
}


def nearest_stored(query: int, stored: list[list[int]], whole_only: bool) -> tuple[int, int]:
    """(index, distance) of the stored picture nearest to `query` (over each picture's stored hashes)."""
    best = (-1, 65)
    for index, hashes in enumerate(stored):
        found = int(distances(query, hashes[:1] if whole_only else hashes).min())
        if found < best[1]:
            best = (index, found)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bases", type=int, default=200, help="known pictures (and as many unrelated)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threshold", type=int, default=MATCH_DISTANCE, help="answered at once up to this")
    parser.add_argument(
        "--suggest", type=int, default=SUGGEST_DISTANCE, help="offered as a choice up to this"
    )
    parser.add_argument("--whole-only", action="store_true", help="store no crops (plain pHash)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    def scene(i: int) -> Image.Image:
        return base_image(rng) if i % 2 == 0 else screenshot(rng)

    bases = [scene(i) for i in range(args.bases)]
    stored = [known_hashes(b) for b in bases]
    # each query: (kind, expected index or -1, nearest index, distance)
    results: list[tuple[str, int, int, int]] = []
    for name, make in VARIANTS.items():
        for index, base in enumerate(bases):
            results.append(
                (name, index, *nearest_stored(image_hash(make(base, rng)), stored, args.whole_only))
            )
    for i in range(args.bases):  # unrelated pictures, half of them screenshots, none of them known
        results.append(("unrelated", -1, *nearest_stored(image_hash(scene(i)), stored, args.whole_only)))
    unrelated = np.array([d for kind, _, _, d in results if kind == "unrelated"])
    print(
        f"{args.bases} known pictures (half screenshots of text posts), {len(VARIANTS)} variants of each, "
        f"{args.bases} unrelated pictures; stored: " + ("whole only" if args.whole_only else "whole + crops")
    )
    print(
        f"unrelated picture to its nearest known one: min {unrelated.min()}, "
        f"median {np.median(unrelated):.0f} bits"
    )

    def scores(threshold: int) -> tuple[dict[str, float], float, float, int]:
        recall: dict[str, list[bool]] = {}
        tp = fp = 0
        for kind, expected, index, dist in results:
            matched = dist <= threshold
            if kind != "unrelated":
                recall.setdefault(kind, []).append(matched and index == expected)
                tp += matched and index == expected
                fp += matched and index != expected
            else:
                fp += matched
        positives = sum(len(v) for v in recall.values())
        precision = tp / (tp + fp) if tp + fp else 1.0
        return {k: float(np.mean(v)) for k, v in recall.items()}, tp / positives, precision, fp

    for threshold, meaning in ((args.threshold, "answered at once"), (args.suggest, "answered or offered")):
        per_kind, recall, precision, false = scores(threshold)
        print(f"\ndistance <= {threshold} ({meaning}):")
        for kind, value in per_kind.items():
            print(f"  {kind:<14} recall {value:.3f}")
        print(f"  all variants   recall {recall:.3f}, precision {precision:.4f} ({false} false matches)")
    print("\nsweep:")
    print(
        f"{'threshold':>9} {'recall':>7} {'precision':>9} {'false':>6} "
        f"{'crop-5%':>8} {'crop-10%':>9} {'overlay':>8}"
    )
    for threshold in (4, 6, 8, 10, 12, 14, 16):
        per_kind, recall, precision, false = scores(threshold)
        print(
            f"{threshold:>9} {recall:>7.3f} {precision:>9.4f} {false:>6} {per_kind['crop-5%']:>8.3f} "
            f"{per_kind['crop-10%']:>9.3f} {per_kind['text-overlay']:>8.3f}"
        )


if __name__ == "__main__":
    main()
