#!/usr/bin/env python3
"""Decode an animated PNG or WebP with Pillow (a decoder animc did not write) and describe it as JSON.

usage: animcheck.py FILE [OUTDIR]

Prints {"format", "width", "height", "frames", "durations" (ms per frame), "loop" (int; 0 is forever)}.
With OUTDIR, writes every frame as Pillow composites it (dispose and blend applied), converted to
RGBA, to OUTDIR/frame_0000.rgba, ... as raw width*height*4 bytes.
"""
import json
import os
import sys

from PIL import Image


def main():
    path = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else None
    im = Image.open(path)
    n = getattr(im, "n_frames", 1)
    durations = []
    if out:
        os.makedirs(out, exist_ok=True)
    for i in range(n):
        im.seek(i)
        im.load()  # Pillow's WebP reader sets the frame's duration when it loads the frame
        durations.append(int(round(im.info.get("duration", 0))))
        if out:
            with open(os.path.join(out, "frame_%04d.rgba" % i), "wb") as f:
                f.write(im.convert("RGBA").tobytes())
    print(json.dumps({"format": im.format, "width": im.width, "height": im.height, "frames": n,
                      "durations": durations, "loop": im.info.get("loop")}))


if __name__ == "__main__":
    main()
