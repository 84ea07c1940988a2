/* test_api_memory.c - API version 2 of libinr (include/inr.h): a signal
 * from memory fits exactly as the same image loaded from its file; init,
 * fresh and precision as options; the configuration, the tensors and the
 * quality of a model; WINNER's and FreSh's spectral tools; bad arrays and
 * options refused with a reason. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "inr.h"

static inrfit_model *small(const char *kind, const inrfit_signal *sig)
{
    inrfit_model *m;
    CHECK(inrfit_model_new(kind, sig, &m) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(m, "threads", "2") == INRFIT_OK, "%s", inrfit_error());
    if (strcmp(kind, "siren") == 0)
        CHECK(inrfit_model_set(m, "width", "32") == INRFIT_OK &&
                  inrfit_model_set(m, "layers", "2") == INRFIT_OK, "%s", inrfit_error());
    return m;
}

int main(void)
{
    inrfit_signal *file, *mem;
    CHECK(inrfit_signal_load("assets/camera_128.png", &file) == INRFIT_OK, "%s", inrfit_error());
    inrfit_shape sh;
    inrfit_signal_shape(file, &sh);
    CHECK(inrfit_signal_new(&sh, inrfit_signal_values(file), 8, &mem) == INRFIT_OK, "%s",
          inrfit_error());

    /* The same image from memory fits to the same parameters. */
    inrfit_model *a = small("siren", file), *b = small("siren", mem);
    CHECK(inrfit_model_set(b, "init", "winner") == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(a, "init", "winner") == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_fit(a, file, 5, NULL, NULL) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_fit(b, mem, 5, NULL, NULL) == INRFIT_OK, "%s", inrfit_error());
    int nt = inrfit_model_tensor_count(a);
    CHECK(nt == 6 && inrfit_model_tensor_count(b) == nt, "%d tensors", nt);
    for (int i = 0; i < nt; i++) {
        inrfit_tensor ta, tb;
        CHECK(inrfit_model_tensor(a, i, &ta) == INRFIT_OK && inrfit_model_tensor(b, i, &tb) == 0,
              "%s", inrfit_error());
        size_t n = ta.shape[0] * (ta.ndim == 2 ? ta.shape[1] : 1);
        CHECK(strcmp(ta.name, tb.name) == 0 && memcmp(ta.data, tb.data, n * sizeof(float)) == 0,
              "tensor %s differs", ta.name);
    }
    inrfit_tensor t0;
    CHECK(inrfit_model_tensor(a, 0, &t0) == INRFIT_OK && strcmp(t0.name, "W0") == 0 &&
              t0.ndim == 2 && t0.shape[0] == 32 && t0.shape[1] == 2, "W0");
    CHECK(inrfit_model_tensor(a, nt, &t0) == INRFIT_ERR_INVALID, "tensor past the end");

    char cfg[2048];
    CHECK(inrfit_model_config(a, cfg, sizeof cfg) == INRFIT_OK, "%s", inrfit_error());
    CHECK(strstr(cfg, "model=siren\n") && strstr(cfg, "width=32\n") && strstr(cfg, "init=winner\n") &&
              strstr(cfg, "steps=5\n") && strstr(cfg, "signal_height=128\n"), "config: %s", cfg);
    CHECK(!strstr(cfg, "spectral_centroid=0\n"), "WINNER's centroid kept: %s", cfg);
    CHECK(inrfit_model_config(a, cfg, 16) == INRFIT_ERR_NOMEM && cfg[0] == 0, "small buffer");

    inrfit_quality q;
    CHECK(inrfit_model_quality(a, file, &q) == INRFIT_OK, "%s", inrfit_error());
    CHECK(q.psnr > 5 && q.psnr < 60 && q.ssim > -1 && q.ssim <= 1 && isnan(q.snr), "psnr %g ssim %g",
          q.psnr, q.ssim);

    inrfit_winner_info wi;
    CHECK(inrfit_signal_winner(mem, &wi) == INRFIT_OK && wi.centroid > 0 && wi.s0 > 0, "%s",
          inrfit_error());
    double spec[64];
    CHECK(inrfit_signal_spectrum(mem, 64, spec) == INRFIT_OK && spec[0] > 0, "%s", inrfit_error());
    CHECK(inrfit_signal_spectrum(mem, 0, spec) == INRFIT_ERR_INVALID, "0 bins");

    /* Options of API version 2. */
    inrfit_model *c = small("ffn", mem);
    CHECK(inrfit_model_set(c, "init", "winner") == INRFIT_ERR_INVALID, "winner on ffn");
    CHECK(inrfit_model_set(c, "init", "odd") == INRFIT_ERR_INVALID, "init odd");
    CHECK(inrfit_model_set(c, "precision", "fp16") == INRFIT_ERR_INVALID, "fp16");
    CHECK(inrfit_model_set(c, "precision", "fp32") == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(c, "fresh", "2") == INRFIT_ERR_INVALID, "fresh 2");
    CHECK(inrfit_model_set(c, "fresh", "1") == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(c, "mapping", "16") == INRFIT_OK && inrfit_model_set(c, "width", "16") == 0,
          "%s", inrfit_error());
    CHECK(inrfit_fit(c, mem, 1, NULL, NULL) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_config(c, cfg, sizeof cfg) == INRFIT_OK && strstr(cfg, "fresh_param=sigma\n"),
          "FreSh chose: %s", cfg);
    CHECK(inrfit_model_set(c, "precision", "fp32") == INRFIT_ERR_INVALID, "set after the fit");

    /* Bad arrays. */
    inrfit_signal *bad;
    float px[4] = { 0, 0.5f, 1, NAN };
    inrfit_shape img = { 2, 1, 2, 2, 0 };
    CHECK(inrfit_signal_new(&img, px, 8, &bad) == INRFIT_ERR_INVALID && !bad &&
              strstr(inrfit_error(), "finite"), "NaN: %s", inrfit_error());
    px[3] = 2;
    CHECK(inrfit_signal_new(&img, px, 8, &bad) == INRFIT_ERR_INVALID && strstr(inrfit_error(), "[0, 1]"),
          "2.0: %s", inrfit_error());
    px[3] = 1;
    CHECK(inrfit_signal_new(&img, px, 12, &bad) == INRFIT_ERR_INVALID, "12 bits");
    img.width = 0;
    CHECK(inrfit_signal_new(&img, px, 8, &bad) == INRFIT_ERR_INVALID, "0 columns");
    inrfit_shape snd = { 1, 1, 1, 4, 0 };
    CHECK(inrfit_signal_new(&snd, px, 16, &bad) == INRFIT_ERR_INVALID, "no rate");
    snd.sample_rate = 8000;
    float silent[4] = { 0 };
    CHECK(inrfit_signal_new(&snd, silent, 16, &bad) == INRFIT_ERR_INVALID &&
              strstr(inrfit_error(), "silent"), "silent: %s", inrfit_error());
    CHECK(inrfit_signal_new(&snd, px, 16, &bad) == INRFIT_OK, "%s", inrfit_error());
    inrfit_shape got;
    inrfit_signal_shape(bad, &got);
    CHECK(got.dims == 1 && got.width == 4 && got.sample_rate == 8000, "audio shape");
    inrfit_signal_free(bad);

    inrfit_model_free(a);
    inrfit_model_free(b);
    inrfit_model_free(c);
    inrfit_signal_free(file);
    inrfit_signal_free(mem);
    return check_result();
}
