/* audio_header.c - the data size a container's header declares (audio_header.h).
 *
 * Streamed files: a writer that cannot seek back (a pipe) leaves the sizes
 * it meant to fix as placeholders, and libsndfile then reads up to the end
 * of the file. Those are kept as unknown, so such files load as before:
 * 0 (a header never rewritten), 0xFFFFFFFF (ffmpeg, the AU format's
 * "unknown"), 0x7FFFFFFF (arecord), 0x7FFFF000 (sox WAV), 0x7F000008 (sox
 * AIFF). A 32-bit size of 0x7F000000 or more is taken for one of them: a
 * lie of 2 GiB or more is not caught, a lie below that is. The 64-bit sizes
 * of RF64 and W64 have no placeholder but 0 and all ones.
 */
#include "audio_header.h"

#include <sndfile.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define STREAMED_SIZE32 0x7F000000u
#define MAX_CHUNKS 1000 /* chunks walked before the data chunk, at most */

/* n bytes at off; 0 when the file holds fewer. */
static int read_at(const audio_source *s, long long off, unsigned char *buf, size_t n)
{
    if (off < 0 || s->size < 0 || off > s->size || (long long)n > s->size - off) return 0;
    if (s->data) {
        memcpy(buf, s->data + off, n);
        return 1;
    }
    return pread(s->fd, buf, n, off) == (ssize_t)n;
}

static uint32_t u32(const unsigned char *p, int big)
{
    return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
               : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint64_t u64le(const unsigned char *p)
{
    return (uint64_t)u32(p + 4, 0) << 32 | u32(p, 0);
}

static long long size32(uint32_t v)
{
    return v == 0 || v >= STREAMED_SIZE32 ? -1 : (long long)v;
}

static long long size64(uint64_t v)
{
    return v == 0 || v > INT64_MAX ? -1 : (long long)v;
}

/* RIFF/RIFX WAVE and RF64: the data chunk's size (RF64: its ds64 entry). */
static long long riff_data(const audio_source *s)
{
    unsigned char h[16];
    if (!read_at(s, 0, h, 12) || memcmp(h + 8, "WAVE", 4)) return -1;
    int big = !memcmp(h, "RIFX", 4), rf64 = !memcmp(h, "RF64", 4);
    if (!big && !rf64 && memcmp(h, "RIFF", 4)) return -1;
    long long ds64 = -1, pos = 12;
    for (int i = 0; i < MAX_CHUNKS && read_at(s, pos, h, 8); i++) {
        uint32_t size = u32(h + 4, big);
        if (rf64 && !memcmp(h, "ds64", 4) && size >= 16 && read_at(s, pos + 16, h + 8, 8))
            ds64 = size64(u64le(h + 8));
        if (!memcmp(h, "data", 4)) return rf64 && size == 0xFFFFFFFFu ? ds64 : size32(size);
        pos += 8 + (long long)size + (size & 1);
    }
    return -1;
}

/* Sony Wave64: 16-byte GUIDs, 64-bit sizes that count the 24-byte header. */
static long long w64_data(const audio_source *s)
{
    static const unsigned char riff[16] = { 'r', 'i', 'f', 'f', 0x2E, 0x91, 0xCF, 0x11,
                                            0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00 };
    static const unsigned char data[16] = { 'd', 'a', 't', 'a', 0xF3, 0xAC, 0xD3, 0x11,
                                            0x8C, 0xD1, 0x00, 0xC0, 0x4F, 0x8E, 0xDB, 0x8A };
    unsigned char h[24];
    if (!read_at(s, 0, h, 16) || memcmp(h, riff, 16)) return -1;
    long long pos = 40; /* riff GUID, size, wave GUID */
    for (int i = 0; i < MAX_CHUNKS && read_at(s, pos, h, 24); i++) {
        uint64_t size = u64le(h + 16);
        if (size < 24 || size > INT64_MAX - 8 - (uint64_t)pos) return -1;
        if (!memcmp(h, data, 16)) return size64(size - 24);
        pos += (long long)((size + 7) & ~(uint64_t)7);
    }
    return -1;
}

/* AIFF and AIFC: the SSND chunk's size, less its offset and block fields. */
static long long aiff_data(const audio_source *s)
{
    unsigned char h[16];
    if (!read_at(s, 0, h, 12) || memcmp(h, "FORM", 4) ||
        (memcmp(h + 8, "AIFF", 4) && memcmp(h + 8, "AIFC", 4)))
        return -1;
    long long pos = 12;
    for (int i = 0; i < MAX_CHUNKS && read_at(s, pos, h, 8); i++) {
        uint32_t size = u32(h + 4, 1);
        if (!memcmp(h, "SSND", 4)) {
            long long n = size32(size);
            if (n < 0 || !read_at(s, pos + 8, h + 8, 4)) return -1;
            long long skip = 8 + (long long)u32(h + 8, 1);
            return n >= skip ? n - skip : -1;
        }
        pos += 8 + (long long)size + (size & 1);
    }
    return -1;
}

/* Sun/NeXT AU, either byte order: the size field of the fixed header. */
static long long au_data(const audio_source *s)
{
    unsigned char h[12];
    if (!read_at(s, 0, h, 12)) return -1;
    int big = !memcmp(h, ".snd", 4);
    if (!big && memcmp(h, "dns.", 4)) return -1;
    return size32(u32(h + 8, big));
}

long long audio_header_data_bytes(const audio_source *src, int major)
{
    switch (major) {
    case SF_FORMAT_WAV:
    case SF_FORMAT_WAVEX:
    case SF_FORMAT_RF64: return riff_data(src);
    case SF_FORMAT_W64: return w64_data(src);
    case SF_FORMAT_AIFF: return aiff_data(src);
    case SF_FORMAT_AU: return au_data(src);
    default: return -1;
    }
}
