/* file_magic.c - formats named by their magic bytes (file_magic.h). */
#include "file_magic.h"

#include <string.h>

file_magic_kind file_magic_input(const unsigned char *head, size_t n)
{
    static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    if (n >= 8 && memcmp(head, png, 8) == 0) return FILE_MAGIC_PNG;
    /* SOI and the start of a marker */
    if (n >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff) return FILE_MAGIC_JPEG;
    return FILE_MAGIC_NONE;
}

const char *file_magic_other(const unsigned char *head, size_t n)
{
    static const struct {
        size_t offset, size;
        const char *magic, *name;
    } known[] = {
        { 0, 4, "GIF8", "a GIF image" },
        { 0, 2, "BM", "a BMP image" },
        { 0, 4, "II*\0", "a TIFF image" },
        { 0, 4, "MM\0*", "a TIFF image" },
        { 8, 4, "WEBP", "a WebP image" },
        { 4, 8, "ftypavif", "an AVIF image" },
        { 4, 8, "ftypheic", "a HEIC image" },
        { 4, 4, "ftyp", "an MP4/QuickTime file" },
        { 0, 12, "\0\0\0\x0cjP  \r\n\x87\n", "a JPEG 2000 image" },
        { 0, 8, "INRFIT\r\n", "an inrfit checkpoint (see 'inrfit info' and 'inrfit render')" },
        { 0, 4, "%PDF", "a PDF document" },
        { 0, 4, "PK\x03\x04", "a ZIP archive" },
        { 0, 2, "\x1f\x8b", "a gzip file" },
        { 0, 4, "\x7f" "ELF", "an ELF executable" },
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (n >= known[i].offset + known[i].size &&
            memcmp(head + known[i].offset, known[i].magic, known[i].size) == 0)
            return known[i].name;
    return NULL;
}
