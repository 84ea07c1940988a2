/* test_checkpoint.c - .inr round trips (model, fit info, optimizer state)
 * and refusal of truncated or corrupted files at every kind of damage. */
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "checkpoint.h"

static void round_trip(inr_config cfg, int with_optimizer)
{
    char dir[] = "/tmp/inrfit-ckpt-XXXXXX", path[256];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(path, sizeof path, "%s/m.inr", dir);
    inr_model m;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s", inr_error());
    inr_model_init(&m);
    /* The reader refuses a model whose input dimension does not fit the signal. */
    inr_fit_info info = { cfg.in_dim == 1 ? INR_SIGNAL_AUDIO : INR_SIGNAL_IMAGE, cfg.out_dim,
                          1, 12345, 44100, 16, 0.75f, 0.0f,
                          321, 0.125f, "w0_first", 70.0f, 0.25f, 0 };
    inr_optimizer_state opt = { 0 };
    if (with_optimizer) {
        opt.adam_m = calloc(m.n_params, sizeof(float));
        opt.adam_v = calloc(m.n_params, sizeof(float));
        for (size_t i = 0; i < m.n_params; i++) {
            opt.adam_m[i] = (float)i * 1e-3f;
            opt.adam_v[i] = (float)i * 1e-6f;
        }
        opt.step = 321;
        inr_rng_seed(&opt.rng, 99);
        opt.lr = 1e-4f, opt.beta1 = 0.9f, opt.beta2 = 0.999f, opt.eps = 1e-8f;
        opt.lr_decay = 0.5f, opt.lr_decay_every = 20, opt.batch = 4096;
    }
    CHECK(inr_checkpoint_save(path, &m, &info, with_optimizer ? &opt : NULL) == INR_OK, "%s", inr_error());

    inr_model back;
    inr_fit_info info2;
    inr_optimizer_state opt2;
    CHECK(inr_checkpoint_load(path, &back, &info2, &opt2) == INR_OK, "%s", inr_error());
    CHECK(back.n_params == m.n_params, "parameter count");
    CHECK(memcmp(back.params, m.params, m.n_params * sizeof(float)) == 0, "parameters differ");
    CHECK(memcmp(&back.cfg, &m.cfg, sizeof m.cfg) == 0, "configuration differs");
    CHECK(info2.width == 12345 && info2.sample_rate == 44100 && info2.step == 321 &&
              info2.value_scale == 0.75f && strcmp(info2.fresh_param, "w0_first") == 0 &&
              info2.fresh_value == 70.0f && info2.spectral_centroid == 0.125f &&
              info2.holdout == 0.25f,
          "fit info differs");
    if (with_optimizer) {
        CHECK(opt2.adam_m && memcmp(opt2.adam_m, opt.adam_m, m.n_params * 4) == 0, "adam m");
        CHECK(opt2.adam_v && memcmp(opt2.adam_v, opt.adam_v, m.n_params * 4) == 0, "adam v");
        CHECK(opt2.step == 321 && memcmp(&opt2.rng, &opt.rng, sizeof opt.rng) == 0, "step/rng");
    } else {
        CHECK(opt2.adam_m == NULL, "no optimizer state expected");
    }

    /* Every truncation and a flipped bit in every region must be refused. */
    size_t size = 0;
    unsigned char *data = read_file_bytes(path, &size);
    CHECK(data != NULL && size > 200, "read back");
    int accepted = 0;
    for (size_t cut = 0; cut < size; cut += (cut < 300 ? 1 : 997)) {
        inr_model x;
        inr_fit_info xi;
        if (inr_checkpoint_parse(data, cut, &x, &xi, NULL) == INR_OK) {
            accepted++;
            inr_model_free(&x);
        } else {
            CHECK(inr_error()[0] != '\0', "empty reason at cut %zu", cut);
        }
    }
    CHECK(accepted == 0, "%d truncated files were accepted", accepted);
    for (size_t pos = 0; pos < size; pos += (pos < 200 ? 1 : 499)) {
        inr_model x;
        inr_fit_info xi;
        data[pos] ^= 0x10;
        if (inr_checkpoint_parse(data, size, &x, &xi, NULL) == INR_OK) {
            accepted++;
            inr_model_free(&x);
        }
        data[pos] ^= 0x10;
    }
    CHECK(accepted == 0, "%d corrupted files were accepted", accepted);
    /* One extra byte at the end is refused as well. */
    unsigned char *longer = malloc(size + 1);
    memcpy(longer, data, size);
    longer[size] = 0;
    inr_model x;
    inr_fit_info xi;
    CHECK(inr_checkpoint_parse(longer, size + 1, &x, &xi, NULL) != INR_OK, "trailing byte accepted");
    free(longer);

    free(data);
    free(opt.adam_m);
    free(opt.adam_v);
    free(opt2.adam_m);
    free(opt2.adam_v);
    inr_model_free(&back);
    inr_model_free(&m);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    inr_config siren = inr_config_default(INR_MODEL_SIREN, 1, 2);
    siren.width = 16;
    siren.layers = 3;
    siren.seed = 7;
    round_trip(siren, 0);
    round_trip(siren, 1);
    inr_config ffn = inr_config_default(INR_MODEL_FFN, 2, 3);
    ffn.width = 8;
    ffn.ffn.mapping = 5;
    ffn.layers = 2;
    round_trip(ffn, 0);

    /* The CRC matches the standard check value of "123456789". */
    CHECK(inr_crc32(0, "123456789", 9) == 0xCBF43926u, "crc32 check value");
    /* Writing into a missing directory fails and names the path. */
    inr_model m;
    inr_model_create(&m, &siren);
    inr_fit_info info = { INR_SIGNAL_IMAGE, 2, 4, 4, 0, 8, 0.5f, 0.5f, 0, 0, "", 0, 0, 0 };
    CHECK(inr_checkpoint_save("/nonexistent-dir/m.inr", &m, &info, NULL) == INR_ERR_IO &&
              strstr(inr_error(), "/nonexistent-dir/m.inr"),
          "unwritable path: %s", inr_error());
    inr_model_free(&m);
    return check_result();
}
