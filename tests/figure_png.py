#!/usr/bin/env python3
"""figure_png.py - measures a figure PNG (8-bit RGB, python3 stdlib only)
for the CLI tests of `render --field`.

    figure_png.py PICTURE.png

Prints one "key value" line per measure:
  size W H          of the PNG
  title_dark N      dark pixels in the title band (the top 30 rows)
  left_dark N       dark pixels in the left margin (y axis text)
  bottom_dark N     dark pixels in the bottom 50 rows (x axis text)
  colours N         distinct colours (a blank or two-tone picture has few)
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("%s: not a PNG" % path)
    pos, idat, w, h = 8, b"", 0, 0
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
    raw, stride = zlib.decompress(idat), 3 * w
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 3] if i >= 3 else 0
            b, c = prev[i], prev[i - 3] if i >= 3 else 0
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


def dark(rows, x0, y0, x1, y1):
    return sum(1 for y in range(y0, y1) for x in range(x0, x1)
               if rows[y][3 * x] + rows[y][3 * x + 1] + rows[y][3 * x + 2] < 300)


def main():
    w, h, rows = read_png(sys.argv[1])
    print("size", w, h)
    print("title_dark", dark(rows, 0, 0, w, min(30, h)))
    print("left_dark", dark(rows, 0, h // 4, min(60, w), 3 * h // 4))
    print("bottom_dark", dark(rows, 0, max(0, h - 50), w, h))
    print("colours", len({bytes(r[i:i + 3]) for r in rows[::3] for i in range(0, 3 * w, 9)}))


main()
