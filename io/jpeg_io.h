/* jpeg_io.h - read JPEG images (libjpeg-turbo) as float pixels in [0,1].
 *
 * Grey JPEGs give 1 channel, colour ones (YCbCr, RGB, CMYK, YCCK) 3; the
 * EXIF orientation (exif.h) is applied, so the pixels are as a viewer shows
 * them. A truncated or corrupt file is refused (libjpeg would fill the
 * missing part with grey), and so is a header asking for more pixels than
 * image_check_pixels allows or than its file could code. Returns an
 * inr_status with the reason in inr_error(); nothing prints. */
#ifndef INR_APP_JPEG_IO_H
#define INR_APP_JPEG_IO_H

#include <stdio.h>

#include "image_io.h"

/* True when data (size bytes) starts like a JPEG (SOI and a marker). */
int jpeg_signature(const unsigned char *data, size_t size);

/* On failure *out is zeroed, so image_free(out) is always safe. */
inr_status image_load_jpeg(const char *path, image *out);
/* The same from an open file, from its current position (messages name it
 * `name`). */
inr_status image_load_jpeg_stream(FILE *f, const char *name, image *out);
/* The same from memory (messages name the file "<memory>", or `name`). */
inr_status image_load_jpeg_memory(const unsigned char *data, size_t size, image *out);
inr_status image_load_jpeg_named(const unsigned char *data, size_t size, const char *name,
                                 image *out);

#endif
