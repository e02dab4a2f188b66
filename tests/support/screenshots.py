"""Screenshots of messenger posts made with Pillow at test time (no binary fixtures): a chat bubble in the
light and the dark theme, a channel post with its header and footer, a photo of a screen, a cropped
screenshot. The same text, layout and seed always give the same bytes."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

LAYOUTS = ("light", "dark", "channel", "screen_photo", "crop")
WIDTH = 800
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)
MISSING_FONT = "DejaVuSans is not installed (Debian/Ubuntu: apt install fonts-dejavu-core)"
CHANNELS = ("Новости Сегодня", "Srochno Info", "Жаңалықтар 24", "Bugun Xabar", "Daily Digest")


@dataclass(frozen=True)
class Theme:
    """The colours of a chat screen."""

    background: tuple[int, int, int]
    bubble: tuple[int, int, int]
    text: tuple[int, int, int]
    muted: tuple[int, int, int]
    accent: tuple[int, int, int]


LIGHT = Theme((223, 231, 236), (255, 255, 255), (20, 20, 20), (140, 150, 160), (51, 144, 236))
DARK = Theme((14, 22, 33), (24, 37, 51), (245, 245, 245), (109, 127, 143), (100, 180, 240))


def font_path(bold: bool = False) -> Path | None:
    """DejaVuSans (or DejaVuSans-Bold), or None when the fonts are not installed."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate
    return None


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = font_path(bold) or font_path()
    if path is None:
        raise RuntimeError(MISSING_FONT)
    return ImageFont.truetype(str(path), size)


def is_cyrillic(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return sum("\u0400" <= ch <= "\u04ff" for ch in letters) > len(letters) / 2


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """The text in lines no wider than `width` pixels, broken between words."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and font.getlength(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _clock(rng: random.Random) -> str:
    return f"{rng.randint(8, 23)}:{rng.randint(0, 59):02d}"


def _views(rng: random.Random) -> str:
    return rng.choice(
        (f"{rng.randint(10, 99)}.{rng.randint(1, 9)}K", f"{rng.randint(1, 9)} {rng.randint(100, 999)}")
    )


def _eye(draw: ImageDraw.ImageDraw, x: int, y: int, colour: tuple[int, int, int]) -> int:
    """An eye-like glyph of a view count, its left end at (x, y - its middle); its width."""
    draw.ellipse((x, y - 7, x + 24, y + 7), outline=colour, width=2)
    draw.ellipse((x + 8, y - 4, x + 16, y + 4), fill=colour)
    return 24


def bubble(
    text: str, theme: Theme, rng: random.Random, top: list[tuple[str, tuple]] | None = None
) -> Image.Image:
    """A chat bubble on its background: optional lines above the text (a "Forwarded from" mark), the text,
    the time at the bottom right."""
    font = _font(rng.randint(25, 28))
    small = _font(20)
    margin = rng.randint(20, 40)
    inner = WIDTH - 2 * margin - 40
    lines = wrap(text, font, inner)
    line_height = int(font.size * 1.35)
    head = top or []
    height = 24 + 32 * len(head) + line_height * len(lines) + 40
    image = Image.new("RGB", (WIDTH, height + 2 * margin), theme.background)
    draw = ImageDraw.Draw(image)
    box = (margin, margin, WIDTH - margin, margin + height)
    draw.rounded_rectangle(box, radius=18, fill=theme.bubble)
    y = margin + 16
    for words, colour in head:
        draw.text((margin + 20, y), words, font=small, fill=colour)
        y += 32
    for line in lines:
        draw.text((margin + 20, y), line, font=font, fill=theme.text)
        y += line_height
    clock = _clock(rng)
    draw.text((WIDTH - margin - 20 - small.getlength(clock), y + 6), clock, font=small, fill=theme.muted)
    return image


def light(text: str, rng: random.Random) -> Image.Image:
    """A plain chat bubble, light theme."""
    return bubble(text, LIGHT, rng)


def dark(text: str, rng: random.Random) -> Image.Image:
    """A forwarded chat bubble, Telegram's dark theme."""
    source = rng.choice(CHANNELS)
    mark = f"Переслано из {source}" if is_cyrillic(text) else f"Forwarded from {source}"
    return bubble(text, DARK, rng, [(mark, DARK.accent)])


def channel(text: str, rng: random.Random) -> Image.Image:
    """A channel post: the channel's name and subscriber count on top, views and time at the bottom."""
    name = rng.choice(CHANNELS)
    count = f"{rng.randint(1, 99)} {rng.randint(100, 999)}"
    followers = f"{count} подписчиков" if is_cyrillic(text) else f"{count} subscribers"
    post = bubble(text, LIGHT, rng)
    header, footer = 96, 56
    image = Image.new("RGB", (WIDTH, header + post.height + footer), LIGHT.background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, header), fill=(255, 255, 255))
    draw.ellipse((20, 16, 84, 80), fill=LIGHT.accent)
    draw.text((40, 30), name[0], font=_font(30, bold=True), fill=(255, 255, 255))
    draw.text((104, 16), name, font=_font(28, bold=True), fill=LIGHT.text)
    draw.text((104, 54), followers, font=_font(22), fill=LIGHT.muted)
    image.paste(post, (0, header))
    y = header + post.height + footer // 2
    small = _font(22)
    x = 40 + _eye(draw, 40, y, LIGHT.muted) + 10
    draw.text((x, y - 12), _views(rng), font=small, fill=LIGHT.muted)
    clock = _clock(rng)
    draw.text((WIDTH - 40 - small.getlength(clock), y - 12), clock, font=small, fill=LIGHT.muted)
    return image


def screen_photo(text: str, rng: random.Random) -> Image.Image:
    """A phone photo of a screen showing the light bubble: tilted, blurred, darker, noisy."""
    screen = light(text, rng)
    w, h = screen.size
    pad = 40
    canvas = Image.new("RGB", (w + 2 * pad, h + 2 * pad), (30, 30, 34))
    canvas.paste(screen, (pad, pad))
    jitter = [rng.uniform(-0.025, 0.025) * side for side in (w, h, w, h, w, h, w, h)]
    corners = [(0, 0), (w, 0), (w, h), (0, h)]
    target = [(x + pad + jitter[2 * i], y + pad + jitter[2 * i + 1]) for i, (x, y) in enumerate(corners)]
    tilted = canvas.transform(
        canvas.size, Image.PERSPECTIVE, _perspective(target, corners, pad), Image.BICUBIC
    )
    tilted = tilted.filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 1.2)))
    pixels = np.asarray(tilted, dtype=np.float32)
    ys, xs = np.mgrid[0 : pixels.shape[0], 0 : pixels.shape[1]]
    light_level = 0.62 + 0.18 * (xs / pixels.shape[1]) + 0.08 * (1 - ys / pixels.shape[0])
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 9, pixels.shape)
    pixels = pixels * light_level[..., None] + noise
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB").resize(
        (WIDTH, round(WIDTH * h / w))
    )


def _perspective(target: list[tuple[float, float]], corners: list[tuple[int, int]], pad: int) -> list[float]:
    """The coefficients PIL's PERSPECTIVE transform needs to send each corner to its target."""
    rows, values = [], []
    for (x, y), (u, v) in zip(target, corners, strict=True):
        u, v = u + pad, v + pad
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values.extend((u, v))
    return np.linalg.solve(np.array(rows), np.array(values)).tolist()


def crop(text: str, rng: random.Random) -> Image.Image:
    """The light bubble with its top or its left cut off, as a reader crops a screenshot."""
    image = light(text, rng)
    if rng.random() < 0.5:
        cut = rng.randint(int(image.height * 0.22), int(image.height * 0.32))
        return image.crop((0, cut, image.width, image.height))
    cut = rng.randint(int(image.width * 0.12), int(image.width * 0.2))
    return image.crop((cut, 0, image.width, image.height))


RENDERERS = {"light": light, "dark": dark, "channel": channel, "screen_photo": screen_photo, "crop": crop}


def render(text: str, layout: str, seed: int = 0) -> bytes:
    """A JPEG screenshot (quality 70, 800 pixels wide, like a Telegram photo) of a post saying `text`."""
    if layout not in RENDERERS:
        raise ValueError(f"layout {layout!r} is not one of {', '.join(LAYOUTS)}")
    image = RENDERERS[layout](text, random.Random(f"{layout}:{seed}"))
    if image.width != WIDTH:
        image = image.resize((WIDTH, round(WIDTH * image.height / image.width)), Image.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


VARIANTS = ("ru", "kk", "uz", "uz-Cyrl", "ky", "tg", "az", "tr", "en")
"""The languages of the region as the screenshots write them: Uzbek in both its scripts."""


def _variant(lang: str, text: str) -> str:
    return f"{lang}-Cyrl" if lang == "uz" and is_cyrillic(text) else lang


def sample_claims(per_variant: int = 1) -> dict[str, list[str]]:
    """Claims of the package's sample verdicts (knowledge/sample/verdicts.jsonl), `per_variant` of each
    of `VARIANTS`, in the file's order: each verdict's own claim first, then its other phrasings."""
    import json
    from importlib import resources

    found: dict[str, list[str]] = {v: [] for v in VARIANTS}
    lines = resources.files("knowledge").joinpath("sample/verdicts.jsonl").read_text("utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    texts = [(r["lang"], r["claim"]) for r in rows]
    texts += [(c["lang"], c["text"]) for r in rows for c in r.get("claims", [])]
    for lang, text in texts:
        variant = _variant(lang, text)
        if variant in found and len(found[variant]) < per_variant:
            found[variant].append(text)
    return found


def cer(read: str, truth: str) -> float:
    """The character error rate of a reading: normalised Levenshtein distance, whitespace collapsed."""
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.normalized_distance(" ".join(read.split()), " ".join(truth.split()))
