#!/usr/bin/env python3
"""Writes the PNG test fixtures for AnimcImagingTests (run by hand; output is committed).

For every valid colour type x bit depth x interlace combination (plus tRNS variants) it
writes NAME.png with pypng and NAME.rgba, the expected 8-bit RGBA decoding computed here
from the generated sample values. It also writes a few broken files (bad-*.png) and
index.json describing every good fixture.
"""
import json
import os
import random
import struct
import zlib

import png

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "Tests", "AnimcImagingTests", "Fixtures", "png")
W, H = 13, 11  # odd sizes so every Adam7 pass has partial rows and columns


def scale_16(v):
    """libpng's png_set_scale_16 rounding."""
    return (v * 255 + 32895) >> 16


def to8(v, bits):
    if bits == 16:
        return scale_16(v)
    if bits == 8:
        return v
    return v * 255 // (2 ** bits - 1)


def samples(rng, bits, count):
    top = 2 ** bits - 1
    # Include the extremes, then pseudo-random values.
    base = [0, top] + [rng.randint(0, top) for _ in range(count)]
    return base[:count]


def make(name, color_type, bits, interlace, trns=False, gamma=None):
    rng = random.Random(f"{name}")
    top = 2 ** bits - 1
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]
    n = W * H
    flat = samples(rng, bits, n * channels)
    rows = [flat[y * W * channels:(y + 1) * W * channels] for y in range(H)]
    kw = dict(bitdepth=bits, interlace=interlace)
    if gamma is not None:
        kw["gamma"] = gamma  # a gAMA chunk the decoder must ignore (samples are taken as sRGB)
    rgba = []
    if color_type == 3:
        size = 2 ** bits
        palette = []
        for i in range(size):
            r, g, b = rng.randrange(256), rng.randrange(256), rng.randrange(256)
            if trns:
                a = [0, 128, 255, 37][i % 4] if i < size - 1 or size == 2 else 255
                palette.append((r, g, b, a))
            else:
                palette.append((r, g, b))
        kw["palette"] = palette
        for v in flat:
            e = palette[v]
            rgba += [e[0], e[1], e[2], e[3] if len(e) == 4 else 255]
    elif color_type in (0, 4):
        kw["greyscale"] = True
        kw["alpha"] = color_type == 4
        key = None
        if trns:
            key = flat[5]  # a value that occurs (more than once: repeat it)
            for i in range(7, n, 9):
                flat[i] = key
            rows = [flat[y * W:(y + 1) * W] for y in range(H)]
            kw["transparent"] = key
        for i in range(n):
            g = flat[i * channels]
            a = to8(flat[i * channels + 1], bits) if color_type == 4 else (0 if g == key else 255)
            rgba += [to8(g, bits)] * 3 + [a]
    else:
        kw["greyscale"] = False
        kw["alpha"] = color_type == 6
        key = None
        if trns:
            key = tuple(flat[0:3])
            for i in range(4, n, 7):
                flat[i * 3:i * 3 + 3] = list(key)
            rows = [flat[y * W * 3:(y + 1) * W * 3] for y in range(H)]
            kw["transparent"] = key
        for i in range(n):
            px = flat[i * channels:(i + 1) * channels]
            a = to8(px[3], bits) if color_type == 6 else (0 if tuple(px[:3]) == key else 255)
            rgba += [to8(c, bits) for c in px[:3]] + [a]
    assert all(0 <= v <= top for v in flat)
    with open(os.path.join(OUT, name + ".png"), "wb") as f:
        png.Writer(W, H, **kw).write(f, rows)
    with open(os.path.join(OUT, name + ".rgba"), "wb") as f:
        f.write(bytes(rgba))
    return {"name": name, "width": W, "height": H, "bitDepth": bits,
            "colorType": color_type, "interlaced": bool(interlace)}


def chunk(kind, data, crc=None):
    c = zlib.crc32(kind + data) & 0xffffffff if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", c)


def split_chunks(blob):
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    out, pos = [], 8
    while pos < len(blob):
        (length,) = struct.unpack(">I", blob[pos:pos + 4])
        out.append((blob[pos + 4:pos + 8], blob[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return out


def write_bad(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def bad_files():
    sig = b"\x89PNG\r\n\x1a\n"
    rng = random.Random("bad")
    rows = [[rng.randrange(256) for _ in range(W * 4)] for _ in range(H)]
    import io
    buf = io.BytesIO()
    png.Writer(W, H, greyscale=False, alpha=True, bitdepth=8).write(buf, rows)
    chunks = split_chunks(buf.getvalue())
    ihdr = [c for c in chunks if c[0] == b"IHDR"][0]
    idat = b"".join(d for k, d in chunks if k == b"IDAT")

    # Cut in the middle of the IDAT data.
    whole = sig + chunk(b"IHDR", ihdr[1]) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    cut = 8 + 25 + 8 + len(idat) // 2
    write_bad("bad-truncated.png", whole[:cut])

    bad_crc = (zlib.crc32(b"IDAT" + idat) ^ 0x5a5a) & 0xffffffff
    write_bad("bad-crc-idat.png", sig + chunk(b"IHDR", ihdr[1]) + chunk(b"IDAT", idat, bad_crc)
              + chunk(b"IEND", b""))

    text = b"Comment\x00made by make-png-fixtures.py"
    bad_text = (zlib.crc32(b"tEXt" + text) ^ 1) & 0xffffffff
    write_bad("bad-crc-ancillary.png", sig + chunk(b"IHDR", ihdr[1]) + chunk(b"tEXt", text, bad_text)
              + chunk(b"IDAT", idat) + chunk(b"IEND", b""))

    write_bad("bad-not-png.png", b"This is a text file, not a PNG image.\n")

    huge = struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0)
    write_bad("bad-huge.png", sig + chunk(b"IHDR", huge) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
              + chunk(b"IEND", b""))

    write_bad("bad-empty.png", b"")


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith((".png", ".rgba", ".json")):
            os.remove(os.path.join(OUT, f))
    depths = {0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]}
    index = []
    for color_type, bit_list in depths.items():
        for bits in bit_list:
            for interlace in (0, 1):
                name = f"c{color_type}-d{bits}-{'adam7' if interlace else 'flat'}"
                index.append(make(name, color_type, bits, interlace))
    for color_type, bits, interlace in [(3, 8, 0), (3, 2, 1), (0, 4, 0), (0, 16, 1), (2, 8, 1), (2, 16, 0)]:
        name = f"c{color_type}-d{bits}-{'adam7' if interlace else 'flat'}-trns"
        index.append(make(name, color_type, bits, interlace, trns=True))
    index.append(make("c2-d8-flat-gama", 2, 8, 0, gamma=1.0))
    bad_files()
    with open(os.path.join(OUT, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
