#!/usr/bin/env python3
"""Decode a GIF with Pillow (a decoder animc did not write) and describe it as one JSON object.

usage: gifcheck.py GIF [OUTDIR]

Prints {"width", "height", "frames", "durations" (ms per frame), "loop" (int or null when the file
has no NETSCAPE2.0 extension), "disposals" (per frame), "transparency" (index or null per frame)}.
Frame count, durations, loop and pixels come from Pillow; disposals and transparent indices are
read from each frame's Graphic Control Extension by a minimal block walker, because Pillow keeps
those from earlier frames when a frame leaves them unspecified.
With OUTDIR, writes each frame fully composited as Pillow shows it (frame.convert("RGBA")) to
OUTDIR/frame_0000.rgba, ... as raw width*height*4 bytes.
"""
import json
import os
import sys

from PIL import Image


def graphic_controls(data):
    """(disposal, transparent index or None) for each image in the file, from its GCE."""
    result = []
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise ValueError("not a GIF")
    pos = 13
    flags = data[10]
    if flags & 0x80:
        pos += 3 * (1 << ((flags & 7) + 1))
    gce = (0, None)
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:
            break
        if block == 0x21:
            label = data[pos + 1]
            pos += 2
            if label == 0xF9 and data[pos] >= 4:
                packed = data[pos + 1]
                disposal = (packed >> 2) & 7
                transparent = data[pos + 4] if packed & 1 else None
                gce = (disposal, transparent)
            while data[pos] != 0:
                pos += data[pos] + 1
            pos += 1
        elif block == 0x2C:
            packed = data[pos + 9]
            pos += 10
            if packed & 0x80:
                pos += 3 * (1 << ((packed & 7) + 1))
            pos += 1  # LZW minimum code size
            while data[pos] != 0:
                pos += data[pos] + 1
            pos += 1
            result.append(gce)
            gce = (0, None)
        else:
            raise ValueError("unknown block 0x%02x at %d" % (block, pos))
    return result


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: gifcheck.py GIF [OUTDIR]\n")
        return 2
    path = argv[1]
    outdir = argv[2] if len(argv) == 3 else None
    with open(path, "rb") as f:
        controls = graphic_controls(f.read())
    if outdir:
        os.makedirs(outdir, exist_ok=True)
    with Image.open(path) as im:
        n = getattr(im, "n_frames", 1)
        loop = im.info.get("loop")
        durations = []
        for i in range(n):
            im.seek(i)
            durations.append(int(im.info.get("duration", 0)))
            if outdir:
                with open(os.path.join(outdir, "frame_%04d.rgba" % i), "wb") as f:
                    f.write(im.convert("RGBA").tobytes())
        report = {
            "width": im.width,
            "height": im.height,
            "frames": n,
            "durations": durations,
            "loop": loop,
            "disposals": [c[0] for c in controls],
            "transparency": [c[1] for c in controls],
        }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
