/* signal_io.h - turn an input file into training data, and network outputs
 * back into an output file.
 *
 * Detects PNG and JPEG by their signatures (never by the file's name) and
 * reads anything else libsndfile reads as audio.
 * Training values are on [-1, 1] (SPEC 1): images 2p - 1, audio divided by
 * its peak; inr_fit_info records the mapping back. */
#ifndef INR_APP_SIGNAL_IO_H
#define INR_APP_SIGNAL_IO_H

#include "checkpoint.h"

typedef struct {
    inr_fit_info info;
    int dims;              /* 2 image, 1 audio */
    long n_points;         /* N = height*width (image) or frames (audio) */
    float *coords;         /* (N,dims) on the linspace(-1,1) grid */
    float *targets;        /* (N,C) on the training scale [-1,1] */
    float *original;       /* (N,C) as read: image [0,1], audio full scale */
    char format[64];       /* "PNG 8-bit grey", "JPEG 8-bit RGB", "FLAC 16-bit", ... */
} signal_data;

inr_status signal_load(const char *path, signal_data *s);
void signal_free(signal_data *s);

/* Maps network values (n values) to output values, in place. */
void signal_to_output(const inr_fit_info *info, float *values, size_t n);

/* Writes output values (height x width x C image in [0,1], or frames x C
 * audio) as PNG (bits 8/16) or WAV (bits 16/24, 32 = float), atomically;
 * a path ending in .npy gets them as float32 (height, width, C) or
 * (frames, C), neither clamped nor quantised. */
inr_status signal_write(const char *path, const inr_fit_info *info, const float *values,
                        long height, long width, int sample_rate, int bits);

/* Extension of the reconstruction for a signal kind: ".png" or ".wav". */
const char *signal_extension(inr_signal_kind kind);

#endif
