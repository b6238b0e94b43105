#!/usr/bin/env python3
"""Frame helpers for scripts/bench (needs numpy and Pillow).

usage:
  bench-frames.py sprites OUT_DIR [FRAMES=48] [SIZE=128] [FPS=20]
      RGBA sprites on a fully transparent background: a bouncing ball, a spinning
      star and a pulsing ring, drawn at 4x and downsampled (anti-aliased edges,
      so the edge pixels are partly transparent). Writes OUT_DIR/FPS too.
  bench-frames.py explosion OUT_DIR [FRAMES=16] [SIZE=120] [FPS=20] [SEED=15]
      A soft-alpha effect on a fully transparent background, deterministic from SEED: a bright
      white-yellow core with glowing orange edges whose alpha falls off softly, expanding fast, then
      turning into grey-brown smoke that keeps spreading while its alpha falls gradually to 0 (the
      last frame is almost empty). Turbulence is a fixed multi-octave noise field, so the puff keeps
      its shape as it grows. A synthetic stand-in for game explosion sprites. Writes OUT_DIR/FPS too.
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


def explosion(out, n=16, size=120, fps=20, seed=15):
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    with open(os.path.join(out, "FPS"), "w") as f:
        f.write(f"{fps}\n")
    rng = np.random.default_rng(seed)

    def noise(res):  # smooth value noise in 0..1: a res x res random grid, bicubic up to size x size
        g = (rng.random((res, res)) * 255).astype(np.uint8)
        return np.asarray(Image.fromarray(g).resize((size, size), Image.BICUBIC), np.float32) / 255

    turb = 0.5 * noise(5) + 0.3 * noise(10) + 0.2 * noise(20)       # 0..1, mean about 0.5
    grain = noise(30)
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) + 0.5
    dx, dy = x - size / 2, y - size / 2
    r = np.hypot(dx, dy) / (size / 2)                               # 0 at the centre, 1 at an edge's middle
    ang = np.arctan2(dy, dx)
    lobes = sum(a * np.sin(k * ang + ph) for k, a, ph in
                zip((3, 5, 7), rng.uniform(0.03, 0.06, 3), rng.uniform(0, 2 * np.pi, 3)))
    ramp = np.array([(40, 8, 4), (170, 40, 10), (240, 110, 25), (255, 190, 60), (255, 240, 160), (255, 255, 245)],
                    np.float32)                                     # heat 0..1: ember red to white
    for i in range(n):
        t = i / (n - 1)
        radius = 0.4 + 0.55 * (1 - (1 - t) ** 2.2)                # fast growth, then slowing
        rr = r / radius * (1 + 0.35 * (turb - 0.5) + lobes - 0.15 * t * grain)
        body = np.clip(1 - rr, 0, 1)                                # 1 at the centre, 0 outside
        fire = max(0.0, 1 - t / 0.55)                               # fire burns out over the first half
        heat = np.clip(body * 1.8 * fire + 0.15 * (turb - 0.5), 0, 1)
        k = heat * (len(ramp) - 1)
        k0 = np.clip(np.floor(k).astype(int), 0, len(ramp) - 2)
        fr = ramp[k0] + (ramp[k0 + 1] - ramp[k0]) * (k - k0)[..., None]
        fire_a = np.clip(body / 0.45, 0, 1) ** 1.5 * min(1.0, fire * 2.5)      # soft glowing edge
        # smoke: appears as the fire cools, thins out towards its edge, fades gradually to nothing
        fade = min(1.0, t / 0.3) * (1 - t) ** 0.8
        smoke_a = np.clip(np.clip(body / 0.5, 0, 1) * (0.6 + 0.4 * turb) * fade * 1.4, 0, 1)
        shade = 55 + 80 * turb + 25 * grain
        sm = np.dstack([shade * 1.06, shade, shade * 0.92]) + fr * (0.25 * fire)   # lit by the fire underneath
        a = fire_a + smoke_a * (1 - fire_a)
        rgb = (fr * fire_a[..., None] + sm * (smoke_a * (1 - fire_a))[..., None]) / np.maximum(a, 1e-6)[..., None]
        px = np.dstack([np.clip(rgb, 0, 255), np.clip(a * 255, 0, 255)]).round().astype(np.uint8)
        px[px[..., 3] == 0] = 0
        Image.fromarray(px, "RGBA").save(os.path.join(out, f"explosion_{i + 1:04d}.png"))
    print(f"{out}: {n} frames {size}x{size} RGBA (soft alpha)")


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
    elif cmd == "explosion":
        out = args[0]
        n, size, fps, seed = (int(x) for x in (args[1:5] + ["16", "120", "20", "15"][len(args[1:5]):]))
        explosion(out, n, size, fps, seed)
    elif cmd == "perturb":
        perturb(*args)
    elif cmd == "variants":
        variants(*args)
    else:
        sys.exit(__doc__)
