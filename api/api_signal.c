/* api_signal.c - the public status codes, signals and render grid
 * (include/inr.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "spectral.h"

_Static_assert(INRFIT_ERR_IO == (int)INR_ERR_IO && INRFIT_ERR_FORMAT == (int)INR_ERR_FORMAT &&
                   INRFIT_ERR_INVALID == (int)INR_ERR_INVALID &&
                   INRFIT_ERR_NOMEM == (int)INR_ERR_NOMEM &&
                   INRFIT_ERR_UNSUPPORTED == (int)INR_ERR_UNSUPPORTED,
               "the public status codes are the library's");

const char *inrfit_error(void) { return inr_error(); }

const char *inrfit_status_name(inrfit_status st)
{
    static const char *names[] = { "ok", "i/o error", "format error", "invalid argument",
                                   "out of memory", "unsupported", "interrupted" };
    return (unsigned)st < sizeof names / sizeof names[0] ? names[st] : "unknown status";
}

inrfit_status inrfit_signal_load(const char *path, inrfit_signal **out)
{
    *out = NULL;
    if (!path) return api_status(inr_fail(INR_ERR_INVALID, "no path given"));
    inrfit_signal *s = malloc(sizeof *s);
    if (!s) return api_status(inr_fail(INR_ERR_NOMEM, "out of memory"));
    inr_status st = signal_load(path, &s->data);
    if (st) {
        free(s);
        return api_status(st);
    }
    *out = s;
    return INRFIT_OK;
}

void inrfit_signal_shape(const inrfit_signal *s, inrfit_shape *out)
{
    const inr_fit_info *i = &s->data.info;
    *out = (inrfit_shape){ s->data.dims, i->channels, i->height, i->width, i->sample_rate };
}

void inrfit_signal_free(inrfit_signal *s)
{
    if (!s) return;
    signal_free(&s->data);
    free(s);
}

void inrfit_grid(const inrfit_shape *shape, float *coords)
{
    long dims[2] = { shape->height, shape->width };
    if (shape->dims == 2) inr_grid_coords(2, dims, coords);
    else inr_grid_coords(1, dims + 1, coords);
}

/* ---- signals from memory and their spectra (API version 2) --------------- */

/* As app/signal_io.c's loaders fill signal_data: the grid, the values as
 * given, and the training values (v - offset) / scale. */
static inr_status fill(signal_data *d, const float *values, long height, long width)
{
    int C = d->info.channels;
    size_t n = (size_t)d->n_points;
    d->coords = malloc(n * d->dims * sizeof(float));
    d->targets = malloc(n * C * sizeof(float));
    d->original = malloc(n * C * sizeof(float));
    if (!d->coords || !d->targets || !d->original)
        return inr_fail(INR_ERR_NOMEM, "out of memory for %ld points", d->n_points);
    long shape[2] = { height, width };
    inr_grid_coords(d->dims, d->dims == 2 ? shape : shape + 1, d->coords);
    memcpy(d->original, values, n * C * sizeof(float));
    for (size_t i = 0; i < n * C; i++)
        d->targets[i] = (values[i] - d->info.value_offset) / d->info.value_scale;
    return INR_OK;
}

/* The largest signal `inrfit` reads: 2^31 points (images: 2^31 pixels). */
#define MAX_POINTS (1L << 31)

inrfit_status inrfit_signal_new(const inrfit_shape *shape, const float *values, int bit_depth,
                                inrfit_signal **out)
{
    *out = NULL;
    if (!shape || !values) return api_status(inr_fail(INR_ERR_INVALID, "no shape or values given"));
    const inrfit_shape *h = shape;
    int image = h->dims == 2;
    if (h->dims != 1 && h->dims != 2)
        return api_status(inr_fail(INR_ERR_INVALID, "dims is %d; 2 (image) or 1 (audio)", h->dims));
    int max_c = image ? 4 : INR_MAX_CHANNELS;
    if (h->channels < 1 || h->channels > max_c)
        return api_status(inr_fail(INR_ERR_INVALID, "%d channels; %s take 1 to %d", h->channels,
                                   image ? "images" : "sounds", max_c));
    if (h->height < 1 || h->width < 1 || (!image && h->height != 1))
        return api_status(inr_fail(INR_ERR_INVALID, "a %ld x %ld %s is empty or malformed",
                                   h->height, h->width, image ? "image" : "sound (height must be 1)"));
    if (h->width > MAX_POINTS / h->height)
        return api_status(inr_fail(INR_ERR_NOMEM, "%ld x %ld points is over the limit of %ld",
                                   h->height, h->width, MAX_POINTS));
    if (!image && h->sample_rate <= 0)
        return api_status(inr_fail(INR_ERR_INVALID, "sample rate %d; it must be > 0", h->sample_rate));
    if (image && bit_depth != 8 && bit_depth != 16)
        return api_status(inr_fail(INR_ERR_INVALID, "bit depth %d; 8 or 16", bit_depth));
    size_t n = (size_t)h->height * h->width * h->channels;
    float peak = 0.0f;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i]))
            return api_status(inr_fail(INR_ERR_INVALID, "value %zu is %g; every value must be finite",
                                       i, values[i]));
        if (image && (values[i] < 0.0f || values[i] > 1.0f))
            return api_status(inr_fail(INR_ERR_INVALID,
                                       "pixel value %zu is %g; images take values in [0, 1]", i,
                                       values[i]));
        peak = fmaxf(peak, fabsf(values[i]));
    }
    if (!image && peak == 0.0f)
        return api_status(inr_fail(INR_ERR_INVALID, "the sound is silent (every sample is zero)"));
    inrfit_signal *s = calloc(1, sizeof *s);
    if (!s) return api_status(inr_fail(INR_ERR_NOMEM, "out of memory"));
    signal_data *d = &s->data;
    d->dims = h->dims;
    d->n_points = h->height * h->width;
    d->info.channels = h->channels;
    d->info.height = h->height;
    d->info.width = h->width;
    if (image) {
        d->info.kind = INR_SIGNAL_IMAGE;
        d->info.bit_depth = bit_depth;
        d->info.value_scale = 0.5f;   /* v = 2p - 1 */
        d->info.value_offset = 0.5f;
        snprintf(d->format, sizeof d->format, "array %d-bit, %d channels", bit_depth, h->channels);
    } else {
        d->info.kind = INR_SIGNAL_AUDIO;
        d->info.sample_rate = h->sample_rate;
        d->info.bit_depth = 16;
        d->info.value_scale = peak;   /* peak-normalised to [-1, 1] */
        d->info.value_offset = 0.0f;
        snprintf(d->format, sizeof d->format, "array, %d channels", h->channels);
    }
    inr_status st = fill(d, values, h->height, h->width);
    if (st) {
        signal_free(d);
        free(s);
        return api_status(st);
    }
    *out = s;
    return INRFIT_OK;
}

const float *inrfit_signal_values(const inrfit_signal *s) { return s->data.original; }

inrfit_status inrfit_signal_winner(const inrfit_signal *s, inrfit_winner_info *out)
{
    memset(out, 0, sizeof *out);
    const signal_data *d = &s->data;
    if (d->n_points > 0x7fffffffL)
        return api_status(inr_fail(INR_ERR_INVALID, "%ld points is too many for one spectrum",
                                   d->n_points));
    spectral_winner_info wi;
    inr_status st = spectral_winner(d->targets, (int)d->n_points, d->info.channels, d->dims, &wi);
    if (st) return api_status(st);
    *out = (inrfit_winner_info){ wi.centroid, wi.z, wi.s0, wi.s1 };
    return INRFIT_OK;
}

inrfit_status inrfit_signal_spectrum(const inrfit_signal *s, int nbins, double *spec)
{
    const signal_data *d = &s->data;
    if (nbins < 1 || nbins > 4096)
        return api_status(inr_fail(INR_ERR_INVALID, "%d bins; 1 to 4096", nbins));
    if (d->info.height > 0x7fffffffL || d->info.width > 0x7fffffffL)
        return api_status(inr_fail(INR_ERR_INVALID, "the signal is too large for one spectrum"));
    if (d->dims == 1)
        return api_status(spectral_fresh_spectrum1d(d->targets, (int)d->n_points, d->info.channels,
                                                    nbins, spec));
    return api_status(spectral_fresh_spectrum2d(d->targets, (int)d->info.height,
                                                (int)d->info.width, d->info.channels, nbins,
                                                spec));
}
