/* exif.h - the EXIF orientation of a JPEG: read from its APP1 block and
 * applied to decoded pixels, so that images come out the way a viewer shows
 * them (TIFF/EXIF tag 0x0112, values 1-8). */
#ifndef INR_APP_EXIF_H
#define INR_APP_EXIF_H

#include <stddef.h>

/* Orientation 1-8 from an APP1 payload ("Exif\0\0" then a TIFF header and
 * IFD0, either byte order); 0 when the block is not Exif or carries no
 * valid orientation. Reads only within data[0..size). */
int exif_orientation(const unsigned char *data, size_t size);

/* Writes into dst the width x height x channels image src (row-major,
 * interleaved) as displayed under `orientation` (1-8; 1 copies): *out_w x
 * *out_h, which are swapped for 5-8 (the transposing ones). */
void exif_orient(const float *src, int width, int height, int channels, int orientation,
                 float *dst, int *out_w, int *out_h);

#endif
