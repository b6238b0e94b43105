#!/usr/bin/env python3
"""Writes the sample frames under samples/ (committed; re-run by hand only when the samples change).

    python3 scripts/make-samples.py

Deterministic: the same script always writes the same pixels.
"""
import math
import os
from PIL import Image, ImageDraw

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")


def bounce():
    """A ball bouncing over a gradient: screen-like content with smooth colours."""
    out = os.path.join(ROOT, "bounce")
    os.makedirs(out, exist_ok=True)
    w, h, n = 120, 80, 24
    for i in range(n):
        im = Image.new("RGB", (w, h))
        px = im.load()
        for y in range(h):
            for x in range(w):
                px[x, y] = (40 + x, 60 + y, 160 - x // 2)
        d = ImageDraw.Draw(im)
        t = i / n
        cx = 12 + t * (w - 24)
        cy = h - 14 - abs(math.sin(t * 2 * math.pi)) * (h - 28)
        d.ellipse([cx - 10, cy - 10, cx + 10, cy + 10], fill=(250, 200, 40), outline=(120, 60, 0))
        d.rectangle([0, h - 4, w, h], fill=(30, 30, 30))
        im.save(os.path.join(out, f"frame{i + 1}.png"))


def hero_sheet():
    """An 8-tile sprite sheet with transparency: a walking blob, 24×24 tiles, 1 px spacing."""
    out = os.path.join(ROOT, "sprites")
    os.makedirs(out, exist_ok=True)
    tile, count, spacing = 24, 8, 1
    sheet = Image.new("RGBA", (count * tile + (count - 1) * spacing, tile), (0, 0, 0, 0))
    for i in range(count):
        ox = i * (tile + spacing)
        d = ImageDraw.Draw(sheet)
        bob = int(round(2 * math.sin(i / count * 2 * math.pi)))
        d.ellipse([ox + 4, 6 + bob, ox + 19, 20 + bob], fill=(60, 170, 90, 255), outline=(20, 80, 40, 255))
        d.ellipse([ox + 12, 9 + bob, ox + 15, 12 + bob], fill=(255, 255, 255, 255))
        d.point([ox + 14, 10 + bob], fill=(0, 0, 0, 255))
        leg = 2 if i % 2 == 0 else -2
        d.line([ox + 8, 19 + bob, ox + 8 + leg, 23], fill=(20, 80, 40, 255))
        d.line([ox + 15, 19 + bob, ox + 15 - leg, 23], fill=(20, 80, 40, 255))
        # A soft shadow: half-transparent pixels exercise the alpha threshold.
        d.ellipse([ox + 6, 21, ox + 17, 23], fill=(0, 0, 0, 90))
    sheet.save(os.path.join(out, "hero.png"))


def spinner():
    """A numbered sequence: a loading spinner with anti-aliased spokes on a transparent background."""
    out = os.path.join(ROOT, "spinner")
    os.makedirs(out, exist_ok=True)
    size, n, spokes = 48, 12, 12
    for i in range(n):
        big = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
        d = ImageDraw.Draw(big)
        c = size * 2
        for s in range(spokes):
            a = 2 * math.pi * s / spokes
            shade = ((s - i) % spokes) / spokes
            col = (int(30 + 200 * shade), int(90 + 120 * shade), 255, int(255 * (0.25 + 0.75 * shade)))
            x0, y0 = c + math.cos(a) * 40, c + math.sin(a) * 40
            x1, y1 = c + math.cos(a) * 84, c + math.sin(a) * 84
            d.line([x0, y0, x1, y1], fill=col, width=14)
        big.resize((size, size), Image.LANCZOS).save(os.path.join(out, f"spin_{i:03d}.png"))


if __name__ == "__main__":
    bounce()
    hero_sheet()
    spinner()
