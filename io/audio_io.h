/* audio_io.h - read any audio libsndfile reads, write WAV (libsndfile).
 *
 * Every function returns an inr_status and leaves the reason in inr_error();
 * nothing here prints. Saved files are written atomically (temp name + rename).
 */
#ifndef INRFIT_AUDIO_IO_H
#define INRFIT_AUDIO_IO_H

#include <stddef.h>
#include <stdio.h>

#include "status.h"

typedef struct {
    long frames;
    int channels;
    int sample_rate;
    int sf_format;  /* libsndfile SF_FORMAT_* major|subtype of the source */
    float *samples; /* frames*channels interleaved, libsndfile float scale:
                       PCM of b bits reads as s / 2^(b-1), so in [-1,1);
                       float files are returned unscaled */
} audio;

/* Loads WAV (PCM 8..32, float), FLAC, Ogg Vorbis and everything else the
 * installed libsndfile decodes, any channel count and rate. Refuses files
 * with no samples, NaN/Inf samples, more frames than the limit, or fewer
 * than their header declares ("truncated audio (the header says N frames,
 * the file holds M)"). On failure *out is zeroed, so audio_free(out) is
 * always safe. */
inr_status audio_load(const char *path, audio *out);

/* The same decoder on an open descriptor (name: for messages), or reading
 * from memory (messages name the file "<memory>", or `name`). */
inr_status audio_load_fd(int fd, const char *name, audio *out);
inr_status audio_load_memory(const unsigned char *data, size_t size, audio *out);
inr_status audio_load_named(const unsigned char *data, size_t size, const char *name,
                            audio *out);

/* Whether libsndfile recognises a format from the first bytes of a file
 * (a header cut short may still be recognised). */
int audio_recognised(const unsigned char *data, size_t size);

typedef enum { AUDIO_PCM16, AUDIO_PCM24, AUDIO_FLOAT } audio_sample_format;

/* Writes a WAV file. PCM: values clamped to [-1,1] and rounded to the
 * nearest step on the reader's scale (s / 2^(b-1)), so a loaded PCM file
 * saves back bit for bit; +1.0 becomes the largest code. NaN (any format)
 * and +-Inf (float) are refused as INR_ERR_INVALID. Nothing is left at
 * `path` on failure. */
inr_status audio_save_wav(const char *path, const float *samples, long frames,
                          int channels, int sample_rate, audio_sample_format fmt);

/* The same encoding into an open file (an atomic_file's; not committed),
 * as WAV, FLAC (PCM16/24) or Ogg Vorbis (fmt ignored; clamped to [-1, 1]). */
typedef enum { AUDIO_WAV, AUDIO_FLAC, AUDIO_OGG } audio_container;
inr_status audio_write(FILE *f, const char *path, const float *samples, long frames,
                       int channels, int sample_rate, audio_container container,
                       audio_sample_format fmt);

void audio_free(audio *a);

/* Short name of a libsndfile format, e.g. "WAV float32", "FLAC 16-bit",
 * "Ogg Vorbis". The string is static or per-thread: do not free it. */
const char *audio_format_name(int sf_format);

/* Files of more than max_frames frames are refused before their samples are
 * allocated; a value <= 0 restores the default. Process-wide. */
#define AUDIO_MAX_FRAMES_DEFAULT ((long long)1 << 30)
void audio_set_max_frames(long long max_frames);

#endif
