/* test_checkpoint_validate.c - every field of a checkpoint is checked at
 * load: a small valid file (image and audio, with optimizer state) gets one
 * field patched at its offset (docs/CHECKPOINT.md) and its CRC-32 redone,
 * and the parse and the load must refuse it with a reason that names the
 * field (the load's prefixed with the path); values a fit can write still
 * load. */
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "checkpoint.h"

enum { U32, U64, F32, NAME };

typedef struct {
    const char *what;    /* substring the reason must hold; NULL: accepted */
    long at;             /* header offset; < 0: from the optimizer's step back */
    int type;
    double value;
    const char *name;    /* NAME: 16 bytes at `at` */
} patch;

/* Optimizer block offsets from its step (after both moment arrays). */
enum { O_STEP = 0, O_LR = 40, O_BETA1 = 44, O_BETA2 = 48, O_EPS = 52, O_DECAY = 56,
       O_EVERY = 60, O_BATCH = 64 };
#define OPT(off) (-1 - (off))

static const patch IMAGE_PATCHES[] = {
    { "step -5 is negative", 112, U64, -5, NULL },
    { "bit depth 0", 100, U32, 0, NULL },
    { "bit depth 99", 100, U32, 99, NULL },
    { "bit depth 4294967295", 100, U32, -1, NULL },
    { "unknown initialisation 7", 52, U32, 7, NULL },
    { "winner_s0", 56, F32, NAN, NULL },
    { "winner_s1", 60, F32, INFINITY, NULL },
    { "spectral centroid", 120, F32, NAN, NULL },
    { "FreSh value", 140, F32, -INFINITY, NULL },
    { "FreSh hyper-parameter 'bogus'", 124, NAME, 0, "bogus" },
    { "value scale", 104, F32, 0, NULL },
    { "value scale", 104, F32, NAN, NULL },
    { "value offset", 108, F32, INFINITY, NULL },
    { "held-out fraction 1 is not 0..0.99", 156, F32, 1, NULL },
    { "held-out fraction -0.1", 156, F32, -0.1, NULL },
    { "held-out fraction nan", 156, F32, NAN, NULL },
    { "optimizer step -5 is negative", OPT(O_STEP), U64, -5, NULL },
    { "optimizer step 8 differs from the header's step 7", OPT(O_STEP), U64, 8, NULL },
    { "optimizer lr 0", OPT(O_LR), F32, 0, NULL },
    { "optimizer lr -0.1", OPT(O_LR), F32, -0.1, NULL },
    { "optimizer lr inf", OPT(O_LR), F32, INFINITY, NULL },
    { "optimizer beta1 1", OPT(O_BETA1), F32, 1, NULL },
    { "optimizer beta1 nan", OPT(O_BETA1), F32, NAN, NULL },
    { "optimizer beta2 -0.5", OPT(O_BETA2), F32, -0.5, NULL },
    { "optimizer eps 0", OPT(O_EPS), F32, 0, NULL },
    { "optimizer eps nan", OPT(O_EPS), F32, NAN, NULL },
    { "optimizer lr_decay 0", OPT(O_DECAY), F32, 0, NULL },
    { "optimizer lr_decay 2", OPT(O_DECAY), F32, 2, NULL },
    { "optimizer lr_decay_every 0", OPT(O_EVERY), U32, 0, NULL },
    { "optimizer lr_decay_every 4294967295", OPT(O_EVERY), U32, -1, NULL },
    { "optimizer batch 18446744073709551615", OPT(O_BATCH), U64, -1, NULL },
    { "optimizer batch 1099511627776", OPT(O_BATCH), U64, 1099511627776.0, NULL },
    /* What a fit can write. */
    { NULL, 156, F32, 0.25, NULL },
    { NULL, 156, F32, 0.99, NULL },
    { NULL, 100, U32, 1, NULL },
    { NULL, 100, U32, 16, NULL },
    { NULL, 124, NAME, 0, "sigma" },
    { NULL, 124, NAME, 0, "" },
    { NULL, 52, U32, 1, NULL },
    { NULL, OPT(O_BATCH), U64, 0, NULL },
    { NULL, OPT(O_DECAY), F32, 1, NULL },
};

static const patch AUDIO_PATCHES[] = {
    { "sample rate 0", 96, U32, 0, NULL },
    { "sample rate 2147483648", 96, U32, 2147483648.0, NULL },
    { NULL, 96, U32, 2147483647.0, NULL },
};

static void put_le(unsigned char *p, unsigned long long v, int bytes)
{
    for (int k = 0; k < bytes; k++) p[k] = (unsigned char)(v >> (8 * k));
}

static void put_value(unsigned char *p, const patch *x)
{
    if (x->type == F32) {
        float f = (float)x->value;
        unsigned int u;
        memcpy(&u, &f, 4);
        put_le(p, u, 4);
    } else if (x->type == NAME) {
        memset(p, 0, 16);
        memcpy(p, x->name, strlen(x->name));
    } else {
        /* -1 and -5 stand for the two's complement patterns. */
        unsigned long long v = x->value < 0 ? (unsigned long long)(long long)x->value
                                            : (unsigned long long)x->value;
        put_le(p, v, x->type == U32 ? 4 : 8);
    }
}

static char dir[] = "/tmp/inrfit-validate-XXXXXX";

static void file_path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

static void write_bytes(const char *path, const unsigned char *d, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(d, 1, n, f) == n, "write %s", path);
    if (f) fclose(f);
}

/* A checkpoint of a small SIREN fitted to 4x4 pixels or 16 samples, with
 * optimizer state as a fit leaves it after 7 steps. */
static unsigned char *saved(int audio, int version, size_t *size, size_t *opt_at)
{
    inr_config cfg = inr_config_default(INR_MODEL_SIREN, audio ? 1 : 2, 1);
    cfg.width = 8;
    cfg.layers = 2;
    inr_model m;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s", inr_error());
    inr_model_init(&m);
    inr_fit_info info = { audio ? INR_SIGNAL_AUDIO : INR_SIGNAL_IMAGE, 1, audio ? 1 : 4,
                          audio ? 16 : 4, audio ? 8000 : 0, audio ? 16 : 8, 0.5f,
                          audio ? 0.0f : 0.5f, 7, 0.1f, "w0_first", 30.0f, 0, 0 };
    inr_optimizer_state opt = { 0 };
    opt.adam_m = calloc(m.n_params, sizeof(float));
    opt.adam_v = calloc(m.n_params, sizeof(float));
    for (size_t i = 0; i < m.n_params; i++) opt.adam_m[i] = -1e-3f, opt.adam_v[i] = 1e-6f;
    opt.step = 7;
    inr_rng_seed(&opt.rng, 5);
    opt.lr = 1e-4f, opt.beta1 = 0.9f, opt.beta2 = 0.999f, opt.eps = 1e-8f;
    opt.lr_decay = 0.5f, opt.lr_decay_every = 20, opt.batch = 8;
    char path[256];
    file_path(path, sizeof path, "valid.inr");
    CHECK(inr_checkpoint_save_version(path, &m, &info, &opt, version) == INR_OK, "%s",
          inr_error());
    unsigned char *data = read_file_bytes(path, size);
    *opt_at = *size - 4 - (8 + 32 + 5 * 4 + 4 + 8);
    CHECK(*opt_at == 16 + (data[12] | (size_t)data[13] << 8) + 12 * m.n_params, "layout");
    free(opt.adam_m);
    free(opt.adam_v);
    inr_model_free(&m);
    return data;
}

/* Parses (and loads) d, n bytes, with its CRC redone: refused with a reason
 * holding what, or accepted when what is NULL. */
static void expect(unsigned char *d, size_t n, const char *what, const char *label)
{
    put_le(d + n - 4, inr_crc32(0, d, n - 4), 4);
    inr_model m;
    inr_fit_info info;
    inr_optimizer_state opt;
    inr_status st = inr_checkpoint_parse(d, n, &m, &info, &opt);
    if (!what) {
        CHECK(st == INR_OK, "%s: %s", label, inr_error());
        if (st == INR_OK) {
            free(opt.adam_m);
            free(opt.adam_v);
            inr_model_free(&m);
        }
        return;
    }
    CHECK(st == INR_ERR_FORMAT && strstr(inr_error(), what), "%s: got '%s', want '%s'",
          label, st ? inr_error() : "(accepted)", what);
    CHECK(m.params == NULL && opt.adam_m == NULL, "%s: memory left", label);
    if (st == INR_OK) inr_model_free(&m);
    /* The same through a file, with and without the optimizer state. */
    char path[256], want[512];
    file_path(path, sizeof path, "bad.inr");
    write_bytes(path, d, n);
    snprintf(want, sizeof want, "'%s': ", path);
    st = inr_checkpoint_load(path, &m, &info, NULL);
    CHECK(st && strncmp(inr_error(), want, strlen(want)) == 0 && strstr(inr_error(), what),
          "%s: load gave '%s'", label, st ? inr_error() : "(accepted)");
    if (st == INR_OK) inr_model_free(&m);
    unlink(path);
}

static void patch_all(int audio, const patch *list, size_t count)
{
    size_t size, opt_at;
    unsigned char *data = saved(audio, 0, &size, &opt_at);
    unsigned char *d = malloc(size);
    memcpy(d, data, size);
    expect(d, size, NULL, "unpatched");
    for (size_t i = 0; i < count; i++) {
        const patch *x = &list[i];
        size_t at = x->at >= 0 ? (size_t)x->at : opt_at + (size_t)(-1 - x->at);
        char label[64];
        snprintf(label, sizeof label, "%s patch %zu at %zu", audio ? "audio" : "image", i, at);
        memcpy(d, data, size);
        put_value(d + at, x);
        expect(d, size, x->what, label);
    }
    /* The moments: the first m, a v, each non-finite; a negative v. */
    size_t n = (opt_at - 16 - (data[12] | (size_t)data[13] << 8)) / 12;
    size_t m_at = opt_at - 8 * n, v_at = opt_at - 4 * n;
    const patch nan = { 0, 0, F32, NAN, NULL }, inf = { 0, 0, F32, INFINITY, NULL },
                neg = { 0, 0, F32, -1e-9, NULL };
    memcpy(d, data, size);
    put_value(d + m_at, &nan);
    expect(d, size, "Adam state holds NaN or infinity", "adam m nan");
    memcpy(d, data, size);
    put_value(d + v_at + 4 * (n - 1), &inf);
    expect(d, size, "Adam state holds NaN or infinity", "adam v inf");
    memcpy(d, data, size);
    put_value(d + v_at + 4, &neg);
    expect(d, size, "Adam second moment", "adam v negative");
    free(d);
    free(data);
}

/* A version-2 file keeps the width in its header: width 0 is refused with
 * the layout's reason after the prefix, which once repeated itself. */
static void width_zero(void)
{
    size_t size, opt_at;
    unsigned char *d = saved(0, 2, &size, &opt_at);
    put_le(d + 28, 0, 4);
    expect(d, size, "checkpoint holds an invalid model: ", "width 0");
    CHECK(strstr(inr_error(), "width") && !strstr(inr_error(), "model: checkpoint holds"),
          "width 0: got '%s'", inr_error());
    free(d);
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    patch_all(0, IMAGE_PATCHES, sizeof IMAGE_PATCHES / sizeof IMAGE_PATCHES[0]);
    patch_all(1, AUDIO_PATCHES, sizeof AUDIO_PATCHES / sizeof AUDIO_PATCHES[0]);
    width_zero();
    char path[256];
    file_path(path, sizeof path, "valid.inr");
    unlink(path);
    rmdir(dir);
    return check_result();
}
