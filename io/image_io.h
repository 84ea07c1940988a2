/* image_io.h - read and write PNG images as float pixels in [0,1] (libpng);
 * JPEG decoding is in jpeg_io.h, into the same struct.
 *
 * Every function returns an inr_status and leaves the reason in inr_error();
 * nothing here prints. Saved files are written atomically (temp name + rename).
 */
#ifndef INRFIT_IMAGE_IO_H
#define INRFIT_IMAGE_IO_H

#include <stddef.h>
#include <stdio.h>

#include "status.h"

typedef struct {
    int width, height, channels; /* channels 1..4: grey, grey+alpha, RGB, RGBA */
    int bit_depth;               /* of the source file: 1, 2, 4, 8 or 16 */
    int orientation;             /* JPEG: the EXIF orientation applied (0: none) */
    float *pixels;               /* height*width*channels, interleaved, row-major,
                                    top-left first, values in [0,1] */
} image;

/* Decodes any PNG: grey, grey+alpha, RGB, RGBA and palette, bit depths 1..16,
 * interlaced or not. Palette images become RGB; a tRNS chunk (any colour
 * type) becomes an alpha channel. A pixel is sample / (2^bit_depth - 1) of
 * the source sample, no gamma applied. On failure *out is zeroed, so
 * image_free(out) is always safe. */
inr_status image_load_png(const char *path, image *out);

/* Opens path and decodes it with a stream loader (PNG, JPEG). */
typedef inr_status (*image_stream_loader)(FILE *f, const char *name, image *out);
inr_status image_load_path(const char *path, image *out, image_stream_loader load);

/* The same decoder reading an open stream from its start (name: for messages). */
inr_status image_load_png_stream(FILE *f, const char *name, image *out);

/* The same decoder reading from memory (messages name the file "<memory>",
 * or `name`). */
inr_status image_load_png_memory(const unsigned char *data, size_t size, image *out);
inr_status image_load_png_named(const unsigned char *data, size_t size, const char *name,
                                image *out);

/* Writes pixels (height*width*channels as in `image`, channels 1..4) as an 8-
 * or 16-bit PNG. Values are clamped to [0,1] and rounded to the nearest
 * level; NaN is refused (INR_ERR_INVALID) since it has no nearest level.
 * Nothing is left at `path` on failure. */
inr_status image_save_png(const char *path, const float *pixels, int width,
                          int height, int channels, int bit_depth);
/* The same encoding into an open file (an atomic_file's), not committed;
 * path names it in messages. */
inr_status image_write_png(FILE *f, const char *path, const float *pixels, int width,
                           int height, int channels, int bit_depth);

/* The same encoding row by row, so that no whole image need be held:
 * begin (the arguments' checks of image_write_png), rows (n rows of
 * width*channels values; NaN refused, nothing more written), then end
 * (finishes and frees; all height rows must have come) or, on any
 * failure, abort (frees; the file holds a partial PNG the caller
 * discards). */
typedef struct image_png_writer image_png_writer;
inr_status image_png_begin(FILE *f, const char *path, int width, int height, int channels,
                           int bit_depth, image_png_writer **w);
inr_status image_png_rows(image_png_writer *w, const float *pixels, int rows);
inr_status image_png_end(image_png_writer *w);
void image_png_abort(image_png_writer *w);

void image_free(image *img);

/* Headers with more than max_pixels pixels (width*height) are refused before
 * anything is allocated; a value <= 0 restores the default. Process-wide. */
#define IMAGE_MAX_PIXELS_DEFAULT ((long long)1 << 28)
void image_set_max_pixels(long long max_pixels);
/* INR_OK, or INR_ERR_NOMEM naming `name` when width x height is above it. */
inr_status image_check_pixels(const char *name, long long width, long long height);

#endif
