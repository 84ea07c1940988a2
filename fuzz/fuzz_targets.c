/* fuzz_targets.c - the fuzzed entry points (fuzz_targets.h): each feeds one
 * input to a parser and checks what the house rules promise about bad input:
 * no crash, a one-line reason on failure, sane values on success, and a
 * loaded checkpoint that `info` and `render` handle like the CLI would.
 */
#include "fuzz_targets.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audio_io.h"
#include "checkpoint.h"
#include "checkpoint_config.h"
#include "commands.h"
#include "exif.h"
#include "fields.h"
#include "fit_options.h"
#include "hparams.h"
#include "image_io.h"
#include "jpeg_io.h"

/* Limits for fuzzing: 2^20 pixels (16 MB of RGBA floats) and 2^20 frames.
 * The defaults let a 100-byte header ask for gigabytes, which is allowed
 * (users raise or lower them) but would trip libFuzzer's malloc limit. */
#define FUZZ_MAX_PIXELS (1LL << 20)
#define FUZZ_MAX_FRAMES (1LL << 20)
#define FUZZ_MAX_ARGS 64

static char scratch[64]; /* private directory for render outputs */

/* fuzz_checkpoint_crc feeds fuzz_checkpoint_one too: its findings replay
 * as "checkpoint". */
const fuzz_target FUZZ_TARGETS[6] = {
    { "png", fuzz_png_one },
    { "jpeg", fuzz_jpeg_one },
    { "audio", fuzz_audio_one },
    { "checkpoint", fuzz_checkpoint_one },
    { "cli", fuzz_cli_one },
    { "config", fuzz_config_one },
};

static void fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz: %s (%s)\n", what, detail ? detail : "");
    abort();
}

static void remove_scratch(void)
{
    char path[128];
    static const char *names[] = { "r.png", "r.wav", "f.png" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", scratch, names[i]);
        unlink(path);
    }
    rmdir(scratch);
}

void fuzz_setup(void)
{
    static int ready;
    if (ready) return;
    ready = 1;
    image_set_max_pixels(FUZZ_MAX_PIXELS);
    audio_set_max_frames(FUZZ_MAX_FRAMES);
    omp_set_num_threads(1);
    /* tmpfs where there is one: renders fsync their output. */
    struct stat st;
    const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
    snprintf(scratch, sizeof scratch, "%s/inrfit-fuzz-XXXXXX", base);
    if (!mkdtemp(scratch)) fuzz_fail("cannot create a scratch directory", scratch);
    atexit(remove_scratch);
}

/* A failure must come with a reason of one line (cli_error prints it). */
static void check_reason(const char *target)
{
    const char *why = inr_error();
    if (!why[0]) fuzz_fail("failure without a reason", target);
    if (strchr(why, '\n')) fuzz_fail("reason spans lines", why);
}

/* ---- images: PNG, JPEG (with its EXIF orientation) -------------------- */

/* What a decoder promises: a reason on failure, nothing left allocated, and
 * on success a plausible shape with every pixel in [0,1]. */
static void check_image(inr_status st, image *img, const char *target)
{
    if (st != INR_OK) {
        check_reason(target);
        if (img->pixels) fuzz_fail("pixels left after a failure", target);
        return;
    }
    if (img->width < 1 || img->height < 1 || img->channels < 1 || img->channels > 4 ||
        (long long)img->width * img->height > FUZZ_MAX_PIXELS)
        fuzz_fail("impossible image shape", target);
    size_t n = (size_t)img->width * img->height * img->channels;
    for (size_t i = 0; i < n; i++)
        if (!(img->pixels[i] >= 0.0f && img->pixels[i] <= 1.0f))
            fuzz_fail("pixel outside [0,1]", target);
    image_free(img);
}

int fuzz_png_one(const uint8_t *data, size_t size)
{
    fuzz_setup();
    image img;
    check_image(image_load_png_memory(data, size, &img), &img, "png");
    return 0;
}

/* The input as a JPEG, and as the payload of an APP1 block for the EXIF
 * parser directly (the decoder reaches it only through valid JPEG framing). */
int fuzz_jpeg_one(const uint8_t *data, size_t size)
{
    fuzz_setup();
    int o = exif_orientation(data, size);
    if (o < 0 || o > 8) fuzz_fail("orientation outside 0..8", "jpeg");
    image img;
    inr_status st = image_load_jpeg_memory(data, size, &img);
    if (st == INR_OK && (img.orientation < 0 || img.orientation > 8 || img.channels == 2 ||
                         img.channels == 4))
        fuzz_fail("impossible JPEG orientation or channels", "jpeg");
    check_image(st, &img, "jpeg");
    return 0;
}

/* ---- audio ----------------------------------------------------------- */

int fuzz_audio_one(const uint8_t *data, size_t size)
{
    fuzz_setup();
    audio a;
    if (audio_load_memory(data, size, &a) != INR_OK) {
        check_reason("audio");
        if (a.samples) fuzz_fail("samples left after a failure", "audio");
        return 0;
    }
    if (a.frames < 1 || a.frames > FUZZ_MAX_FRAMES || a.channels < 1 || a.sample_rate < 1)
        fuzz_fail("impossible audio shape", "audio");
    size_t n = (size_t)a.frames * a.channels;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(a.samples[i])) fuzz_fail("non-finite sample", "audio");
    (void)audio_format_name(a.sf_format);
    audio_free(&a);
    return 0;
}

/* ---- checkpoints ------------------------------------------------------- */

static int run_command(int (*cmd)(int, char **), int argc, const char **argv)
{
    return cmd(argc, (char **)argv);
}

/* What `inrfit info` and `inrfit render` (model output and inner fields)
 * do with a checkpoint that parses, run on the very bytes through a memfd;
 * renders are kept small so that any header the parser accepts is cheap
 * (a field figure needs room for its title, axes and scale). */
static void use_checkpoint(const uint8_t *data, size_t size, const inr_model *m,
                           const inr_fit_info *info)
{
    int fd = memfd_create("fuzz.inr", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) fuzz_fail("memfd", "checkpoint");
    char path[64], out_img[128], out_wav[128], out_field[128];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    snprintf(out_img, sizeof out_img, "%s/r.png", scratch);
    snprintf(out_wav, sizeof out_wav, "%s/r.wav", scratch);
    snprintf(out_field, sizeof out_field, "%s/f.png", scratch);

    const char *info_argv[] = { path };
    if (run_command(cmd_info, 1, info_argv) != 0)
        fuzz_fail("info refused a parsed checkpoint", inr_error());

    int rc;
    if (info->kind == INR_SIGNAL_IMAGE) {
        const char *argv[] = { path, "-o", out_img, "--size", "5x3", "--threads", "1" };
        rc = run_command(cmd_render, 7, argv);
    } else {
        const char *argv[] = { path, "-o", out_wav, "--rate", "8000", "--seconds", "0.001",
                               "--threads", "1" };
        rc = run_command(cmd_render, 9, argv);
    }
    /* Render may refuse (a model whose output saturates is still written;
     * only I/O can fail here), but never crash. */
    (void)rc;

    inr_field_info fields[8];
    int nf = inr_model_fields(m, fields, 8);
    if (nf > 0) {
        const char *list_argv[] = { path, "--field", "list" };
        run_command(cmd_render, 3, list_argv);
        const char *argv[] = { path, "--field", fields[0].name, "-o", out_field,
                               "--size", "320x240", "--threads", "1" };
        run_command(cmd_render, 9, argv);
    }
    close(fd);
}

static void parse_one(const uint8_t *data, size_t size)
{
    inr_model m;
    inr_fit_info info;
    inr_optimizer_state opt;
    if (inr_checkpoint_parse(data, size, &m, &info, &opt) != INR_OK) {
        check_reason("checkpoint");
        if (m.params || opt.adam_m || opt.adam_v)
            fuzz_fail("memory left after a failure", "checkpoint");
        return;
    }
    /* Without optimizer state the same bytes must give the same model. */
    inr_model m2;
    inr_fit_info info2;
    if (inr_checkpoint_parse(data, size, &m2, &info2, NULL) != INR_OK ||
        m2.n_params != m.n_params || memcmp(m2.params, m.params, m.n_params * sizeof(float)) != 0)
        fuzz_fail("parse differs without optimizer state", inr_error());
    inr_model_free(&m2);
    use_checkpoint(data, size, &m, &info);
    free(opt.adam_m);
    free(opt.adam_v);
    inr_model_free(&m);
}

/* A fuzzer rarely gets a CRC right, so each input is parsed as it is and
 * once more with its last four bytes replaced by the correct CRC-32: the
 * second parse reaches everything behind the checksum. */
int fuzz_checkpoint_one(const uint8_t *data, size_t size)
{
    fuzz_setup();
    parse_one(data, size);
    if (size < 12) return 0;
    unsigned int crc = inr_crc32(0, data, size - 4);
    uint8_t tail[4] = { crc, crc >> 8, crc >> 16, crc >> 24 };
    if (memcmp(data + size - 4, tail, 4) == 0) return 0;
    uint8_t *copy = malloc(size);
    if (!copy) return 0;
    memcpy(copy, data, size - 4);
    memcpy(copy + size - 4, tail, 4);
    parse_one(copy, size);
    free(copy);
    return 0;
}

void fuzz_fix_crc(uint8_t *data, size_t size)
{
    if (size < 20) return;
    unsigned int crc = inr_crc32(0, data, size - 4);
    for (int k = 0; k < 4; k++) data[size - 4 + k] = (uint8_t)(crc >> (8 * k));
}

/* ---- the configuration block (checkpoint version 3) -------------------- */

/* Whether a and b hold the same value of every hyper-parameter. */
static int same_hparams(const inr_config *a, const inr_config *b)
{
    const inr_hparam *h;
    for (int i = 0; (h = inr_hparam_at(i)); i++) {
        double x = inr_hparam_get(h, a), y = inr_hparam_get(h, b);
        if (x != y && !(isnan(x) && isnan(y))) return 0;
    }
    return 1;
}

/* A block that reads must write back to the same configuration, and its
 * layout must succeed or say why; a small one is also created. */
int fuzz_config_one(const uint8_t *data, size_t size)
{
    fuzz_setup();
    if (size < 1) return 0;
    inr_config c;
    memset(&c, 0, sizeof c);
    c.kind = (inr_model_kind)(1 + data[0] % 5);
    c.in_dim = 1 + (data[0] >> 4 & 1);
    c.out_dim = 1 + (data[0] >> 5 & 3);
    if (inr_config_block_read(&c, data + 1, size - 1) != INR_OK) {
        check_reason("config");
        return 0;
    }
    static unsigned char block[INR_CONFIG_BLOCK_MAX];
    size_t n = inr_config_block_write(&c, block, sizeof block);
    inr_config back = c;
    if (inr_config_block_read(&back, block, n) != INR_OK || !same_hparams(&c, &back))
        fuzz_fail("configuration differs after a write and read", inr_error());
    inr_model m;
    if (inr_model_layout(&m, &c) != INR_OK) {
        check_reason("config layout");
        return 0;
    }
    if (m.n_params <= (1u << 16) && inr_model_create(&m, &c) == INR_OK) {
        inr_model_init(&m);
        inr_model_free(&m);
    }
    return 0;
}

/* ---- command line ------------------------------------------------------ */

/* The first byte picks the command; the rest is split into arguments on
 * NUL bytes. render, info, spectrum and export get a checkpoint/input path that does
 * not exist in front, so that whatever the options say, nothing is read or
 * written: their option parsing runs up to the failed open. */
int fuzz_cli_one(const uint8_t *data, size_t size)
{
    fuzz_setup();
    if (size < 1) return 0;
    char *text = malloc(size); /* data[1..] plus a final NUL */
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *argv[FUZZ_MAX_ARGS + 2];
    int argc = 0;
    static char missing[] = "/nonexistent-inrfit-fuzz/input";
    int cmd = data[0] % 5;
    if (cmd != 0) argv[argc++] = missing;
    for (size_t i = 0; i < size - 1 && argc < FUZZ_MAX_ARGS + 1; i += strlen(text + i) + 1)
        argv[argc++] = text + i;
    argv[argc] = NULL;

    int rc;
    if (cmd == 0) {
        fit_options o;
        rc = fit_options_parse(argc, argv, &o);
        if (rc < 0 || rc > 2) fuzz_fail("fit_options_parse returned an unknown code", "cli");
        if (rc == 0 && !o.input) fuzz_fail("fit options accepted without an input", "cli");
    } else {
        int (*commands[])(int, char **) = { NULL, cmd_render, cmd_info, cmd_spectrum, cmd_export };
        rc = commands[cmd](argc, argv);
        if (rc < 0 || rc > 2) fuzz_fail("command returned an unknown exit status", "cli");
    }
    free(text);
    return 0;
}
