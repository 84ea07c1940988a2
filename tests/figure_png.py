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
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from view_png import read_png  # noqa: E402  (the stdlib PNG reader of the viewer tests)


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
