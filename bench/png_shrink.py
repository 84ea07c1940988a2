"""Box-filter downscale, crop and pixel subsampling of an 8-bit PNG for the
benchmarks (pure python + zlib; ImageMagick is not available on the build
machine). The steps apply in this order: --factor, --crop / --keep, --stride.

    python3 bench/png_shrink.py IN.png OUT.png --factor 2     # 512x512 -> 256x256 box mean
    python3 bench/png_shrink.py IN.png OUT.png --crop 256     # centre 256x256 crop
    python3 bench/png_shrink.py IN.png OUT.png --factor 2 --keep 255             # top-left 255x255
    python3 bench/png_shrink.py IN.png OUT.png --factor 2 --keep 255 --stride 2  # its even pixels: 128x128

The last two make a held-out split: a model fitted to the 128x128 even pixels
and rendered at 255x255 (linspace(-1,1,n) grids) lands exactly on the 255x255
pixels, so the odd ones were never seen in training.
"""
import argparse
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from pngread import read_png  # noqa: E402

_COLOUR = {1: 0, 2: 4, 3: 2, 4: 6}


def write_png(path, h, w, c, data):
    raw = b"".join(b"\x00" + data[y * w * c:(y + 1) * w * c] for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, _COLOUR[c], 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    with open(path + ".tmp", "wb") as f:
        f.write(png)
    os.replace(path + ".tmp", path)


def box_downscale(h, w, c, d, f):
    oh, ow = h // f, w // f
    out = bytearray(oh * ow * c)
    for y in range(oh):
        for x in range(ow):
            for ch in range(c):
                s = 0
                for dy in range(f):
                    row = ((y * f + dy) * w + x * f) * c + ch
                    for dx in range(f):
                        s += d[row + dx * c]
                out[(y * ow + x) * c + ch] = (s + f * f // 2) // (f * f)
    return oh, ow, bytes(out)


def crop(h, w, c, d, y0, x0, oh, ow):
    out = bytearray()
    for y in range(y0, y0 + oh):
        out += d[(y * w + x0) * c:(y * w + x0 + ow) * c]
    return oh, ow, bytes(out)


def stride(h, w, c, d, s):
    out = bytearray()
    for y in range(0, h, s):
        for x in range(0, w, s):
            out += d[(y * w + x) * c:(y * w + x + 1) * c]
    return (h + s - 1) // s, (w + s - 1) // s, bytes(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--factor", type=int, help="box-filter downscale by this integer")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--crop", type=int, help="centre N x N crop")
    g.add_argument("--keep", type=int, help="top-left N x N crop")
    ap.add_argument("--stride", type=int, help="keep every S-th row and column, from 0")
    a = ap.parse_args()
    h, w, c, d = read_png(a.src)
    if a.factor:
        h, w, d = box_downscale(h, w, c, d, a.factor)
    if a.crop:
        h, w, d = crop(h, w, c, d, (h - a.crop) // 2, (w - a.crop) // 2, a.crop, a.crop)
    elif a.keep:
        h, w, d = crop(h, w, c, d, 0, 0, a.keep, a.keep)
    if a.stride:
        h, w, d = stride(h, w, c, d, a.stride)
    write_png(a.dst, h, w, c, d)


if __name__ == "__main__":
    main()
