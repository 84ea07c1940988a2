/* signal_io.c - loading inputs as training data and writing outputs. */
#include "signal_io.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audio_io.h"
#include "image_io.h"
#include "jpeg_io.h"
#include "npy_io.h"
#include "trainer.h"

static const char *colour_name(int channels)
{
    static const char *names[] = { "", "grey", "grey+alpha", "RGB", "RGBA" };
    return channels >= 1 && channels <= 4 ? names[channels] : "?";
}

static inr_status grid_and_targets(signal_data *s, const float *values, long height, long width)
{
    int C = s->info.channels;
    size_t n = (size_t)s->n_points;
    s->coords = malloc(n * s->dims * sizeof(float));
    s->targets = malloc(n * C * sizeof(float));
    s->original = malloc(n * C * sizeof(float));
    if (!s->coords || !s->targets || !s->original)
        return inr_fail(INR_ERR_NOMEM, "out of memory for %ld points", s->n_points);
    long shape[2] = { height, width };
    inr_grid_coords(s->dims, s->dims == 2 ? shape : shape + 1, s->coords);
    memcpy(s->original, values, n * C * sizeof(float));
    /* Training value v = (output - offset) / scale (SPEC 1). */
    for (size_t i = 0; i < n * C; i++)
        s->targets[i] = (values[i] - s->info.value_offset) / s->info.value_scale;
    return INR_OK;
}

/* jpeg: the file is a JPEG, else a PNG (chosen by their signatures). */
static inr_status load_image(const char *path, signal_data *s, int jpeg)
{
    image img;
    inr_status st = jpeg ? image_load_jpeg(path, &img) : image_load_png(path, &img);
    if (st) return st;
    s->dims = 2;
    s->info.kind = INR_SIGNAL_IMAGE;
    s->info.channels = img.channels;
    s->info.height = img.height;
    s->info.width = img.width;
    s->info.bit_depth = img.bit_depth;
    s->info.value_scale = 0.5f;   /* v = 2p - 1 */
    s->info.value_offset = 0.5f;
    s->n_points = (long)img.height * img.width;
    int n = snprintf(s->format, sizeof s->format, "%s %d-bit %s", jpeg ? "JPEG" : "PNG",
                     img.bit_depth, colour_name(img.channels));
    if (img.orientation > 1)
        snprintf(s->format + n, sizeof s->format - n, ", EXIF orientation %d", img.orientation);
    st = grid_and_targets(s, img.pixels, img.height, img.width);
    image_free(&img);
    return st;
}

static inr_status load_audio(const char *path, signal_data *s)
{
    audio a;
    inr_status st = audio_load(path, &a);
    if (st) return st;
    float peak = 0.0f;
    for (size_t i = 0; i < (size_t)a.frames * a.channels; i++)
        peak = fmaxf(peak, fabsf(a.samples[i]));
    if (peak == 0.0f) {
        audio_free(&a);
        return inr_fail(INR_ERR_INVALID, "'%s' is silent (every sample is zero)", path);
    }
    s->dims = 1;
    s->info.kind = INR_SIGNAL_AUDIO;
    s->info.channels = a.channels;
    s->info.height = 1;
    s->info.width = a.frames;
    s->info.sample_rate = a.sample_rate;
    s->info.bit_depth = 16;
    s->info.value_scale = peak;   /* peak-normalised to [-1, 1] */
    s->info.value_offset = 0.0f;
    s->n_points = a.frames;
    snprintf(s->format, sizeof s->format, "%s", audio_format_name(a.sf_format));
    st = grid_and_targets(s, a.samples, 1, a.frames);
    audio_free(&a);
    return st;
}

inr_status signal_load(const char *path, signal_data *s)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen(path, "rb");
    if (!f) return inr_fail(INR_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        return inr_fail(INR_ERR_IO, "cannot open '%s': Is a directory", path);
    }
    unsigned char head[8];
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (got == 0) return inr_fail(INR_ERR_FORMAT, "'%s' is empty", path);
    /* The format comes from the first bytes, never from the name. */
    static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    int png = got == 8 && memcmp(head, png_sig, 8) == 0, jpeg = jpeg_signature(head, got);
    inr_status st = png || jpeg ? load_image(path, s, jpeg) : load_audio(path, s);
    if (st) signal_free(s);
    return st;
}

void signal_free(signal_data *s)
{
    free(s->coords);
    free(s->targets);
    free(s->original);
    memset(s, 0, sizeof *s);
}

void signal_to_output(const inr_fit_info *info, float *values, size_t n)
{
    for (size_t i = 0; i < n; i++) values[i] = values[i] * info->value_scale + info->value_offset;
}

const char *signal_extension(inr_signal_kind kind)
{
    return kind == INR_SIGNAL_IMAGE ? ".png" : ".wav";
}

inr_status signal_write(const char *path, const inr_fit_info *info, const float *values,
                        long height, long width, int sample_rate, int bits)
{
    if (npy_path(path)) {
        long shape[3] = { height, width, info->channels };
        return info->kind == INR_SIGNAL_IMAGE ? npy_save_f32(path, values, 3, shape)
                                              : npy_save_f32(path, values, 2, shape + 1);
    }
    if (info->kind == INR_SIGNAL_IMAGE)
        return image_save_png(path, values, (int)width, (int)height, info->channels,
                              bits == 16 ? 16 : 8);
    audio_sample_format fmt = bits == 24 ? AUDIO_PCM24 : bits == 32 ? AUDIO_FLOAT : AUDIO_PCM16;
    /* A reconstruction that overshoots full scale is clamped by
     * audio_save_wav (PCM), never wrapped. */
    return audio_save_wav(path, values, width, info->channels, sample_rate, fmt);
}
