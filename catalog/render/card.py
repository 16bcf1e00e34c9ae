"""The social card: one site-wide 1200x630 PNG (og:image) drawn at build time.

Drawn with Pillow and its built-in font, so nothing is fetched and the same title and
description give byte-identical bytes on every build.
"""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache

PATH = "social-card.png"
WIDTH, HEIGHT = 1200, 630
BG, FG, SOFT, MARK = "#2546c7", "#ffffff", "#dfe6ff", "#2546c7"  # the site's accent colour


def printable(font, text: str) -> str:
    """Pillow's built-in font covers little beyond ASCII: fold the rest (é -> e, — -> -)
    rather than draw empty boxes."""
    missing = bytes(font.getmask("\U0010FFFD"))
    def ok(ch: str) -> bool:
        return ch == " " or bytes(font.getmask(ch)) != missing
    out = []
    for ch in text:
        if not ok(ch):
            ch = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            ch = {"\u2014": "-", "\u2013": "-", "\u00a0": " "}.get(ch, ch)
            ch = "".join(c for c in ch if ok(c))
        out.append(ch)
    return "".join(out)


def wrap(draw, text: str, font, width: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;:") + "…"
    return lines


@lru_cache(maxsize=4)
def social_card(title: str, description: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont  # only the build needs Pillow

    image = Image.new("RGB", (WIDTH, HEIGHT), BG)
    draw = ImageDraw.Draw(image)
    # The brand mark of the site header, drawn large: a rounded square with three lines.
    draw.rounded_rectangle((80, 80, 176, 176), radius=24, fill=FG)
    for y, right in ((108, 152), (128, 152), (148, 134)):
        draw.line((104, y, right, y), fill=MARK, width=9)
    for dx, dy in ((104, 108), (152, 108), (104, 128), (152, 128), (104, 148), (134, 148)):
        draw.ellipse((dx - 4, dy - 4, dx + 4, dy + 4), fill=MARK)  # round line caps
    big, small = ImageFont.load_default(size=76), ImageFont.load_default(size=38)
    y = 236
    for line in wrap(draw, printable(big, title), big, WIDTH - 160, 2):
        draw.text((80, y), line, font=big, fill=FG, stroke_width=2, stroke_fill=FG)
        y += 92
    y += 18
    for line in wrap(draw, printable(small, description), small, WIDTH - 160, 3):
        draw.text((80, y), line, font=small, fill=SOFT)
        y += 52
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
