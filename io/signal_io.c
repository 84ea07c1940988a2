/* signal_io.c - loading inputs as training data and writing outputs. */
#include "signal_io.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "audio_io.h"
#include "file_magic.h"
#include "image_io.h"
#include "jpeg_io.h"
#include "npy_io.h"
#include "trainer.h"

static const char *colour_name(int channels)
{
    static const char *names[] = { "", "grey", "grey+alpha", "RGB", "RGBA" };
    return channels >= 1 && channels <= 4 ? names[channels] : "?";
}

/* Takes *values (N,C, malloc'd) as the signal's original values; a lean
 * signal stops there. */
static inr_status grid_and_targets(signal_data *s, float **values, long height, long width)
{
    int C = s->info.channels;
    size_t n = (size_t)s->n_points;
    s->original = *values;
    *values = NULL;
    if (s->lean) return INR_OK;
    s->coords = malloc(n * s->dims * sizeof(float));
    s->targets = malloc(n * C * sizeof(float));
    if (!s->coords || !s->targets)
        return inr_fail(INR_ERR_NOMEM, "out of memory for %ld points", s->n_points);
    long shape[2] = { height, width };
    inr_grid_coords(s->dims, s->dims == 2 ? shape : shape + 1, s->coords);
    /* Training value v = (output - offset) / scale (METHODS 1). */
    for (size_t i = 0; i < n * C; i++)
        s->targets[i] = (s->original[i] - s->info.value_offset) / s->info.value_scale;
    return INR_OK;
}

/* format: "PNG" or "JPEG", for the description. */
static inr_status from_image(image img, const char *format, signal_data *s)
{
    inr_status st;
    s->dims = 2;
    s->info.kind = INR_SIGNAL_IMAGE;
    s->info.channels = img.channels;
    s->info.height = img.height;
    s->info.width = img.width;
    s->info.bit_depth = img.bit_depth;
    s->info.value_scale = 0.5f;   /* v = 2p - 1 */
    s->info.value_offset = 0.5f;
    s->n_points = (long)img.height * img.width;
    int n = snprintf(s->format, sizeof s->format, "%s %d-bit %s", format,
                     img.bit_depth, colour_name(img.channels));
    if (img.orientation > 1)
        snprintf(s->format + n, sizeof s->format - n, ", EXIF orientation %d", img.orientation);
    st = grid_and_targets(s, &img.pixels, img.height, img.width);
    image_free(&img);
    return st;
}

static inr_status from_audio(audio a, const char *path, signal_data *s)
{
    inr_status st;
    if (a.channels > INR_MAX_CHANNELS) {
        st = inr_fail(INR_ERR_UNSUPPORTED, "'%s' has %d channels; inrfit fits 1 to %d", path,
                      a.channels, INR_MAX_CHANNELS);
        audio_free(&a);
        return st;
    }
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
    st = grid_and_targets(s, &a.samples, 1, a.frames);
    audio_free(&a);
    return st;
}

/* The first bytes of an input, enough for libsndfile to recognise a header. */
enum { HEAD_BYTES = 1 << 16 };
/* A pipe or FIFO is read whole before it is decoded, up to this size. */
#define STREAM_MAX_BYTES ((size_t)1 << 30)

static ssize_t read_full(int fd, unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return -1;
        if (r == 0) break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* Reads the rest of a pipe after its first `got` bytes, which are in *buf. */
static inr_status read_stream(int fd, const char *path, unsigned char **buf, size_t *got)
{
    size_t cap = *got;
    for (;;) {
        if (*got == cap) {
            if (cap >= STREAM_MAX_BYTES)
                return inr_fail(INR_ERR_NOMEM, "'%s': more than %zu MiB from a pipe; save it "
                                "to a file first", path, STREAM_MAX_BYTES >> 20);
            unsigned char *grown = realloc(*buf, cap *= 2);
            if (!grown) return inr_fail(INR_ERR_NOMEM, "'%s': out of memory reading it", path);
            *buf = grown;
        }
        ssize_t r = read_full(fd, *buf + *got, cap - *got);
        if (r < 0) return inr_fail(INR_ERR_IO, "cannot read '%s': %s", path, strerror(errno));
        if (r == 0) return INR_OK;
        *got += (size_t)r;
    }
}

/* Decodes the input open on fd: a regular file from the descriptor, a
 * pipe, FIFO or device from memory after reading it once. */
static inr_status load_fd(int fd, const char *path, int regular, signal_data *s)
{
    unsigned char *buf = malloc(HEAD_BYTES);
    if (!buf) return inr_fail(INR_ERR_NOMEM, "out of memory reading '%s'", path);
    ssize_t r = read_full(fd, buf, HEAD_BYTES);
    size_t got = r > 0 ? (size_t)r : 0;
    /* The format comes from the first bytes, never from the name. */
    file_magic_kind kind = file_magic_input(buf, got);
    int png = kind == FILE_MAGIC_PNG, jpeg = kind == FILE_MAGIC_JPEG;
    const char *other = file_magic_other(buf, got);
    inr_status st = INR_OK;
    if (r < 0) st = inr_fail(INR_ERR_IO, "cannot read '%s': %s", path, strerror(errno));
    else if (got == 0) st = inr_fail(INR_ERR_FORMAT, "'%s' is empty", path);
    else if (other) st = inr_fail(INR_ERR_FORMAT, "'%s' is %s; " FILE_MAGIC_SUPPORTED, path, other);
    else if (!png && !jpeg && !audio_recognised(buf, got))
        st = inr_fail(INR_ERR_FORMAT, "'%s' is neither a PNG nor a JPEG image, nor audio in "
                      "a format libsndfile knows; " FILE_MAGIC_SUPPORTED, path);
    else if (!regular) st = read_stream(fd, path, &buf, &got);
    else if (lseek(fd, 0, SEEK_SET) != 0)
        st = inr_fail(INR_ERR_IO, "cannot read '%s': %s", path, strerror(errno));
    if (st == INR_OK && (png || jpeg)) {
        image img;
        FILE *f = regular ? fdopen(dup(fd), "rb") : NULL;
        if (regular && !f) st = inr_fail(INR_ERR_IO, "cannot read '%s': %s", path, strerror(errno));
        else if (jpeg) st = regular ? image_load_jpeg_stream(f, path, &img)
                                    : image_load_jpeg_named(buf, got, path, &img);
        else st = regular ? image_load_png_stream(f, path, &img)
                          : image_load_png_named(buf, got, path, &img);
        if (f) fclose(f);
        if (st == INR_OK) st = from_image(img, jpeg ? "JPEG" : "PNG", s);
    } else if (st == INR_OK) {
        audio a;
        st = regular ? audio_load_fd(fd, path, &a) : audio_load_named(buf, got, path, &a);
        if (st == INR_OK) st = from_audio(a, path, s);
    }
    free(buf);
    return st;
}

static inr_status load_path(const char *path, signal_data *s, int lean)
{
    memset(s, 0, sizeof *s);
    s->lean = lean;
    /* Opened once: a FIFO cannot be read twice. */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return inr_fail(INR_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    struct stat sb;
    inr_status st;
    if (fstat(fd, &sb) != 0)
        st = inr_fail(INR_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    else if (S_ISDIR(sb.st_mode))
        st = inr_fail(INR_ERR_IO, "cannot open '%s': Is a directory", path);
    else {
        atomic_protect_fd(fd);   /* no output of this run may replace it */
        st = load_fd(fd, path, S_ISREG(sb.st_mode), s);
    }
    close(fd);
    if (st) signal_free(s);
    return st;
}

const float *signal_coords(const signal_data *s, long p0, long n, float *buf)
{
    inr_points p = signal_points(s);
    return inr_points_coords(&p, p0, n, buf);
}

inr_status signal_load(const char *path, signal_data *s) { return load_path(path, s, 0); }

inr_status signal_load_lean(const char *path, signal_data *s) { return load_path(path, s, 1); }

inr_points signal_points(const signal_data *s)
{
    int C = s->info.channels;
    inr_points p = inr_points_arrays(s->coords, s->targets, s->n_points, s->dims, C);
    if (!s->coords) {
        p.shape[0] = s->dims == 2 ? s->info.height : s->n_points;
        p.shape[1] = s->info.width;
    }
    if (!s->targets) {
        p.values = s->original;
        p.offset = s->info.value_offset;
        p.scale = s->info.value_scale;
    }
    return p;
}

const float *signal_targets(const signal_data *s, float **owned)
{
    *owned = NULL;
    if (s->targets) return s->targets;
    size_t n = (size_t)s->n_points * s->info.channels;
    float *t = malloc(n * sizeof(float));
    if (!t) {
        inr_fail(INR_ERR_NOMEM, "out of memory for the %ld points' targets", s->n_points);
        return NULL;
    }
    inr_points p = signal_points(s);
    inr_points_targets(&p, 0, s->n_points, t);
    return *owned = t;
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

int path_has_extension(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0 && path[n - e - 1] != '/';
}

inr_status signal_format_for(const char *path, inr_signal_kind kind, int bits, signal_format *f)
{
    /* bytes: bit k set when --bits 8k is available. */
    static const struct { const char *ext, *name, *bits; unsigned bytes; int audio, container; }
    formats[] = {
        { ".png", "PNG", "8 or 16", 0x6, 0, 0 },
        { ".wav", "WAV", "16, 24 or 32 (float)", 0x1c, 1, AUDIO_WAV },
        { ".flac", "FLAC", "16 or 24", 0xc, 1, AUDIO_FLAC },
        { ".ogg", "Ogg Vorbis", NULL, 0, 1, AUDIO_OGG },
        { ".npy", "numpy .npy", NULL, 0, -1, 0 },   /* either kind */
    };
    int audio = kind == INR_SIGNAL_AUDIO;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (!path_has_extension(path, formats[i].ext)) continue;
        if (formats[i].audio >= 0 && formats[i].audio != audio)
            return inr_fail(INR_ERR_INVALID, "'%s': %s is for %s, and this is %s (use %s)",
                            path, formats[i].name, audio ? "images" : "audio",
                            audio ? "audio" : "an image",
                            audio ? ".wav, .flac, .ogg or .npy" : ".png or .npy");
        if (bits && (bits % 8 || !((formats[i].bytes >> (bits / 8)) & 1)))
            return formats[i].bits
                       ? inr_fail(INR_ERR_INVALID, "--bits: %d is not available for %s output (%s)",
                                  bits, formats[i].name, formats[i].bits)
                       : inr_fail(INR_ERR_INVALID, "--bits does not apply to %s output",
                                  formats[i].name);
        f->kind = kind;
        f->container = formats[i].container;
        f->bits = bits;
        f->npy = formats[i].audio < 0;
        return INR_OK;
    }
    return inr_fail(INR_ERR_INVALID, "'%s': the output format follows the extension: %s", path,
                    audio ? ".wav, .flac, .ogg or .npy for audio" : ".png or .npy for images");
}

inr_status signal_write_file(FILE *file, const char *path, const signal_format *f,
                             const inr_fit_info *info, const float *values, long height,
                             long width, int sample_rate)
{
    if (f->npy) {
        long shape[3] = { height, width, info->channels };
        return f->kind == INR_SIGNAL_IMAGE ? npy_write_f32(file, path, values, 3, shape)
                                           : npy_write_f32(file, path, values, 2, shape + 1);
    }
    if (f->kind == INR_SIGNAL_IMAGE)
        return image_write_png(file, path, values, (int)width, (int)height, info->channels,
                               f->bits == 16 ? 16 : 8);
    audio_sample_format fmt = f->bits == 24 ? AUDIO_PCM24 : f->bits == 32 ? AUDIO_FLOAT
                                                                         : AUDIO_PCM16;
    /* A reconstruction that overshoots full scale is clamped (PCM, Vorbis),
     * never wrapped. */
    return audio_write(file, path, values, width, info->channels, sample_rate,
                       (audio_container)f->container, fmt);
}

inr_status signal_write(const char *path, const signal_format *f, const inr_fit_info *info,
                        const float *values, long height, long width, int sample_rate)
{
    atomic_file af;
    inr_status st = atomic_open(path, &af);
    if (st) return st;
    st = signal_write_file(af.file, path, f, info, values, height, width, sample_rate);
    if (st) {
        atomic_abort(&af);
        return st;
    }
    return atomic_commit(&af);
}
