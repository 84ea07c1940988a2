/* file_magic.h - a file's format from its first bytes, never its name: the
 * inputs inrfit decodes as images (PNG, JPEG), and names for messages about
 * inputs it does not read ("'x.png' is a GIF image"). */
#ifndef INR_FILE_MAGIC_H
#define INR_FILE_MAGIC_H

#include <stddef.h>

/* The image formats inrfit decodes; anything else may be audio. */
typedef enum { FILE_MAGIC_NONE, FILE_MAGIC_PNG, FILE_MAGIC_JPEG } file_magic_kind;
file_magic_kind file_magic_input(const unsigned char *head, size_t n);

/* "a GIF image", "an inrfit checkpoint", ... for the formats it knows
 * that inrfit does not fit to; NULL for anything else (PNG, audio, unknown). */
const char *file_magic_other(const unsigned char *head, size_t n);

/* What inputs inrfit reads, for the end of such messages. */
#define FILE_MAGIC_SUPPORTED "inrfit reads PNG and JPEG images and audio libsndfile decodes (WAV, FLAC, OGG, ...)"

#endif
