/* audio_io.c - audio decoding and WAV encoding with libsndfile (audio_io.h).
 *
 * Files are opened by descriptor (so errno explains a missing file) and
 * memory buffers through libsndfile's virtual I/O; both share one decoder.
 */
#include "audio_io.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "audio_header.h"

#define MEMORY_NAME "<memory>"
#define CHUNK_FRAMES 4096 /* frames converted per libsndfile write call */
#define FIRST_READ_FRAMES 65536 /* decode buffer to start with, in frames */

static long long max_frames = AUDIO_MAX_FRAMES_DEFAULT;

void audio_set_max_frames(long long limit)
{
    max_frames = limit > 0 ? limit : AUDIO_MAX_FRAMES_DEFAULT;
}

void audio_free(audio *a)
{
    if (!a) return;
    free(a->samples);
    memset(a, 0, sizeof *a);
}

/* libsndfile's messages end with a full stop; ours embed them mid-sentence. */
static const char *sf_reason(SNDFILE *sf, char *buf, size_t size)
{
    snprintf(buf, size, "%s", sf_strerror(sf));
    size_t n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '.' || buf[n - 1] == ' ' || buf[n - 1] == '\n'))
        buf[--n] = 0;
    return buf;
}

/* Status for a failed sf_open*: libsndfile keeps the reason globally. */
static inr_status open_failure(const char *name)
{
    char why[256];
    sf_reason(NULL, why, sizeof why);
    switch (sf_error(NULL)) {
    case SF_ERR_UNRECOGNISED_FORMAT:
        return inr_fail(INR_ERR_FORMAT, "'%s' is not an audio file libsndfile can read",
                        name);
    case SF_ERR_SYSTEM:
        return inr_fail(INR_ERR_IO, "cannot read '%s': %s", name, why);
    case SF_ERR_UNSUPPORTED_ENCODING:
        return inr_fail(INR_ERR_UNSUPPORTED, "'%s': unsupported audio encoding (%s)",
                        name, why);
    default:
        return inr_fail(INR_ERR_FORMAT, "'%s': corrupt audio file (%s)", name, why);
    }
}

static inr_status truncated(const char *name, long long declared, long long held)
{
    return inr_fail(INR_ERR_FORMAT,
                    "'%s': truncated audio (the header says %lld frames, the file holds %lld)",
                    name, declared, held);
}

/* Bytes of a frame in fixed-width encodings; 0 for compressed ones, whose
 * data sizes give no exact frame count. */
static long long frame_bytes(const SF_INFO *info)
{
    switch (info->format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_S8: case SF_FORMAT_PCM_U8: case SF_FORMAT_ULAW: case SF_FORMAT_ALAW:
        return info->channels;
    case SF_FORMAT_PCM_16: return 2LL * info->channels;
    case SF_FORMAT_PCM_24: return 3LL * info->channels;
    case SF_FORMAT_PCM_32: case SF_FORMAT_FLOAT: return 4LL * info->channels;
    case SF_FORMAT_DOUBLE: return 8LL * info->channels;
    default: return 0;
    }
}

/* Refuses a file whose header declares more frames than libsndfile found
 * in it: libsndfile shortens a data chunk that runs past the end. */
static inr_status check_declared(const audio_source *src, const SF_INFO *info,
                                 const char *name)
{
    long long width = frame_bytes(info);
    if (width <= 0) return INR_OK;
    long long bytes = audio_header_data_bytes(src, info->format & SF_FORMAT_TYPEMASK);
    if (bytes < 0 || bytes / width <= info->frames) return INR_OK;
    return truncated(name, bytes / width, info->frames);
}

/* Reads every frame of an open file into out. */
static inr_status decode(SNDFILE *sf, const SF_INFO *info, const char *name, audio *out)
{
    long long frames = info->frames;
    int channels = info->channels;
    if (frames <= 0) return inr_fail(INR_ERR_FORMAT, "'%s' holds no audio samples", name);
    if (frames == SF_COUNT_MAX)
        return inr_fail(INR_ERR_FORMAT, "'%s': audio of unknown length", name);
    if (frames > max_frames)
        return inr_fail(INR_ERR_NOMEM,
                        "'%s' has %lld frames, above the limit of %lld "
                        "(--max-frames raises it)",
                        name, frames, max_frames);
    if (channels <= 0 || (unsigned long long)frames > SIZE_MAX / sizeof(float) / channels)
        return inr_fail(INR_ERR_NOMEM, "'%s': %lld frames of %d channels do not fit in memory",
                        name, frames, channels);
    /* The buffer grows (doubling) with what is decoded rather than with
     * what the header claims, so a short file that claims billions of
     * frames costs no memory before it turns out to be truncated. */
    sf_count_t cap = frames < FIRST_READ_FRAMES ? frames : FIRST_READ_FRAMES;
    float *samples = malloc((size_t)cap * channels * sizeof(float));
    if (!samples)
        return inr_fail(INR_ERR_NOMEM, "'%s': out of memory for %lld frames", name, frames);

    /* PCM of b bits -> s / 2^(b-1), in [-1,1); float data is passed through
     * unscaled (this is libsndfile's default, set so that it is explicit). */
    sf_command(sf, SFC_SET_NORM_FLOAT, NULL, SF_TRUE);
    sf_count_t got = 0;
    while (got < frames) {
        if (got == cap) {
            sf_count_t grown_cap = cap > frames - cap ? frames : 2 * cap;
            float *grown = realloc(samples, (size_t)grown_cap * channels * sizeof(float));
            if (!grown) {
                free(samples);
                return inr_fail(INR_ERR_NOMEM, "'%s': out of memory for %lld frames", name,
                                frames);
            }
            samples = grown;
            cap = grown_cap;
        }
        sf_count_t n = sf_readf_float(sf, samples + got * channels, cap - got);
        if (n <= 0) break;
        got += n;
    }
    if (got < frames) {
        char why[256];
        int corrupt = sf_error(sf) != 0;
        if (corrupt) sf_reason(sf, why, sizeof why);
        free(samples);
        /* The decoder stops at the end of what a file holds, or at an error. */
        if (!corrupt) return truncated(name, frames, got);
        return inr_fail(INR_ERR_FORMAT,
                        "'%s': truncated or corrupt audio (decoded %lld of %lld frames, %s)",
                        name, (long long)got, frames, why);
    }
    size_t n = (size_t)frames * channels;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(samples[i])) {
            free(samples);
            return inr_fail(INR_ERR_FORMAT,
                            "'%s' contains NaN or infinite samples (first at frame %zu)",
                            name, i / (size_t)channels);
        }

    out->frames = (long)frames;
    out->channels = channels;
    out->sample_rate = info->samplerate;
    out->sf_format = info->format & (SF_FORMAT_TYPEMASK | SF_FORMAT_SUBMASK);
    out->samples = samples;
    return INR_OK;
}

inr_status audio_load(const char *path, audio *out)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return inr_fail(INR_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    inr_status status = audio_load_fd(fd, path, out);
    close(fd);
    return status;
}

inr_status audio_load_fd(int fd, const char *name, audio *out)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (fstat(fd, &st) != 0)
        return inr_fail(INR_ERR_IO, "cannot open '%s': %s", name, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return inr_fail(INR_ERR_IO, "cannot open '%s': %s", name, strerror(EISDIR));
    if (S_ISREG(st.st_mode) && st.st_size == 0)
        return inr_fail(INR_ERR_FORMAT, "'%s' is empty, not an audio file", name);
    SF_INFO info = { 0 };
    /* The caller closes fd: libsndfile's handling of it on a failed open
     * differs between versions. */
    SNDFILE *sf = sf_open_fd(fd, SFM_READ, &info, SF_FALSE);
    if (!sf) return open_failure(name);
    audio_source src = { fd, NULL, S_ISREG(st.st_mode) ? (long long)st.st_size : -1 };
    inr_status status = check_declared(&src, &info, name);
    if (status == INR_OK) status = decode(sf, &info, name, out);
    sf_close(sf);
    return status;
}

/* ---- memory source for sf_open_virtual ------------------------------------ */

typedef struct {
    const unsigned char *data;
    sf_count_t size, pos;
} mem_source;

static sf_count_t mem_length(void *user) { return ((mem_source *)user)->size; }
static sf_count_t mem_tell(void *user) { return ((mem_source *)user)->pos; }

static sf_count_t mem_seek(sf_count_t offset, int whence, void *user)
{
    mem_source *m = user;
    sf_count_t base = whence == SEEK_CUR ? m->pos : whence == SEEK_END ? m->size : 0;
    /* Offsets come from file headers: refuse ones that would overflow. */
    if ((offset > 0 && base > SF_COUNT_MAX - offset) || base + offset < 0) return -1;
    m->pos = base + offset; /* past the end is allowed; reads there give 0 */
    return m->pos;
}

static sf_count_t mem_read(void *dst, sf_count_t count, void *user)
{
    mem_source *m = user;
    if (count <= 0 || m->pos >= m->size) return 0;
    sf_count_t n = count < m->size - m->pos ? count : m->size - m->pos;
    memcpy(dst, m->data + m->pos, (size_t)n);
    m->pos += n;
    return n;
}

static sf_count_t mem_write(const void *src, sf_count_t count, void *user)
{
    (void)src, (void)count, (void)user;
    return 0; /* read-only */
}

inr_status audio_load_memory(const unsigned char *data, size_t size, audio *out)
{
    return audio_load_named(data, size, MEMORY_NAME, out);
}

inr_status audio_load_named(const unsigned char *data, size_t size, const char *name,
                            audio *out)
{
    memset(out, 0, sizeof *out);
    if (size == 0) return inr_fail(INR_ERR_FORMAT, "'%s' is empty, not an audio file", name);
    SF_VIRTUAL_IO io = { mem_length, mem_seek, mem_read, mem_write, mem_tell };
    mem_source m = { data, (sf_count_t)size, 0 };
    SF_INFO info = { 0 };
    SNDFILE *sf = sf_open_virtual(&io, SFM_READ, &info, &m);
    if (!sf) return open_failure(name);
    audio_source src = { -1, data, (long long)size };
    inr_status status = check_declared(&src, &info, name);
    if (status == INR_OK) status = decode(sf, &info, name, out);
    sf_close(sf);
    return status;
}

int audio_recognised(const unsigned char *data, size_t size)
{
    SF_VIRTUAL_IO io = { mem_length, mem_seek, mem_read, mem_write, mem_tell };
    mem_source m = { data, (sf_count_t)size, 0 };
    SF_INFO info = { 0 };
    SNDFILE *sf = sf_open_virtual(&io, SFM_READ, &info, &m);
    if (sf) sf_close(sf);
    return sf || sf_error(NULL) != SF_ERR_UNRECOGNISED_FORMAT;
}

/* ---- writing --------------------------------------------------------------- */

/* x clamped to [-1,1] and rounded on the reader's scale (s / 2^(bits-1)), so
 * that a loaded PCM sample saves back as the same code. */
static int pcm_code(float x, double scale)
{
    double v = x > 1.0f ? 1.0 : x < -1.0f ? -1.0 : (double)x;
    long q = lrint(v * scale);
    return (int)(q > (long)scale - 1 ? (long)scale - 1 : q);
}

static inr_status write_samples(SNDFILE *sf, const float *samples, long frames,
                                int channels, audio_sample_format fmt)
{
    void *buf = malloc((size_t)CHUNK_FRAMES * channels * sizeof(float));
    if (!buf) return INR_ERR_NOMEM;
    inr_status status = INR_OK;
    for (long done = 0; done < frames && status == INR_OK; done += CHUNK_FRAMES) {
        long n = frames - done < CHUNK_FRAMES ? frames - done : CHUNK_FRAMES;
        const float *src = samples + (size_t)done * channels;
        size_t count = (size_t)n * channels;
        sf_count_t put;
        if (fmt == AUDIO_PCM16) {
            short *s = buf;
            for (size_t i = 0; i < count; i++) s[i] = (short)pcm_code(src[i], 32768.0);
            put = sf_writef_short(sf, s, n);
        } else if (fmt == AUDIO_PCM24) {
            /* libsndfile's int is full-scale 32-bit; 24-bit files keep its top
             * 24 bits, so the code goes in shifted up by 8. */
            int *s = buf;
            for (size_t i = 0; i < count; i++) s[i] = pcm_code(src[i], 8388608.0) * 256;
            put = sf_writef_int(sf, s, n);
        } else {
            put = sf_writef_float(sf, src, n);
        }
        if (put != n) status = INR_ERR_IO;
    }
    free(buf);
    return status;
}

/* libsndfile's major format and subtype for a container and sample format. */
static int sf_format_for(audio_container container, audio_sample_format fmt)
{
    static const int pcm[] = { SF_FORMAT_PCM_16, SF_FORMAT_PCM_24, SF_FORMAT_FLOAT };
    if (container == AUDIO_OGG) return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    return (container == AUDIO_FLAC ? SF_FORMAT_FLAC : SF_FORMAT_WAV) | pcm[fmt];
}

inr_status audio_write(FILE *f, const char *path, const float *samples, long frames,
                       int channels, int sample_rate, audio_container container,
                       audio_sample_format fmt)
{
    static const int bytes_per_sample[] = { 2, 3, 4 };
    if (!samples || frames <= 0)
        return inr_fail(INR_ERR_INVALID, "cannot write '%s': no samples", path);
    if (channels < 1 || channels > 1024 || sample_rate <= 0)
        return inr_fail(INR_ERR_INVALID, "cannot write '%s': %d channels at %d Hz", path,
                        channels, sample_rate);
    if ((int)fmt < AUDIO_PCM16 || (int)fmt > AUDIO_FLOAT || (int)container < AUDIO_WAV ||
        (int)container > AUDIO_OGG || (container == AUDIO_FLAC && fmt == AUDIO_FLOAT))
        return inr_fail(INR_ERR_INVALID, "cannot write '%s': unknown sample format %d",
                        path, (int)fmt);
    /* WAV sizes are 32-bit; keep a margin for the header chunks. */
    if (container == AUDIO_WAV &&
        (double)frames * channels * bytes_per_sample[fmt] > 4294967295.0 - 4096)
        return inr_fail(INR_ERR_INVALID,
                        "cannot write '%s': %ld frames exceed WAV's 4 GiB limit", path, frames);
    size_t n = (size_t)frames * channels;
    for (size_t i = 0; i < n; i++) {
        if (isnan(samples[i]))
            return inr_fail(INR_ERR_INVALID, "cannot write '%s': samples contain NaN", path);
        /* PCM clamps infinities; a float file would keep them and then be
         * refused by audio_load. */
        if (fmt == AUDIO_FLOAT && container == AUDIO_WAV && isinf(samples[i]))
            return inr_fail(INR_ERR_INVALID, "cannot write '%s': samples contain infinities",
                            path);
    }
    SF_INFO info = { .samplerate = sample_rate, .channels = channels,
                     .format = sf_format_for(container, fmt) };
    if (!sf_format_check(&info))
        return inr_fail(INR_ERR_UNSUPPORTED, "cannot write '%s': this libsndfile cannot "
                        "encode %s", path, audio_format_name(info.format));
    char why[256];
    SNDFILE *sf = sf_open_fd(fileno(f), SFM_WRITE, &info, SF_FALSE);
    if (!sf)
        return inr_fail(INR_ERR_IO, "cannot write '%s': %s", path,
                        sf_reason(NULL, why, sizeof why));
    /* libsndfile adds a PEAK chunk to float files, stamped with the time of
     * writing: without it the same samples give the same bytes (a render at
     * the training rate equals the fit's own output). */
    sf_command(sf, SFC_SET_ADD_PEAK_CHUNK, NULL, SF_FALSE);
    /* Vorbis takes floats: clamped to [-1, 1] like PCM. */
    if (container == AUDIO_OGG) sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
    inr_status status = write_samples(sf, samples, frames, channels,
                                      container == AUDIO_OGG ? AUDIO_FLOAT : fmt);
    if (status == INR_ERR_NOMEM)
        inr_fail(status, "cannot write '%s': out of memory", path);
    else if (status != INR_OK)
        inr_fail(status, "cannot write '%s': %s", path, sf_reason(sf, why, sizeof why));
    /* sf_close rewrites the header with the final sizes. */
    int err = sf_close(sf);
    if (err != 0 && status == INR_OK)
        status = inr_fail(INR_ERR_IO, "cannot write '%s': %s", path, sf_error_number(err));
    return status;
}

inr_status audio_save_wav(const char *path, const float *samples, long frames,
                          int channels, int sample_rate, audio_sample_format fmt)
{
    atomic_file af;
    inr_status st = atomic_open(path, &af);
    if (st) return st;
    st = audio_write(af.file, path, samples, frames, channels, sample_rate, AUDIO_WAV, fmt);
    if (st) {
        atomic_abort(&af);
        return st;
    }
    return atomic_commit(&af);
}

/* ---- names ----------------------------------------------------------------- */

const char *audio_format_name(int sf_format)
{
    static const struct { int id; const char *name; } majors[] = {
        { SF_FORMAT_WAV, "WAV" },   { SF_FORMAT_WAVEX, "WAV" }, { SF_FORMAT_RF64, "RF64" },
        { SF_FORMAT_W64, "W64" },   { SF_FORMAT_AIFF, "AIFF" }, { SF_FORMAT_AU, "AU" },
        { SF_FORMAT_CAF, "CAF" },   { SF_FORMAT_FLAC, "FLAC" }, { SF_FORMAT_OGG, "Ogg" },
        { SF_FORMAT_RAW, "raw" },   { SF_FORMAT_MPEG, "MPEG" },
    };
    static const struct { int id; const char *name; } subtypes[] = {
        { SF_FORMAT_PCM_S8, "8-bit" },         { SF_FORMAT_PCM_U8, "8-bit unsigned" },
        { SF_FORMAT_PCM_16, "16-bit" },        { SF_FORMAT_PCM_24, "24-bit" },
        { SF_FORMAT_PCM_32, "32-bit" },        { SF_FORMAT_FLOAT, "float32" },
        { SF_FORMAT_DOUBLE, "float64" },       { SF_FORMAT_ULAW, "u-law" },
        { SF_FORMAT_ALAW, "A-law" },           { SF_FORMAT_IMA_ADPCM, "IMA ADPCM" },
        { SF_FORMAT_MS_ADPCM, "MS ADPCM" },    { SF_FORMAT_GSM610, "GSM 6.10" },
        { SF_FORMAT_VORBIS, "Vorbis" },        { SF_FORMAT_OPUS, "Opus" },
        { SF_FORMAT_MPEG_LAYER_I, "Layer I" }, { SF_FORMAT_MPEG_LAYER_II, "Layer II" },
        { SF_FORMAT_MPEG_LAYER_III, "Layer III" },
    };
    static _Thread_local char buf[96];
    int major = sf_format & SF_FORMAT_TYPEMASK, sub = sf_format & SF_FORMAT_SUBMASK;
    const char *mname = NULL, *sname = NULL;
    SF_FORMAT_INFO fi;
    for (size_t i = 0; i < sizeof majors / sizeof majors[0]; i++)
        if (majors[i].id == major) mname = majors[i].name;
    for (size_t i = 0; i < sizeof subtypes / sizeof subtypes[0]; i++)
        if (subtypes[i].id == sub) sname = subtypes[i].name;
    /* Rarer formats: libsndfile's own descriptive names. */
    if (!mname) {
        fi.format = major;
        int known = sf_command(NULL, SFC_GET_FORMAT_INFO, &fi, sizeof fi) == 0;
        mname = known ? fi.name : "unknown";
    }
    snprintf(buf, sizeof buf, "%s", mname);
    if (!sname) {
        fi.format = sub;
        sname = sf_command(NULL, SFC_GET_FORMAT_INFO, &fi, sizeof fi) == 0 ? fi.name : NULL;
    }
    if (sname) snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " %s", sname);
    return buf;
}
