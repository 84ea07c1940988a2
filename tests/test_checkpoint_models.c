/* test_checkpoint_models.c - checkpoints of hash-grid, NSTR and HC-INR
 * models round trip (configuration, parameters, the same outputs), and
 * version-1 files (SIREN, FFN; made from a version-2 file) still load, with
 * the fields version 2 added taking their defaults. */
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "checkpoint.h"
#include "trainer.h"

static const inr_fit_info INFO = { INR_SIGNAL_IMAGE, 1, 8, 8, 0, 8, 0.5f, 0.5f, 5, 0, "", 0, 0, 0 };

static void round_trip(inr_config cfg, const char *what)
{
    char dir[] = "/tmp/inrfit-ckpt2-XXXXXX", path[256];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(path, sizeof path, "%s/m.inr", dir);
    inr_model m, back;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s: %s", what, inr_error());
    inr_model_init(&m);
    inr_fit_info info = INFO, info2;
    info.channels = cfg.out_dim;
    if (cfg.in_dim == 1) { /* the reader wants audio to go with a 1-D model */
        info.kind = INR_SIGNAL_AUDIO;
        info.height = 1;
        info.sample_rate = 8000;
    }
    CHECK(inr_checkpoint_save(path, &m, &info, NULL) == INR_OK, "%s", inr_error());
    CHECK(inr_checkpoint_load(path, &back, &info2, NULL) == INR_OK, "%s: %s", what, inr_error());
    CHECK(info2.format_version == INR_CHECKPOINT_VERSION, "%s: version %d", what, info2.format_version);
    CHECK(memcmp(&back.cfg, &m.cfg, sizeof m.cfg) == 0, "%s: configuration differs", what);
    CHECK(back.n_params == m.n_params &&
              memcmp(back.params, m.params, m.n_params * sizeof(float)) == 0,
          "%s: parameters differ", what);
    /* Same layout, so the same outputs, bit for bit. */
    enum { N = 50 };
    float x[N * 2], y1[N * 4], y2[N * 4];
    for (int i = 0; i < N * cfg.in_dim; i++) x[i] = -1.0f + 2.0f * i / (N * cfg.in_dim - 1);
    inr_model_evaluate(&m, x, N, y1, 1);
    inr_model_evaluate(&back, x, N, y2, 1);
    CHECK(memcmp(y1, y2, sizeof(float) * N * cfg.out_dim) == 0, "%s: outputs differ", what);
    /* A flipped byte in the configuration is refused (CRC). */
    size_t size;
    unsigned char *data = read_file_bytes(path, &size);
    inr_model x2;
    inr_fit_info xi;
    data[170] ^= 1;
    CHECK(inr_checkpoint_parse(data, size, &x2, &xi, NULL) != INR_OK, "%s: flipped v2 field", what);
    free(data);
    inr_model_free(&m);
    inr_model_free(&back);
    unlink(path);
    rmdir(dir);
}

static void put_u32(unsigned char *p, unsigned int v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

/* Rewrites a version-2 file as version 1: header 148 bytes (the 64 bytes at
 * 164 removed), new CRC. */
static unsigned char *as_version1(const unsigned char *v2, size_t size, size_t *out_size)
{
    *out_size = size - 64;
    unsigned char *v1 = malloc(*out_size);
    memcpy(v1, v2, 164);
    memcpy(v1 + 164, v2 + 228, size - 228);
    put_u32(v1 + 8, 1);
    put_u32(v1 + 12, 148);
    put_u32(v1 + *out_size - 4, inr_crc32(0, v1, *out_size - 4));
    return v1;
}

static void check_version1(void)
{
    char dir[] = "/tmp/inrfit-ckpt1-XXXXXX", path[256];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(path, sizeof path, "%s/m.inr", dir);
    inr_config cfg = inr_config_default(INR_MODEL_SIREN, 2, 1);
    cfg.width = 8;
    cfg.layers = 2;
    inr_model m, back;
    inr_model_create(&m, &cfg);
    inr_model_init(&m);
    CHECK(inr_checkpoint_save_version(path, &m, &INFO, NULL, 2) == INR_OK, "%s", inr_error());
    size_t size, size1;
    unsigned char *v2 = read_file_bytes(path, &size);
    CHECK(v2 && size == 228 + 4 * m.n_params + 4, "version-2 size %zu", size);
    unsigned char *v1 = as_version1(v2, size, &size1);
    inr_fit_info info;
    CHECK(inr_checkpoint_parse(v1, size1, &back, &info, NULL) == INR_OK, "v1: %s", inr_error());
    CHECK(info.format_version == 1, "version %d", info.format_version);
    CHECK(memcmp(&back.cfg, &m.cfg, sizeof m.cfg) == 0, "v1 configuration differs");
    CHECK(memcmp(back.params, m.params, m.n_params * sizeof(float)) == 0, "v1 parameters");
    inr_model_free(&back);
    /* A version-1 header with a version-2 size is corrupt. */
    put_u32(v1 + 12, 212);
    put_u32(v1 + size1 - 4, inr_crc32(0, v1, size1 - 4));
    CHECK(inr_checkpoint_parse(v1, size1, &back, &info, NULL) != INR_OK, "v1 with header 212");
    /* Version 1 cannot hold the new kinds. */
    put_u32(v1 + 12, 148);
    put_u32(v1 + 16, INR_MODEL_HASHGRID);
    put_u32(v1 + size1 - 4, inr_crc32(0, v1, size1 - 4));
    CHECK(inr_checkpoint_parse(v1, size1, &back, &info, NULL) != INR_OK, "v1 hash grid");
    /* Version 4 is unknown. */
    put_u32(v2 + 8, 4);
    put_u32(v2 + size - 4, inr_crc32(0, v2, size - 4));
    CHECK(inr_checkpoint_parse(v2, size, &back, &info, NULL) != INR_OK &&
              strstr(inr_error(), "version 4"),
          "version 4: %s", inr_error());
    free(v1);
    free(v2);
    inr_model_free(&m);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    inr_config hg = inr_config_default(INR_MODEL_HASHGRID, 2, 1);
    hg.grid.levels = 4;
    hg.grid.log2_table = 8;
    hg.grid.max_res = 40;
    hg.width = 16;
    round_trip(hg, "hashgrid");
    inr_config ns = inr_config_default(INR_MODEL_NSTR, 2, 3);
    ns.nstr.bases = 8;
    ns.nstr.lambda = 0.25f;
    ns.nstr.omega_std = 17;
    round_trip(ns, "nstr");
    inr_config hc = inr_config_default(INR_MODEL_HCINR, 1, 2);
    hc.hcinr.scales = 2;
    hc.hcinr.latent_res = 32;
    hc.hcinr.latent_features = 4;
    hc.width = 16;
    round_trip(hc, "hcinr");
    check_version1();
    return check_result();
}
