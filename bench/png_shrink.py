"""Box-filter downscale or centre crop of an 8-bit PNG for the benchmarks
(pure python + zlib; ImageMagick is not available on the build machine).

    python3 bench/png_shrink.py IN.png OUT.png --factor 2     # 512x512 -> 256x256 box mean
    python3 bench/png_shrink.py IN.png OUT.png --crop 256     # centre 256x256 crop
"""
import argparse
import struct
import sys
import zlib

sys.path.insert(0, __import__("os").path.dirname(__file__))
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
    __import__("os").replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--factor", type=int)
    g.add_argument("--crop", type=int)
    a = ap.parse_args()
    h, w, c, d = read_png(a.src)
    if a.factor:
        f = a.factor
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
    else:
        oh = ow = a.crop
        y0, x0 = (h - oh) // 2, (w - ow) // 2
        out = bytearray()
        for y in range(y0, y0 + oh):
            out += d[((y * w) + x0) * c:((y * w) + x0 + ow) * c]
    write_png(a.dst, oh, ow, c, bytes(out))


if __name__ == "__main__":
    main()
