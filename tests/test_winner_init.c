/* test_winner_init.c - WINNER (METHODS 3.1) in the engine and in `fit`: the noise
 * lands on exactly W0 and W1 with std S0/w0 and S1/w0, everything else equals
 * the default initialisation of the same seed, and fit_apply_winner() takes
 * its scales from the targets and sets w0_first = w0. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fit_init.h"
#include "model.h"

/* Sample mean and std (population) of a - b over n values. */
static void diff_stats(const float *a, const float *b, size_t n, double *mean, double *std)
{
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)a[i] - b[i];
        s += d;
        s2 += d * d;
    }
    *mean = s / n;
    *std = sqrt(s2 / n - *mean * *mean);
}

static void test_noise_on_w0_w1(int in_dim, float s0, float s1)
{
    inr_config base = inr_config_default(INR_MODEL_SIREN, in_dim, 3);
    base.seed = 1234;
    inr_config win = base;
    win.init = INR_INIT_WINNER;
    win.winner_s0 = s0;
    win.winner_s1 = s1;
    inr_model a, b;
    CHECK(inr_model_create(&a, &base) == INR_OK, "%s", inr_error());
    CHECK(inr_model_create(&b, &win) == INR_OK, "%s", inr_error());
    inr_model_init(&a);
    inr_model_init(&b);
    for (int t = 0; t < a.n_tensors; t++) {
        const inr_tensor *T = &a.tensor[t];
        const float *pa = a.params + T->offset, *pb = b.params + T->offset;
        if (strcmp(T->name, "W0") != 0 && strcmp(T->name, "W1") != 0) {
            /* The noise is drawn after the whole base init from the same RNG,
             * so every other tensor is bit-identical. */
            CHECK(memcmp(pa, pb, T->size * sizeof(float)) == 0, "tensor %s changed", T->name);
            continue;
        }
        double want = (T->name[1] == '0' ? s0 : s1) / base.sine.w0, mean, std;
        diff_stats(pb, pa, T->size, &mean, &std);
        /* The sample std of n normals has relative standard error ~1/sqrt(2n):
         * W0 has 256*d entries (4.4% for d = 1, 3.1% for d = 2), W1 65536
         * (0.28%). Allow 5 standard errors; the mean within 5 sigma/sqrt(n). */
        double rel = 5.0 / sqrt(2.0 * T->size);
        CHECK(fabs(std / want - 1.0) <= rel, "%s: noise std %.6g, want %.6g (d=%d)", T->name, std,
              want, in_dim);
        CHECK(fabs(mean) <= 5.0 * want / sqrt((double)T->size), "%s: noise mean %.3g", T->name, mean);
    }
    inr_model_free(&a);
    inr_model_free(&b);
}

/* fit_apply_winner on a mono signal x[k] = cos(2 pi 0.25 k): cen = 0.25,
 * z = 0.5, so audio S0 = 3394.309, S1 = 1.5 (METHODS 3.1 test vectors). */
static void test_apply_winner_audio(void)
{
    enum { N = 4096 };
    float *t = malloc(N * sizeof(float));
    for (int k = 0; k < N; k++) t[k] = (float)cos(2.0 * M_PI * 0.25 * k);
    signal_data sig;
    memset(&sig, 0, sizeof sig);
    sig.dims = 1;
    sig.n_points = N;
    sig.targets = t;
    sig.info.kind = INR_SIGNAL_AUDIO;
    sig.info.channels = 1;
    sig.info.sample_rate = 44100;
    fit_options o;
    memset(&o, 0, sizeof o);
    o.init = INR_INIT_WINNER;
    inr_config cfg = inr_config_default(INR_MODEL_SIREN, 1, 1);
    CHECK(cfg.sine.w0_first == 3000.0f, "audio default w0_first %g", cfg.sine.w0_first);
    spectral_winner_info wi;
    CHECK(fit_apply_winner(&o, &sig, &cfg, &wi) == INR_OK, "%s", inr_error());
    CHECK(cfg.init == INR_INIT_WINNER, "init not set");
    CHECK_CLOSE(wi.z, 0.5, 1e-6, 0);
    CHECK_CLOSE(cfg.winner_s0, 3394.309, 1e-3, 0);
    CHECK_CLOSE(cfg.winner_s1, 1.5, 1e-5, 0);
    CHECK_CLOSE(sig.info.spectral_centroid, 0.25, 1e-6, 0);
    /* METHODS 3.1 step 5: w0_first = w0 = 30 for audio too ... */
    CHECK(cfg.sine.w0_first == 30.0f, "WINNER w0_first %g, want 30", cfg.sine.w0_first);
    /* ... unless the user asked for another. */
    model_options_give(&o.models, "w0_first", 500.0f);
    cfg = inr_config_default(INR_MODEL_SIREN, 1, 1);
    cfg.sine.w0_first = 500.0f;
    CHECK(fit_apply_winner(&o, &sig, &cfg, &wi) == INR_OK, "%s", inr_error());
    CHECK(cfg.sine.w0_first == 500.0f, "explicit w0_first lost: %g", cfg.sine.w0_first);
    /* FFN has no W0/W1 of SIREN's kind. */
    inr_config ffn = inr_config_default(INR_MODEL_FFN, 1, 1);
    CHECK(fit_apply_winner(&o, &sig, &ffn, &wi) != INR_OK, "WINNER accepted an FFN");
    free(t);
}

int main(void)
{
    /* Image-like scales (S0 45.9, S1 0.2 at z = 0.5) and audio-like ones. */
    test_noise_on_w0_w1(2, 45.8958f, 0.2f);
    test_noise_on_w0_w1(1, 3394.309f, 1.5f);
    test_apply_winner_audio();
    return check_result();
}
