"""Draw the site's icons once (static/icons/, committed): the favicon as SVG, PNG and ICO,
and the 180x180 touch icon. Run again only when the mark changes:

    .venv/bin/python scripts/make_icons.py

The mark is a front page in the accent colour (site.css --accent): a masthead bar over the
double rule, then three lines of text. No letters: the site's name is a setting and any
language's, and a drawn shape needs no font here.
"""

from pathlib import Path

from PIL import Image, ImageDraw

ACCENT = "#9b1c1c"
PAPER = "#ffffff"
ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"

# The mark on a 32-unit grid: (x0, y0, x1, y1) white rectangles on the accent square.
BARS = [(7, 6, 25, 10),     # masthead
        (7, 12, 25, 13),    # the double rule
        (7, 15, 25, 16),
        (7, 19, 25, 21),    # three lines of text
        (7, 23, 25, 25),
        (7, 27, 19, 29)]
RADIUS = 6


def svg() -> str:
    rects = "".join(
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}"/>'
        for x0, y0, x1, y1 in BARS
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="{RADIUS}" fill="{ACCENT}"/>'
        f'<g fill="{PAPER}">{rects}</g></svg>\n'
    )


def png(size: int, radius: bool = True) -> Image.Image:
    """The mark drawn at 8x and scaled down, so its edges are smooth."""
    big = size * 8
    unit = big / 32
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=RADIUS * unit if radius else 0,
                           fill=ACCENT)
    for x0, y0, x1, y1 in BARS:
        draw.rectangle((x0 * unit, y0 * unit, x1 * unit - 1, y1 * unit - 1), fill=PAPER)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "favicon.svg").write_text(svg())
    png(32).save(ICONS / "favicon-32.png", optimize=True)
    # iOS rounds the corners itself and shows transparency as black: a full square.
    png(180, radius=False).convert("RGB").save(ICONS / "apple-touch-icon.png", optimize=True)
    png(48).save(ICONS / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
