/* exif.c - EXIF orientation: parsing (bounded: every offset is checked
 * against the block's size before it is read) and applying it (exif.h). */
#include "exif.h"

#include <stdint.h>
#include <string.h>

#define TAG_ORIENTATION 0x0112
#define TYPE_SHORT 3
#define IFD_ENTRY_BYTES 12

static unsigned get16(const unsigned char *p, int big_endian)
{
    return big_endian ? (unsigned)p[0] << 8 | p[1] : (unsigned)p[1] << 8 | p[0];
}

static uint32_t get32(const unsigned char *p, int big_endian)
{
    return big_endian ? get16(p, 1) << 16 | get16(p + 2, 1) : get16(p + 2, 0) << 16 | get16(p, 0);
}

int exif_orientation(const unsigned char *data, size_t size)
{
    if (size < 6 + 8 || memcmp(data, "Exif\0\0", 6) != 0) return 0;
    const unsigned char *tiff = data + 6;   /* offsets count from the TIFF header */
    size_t n = size - 6;
    int be;
    if (tiff[0] == 'I' && tiff[1] == 'I') be = 0;
    else if (tiff[0] == 'M' && tiff[1] == 'M') be = 1;
    else return 0;
    if (get16(tiff + 2, be) != 42) return 0;
    uint32_t ifd = get32(tiff + 4, be);
    if (ifd < 8 || ifd > n - 2) return 0;
    unsigned entries = get16(tiff + ifd, be);
    size_t p = ifd + 2;   /* p <= n throughout */
    for (unsigned i = 0; i < entries && n - p >= IFD_ENTRY_BYTES; i++, p += IFD_ENTRY_BYTES) {
        if (get16(tiff + p, be) != TAG_ORIENTATION) continue;
        if (get16(tiff + p + 2, be) != TYPE_SHORT || get32(tiff + p + 4, be) != 1) return 0;
        unsigned v = get16(tiff + p + 8, be);   /* a SHORT sits at the start of the value field */
        return v >= 1 && v <= 8 ? (int)v : 0;
    }
    return 0;
}

/* Displayed pixel (x, y) comes from stored column *sx, row *sy. EXIF names
 * the orientation by where the stored row 0 and column 0 are shown: 2 mirror,
 * 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90 clockwise, 7 transverse,
 * 8 rotate 90 counter-clockwise (stored w x h). */
static void source_of(int orientation, int x, int y, int w, int h, int *sx, int *sy)
{
    switch (orientation) {
    case 2: *sx = w - 1 - x; *sy = y; break;
    case 3: *sx = w - 1 - x; *sy = h - 1 - y; break;
    case 4: *sx = x; *sy = h - 1 - y; break;
    case 5: *sx = y; *sy = x; break;
    case 6: *sx = y; *sy = h - 1 - x; break;
    case 7: *sx = w - 1 - y; *sy = h - 1 - x; break;
    case 8: *sx = w - 1 - y; *sy = x; break;
    default: *sx = x; *sy = y; break;
    }
}

void exif_orient(const float *src, int width, int height, int channels, int orientation,
                 float *dst, int *out_w, int *out_h)
{
    int swap = orientation >= 5 && orientation <= 8;
    *out_w = swap ? height : width;
    *out_h = swap ? width : height;
    for (int y = 0; y < *out_h; y++)
        for (int x = 0; x < *out_w; x++) {
            int sx, sy;
            source_of(orientation, x, y, width, height, &sx, &sy);
            memcpy(dst + ((size_t)y * *out_w + x) * channels,
                   src + ((size_t)sy * width + sx) * channels, channels * sizeof(float));
        }
}
