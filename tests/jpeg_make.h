/* jpeg_make.h - small JPEGs made in memory with libjpeg, for the tests and
 * the fuzz seeds (fuzz/make_seeds.c): grey (1), RGB (3) or CMYK (4
 * components, Adobe-inverted as libjpeg writes it) samples, baseline or
 * progressive, with an optional Exif APP1 block holding an orientation in
 * either byte order. libjpeg's default error handler exits on a bug here. */
#ifndef INR_TEST_JPEG_MAKE_H
#define INR_TEST_JPEG_MAKE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

/* The Exif block ("Exif\0\0", TIFF header, IFD0 with the orientation tag
 * as a SHORT); returns its size (32 bytes). */
static inline size_t jpeg_make_exif(unsigned char out[32], int orientation, int big_endian)
{
    static const unsigned char ii[] = { 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0,
                                        1, 0, 0, 0 };
    static const unsigned char mm[] = { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3,
                                        0, 0, 0, 1 };
    memcpy(out, "Exif\0\0", 6);
    memcpy(out + 6, big_endian ? mm : ii, sizeof ii);
    memset(out + 24, 0, 8);   /* value field (4 bytes) and the next-IFD offset 0 */
    out[24 + (big_endian ? 1 : 0)] = (unsigned char)orientation;
    return 32;
}

/* Encodes w x h x comps samples; *data (malloc'd, caller frees) and *size
 * get the file. orientation 0 writes no Exif block. */
static inline void jpeg_make(const unsigned char *samples, int w, int h, int comps, int quality,
                             int progressive, int orientation, int big_endian,
                             unsigned char **data, unsigned long *size)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    *data = NULL;
    *size = 0;
    jpeg_mem_dest(&c, data, size);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = comps;
    c.in_color_space = comps == 1 ? JCS_GRAYSCALE : comps == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    if (comps == 3 && quality == 100)   /* no chroma subsampling: near-exact colours */
        for (int i = 0; i < 3; i++) c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
    if (progressive) jpeg_simple_progression(&c);
    jpeg_start_compress(&c, TRUE);
    if (orientation) {
        unsigned char exif[32];
        jpeg_write_marker(&c, JPEG_APP0 + 1, exif, (unsigned)jpeg_make_exif(exif, orientation,
                                                                             big_endian));
    }
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = (JSAMPROW)(samples + (size_t)c.next_scanline * w * comps);
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
}

#endif
