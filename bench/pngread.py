"""Tiny pure-python PNG reader (zlib only) for the inrfit benchmarks.

Supports 8-bit, non-interlaced PNGs of colour type 0 (grey), 2 (RGB),
4 (grey+alpha) and 6 (RGBA). No palette, no 16-bit, no Adam7.

    h, w, c, data = read_png(path)   # data: bytes, row-major, interleaved channels
"""
import struct
import zlib

_SIG = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}


def _paeth(a, b, c):
    p = a + b - c
    pa = abs(p - a)
    pb = abs(p - b)
    pc = abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    if pb <= pc:
        return b
    return c


def read_png(path):
    with open(path, "rb") as f:
        buf = f.read()
    if buf[:8] != _SIG:
        raise ValueError("%s: not a PNG file" % path)
    pos = 8
    idat = []
    hdr = None
    while pos + 8 <= len(buf):
        (length,) = struct.unpack(">I", buf[pos:pos + 4])
        ctype = buf[pos + 4:pos + 8]
        body = buf[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise ValueError("%s: truncated chunk" % path)
        crc = struct.unpack(">I", buf[pos + 8 + length:pos + 12 + length])[0]
        if zlib.crc32(ctype + body) & 0xFFFFFFFF != crc:
            raise ValueError("%s: bad CRC in %r chunk" % (path, ctype))
        pos += 12 + length
        if ctype == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"IDAT":
            idat.append(body)
        elif ctype == b"IEND":
            break
    if hdr is None:
        raise ValueError("%s: no IHDR" % path)
    w, h, depth, colour, comp, filt, interlace = hdr
    if depth != 8 or colour not in _CHANNELS or comp != 0 or filt != 0 or interlace != 0:
        raise ValueError("%s: unsupported PNG (depth %d, colour type %d, interlace %d)"
                         % (path, depth, colour, interlace))
    c = _CHANNELS[colour]
    raw = zlib.decompress(b"".join(idat))
    stride = w * c
    if len(raw) != h * (stride + 1):
        raise ValueError("%s: bad image data size" % path)
    out = bytearray(h * stride)
    prev = bytearray(stride)
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ft == 0:
            pass
        elif ft == 1:  # Sub
            for i in range(c, stride):
                line[i] = (line[i] + line[i - c]) & 0xFF
        elif ft == 2:  # Up
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif ft == 3:  # Average
            for i in range(stride):
                left = line[i - c] if i >= c else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ft == 4:  # Paeth
            for i in range(stride):
                if i >= c:
                    line[i] = (line[i] + _paeth(line[i - c], prev[i], prev[i - c])) & 0xFF
                else:
                    line[i] = (line[i] + prev[i]) & 0xFF
        else:
            raise ValueError("%s: bad filter type %d" % (path, ft))
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return h, w, c, bytes(out)


if __name__ == "__main__":
    import sys
    for p in sys.argv[1:]:
        h, w, c, d = read_png(p)
        print("%s: %dx%d c=%d mean=%.3f" % (p, w, h, c, sum(d) / len(d)))
