/* signal_io.h - turn an input file into training data, and network outputs
 * back into an output file.
 *
 * Detects PNG and JPEG by their signatures (file_magic.h, never by the
 * file's name) and reads anything else libsndfile reads as audio; each input
 * is opened and read once, so a pipe or FIFO works too (read whole, up to
 * 1 GiB, then decoded).
 * Training values are on [-1, 1] (METHODS 1): images 2p - 1, audio divided by
 * its peak; inr_fit_info records the mapping back. */
#ifndef INR_APP_SIGNAL_IO_H
#define INR_APP_SIGNAL_IO_H

#include "checkpoint.h"
#include "trainer.h"

typedef struct {
    inr_fit_info info;
    int dims;              /* 2 image, 1 audio */
    long n_points;         /* N = height*width (image) or frames (audio) */
    float *coords;         /* (N,dims) on the linspace(-1,1) grid; NULL: computed
                              from the index (signal_load_lean) */
    float *targets;        /* (N,C) on the training scale [-1,1]; NULL: computed
                              from original (signal_load_lean) */
    float *original;       /* (N,C) as read: image [0,1], audio full scale */
    char format[64];       /* "PNG 8-bit grey", "JPEG 8-bit RGB", "FLAC 16-bit", ... */
    int lean;              /* loaded by signal_load_lean */
} signal_data;

inr_status signal_load(const char *path, signal_data *s);
/* The same holding only the values as read (original): coords and targets
 * stay NULL and are computed where needed (signal_points, signal_coords,
 * signal_targets), so that a large image is held once. */
inr_status signal_load_lean(const char *path, signal_data *s);

/* The signal's points for a trainer (trainer.h), stored or computed. */
inr_points signal_points(const signal_data *s);
/* All targets (N,C): the stored ones, or computed into a new array that
 * *owned receives (the caller frees it; NULL and an INR_ERR_NOMEM reason
 * when out of memory). */
const float *signal_targets(const signal_data *s, float **owned);

/* Value i of the signal as read ((N,C) interleaved), and row y of an image
 * (width x C values). */
static inline float signal_original(const signal_data *s, size_t i) { return s->original[i]; }
static inline const float *signal_original_row(const signal_data *s, long y)
{
    return s->original + (size_t)y * s->info.width * s->info.channels;
}
/* Coordinates of points p0 .. p0+n-1, (n, dims): into buf (n*dims floats),
 * or a pointer into stored ones. */
const float *signal_coords(const signal_data *s, long p0, long n, float *buf);
void signal_free(signal_data *s);

/* Maps network values (n values) to output values, in place. */
void signal_to_output(const inr_fit_info *info, float *values, size_t n);

/* How an output is encoded: by its extension (.png for images; .wav, .flac
 * or .ogg for audio; .npy for either: the values as float32, numpy shape
 * height x width x C or frames x C, neither clamped nor quantised) and --bits
 * (0: default; PNG 8|16, WAV 16|24|32 float, FLAC 16|24, Ogg and .npy none). */
typedef struct {
    inr_signal_kind kind;
    int container;    /* audio_container (audio_io.h) */
    int bits;
    int npy;          /* a .npy file, whatever the kind */
} signal_format;

/* The format for `path`, or a failure (INR_ERR_INVALID, a usage error) when
 * its extension is unknown or does not fit the kind, or the bits do not fit. */
inr_status signal_format_for(const char *path, inr_signal_kind kind, int bits, signal_format *f);

/* Writes output values (height x width x C image in [0,1], or frames x C
 * audio) in format f: signal_write atomically to path, signal_write_file
 * into an open file (not committed; path names it in messages). */
inr_status signal_write(const char *path, const signal_format *f, const inr_fit_info *info,
                        const float *values, long height, long width, int sample_rate);
inr_status signal_write_file(FILE *file, const char *path, const signal_format *f,
                             const inr_fit_info *info, const float *values, long height,
                             long width, int sample_rate);

/* Extension of a fit's reconstruction for a signal kind: ".png" or ".wav". */
const char *signal_extension(inr_signal_kind kind);

/* Whether path ends in ext (any case) after a name: "x.png", not ".png". */
int path_has_extension(const char *path, const char *ext);

#endif
