/* test_checkpoint_validate.c - a checkpoint that lies is refused at load,
 * with the field named (issue 23): a valid small SIREN with optimizer state
 * is saved, then one field at a time is patched at its offset
 * (docs/CHECKPOINT.md), the CRC-32 repaired, and the file parsed. Before,
 * every one of these parsed, and a resume "at step -5" ended blaming --lr. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "checkpoint.h"
#include "test_files.h"

/* After the moments: step u64, RNG 4 x u64, lr, beta1, beta2, eps,
 * lr_decay f32, lr_decay_every u32, batch u64; then the CRC. */
enum { OPT_EXTRA = 72 };

static unsigned char *base;
static size_t base_size, n_params;

static void put32(unsigned char *p, unsigned v) { for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i)); }
static void put64(unsigned char *p, unsigned long long v) { put32(p, (unsigned)v); put32(p + 4, (unsigned)(v >> 32)); }
static void putf(unsigned char *p, float f) { unsigned v; memcpy(&v, &f, 4); put32(p, v); }

static size_t opt_at(int field) { return base_size - 4 - OPT_EXTRA + (size_t)field; }

/* Patches len bytes at off (from bytes), repairs the CRC, parses: the
 * reason must contain want. */
static void expect_refused(size_t off, const unsigned char *bytes, size_t len, const char *want)
{
    unsigned char *d = malloc(base_size);
    memcpy(d, base, base_size);
    memcpy(d + off, bytes, len);
    put32(d + base_size - 4, inr_crc32(0, d, base_size - 4));
    inr_model m;
    inr_fit_info info;
    inr_optimizer_state opt;
    inr_status st = inr_checkpoint_parse(d, base_size, &m, &info, &opt);
    CHECK(st == INR_ERR_FORMAT && strstr(inr_error(), want), "patch at %zu: status %d, '%s' (want '%s')",
          off, st, inr_error(), want);
    if (st == INR_OK) {
        inr_model_free(&m);
        free(opt.adam_m);
        free(opt.adam_v);
    }
    /* Also when the caller keeps no optimizer state (inrfit info). */
    st = inr_checkpoint_parse(d, base_size, &m, &info, NULL);
    CHECK(st == INR_ERR_FORMAT, "patch at %zu: accepted without optimizer state", off);
    if (st == INR_OK) inr_model_free(&m);
    free(d);
}

static void u32_at(size_t off, unsigned v, const char *want) { unsigned char b[4]; put32(b, v); expect_refused(off, b, 4, want); }
static void u64_at(size_t off, unsigned long long v, const char *want) { unsigned char b[8]; put64(b, v); expect_refused(off, b, 8, want); }
static void f32_at(size_t off, float v, const char *want) { unsigned char b[4]; putf(b, v); expect_refused(off, b, 4, want); }

int main(void)
{
    if (make_tmpdir("ckvalid")) return 1;
    char path[400];
    tmp_path(path, sizeof path, "m.inr");
    inr_config cfg = inr_config_default(INR_MODEL_SIREN, 2, 1);
    cfg.width = 8;
    cfg.layers = 2;
    inr_model m;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s", inr_error());
    inr_model_init(&m);
    n_params = m.n_params;
    inr_fit_info info = { INR_SIGNAL_IMAGE, 1, 16, 16, 0, 8, 0.5f, 0.5f, 20, 0.1f, "w0_first", 30.0f, 0 };
    inr_optimizer_state opt = { calloc(n_params, 4), calloc(n_params, 4), 20, { { 1, 2, 3, 4 } },
                                1e-4f, 0.9f, 0.999f, 1e-8f, 1.0f, 1, 0 };
    CHECK(inr_checkpoint_save(path, &m, &info, &opt) == INR_OK, "%s", inr_error());
    base = read_file_bytes(path, &base_size);
    CHECK(base != NULL, "read back");
    inr_model back;
    inr_fit_info bi;
    CHECK(inr_checkpoint_parse(base, base_size, &back, &bi, NULL) == INR_OK, "valid file refused: %s",
          inr_error());
    inr_model_free(&back);

    /* The header. */
    u64_at(112, (unsigned long long)-5, "step -5 is negative");
    u32_at(100, 0, "bit depth 0");
    u32_at(100, 99, "bit depth 99");
    u32_at(52, 7, "unknown initialisation 7");
    f32_at(56, NAN, "WINNER scales");
    f32_at(120, INFINITY, "spectral centroid");
    f32_at(104, 0.0f, "value scale is 0");
    expect_refused(124, (const unsigned char *)"bogus\0\0\0\0\0\0\0\0\0\0", 16, "FreSh parameter 'bogus'");
    f32_at(140, NAN, "FreSh value");
    /* The optimizer state. */
    size_t m_at = base_size - 4 - OPT_EXTRA - 8 * n_params, v_at = m_at + 4 * n_params;
    f32_at(m_at + 4, NAN, "Adam state holds NaN");
    f32_at(v_at, -1.0f, "Adam state holds NaN");
    f32_at(v_at + 8, INFINITY, "Adam state holds NaN");
    u64_at(opt_at(0), (unsigned long long)-5, "Adam step -5 is negative");
    f32_at(opt_at(40), NAN, "learning rate");
    f32_at(opt_at(40), -1e-3f, "learning rate");
    f32_at(opt_at(44), 1.0f, "Adam betas");
    f32_at(opt_at(48), -0.5f, "Adam betas");
    f32_at(opt_at(52), 0.0f, "Adam eps");
    f32_at(opt_at(56), 2.0f, "learning-rate decay");
    u32_at(opt_at(60), 0, "decay interval 0");
    u64_at(opt_at(64), (unsigned long long)-1, "batch -1 is negative");

    free(base);
    free(opt.adam_m);
    free(opt.adam_v);
    inr_model_free(&m);
    remove_tmpdir();
    return check_result();
}
