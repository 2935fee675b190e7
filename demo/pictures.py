"""Abstract, deterministic pictures for the demo's photos: never a pretend photograph."""

import io
import random

from PIL import Image as PILImage
from PIL import ImageDraw

from demo.stories import image_look


def illustration_jpeg(n: int) -> bytes:
    """seed_articles' library image `n`: 1200×800, a gradient and shapes, as its alt text says."""
    colours, shape = image_look(n)
    top, bottom = tuple(colours["top"]), tuple(colours["bottom"])
    width, height = 1200, 800
    gradient = PILImage.linear_gradient("L").resize((width, height))
    picture = PILImage.composite(
        PILImage.new("RGB", (width, height), bottom), PILImage.new("RGB", (width, height), top),
        gradient,
    )
    draw = ImageDraw.Draw(picture)
    rng = random.Random(f"seed_articles image {n}")
    for _n in range(7):
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.randrange(60, 260)
        colour = tuple(min(255, c + rng.randrange(20, 90)) for c in top)
        if shape == 0:
            draw.ellipse((x, y, x + size, y + size), outline=colour, width=10)
        elif shape == 1:
            draw.line((x, y, x + size * 2, y - size), fill=colour, width=14)
        elif shape == 2:
            draw.rectangle((x, y, x + size, y + size // 2), fill=colour)
        else:
            draw.arc((x, y, x + size * 2, y + size), 180, 360, fill=colour, width=12)
    return _jpeg(picture)


def painted_jpeg(seed: int, size=(1600, 900)) -> bytes:
    """load_demo's photo `seed`: a two-colour gradient with a few soft discs."""
    rng = random.Random(seed)
    top = tuple(rng.randrange(40, 200) for _ in range(3))
    bottom = tuple(rng.randrange(40, 200) for _ in range(3))
    img = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(img)
    width, height = size
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    for _ in range(6):
        r = rng.randrange(60, 260)
        x, y = rng.randrange(width), rng.randrange(height)
        colour = tuple(rng.randrange(120, 255) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    return _jpeg(img)


def _jpeg(picture) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()
