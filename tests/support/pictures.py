"""Pictures made with Pillow at test time (no binary fixtures): varied scenes, and the copies a picture
becomes on its way through messengers."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFont


def scene(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A deterministic picture: a gradient, shapes in colour, a headline."""
    rng = random.Random(seed)
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    tint = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    image = Image.blend(image.rotate(rng.choice((0, 90, 180, 270))).resize(size), tint, 0.6)
    draw = ImageDraw.Draw(image)
    for _ in range(10):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        box = (x0, y0, x0 + rng.randint(40, width // 2), y0 + rng.randint(40, height // 2))
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    draw.text((20, 20), f"NEWS {seed}", fill=(255, 255, 255), font=ImageFont.load_default(size=40))
    return image


def encode(image: Image.Image, fmt: str = "JPEG", quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **({"quality": quality} if fmt == "JPEG" else {}))
    return buffer.getvalue()


def resized(image: Image.Image, share: float) -> Image.Image:
    return image.resize((int(image.width * share), int(image.height * share)), Image.LANCZOS)


def cropped(image: Image.Image, share: float) -> Image.Image:
    """`share` of each side cut, from the left and the top."""
    return image.crop((int(image.width * share), int(image.height * share), image.width, image.height))


def video(first: Image.Image, seconds: int = 2, rate: int = 10) -> bytes:
    """An H.264 MP4 (PyAV) opening on `first`, which then drifts to a darker copy of itself."""
    import av

    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=rate)
        stream.width, stream.height, stream.pix_fmt = first.width, first.height, "yuv420p"
        for n in range(seconds * rate):
            frame = Image.blend(first, Image.new("RGB", first.size), n / (seconds * rate * 2))
            for packet in stream.encode(av.VideoFrame.from_image(frame)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()
