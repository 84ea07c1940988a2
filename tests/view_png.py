#!/usr/bin/env python3
"""view_png.py - reads a viewer screenshot (8-bit RGB PNG, python3 stdlib
only) and measures its panels, for tests/cli_view.sh.

    view_png.py SHOT.png PANELS.txt

PANELS.txt is what `inrfit view --screenshot` prints on stderr with
INRFIT_TEST_PANELS set ("panel NAME X Y W H"
lines). Prints one "key value" line per measure:
  size W H                   of the PNG
  psnr_target_recon DB       PSNR of the reconstruction panel against the
                             target panel (grey levels, peak 255)
  error_mean V               mean brightness (0..255) of the error panel
  spectrum_diff V            mean |target spectrum - reconstruction spectrum|
  status_text N              bright pixels in the status bar (its text)
  status_digest HEX          a hash of the status bar's pixels
  bar NAME 0|1               whether a colour bar stands beside each panel:
                             a column just right of it that darkens steadily
                             from a bright top (a colour map's top) at the
                             panel's top to a dark bottom at its bottom
  panel NAME W H             each panel's size
"""
import hashlib
import math
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("%s: not a PNG" % path)
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype != 2 or interlace:
                sys.exit("%s: expected 8-bit RGB, not interlaced" % path)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, bpp, stride = zlib.decompress(idat), 3, 3 * w
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, rows


def pixels(rows, rect):
    x, y, w, h = rect
    return [rows[j][3 * i:3 * i + 3] for j in range(y, y + h) for i in range(x, x + w)]


def main():
    w, h, rows = read_png(sys.argv[1])
    panels = {}
    for line in open(sys.argv[2]):
        f = line.split()
        if f and f[0] == "panel":
            panels[" ".join(f[1:-4])] = tuple(int(v) for v in f[-4:])
    print("size", w, h)
    grey = lambda p: (p[0] + p[1] + p[2]) / 3.0
    if "target" in panels and "reconstruction" in panels:
        t, r = pixels(rows, panels["target"]), pixels(rows, panels["reconstruction"])
        mse = sum((grey(a) - grey(b)) ** 2 for a, b in zip(t, r)) / len(t)
        print("psnr_target_recon", "%.3f" % (10 * math.log10(255.0 ** 2 / mse) if mse else 99))
    if "error" in panels:
        e = pixels(rows, panels["error"])
        print("error_mean", "%.3f" % (sum(grey(p) for p in e) / len(e)))
    if "target spectrum" in panels and "reconstruction spectrum" in panels:
        t, r = pixels(rows, panels["target spectrum"]), pixels(rows, panels["reconstruction spectrum"])
        print("spectrum_diff", "%.3f" % (sum(abs(grey(a) - grey(b)) for a, b in zip(t, r)) / len(t)))
    status = [p for line in rows[h - 30:] for p in (line[i:i + 3] for i in range(0, 3 * w, 3))]
    print("status_text", sum(1 for p in status if grey(p) > 120))
    print("status_digest", hashlib.sha1(b"".join(bytes(line[:3 * w]) for line in rows[h - 30:])).hexdigest()[:16])
    for name, (x, y, pw, ph) in panels.items():
        found = 0
        for bx in range(x + pw, min(x + pw + 24, w)):
            col = [grey(rows[j][3 * bx:3 * bx + 3]) for j in range(y, y + ph)]
            if col[0] > 150 and col[-1] < 60 and all(a >= b - 2 for a, b in zip(col, col[1:])):
                found = 1
        print("bar", name.replace(" ", "_"), found)
    for name, (x, y, pw, ph) in panels.items():
        print("panel", name.replace(" ", "_"), pw, ph)


if __name__ == "__main__":
    main()
