#!/usr/bin/env python3
"""SSIM of GIFs against the PNG frames they were made from, beside quality.py's PSNR.

usage: bench-ssim.py PEERS_DIR FRAME_DIR FPS GIF...
prints one line per GIF: mean_ssim min_ssim mean_ssim_half mean_psnr_half path

Frames and GIF are composited on quality.py's checkerboard and the GIF frame on screen at each source
frame's time is compared (both taken from PEERS_DIR/quality.py, so the two measures see the same
pictures). SSIM (Wang et al. 2004) on luma (BT.601), with an 8x8 uniform window at every pixel
(integral images), K1 = 0.01, K2 = 0.03, L = 255; mean over the frame, then over frames.
The _half columns compare both pictures seen at half size (2x2 box average, as at twice the viewing
distance): a fine ordered pattern (alpha dither) averages out there, while PSNR and SSIM at full size
count every dithered pixel as an error.
"""
import glob, os, sys
import numpy as np
from PIL import Image

C1, C2, WIN = (0.01 * 255) ** 2, (0.03 * 255) ** 2, 8


def window_mean(x):
    s = np.pad(x, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    return (s[WIN:, WIN:] - s[:-WIN, WIN:] - s[WIN:, :-WIN] + s[:-WIN, :-WIN]) / (WIN * WIN)


def ssim(a, b):
    ya = a @ np.array([0.299, 0.587, 0.114], dtype=np.float64)
    yb = b @ np.array([0.299, 0.587, 0.114], dtype=np.float64)
    ma, mb = window_mean(ya), window_mean(yb)
    va = window_mean(ya * ya) - ma * ma
    vb = window_mean(yb * yb) - mb * mb
    cov = window_mean(ya * yb) - ma * mb
    s = ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2))
    return float(s.mean())


def half(x):
    h, w = x.shape[0] // 2 * 2, x.shape[1] // 2 * 2
    x = x[:h, :w]
    return (x[0::2, 0::2] + x[1::2, 0::2] + x[0::2, 1::2] + x[1::2, 1::2]) / 4


def psnr(a, b):
    mse = float(np.mean((a - b) ** 2))
    return 100.0 if mse == 0 else min(100.0, 10 * np.log10(255.0 ** 2 / mse))


def main(peers_dir, frame_dir, fps, gifs):
    sys.path.insert(0, peers_dir)
    import quality  # checker(), on_checker() and Pillow's coalescing set-up
    srcs = sorted(glob.glob(os.path.join(frame_dir, "*.png")))
    for path in gifs:
        try:
            gif = Image.open(path)
            w, h = gif.size
            bg = quality.checker(w, h).astype(np.float64)
            starts, t = [], 0
            for k in range(gif.n_frames):
                gif.seek(k)
                starts.append(t)
                t += gif.info.get("duration", 0) or 0
            if t == 0:
                starts = [i * 1000.0 / fps for i in range(gif.n_frames)]
            starts = np.array(starts, dtype=np.float64)
            scores, halves, hpsnrs, cur_k, cur = [], [], [], -1, None
            for i, src in enumerate(srcs):
                k = min(max(int(np.searchsorted(starts, i * 1000.0 / fps + 0.5, side="right") - 1), 0), gif.n_frames - 1)
                if k != cur_k:
                    gif.seek(k)
                    cur_k, cur = k, quality.on_checker(gif, bg)
                ref = quality.on_checker(Image.open(src), bg)
                scores.append(ssim(ref, cur))
                halves.append(ssim(half(ref), half(cur)))
                hpsnrs.append(psnr(half(ref), half(cur)))
            print(f"{np.mean(scores):.4f} {np.min(scores):.4f} {np.mean(halves):.4f} {np.mean(hpsnrs):.2f} {path}")
        except Exception as e:  # a peer's unreadable GIF is that peer's problem, not the bench's
            print(f"- - - - {path} ({e})")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:])
