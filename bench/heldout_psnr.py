"""PSNR of a render against a reference PNG (8-bit, same size), on all pixels
and on the held-out ones: pixels with an odd row or column, which a model fitted
to the even pixels (png_shrink.py --stride 2) never saw.

    python3 bench/heldout_psnr.py REF.png RENDER.png   ->   "<psnr all> <psnr held-out>"
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from pngread import read_png  # noqa: E402


def psnr(se, n):
    mse = se / n / (255.0 * 255.0)
    return float("inf") if mse == 0 else 10.0 * math.log10(1.0 / mse)


def main():
    h, w, c, ref = read_png(sys.argv[1])
    h2, w2, c2, out = read_png(sys.argv[2])
    if (h, w, c) != (h2, w2, c2):
        sys.exit("size mismatch: %dx%dx%d vs %dx%dx%d" % (w, h, c, w2, h2, c2))
    se_all = se_held = 0.0
    n_held = 0
    for y in range(h):
        for x in range(w):
            i = (y * w + x) * c
            e = sum((ref[i + k] - out[i + k]) ** 2 for k in range(c))
            se_all += e
            if y % 2 or x % 2:
                se_held += e
                n_held += c
    print("%.2f %.2f" % (psnr(se_all, h * w * c), psnr(se_held, n_held)))


if __name__ == "__main__":
    main()
