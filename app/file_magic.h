/* file_magic.h - naming a file's format from its first bytes, for messages
 * about inputs inrfit does not read ("'x.png' is a JPEG image"). */
#ifndef INR_FILE_MAGIC_H
#define INR_FILE_MAGIC_H

#include <stddef.h>

/* "a JPEG image", "an inrfit checkpoint", ... for the formats it knows
 * that inrfit does not fit to; NULL for anything else (PNG, audio, unknown). */
const char *file_magic_other(const unsigned char *head, size_t n);

/* What inputs inrfit reads, for the end of such messages. */
#define FILE_MAGIC_SUPPORTED "inrfit reads PNG images and audio libsndfile decodes (WAV, FLAC, OGG, ...)"

#endif
