#!/usr/bin/env python3
"""The comparison half of scripts/aseprite-conformance (which builds animc and sets $ANIMC).

For each NAME.aseprite in FOLDER: render frame 0 with `animc aseprite-frame`, and when NAME.png is
there, compare RGBA exactly (two pixels with alpha 0 are equal). A rendering one pixel larger on every
side than the canvas is Aseprite's "extrude" export: compared against animc's frame with its border
pixels repeated outwards. Files without a rendering must still composite without error, or name the
feature they use that animc refuses. Renderings of single layers (EXTRAS) are compared with
`--layers`.
"""
import glob
import os
import subprocess
import sys
import tempfile

from PIL import Image


def extrude(im):
    w, h = im.size
    out = Image.new("RGBA", (w + 2, h + 2))
    for y in range(h + 2):
        for x in range(w + 2):
            out.putpixel((x, y), im.getpixel((min(max(x - 1, 0), w - 1), min(max(y - 1, 0), h - 1))))
    return out


def differences(a, b):
    if a.size != b.size:
        return None
    n = 0
    first = None
    x, y = a.tobytes(), b.tobytes()
    for i in range(a.size[0] * a.size[1]):
        p, q = tuple(x[i * 4:i * 4 + 4]), tuple(y[i * 4:i * 4 + 4])
        if p == q or (p[3] == 0 and q[3] == 0):
            continue
        n += 1
        if first is None:
            first = (i % a.size[0], i // a.size[0], q, p)
    return n, first


# Renderings of one layer alone: rendering name -> (file, layers).
EXTRAS = {
    "tilemap_multi_map1": ("tilemap_multi", ["Tilemap 1"]),
    "tilemap_multi_map2": ("tilemap_multi", ["Tilemap 2"]),
}


def main():
    folder = sys.argv[1]
    animc = os.environ["ANIMC"]
    rows = []
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(os.path.basename(p)[: -len(".aseprite")], p, None)
                for p in sorted(glob.glob(os.path.join(folder, "*.aseprite")))]
        jobs += [(name, os.path.join(folder, f + ".aseprite"), layers) for name, (f, layers) in sorted(EXTRAS.items())
                 if os.path.exists(os.path.join(folder, name + ".png"))]
        for name, path, layers in jobs:
            out = os.path.join(tmp, name + ".png")
            command = [animc, "aseprite-frame", path, "--frame", "0", "-o", out]
            if layers:
                command[3:3] = ["--layers"] + layers
            run = subprocess.run(command, capture_output=True, text=True)
            reference = os.path.join(folder, name + ".png")
            if run.returncode != 0:
                message = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "exit %d" % run.returncode
                rows.append((name, "ERROR", message.replace(path + ": ", "")))
                failed = True
                continue
            if not os.path.exists(reference):
                # Tile renderings (tilemap_empty_edges_0_N, tilemap_single_tile_1) have no frame counterpart.
                rows.append((name, "renders", "(no rendering to compare)"))
                continue
            ours = Image.open(out).convert("RGBA")
            theirs = Image.open(reference).convert("RGBA")
            how = "frame 0" + (", layers " + ", ".join(layers) if layers else "")
            if theirs.size == (ours.size[0] + 2, ours.size[1] + 2):
                ours = extrude(ours)
                how = "frame 0, extruded 1px"
            d = differences(ours, theirs)
            if d is None:
                rows.append((name, "DIFFERS", "size %dx%d, Aseprite's %dx%d" % (ours.size + theirs.size)))
                failed = True
            elif d[0]:
                x, y, want, got = d[1]
                rows.append((name, "DIFFERS", "%d pixels; first at %d,%d: Aseprite %s, animc %s" % (d[0], x, y, want, got)))
                failed = True
            else:
                rows.append((name, "exact", "%s, %dx%d" % (how, ours.size[0], ours.size[1])))
    width = max(len(r[0]) for r in rows)
    print("%-*s  %-8s  %s" % (width, "file", "result", "detail"))
    for r in rows:
        print("%-*s  %-8s  %s" % (width, r[0], r[1], r[2]))
    exact = sum(1 for r in rows if r[1] == "exact")
    compared = sum(1 for r in rows if r[1] in ("exact", "DIFFERS"))
    print("%d of %d renderings pixel-exact; %d files read" % (exact, compared, len(rows)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
