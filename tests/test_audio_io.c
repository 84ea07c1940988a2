/* test_audio_io.c - audio reading and WAV writing (io/audio_io.c).
 *
 * Fixtures are written here with libsndfile: WAV PCM 8/16/24/32 and float,
 * FLAC 16/24, Ogg Vorbis, mono and multichannel at several rates; then save
 * round trips, refusals (empty, NaN, not audio, missing) and damaged files.
 */
#include <sndfile.h>
#include <stdint.h>
#include <string.h>

#include "audio_io.h"
#include "check.h"
#include "test_files.h"

static int contains(const unsigned char *data, size_t size, const char *tag)
{
    size_t n = strlen(tag);
    for (size_t i = 0; i + n <= size; i++)
        if (!memcmp(data + i, tag, n)) return 1;
    return 0;
}

/* ---- fixtures written with libsndfile --------------------------------------- */

/* Writes frames*channels samples: ints (full-scale 32-bit, libsndfile keeps
 * the top bits the format holds) or floats. Returns 0 on success. */
static int write_fixture(const char *path, int format, int channels, int rate,
                         long frames, const int *ints, const float *floats)
{
    SF_INFO info = { .samplerate = rate, .channels = channels, .format = format };
    SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
    if (!sf) {
        fprintf(stderr, "fixture %s: %s\n", path, sf_strerror(NULL));
        return -1;
    }
    sf_count_t put = 0;
    if (frames > 0)
        put = ints ? sf_writef_int(sf, ints, frames) : sf_writef_float(sf, floats, frames);
    return (sf_close(sf) == 0 && put == frames) ? 0 : -1;
}

typedef struct {
    const char *what;
    int format;    /* SF_FORMAT_* major | subtype */
    int bits;      /* PCM bits; 0 = float data */
    const char *name;
} pcm_case;

static void test_lossless_round_trips(void)
{
    static const pcm_case cases[] = {
        { "WAV u8", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 8, "WAV 8-bit unsigned" },
        { "WAV 16", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16, "WAV 16-bit" },
        { "WAV 24", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 24, "WAV 24-bit" },
        { "WAV 32", SF_FORMAT_WAV | SF_FORMAT_PCM_32, 32, "WAV 32-bit" },
        { "WAV float", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 0, "WAV float32" },
        { "FLAC 16", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 16, "FLAC 16-bit" },
        { "FLAC 24", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 24, "FLAC 24-bit" },
    };
    static const struct { int channels, rate; long frames; } layouts[] = {
        { 1, 8000, 4801 }, { 2, 44100, 3001 }, { 1, 96000, 1 }, { 6, 48000, 777 },
    };
    char path[512], what[128];
    tmp_path(path, sizeof path, "fixture");
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (size_t l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
            const pcm_case *pc = &cases[c];
            int ch = layouts[l].channels, rate = layouts[l].rate;
            long frames = layouts[l].frames;
            size_t n = (size_t)frames * ch;
            int *ints = NULL;
            float *want = malloc(n * sizeof *want), *floats = NULL;
            snprintf(what, sizeof what, "%s %d ch %d Hz", pc->what, ch, rate);
            if (pc->bits) {
                /* Random codes, including both extremes; read back as
                 * code / 2^(bits-1) exactly (a power-of-two scale). */
                ints = malloc(n * sizeof *ints);
                for (size_t i = 0; i < n; i++) {
                    int32_t code = (int32_t)test_rnd() >> (32 - pc->bits);
                    if (i == 0) code = (int32_t)-((int64_t)1 << (pc->bits - 1));
                    if (i == 1 % n) code = (int32_t)(((int64_t)1 << (pc->bits - 1)) - 1);
                    ints[i] = (int)((uint32_t)code << (32 - pc->bits));
                    want[i] = (float)code / (float)((int64_t)1 << (pc->bits - 1));
                }
            } else {
                /* Float data is not rescaled: values beyond +-1 survive. */
                floats = want;
                for (size_t i = 0; i < n; i++)
                    want[i] = ((float)(test_rnd() % 2000001) - 1000000.0f) / 800000.0f;
            }
            CHECK(write_fixture(path, pc->format, ch, rate, frames, ints, floats) == 0,
                  "%s: fixture", what);

            audio a;
            inr_status st = audio_load(path, &a);
            CHECK(st == INR_OK, "%s: %s", what, inr_error());
            CHECK(a.frames == frames && a.channels == ch && a.sample_rate == rate &&
                      a.sf_format == pc->format,
                  "%s: got %ld frames %d ch %d Hz format 0x%x", what, a.frames, a.channels,
                  a.sample_rate, a.sf_format);
            CHECK(!strcmp(audio_format_name(a.sf_format), pc->name), "%s: name '%s'", what,
                  audio_format_name(a.sf_format));
            size_t bad = 0, first = 0;
            for (size_t i = 0; a.samples && a.frames == frames && i < n; i++)
                if (a.samples[i] != want[i] && bad++ == 0) first = i;
            CHECK(bad == 0, "%s: %zu of %zu samples differ, first %zu: got %.9g want %.9g",
                  what, bad, n, first, bad ? a.samples[first] : 0.0, bad ? want[first] : 0.0);

            /* The memory decoder gives the same samples. */
            size_t size;
            unsigned char *bytes = read_file_bytes(path, &size);
            audio m;
            CHECK(audio_load_memory(bytes, size, &m) == INR_OK, "%s (memory): %s", what,
                  inr_error());
            CHECK(m.frames == a.frames && m.sf_format == a.sf_format && m.samples &&
                      a.samples && !memcmp(m.samples, a.samples, n * sizeof(float)),
                  "%s: memory and file decodes differ", what);
            if (pc->format == (SF_FORMAT_WAV | SF_FORMAT_FLOAT))
                CHECK(contains(bytes, size, "fact"), "%s: no fact chunk", what);
            free(bytes);
            audio_free(&m);
            audio_free(&a);
            free(ints);
            free(want);
        }
}

static void test_format_names(void)
{
    static const struct { int format; const char *name; } want[] = {
        { SF_FORMAT_WAV | SF_FORMAT_FLOAT, "WAV float32" },
        { SF_FORMAT_FLAC | SF_FORMAT_PCM_16, "FLAC 16-bit" },
        { SF_FORMAT_OGG | SF_FORMAT_VORBIS, "Ogg Vorbis" },
        { SF_FORMAT_AIFF | SF_FORMAT_PCM_24, "AIFF 24-bit" },
        { SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, "MPEG Layer III" },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        CHECK(!strcmp(audio_format_name(want[i].format), want[i].name), "0x%x: '%s'",
              want[i].format, audio_format_name(want[i].format));
    /* Formats outside the table fall back to libsndfile's names. */
    const char *voc = audio_format_name(SF_FORMAT_VOC | SF_FORMAT_PCM_U8);
    CHECK(!strncmp(voc, "VOC", 3) && strstr(voc, "8-bit unsigned"), "VOC: '%s'", voc);
}

static double snr_db(const float *ref, const float *got, size_t n)
{
    double sig = 0, err = 0;
    for (size_t i = 0; i < n; i++) {
        sig += (double)ref[i] * ref[i];
        err += ((double)got[i] - ref[i]) * ((double)got[i] - ref[i]);
    }
    return 10.0 * log10(sig / (err > 0 ? err : 1e-30));
}

static void test_vorbis(void)
{
    static const struct { int channels, rate; long frames; } layouts[] = {
        { 1, 22050, 11025 }, { 2, 44100, 22050 }, { 2, 48000, 9000 },
    };
    char path[512];
    tmp_path(path, sizeof path, "fixture.ogg");
    for (size_t l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
        int ch = layouts[l].channels, rate = layouts[l].rate;
        long frames = layouts[l].frames;
        size_t n = (size_t)frames * ch;
        float *x = malloc(n * sizeof *x);
        /* Tones well inside the band a perceptual codec keeps. */
        for (long t = 0; t < frames; t++)
            for (int c = 0; c < ch; c++)
                x[t * ch + c] = 0.4f * sinf(2 * 3.14159265f * (440.0f + 110 * c) * t / rate) +
                                0.2f * sinf(2 * 3.14159265f * 1250.0f * t / rate);
        CHECK(write_fixture(path, SF_FORMAT_OGG | SF_FORMAT_VORBIS, ch, rate, frames, NULL,
                            x) == 0,
              "vorbis fixture");
        audio a;
        CHECK(audio_load(path, &a) == INR_OK, "vorbis %d ch: %s", ch, inr_error());
        CHECK(a.frames == frames && a.channels == ch && a.sample_rate == rate &&
                  a.sf_format == (SF_FORMAT_OGG | SF_FORMAT_VORBIS),
              "vorbis: %ld frames %d ch %d Hz format 0x%x", a.frames, a.channels,
              a.sample_rate, a.sf_format);
        CHECK(!strcmp(audio_format_name(a.sf_format), "Ogg Vorbis"), "name '%s'",
              audio_format_name(a.sf_format));
        /* Vorbis is lossy, so samples cannot match: it bounds the error's
         * energy, not each sample. At libsndfile's default quality these
         * tones come back at 31-38 dB SNR, hence the 25 dB floor. A frame
         * shift of one sample costs only 14-21 dB here, so alignment is
         * checked apart: lag 0 must fit best. Swapped channels (440 vs 550
         * Hz) or a wrong scale would fall far below the floor. */
        if (a.samples && a.frames == frames) {
            double snr = snr_db(x, a.samples, n), best = -1e9;
            int best_lag = 99;
            for (int lag = -3; lag <= 3; lag++) {
                size_t skip = (size_t)abs(lag) * ch;
                double s = lag >= 0 ? snr_db(x, a.samples + skip, n - skip)
                                    : snr_db(x + skip, a.samples, n - skip);
                if (s > best) { best = s; best_lag = lag; }
            }
            CHECK(snr > 25.0, "vorbis %d ch %d Hz: SNR %.1f dB", ch, rate, snr);
            CHECK(best_lag == 0, "vorbis %d ch %d Hz: best fit at a lag of %d frames", ch,
                  rate, best_lag);
        }
        audio_free(&a);
        free(x);
    }
}

static void test_save_round_trips(void)
{
    char path[512];
    tmp_path(path, sizeof path, "saved.wav");
    static const struct { audio_sample_format fmt; int format; double scale; } cases[] = {
        { AUDIO_PCM16, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 32768.0 },
        { AUDIO_PCM24, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 8388608.0 },
        { AUDIO_FLOAT, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 0 },
    };
    static const struct { int channels, rate; long frames; } layouts[] = {
        { 1, 16000, 10007 }, { 2, 44100, 4096 }, { 3, 8000, 5 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (size_t l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
            int ch = layouts[l].channels, rate = layouts[l].rate;
            long frames = layouts[l].frames;
            size_t n = (size_t)frames * ch;
            float *x = malloc(n * sizeof *x);
            for (size_t i = 0; i < n; i++)
                x[i] = ((float)(test_rnd() % 2000001) - 1000000.0f) / 1000000.0f;
            CHECK(audio_save_wav(path, x, frames, ch, rate, cases[c].fmt) == INR_OK, "%s",
                  inr_error());
            audio a;
            CHECK(audio_load(path, &a) == INR_OK, "%s", inr_error());
            CHECK(a.frames == frames && a.channels == ch && a.sample_rate == rate &&
                      a.sf_format == cases[c].format,
                  "fmt %d: %ld frames %d ch %d Hz format 0x%x", (int)cases[c].fmt, a.frames,
                  a.channels, a.sample_rate, a.sf_format);
            size_t bad = 0;
            for (size_t i = 0; a.samples && a.frames == frames && i < n; i++) {
                if (cases[c].scale == 0) {
                    bad += a.samples[i] != x[i];
                } else {
                    /* Nearest code on the s / 2^(b-1) scale (ties either
                     * way); +1.0 is one code short of full scale. */
                    double q = a.samples[i] * cases[c].scale;
                    double exact = fmin(x[i] * cases[c].scale, cases[c].scale - 1);
                    bad += q != round(q) || fabs(q - exact) > 0.5;
                }
            }
            CHECK(bad == 0, "fmt %d %d ch: %zu samples off", (int)cases[c].fmt, ch, bad);
            /* Saving what was loaded reproduces it bit for bit. */
            if (a.samples) {
                audio b;
                CHECK(audio_save_wav(path, a.samples, a.frames, ch, rate, cases[c].fmt) ==
                          INR_OK,
                      "%s", inr_error());
                CHECK(audio_load(path, &b) == INR_OK, "%s", inr_error());
                CHECK(b.samples && b.frames == a.frames &&
                          !memcmp(b.samples, a.samples, n * sizeof(float)),
                      "fmt %d: second round trip differs", (int)cases[c].fmt);
                audio_free(&b);
            }
            audio_free(&a);
            free(x);
        }

    /* PCM clamps to [-1,1] (+-Inf included); float keeps values beyond it. */
    float wild[6] = { 1.5f, -2.0f, 1.0f, -1.0f, INFINITY, -INFINITY };
    float want[6] = { 32767 / 32768.0f, -1, 32767 / 32768.0f, -1, 32767 / 32768.0f, -1 };
    audio a;
    CHECK(audio_save_wav(path, wild, 6, 1, 8000, AUDIO_PCM16) == INR_OK, "%s", inr_error());
    CHECK(audio_load(path, &a) == INR_OK, "%s", inr_error());
    for (int i = 0; a.samples && i < 6; i++)
        CHECK(a.samples[i] == want[i], "clamp %d: got %.9g want %.9g", i, a.samples[i],
              want[i]);
    audio_free(&a);
    CHECK(audio_save_wav(path, wild, 4, 1, 8000, AUDIO_FLOAT) == INR_OK, "%s", inr_error());
    CHECK(audio_load(path, &a) == INR_OK, "%s", inr_error());
    CHECK(a.samples && a.samples[0] == 1.5f && a.samples[1] == -2.0f, "float rescaled");
    audio_free(&a);
    size_t size;
    unsigned char *bytes = read_file_bytes(path, &size);
    CHECK(contains(bytes, size, "fact"), "float WAV without a fact chunk");
    free(bytes);
    CHECK(count_files("saved.wav.tmp") == 0, "temporary files left behind");
}

static void test_save_failures(void)
{
    float x[8] = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f };
    char path[512];

    CHECK(audio_save_wav("/nonexistent-dir/x.wav", x, 8, 1, 8000, AUDIO_PCM16) ==
              INR_ERR_IO,
          "unwritable directory");
    CHECK(strstr(inr_error(), "/nonexistent-dir/x.wav") != NULL, "message: %s",
          inr_error());
    CHECK(!file_exists("/nonexistent-dir/x.wav"), "file left behind");

    /* The rename fails (the target is a directory): the finished temporary
     * file must be deleted and the directory left alone. */
    tmp_path(path, sizeof path, "adir");
    mkdir(path, 0700);
    CHECK(audio_save_wav(path, x, 8, 1, 8000, AUDIO_FLOAT) == INR_ERR_IO, "over a directory");
    CHECK(inr_error()[0] != 0, "empty message");
    CHECK(count_files("adir.tmp") == 0, "temporary file left after failed rename");
    rmdir(path);

    tmp_path(path, sizeof path, "bad.wav");
    CHECK(audio_save_wav(path, x, 0, 1, 8000, AUDIO_PCM16) == INR_ERR_INVALID, "0 frames");
    CHECK(audio_save_wav(path, x, 8, 0, 8000, AUDIO_PCM16) == INR_ERR_INVALID, "0 channels");
    CHECK(audio_save_wav(path, x, 8, 1, 0, AUDIO_PCM16) == INR_ERR_INVALID, "0 Hz");
    CHECK(audio_save_wav(path, x, 8, 1, 8000, (audio_sample_format)7) == INR_ERR_INVALID,
          "bad format");
    x[3] = NAN;
    CHECK(audio_save_wav(path, x, 8, 1, 8000, AUDIO_PCM16) == INR_ERR_INVALID, "NaN");
    CHECK(strstr(inr_error(), "NaN") != NULL, "message: %s", inr_error());
    x[3] = INFINITY;
    CHECK(audio_save_wav(path, x, 8, 1, 8000, AUDIO_FLOAT) == INR_ERR_INVALID, "Inf float");
    CHECK(!file_exists(path) && count_files("bad.wav") == 0, "file left after refusal");
}

/* A load that must fail: an error status, a message, nothing allocated. */
#define CHECK_LOAD_FAILS(st, a, what)                                              \
    do {                                                                           \
        CHECK((st) != INR_OK, "%s: accepted", what);                               \
        CHECK(inr_error()[0] != 0, "%s: empty message", what);                     \
        CHECK((a).samples == NULL && (a).frames == 0, "%s: output not cleared", what); \
    } while (0)

static void test_refusals(void)
{
    char path[512], want[700];
    audio a;
    inr_status st;

    tmp_path(path, sizeof path, "empty.wav");
    write_file(path, "", 0);
    st = audio_load(path, &a);
    CHECK_LOAD_FAILS(st, a, "zero-length file");
    CHECK(st == INR_ERR_FORMAT, "zero-length file: status %d", (int)st);
    st = audio_load_memory((const unsigned char *)"", 0, &a);
    CHECK_LOAD_FAILS(st, a, "empty buffer");

    /* A valid header with no samples. */
    tmp_path(path, sizeof path, "noframes.wav");
    CHECK(write_fixture(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 8000, 0, NULL, NULL) == 0,
          "fixture");
    st = audio_load(path, &a);
    CHECK_LOAD_FAILS(st, a, "no frames");
    snprintf(want, sizeof want, "'%s' holds no audio samples", path);
    CHECK(st == INR_ERR_FORMAT && !strcmp(inr_error(), want), "message: %s", inr_error());

    /* Float WAVs with a NaN, then an infinity, at frame 5 of channel 1. */
    float x[20];
    for (int i = 0; i < 20; i++) x[i] = 0.01f * i;
    float bad_values[2] = { NAN, -INFINITY };
    for (int k = 0; k < 2; k++) {
        x[11] = bad_values[k];
        tmp_path(path, sizeof path, "nan.wav");
        CHECK(write_fixture(path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 2, 8000, 10, NULL, x) == 0,
              "fixture");
        st = audio_load(path, &a);
        CHECK_LOAD_FAILS(st, a, "non-finite sample");
        snprintf(want, sizeof want, "'%s' contains NaN or infinite samples", path);
        CHECK(st == INR_ERR_FORMAT && !strncmp(inr_error(), want, strlen(want)) &&
                  strstr(inr_error(), "frame 5"),
              "message: %s", inr_error());
    }

    tmp_path(path, sizeof path, "text.wav");
    const char *text = "RIFF? no, just a text file that is long enough to probe.\n";
    write_file(path, text, strlen(text));
    st = audio_load(path, &a);
    CHECK_LOAD_FAILS(st, a, "text file");
    CHECK(st == INR_ERR_FORMAT, "text file: status %d (%s)", (int)st, inr_error());
    st = audio_load_memory((const unsigned char *)text, strlen(text), &a);
    CHECK_LOAD_FAILS(st, a, "text buffer");

    tmp_path(path, sizeof path, "missing.wav");
    st = audio_load(path, &a);
    CHECK_LOAD_FAILS(st, a, "missing file");
    snprintf(want, sizeof want, "cannot open '%s': No such file or directory", path);
    CHECK(st == INR_ERR_IO && !strcmp(inr_error(), want), "message: %s", inr_error());

    st = audio_load(tmpdir, &a);
    CHECK_LOAD_FAILS(st, a, "a directory");
}

/* Cuts and byte flips of each container: any outcome but a crash or leak
 * (valgrind) is allowed by libsndfile's design (it reads short WAVs), but an
 * accepted file must be sane and a refusal must say why. */
static void test_damaged(void)
{
    static const struct { const char *name; int format; } cases[] = {
        { "WAV", SF_FORMAT_WAV | SF_FORMAT_PCM_16 },
        { "WAV float", SF_FORMAT_WAV | SF_FORMAT_FLOAT },
        { "FLAC", SF_FORMAT_FLAC | SF_FORMAT_PCM_16 },
        { "Ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS },
    };
    char path[512];
    tmp_path(path, sizeof path, "damaged");
    long frames = 2000;
    float x[2000];
    for (int i = 0; i < frames; i++) x[i] = 0.5f * sinf(0.05f * i);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        CHECK(write_fixture(path, cases[c].format, 1, 8000, frames, NULL, x) == 0, "fixture");
        size_t size;
        unsigned char *bytes = read_file_bytes(path, &size);
        unsigned char *copy = malloc(size);
        int insane = 0, silent = 0, refused = 0;
        size_t step = size / 150 + 1;
        for (size_t cut = 0; cut < size; cut += (cut < 64 ? 1 : step)) {
            audio a;
            inr_status st = audio_load_memory(bytes, cut, &a);
            if (st == INR_OK) insane += a.frames < 1 || a.frames > frames || !a.samples;
            else { refused++; silent += inr_error()[0] == 0 || a.samples != NULL; }
            audio_free(&a);
        }
        for (size_t i = 0; i < size; i += (i < 64 ? 1 : step)) {
            memcpy(copy, bytes, size);
            copy[i] ^= 0xff;
            audio a;
            inr_status st = audio_load_memory(copy, size, &a);
            if (st == INR_OK) insane += a.frames < 1 || !a.samples;
            else silent += inr_error()[0] == 0 || a.samples != NULL;
            audio_free(&a);
        }
        CHECK(insane == 0 && silent == 0, "%s: %d insane accepts, %d silent refusals",
              cases[c].name, insane, silent);
        CHECK(refused > 0, "%s: no cut was refused", cases[c].name);
        free(copy);
        free(bytes);
    }
}

/* ---- truncated files ------------------------------------------------------- */

/* A 16-bit mono WAV holding `frames` frames whose RIFF and data chunks
 * claim the sizes given; returns its length. */
static size_t short_wav(unsigned char *out, uint32_t riff, uint32_t data_size, int frames)
{
    static const unsigned char fmt[24] = { 'f', 'm', 't', ' ', 16, 0, 0, 0, 1, 0, 1, 0,
                                           0x40, 0x1f, 0, 0, 0x80, 0x3e, 0, 0, 2, 0, 16, 0 };
    memcpy(out, "RIFF", 4);
    for (int i = 0; i < 4; i++) out[4 + i] = (unsigned char)(riff >> 8 * i);
    memcpy(out + 8, "WAVE", 4);
    memcpy(out + 12, fmt, sizeof fmt);
    memcpy(out + 36, "data", 4);
    for (int i = 0; i < 4; i++) out[40 + i] = (unsigned char)(data_size >> 8 * i);
    for (int i = 0; i < 2 * frames; i++) out[44 + i] = (unsigned char)(i * 37);
    return 44 + 2 * (size_t)frames;
}

/* Loads the bytes as a file and from memory: both must refuse them with
 * "truncated audio (the header says DECLARED frames, the file holds HELD)". */
static void check_truncated(const char *what, const unsigned char *bytes, size_t size,
                            long declared, long held)
{
    char path[512], want[700];
    tmp_path(path, sizeof path, "truncated");
    CHECK(write_file(path, bytes, size) == 0, "%s: fixture", what);
    for (int from_memory = 0; from_memory < 2; from_memory++) {
        audio a;
        inr_status st = from_memory ? audio_load_memory(bytes, size, &a) : audio_load(path, &a);
        snprintf(want, sizeof want,
                 "'%s': truncated audio (the header says %ld frames, the file holds %ld)",
                 from_memory ? "<memory>" : path, declared, held);
        CHECK_LOAD_FAILS(st, a, what);
        CHECK(st == INR_ERR_FORMAT && !strcmp(inr_error(), want), "%s: %s", what, inr_error());
    }
    remove(path);
}

/* libsndfile reads a WAV whose data chunk runs past the end as the shorter
 * file it is; the header's size shows it was cut. The sizes a streaming
 * writer leaves still load. */
static void test_truncated_wav(void)
{
    static unsigned char wav[44 + 800];
    size_t size = short_wav(wav, 36 + 10000000, 10000000, 400);
    check_truncated("10 MB claimed, 400 frames held", wav, size, 5000000, 400);
    size = short_wav(wav, 36 + 801, 801, 400); /* half a frame missing: nothing lost */
    audio a;
    CHECK(audio_load_memory(wav, size, &a) == INR_OK && a.frames == 400, "801 bytes: %s",
          inr_error());
    audio_free(&a);
    /* A header never rewritten (libsndfile reads it when RIFF says 8),
     * ffmpeg's and sox's placeholders. */
    static const uint32_t streamed[][2] = { { 8, 0 }, { 0xFFFFFFFFu, 0xFFFFFFFFu },
                                            { 0x7FFFF024u, 0x7FFFF000u } };
    for (size_t i = 0; i < sizeof streamed / sizeof streamed[0]; i++) {
        size = short_wav(wav, streamed[i][0], streamed[i][1], 400);
        CHECK(audio_load_memory(wav, size, &a) == INR_OK && a.frames == 400,
              "streamed, data size 0x%x: %s", streamed[i][1], inr_error());
        audio_free(&a);
    }
}

/* Each container written whole, then cut in half: whole it loads, cut it is
 * refused, whether its header or its decoder finds it short. */
static void test_truncated_containers(void)
{
    static const struct { const char *name; int format; } cases[] = {
        { "WAV", SF_FORMAT_WAV | SF_FORMAT_PCM_16 },
        { "RIFX", SF_FORMAT_WAV | SF_FORMAT_PCM_24 | SF_ENDIAN_BIG },
        { "WAVEX", SF_FORMAT_WAVEX | SF_FORMAT_FLOAT },
        { "RF64", SF_FORMAT_RF64 | SF_FORMAT_PCM_16 },
        { "W64", SF_FORMAT_W64 | SF_FORMAT_PCM_32 },
        { "AIFF", SF_FORMAT_AIFF | SF_FORMAT_PCM_16 },
        { "AIFC", SF_FORMAT_AIFF | SF_FORMAT_DOUBLE },
        { "AU", SF_FORMAT_AU | SF_FORMAT_ULAW },
        { "FLAC", SF_FORMAT_FLAC | SF_FORMAT_PCM_16 },
    };
    char path[512];
    tmp_path(path, sizeof path, "whole");
    enum { FRAMES = 20000 };
    static float x[2 * FRAMES];
    for (int i = 0; i < 2 * FRAMES; i++) x[i] = 0.5f * sinf(0.01f * i);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        CHECK(write_fixture(path, cases[c].format, 2, 8000, FRAMES, NULL, x) == 0, "fixture");
        audio a;
        CHECK(audio_load(path, &a) == INR_OK && a.frames == FRAMES, "%s whole: %s",
              cases[c].name, inr_error());
        audio_free(&a);
        size_t size;
        unsigned char *bytes = read_file_bytes(path, &size);
        CHECK(audio_load_memory(bytes, size / 2, &a) != INR_OK, "%s cut: accepted", cases[c].name);
        CHECK(strstr(inr_error(), "truncated audio (the header says 20000 frames, the file holds "),
              "%s cut: %s", cases[c].name, inr_error());
        audio_free(&a);
        free(bytes);
    }
    remove(path);
}

static void test_frame_limit(void)
{
    char path[512];
    tmp_path(path, sizeof path, "limit.wav");
    int codes[300] = { 0 };
    CHECK(write_fixture(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 2, 8000, 150, codes, NULL) == 0,
          "fixture");
    audio a;
    audio_set_max_frames(150);
    CHECK(audio_load(path, &a) == INR_OK, "at the limit: %s", inr_error());
    audio_free(&a);
    audio_set_max_frames(149);
    CHECK(audio_load(path, &a) == INR_ERR_NOMEM, "over the limit");
    CHECK(strstr(inr_error(), "149") && strstr(inr_error(), "--max-frames"), "message: %s",
          inr_error());
    CHECK(a.samples == NULL, "allocated over the limit");
    audio_set_max_frames(0); /* back to the default */
    CHECK(audio_load(path, &a) == INR_OK, "default: %s", inr_error());
    audio_free(&a);
}

/* The bundled sample (assets/README.md); tests run from the repository root. */
static void test_bundled_asset(void)
{
    if (!file_exists("assets")) {
        CHECK(0, "no assets/ (run the test from the repository root)");
        return;
    }
    audio a;
    CHECK(audio_load("assets/cymbal_short.wav", &a) == INR_OK, "%s", inr_error());
    CHECK(a.frames == 11025 && a.channels == 1 && a.sample_rate == 44100 &&
              a.sf_format == (SF_FORMAT_WAV | SF_FORMAT_PCM_16),
          "cymbal_short.wav: %ld frames %d ch %d Hz %s", a.frames, a.channels,
          a.sample_rate, audio_format_name(a.sf_format));
    audio_free(&a);
}

static void test_reference_data(void)
{
    /* The reference data is in the repository (tests/data): a missing file
     * is a failure (CHECK), after which the rest of the test still runs. */
    const char *dir = data_dir();
    static const struct { const char *file; long frames; int ch, rate, format; } want[] = {
        { "audio/gt_bach.wav", 308207, 1, 44100, SF_FORMAT_WAV | SF_FORMAT_FLOAT },
        { "audio/loop_amen.flac", 77321, 2, 44100, SF_FORMAT_FLAC | SF_FORMAT_PCM_16 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, want[i].file);
        audio a;
        inr_status st = audio_load(path, &a);
        CHECK(st == INR_OK, "%s", inr_error());
        CHECK(a.frames == want[i].frames && a.channels == want[i].ch &&
                  a.sample_rate == want[i].rate && a.sf_format == want[i].format,
              "%s: %ld frames %d ch %d Hz %s", want[i].file, a.frames, a.channels,
              a.sample_rate, audio_format_name(a.sf_format));
        if (st == INR_OK) {
            /* Recorded music: not silent, and within full scale. */
            float peak = 0;
            for (size_t k = 0; k < (size_t)a.frames * a.channels; k++)
                peak = fmaxf(peak, fabsf(a.samples[k]));
            CHECK(peak > 0.05f && peak <= 1.0f, "%s: peak %g", want[i].file, peak);
        }
        audio_free(&a);
    }
}

int main(void)
{
    test_rnd_state = 2463534242u;
    if (make_tmpdir("audio") != 0) return 1;
    test_format_names();
    test_lossless_round_trips();
    test_vorbis();
    test_save_round_trips();
    test_save_failures();
    test_refusals();
    test_damaged();
    test_truncated_wav();
    test_truncated_containers();
    test_frame_limit();
    test_bundled_asset();
    test_reference_data();
    remove_tmpdir();
    return check_result();
}
