#!/usr/bin/env python3
"""Frame helpers for scripts/bench (needs numpy and Pillow).

usage:
  bench-frames.py sprites OUT_DIR [FRAMES=48] [SIZE=128] [FPS=20]
      RGBA sprites on a fully transparent background: a bouncing ball, a spinning
      star and a pulsing ring, drawn at 4x and downsampled (anti-aliased edges,
      so the edge pixels are partly transparent). Writes OUT_DIR/FPS too.
  bench-frames.py perturb FRAME.png SEED
      Rewrites one frame in place with different pixels (a coloured block whose
      colour and place depend on SEED, plus a horizontal flip of one band), keeping
      its size and mode: the "one frame changed" edit of the incremental figures.
  bench-frames.py variants FRAME.png OUT_DIR COUNT
      Writes COUNT distinct variants of FRAME.png (OUT_DIR/v_0001.png ...), used to
      trigger watch rebuilds without paying Python start-up per rebuild.
"""
import math, os, shutil, sys
import numpy as np
from PIL import Image, ImageDraw


def sprites(out, n=48, size=128, fps=20):
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    with open(os.path.join(out, "FPS"), "w") as f:
        f.write(f"{fps}\n")
    ss = 4
    S = size * ss
    for i in range(n):
        t = i / n  # one loop
        im = Image.new("RGBA", (S, S), (0, 0, 0, 0))
        d = ImageDraw.Draw(im)
        # bouncing ball with a darker rim
        bx = S * (0.2 + 0.6 * (0.5 - 0.5 * math.cos(2 * math.pi * t)))
        by = S * (0.78 - 0.55 * abs(math.sin(2 * math.pi * t)))
        r = S * 0.11
        d.ellipse([bx - r, by - r, bx + r, by + r], fill=(220, 60, 40, 255), outline=(90, 20, 10, 255), width=ss * 2)
        d.ellipse([bx - r * 0.5, by - r * 0.6, bx - r * 0.1, by - r * 0.2], fill=(255, 200, 180, 200))
        # spinning five-pointed star, half transparent
        cx, cy, R = S * 0.72, S * 0.28, S * 0.16
        a0 = 2 * math.pi * t
        pts = []
        for k in range(10):
            rr = R if k % 2 == 0 else R * 0.45
            a = a0 + k * math.pi / 5
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        d.polygon(pts, fill=(250, 210, 30, 170), outline=(120, 90, 0, 255))
        # pulsing ring (green) and a sliding bar with a gradient alpha
        pr = S * (0.08 + 0.05 * (1 + math.sin(4 * math.pi * t)) / 2)
        d.ellipse([S * 0.22 - pr, S * 0.25 - pr, S * 0.22 + pr, S * 0.25 + pr], outline=(40, 200, 90, 255), width=ss * 3)
        im = im.resize((size, size), Image.LANCZOS)
        a = np.asarray(im).copy()
        # sliding bar: alpha fades along x (translucent gradient, like a shadow)
        x0 = int((size - 40) * (0.5 + 0.5 * math.sin(2 * math.pi * t)))
        bar = np.zeros((8, 40, 4), np.uint8)
        bar[..., 0:3] = (30, 60, 200)
        bar[..., 3] = np.linspace(40, 255, 40).astype(np.uint8)[None, :]
        y0 = size - 12
        region = a[y0:y0 + 8, x0:x0 + 40]
        fa = bar[..., 3:4] / 255.0
        ba = region[..., 3:4] / 255.0
        oa = fa + ba * (1 - fa)
        rgb = (bar[..., :3] * fa + region[..., :3] * ba * (1 - fa)) / np.maximum(oa, 1e-6)
        region[..., :3] = rgb.astype(np.uint8)
        region[..., 3:4] = (oa * 255).astype(np.uint8)
        Image.fromarray(a, "RGBA").save(os.path.join(out, f"sprite_{i + 1:04d}.png"))
    print(f"{out}: {n} frames {size}x{size} RGBA")


def changed(im, seed):
    a = np.asarray(im).copy()
    h, w = a.shape[:2]
    rng = np.random.default_rng(seed)
    bw, bh = max(4, w // 4), max(4, h // 4)
    x, y = int(rng.integers(0, w - bw)), int(rng.integers(0, h - bh))
    col = rng.integers(0, 256, size=a.shape[2]).astype(np.uint8)
    if a.shape[2] == 4:
        col[3] = 255
    a[y:y + bh, x:x + bw] = col
    band = slice(h // 2, h // 2 + max(2, h // 10))
    a[band] = a[band][:, ::-1]
    return Image.fromarray(a, im.mode)


def perturb(path, seed):
    im = Image.open(path)
    im.load()
    changed(im, int(seed)).save(path)


def variants(path, out, count):
    os.makedirs(out, exist_ok=True)
    im = Image.open(path)
    im.load()
    for k in range(int(count)):
        changed(im, 1000 + k).save(os.path.join(out, f"v_{k + 1:04d}.png"))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "sprites":
        out = args[0]
        n, size, fps = (int(x) for x in (args[1:4] + ["48", "128", "20"][len(args[1:4]):]))
        sprites(out, n, size, fps)
    elif cmd == "perturb":
        perturb(*args)
    elif cmd == "variants":
        variants(*args)
    else:
        sys.exit(__doc__)
