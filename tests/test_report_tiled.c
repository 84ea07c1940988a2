/* test_report_tiled.c - the fit's final evaluation in tiles
 * (report_and_write) gives the figures and files of a whole-image one:
 * PSNR, 8-bit PSNR and SSIM equal to metric_mse / metric_ssim over the
 * whole arrays bit for bit, the held-out PSNR (and audio's SNR) likewise,
 * and the PNG / WAV bytes of signal_write on the whole output, whatever
 * the tile (one row, rows that end mid-tile, the whole image). */
#include <math.h>
#include <string.h>

#include "check.h"
#include "fit_holdout.h"
#include "holdout.h"
#include "metrics.h"
#include "report.h"
#include "signal_io.h"
#include "test_files.h"
#include "trainer.h"

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) FATAL("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    rewind(f);
    unsigned char *b = malloc(*n ? *n : 1);
    if (!b || fread(b, 1, *n, f) != *n) FATAL("cannot read %s", path);
    fclose(f);
    return b;
}

static int same_file(const char *a, const char *b)
{
    size_t na, nb;
    unsigned char *x = slurp(a, &na), *y = slurp(b, &nb);
    int same = na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

/* The whole-array figures of output (N,C, output scale), as the fit
 * reported them before its evaluation was tiled. */
static quality whole(const signal_data *s, const float *out, const fit_holdout *h)
{
    quality q = { NAN, NAN, NAN, NAN, NAN, NAN };
    size_t n = (size_t)s->n_points * s->info.channels;
    int C = s->info.channels;
    if (s->info.kind == INR_SIGNAL_IMAGE) {
        q.psnr = metric_psnr(metric_mse(out, s->original, n), 1.0);
        float *quant = malloc(n * sizeof(float));
        for (size_t i = 0; i < n; i++)
            quant[i] = roundf(fminf(fmaxf(out[i], 0.0f), 1.0f) * 255.0f) / 255.0f;
        q.psnr_8bit = metric_psnr(metric_mse(quant, s->original, n), 1.0);
        for (size_t i = 0; i < n; i++) quant[i] = fminf(fmaxf(out[i], 0.0f), 1.0f);
        q.ssim = metric_ssim(quant, s->original, (int)s->info.height, (int)s->info.width, C, 1.0);
        free(quant);
    } else {
        q.snr = metric_snr(s->original, out, n);
        q.psnr = metric_psnr(metric_mse(out, s->original, n) /
                                 ((double)s->info.value_scale * s->info.value_scale),
                             1.0);
    }
    if (h) {
        size_t m = (size_t)h->n_held * C;
        float *o = malloc(m * sizeof(float)), *r = malloc(m * sizeof(float));
        inr_holdout_gather(out, s->n_points, C, h->mask, 1, o);
        inr_holdout_gather(s->original, s->n_points, C, h->mask, 1, r);
        double mse = metric_mse(o, r, m);
        if (s->info.kind == INR_SIGNAL_IMAGE) q.heldout_psnr = metric_psnr(mse, 1.0);
        else {
            q.heldout_snr = metric_snr(r, o, m);
            q.heldout_psnr = metric_psnr(mse / ((double)s->info.value_scale * s->info.value_scale), 1.0);
        }
        free(o);
        free(r);
    }
    return q;
}

static void check_signal(const char *rel, const char *ext, int bits, double holdout)
{
    char path[1024], want_path[600], model_want[600];
    data_path(path, sizeof path, rel);
    signal_data full, lean;
    if (signal_load(path, &full) != INR_OK || signal_load_lean(path, &lean) != INR_OK)
        FATAL("%s: %s", path, inr_error());
    int C = full.info.channels;
    inr_config c = inr_config_default(INR_MODEL_SIREN, full.dims, C);
    c.width = 32;
    c.layers = 2;
    c.seed = 3;
    inr_model m;
    if (inr_model_create(&m, &c) != INR_OK) FATAL("%s", inr_error());
    inr_model_init(&m);
    /* A few steps, so that the output is neither flat nor the signal. */
    inr_train_options o = inr_train_defaults(&c);
    o.batch = 2048;
    inr_trainer tr;
    inr_points p = signal_points(&lean);
    if (inr_trainer_create_points(&tr, &m, &p, &o) != INR_OK) FATAL("%s", inr_error());
    for (int k = 0; k < 5; k++) inr_trainer_step(&tr);
    inr_trainer_free(&tr);

    fit_holdout h = { 0 };
    if (holdout > 0 && fit_holdout_split(&h, &lean, holdout, c.seed)) FATAL("holdout split");
    size_t n = (size_t)full.n_points * C;
    float *out = malloc(n * sizeof(float));
    if (inr_model_evaluate(&m, full.coords, full.n_points, out, 2) != INR_OK) FATAL("evaluate");
    signal_to_output(&full.info, out, n);
    quality want = whole(&full, out, holdout > 0 ? &h : NULL);
    signal_format fmt;
    snprintf(want_path, sizeof want_path, "%s/want%s", tmpdir, ext);
    if (signal_format_for(want_path, full.info.kind, bits, &fmt) != INR_OK) FATAL("%s", inr_error());
    if (signal_write(want_path, &fmt, &full.info, out, full.info.height, full.info.width,
                     full.info.sample_rate) != INR_OK)
        FATAL("%s", inr_error());
    free(out);

    long tiles[] = { 512, 1536, 3584, 0 };
    for (size_t t = 0; t < sizeof tiles / sizeof tiles[0]; t++) {
        char recon[600], model[600];
        snprintf(recon, sizeof recon, "%s/got%zu%s", tmpdir, t, ext);
        snprintf(model, sizeof model, "%s/got%zu.inr", tmpdir, t);
        report_set_tile(tiles[t]);
        quality q;
        int rc = report_and_write(&m, &lean, model, recon, &fmt, 2, NULL, NULL,
                                  holdout > 0 ? &h : NULL, &q, NULL);
        CHECK(rc == 0, "%s: report_and_write exits %d", rel, rc);
        const char *what[] = { "PSNR", "8-bit PSNR", "SSIM", "SNR", "held-out PSNR", "held-out SNR" };
        double g[] = { q.psnr, q.psnr_8bit, q.ssim, q.snr, q.heldout_psnr, q.heldout_snr };
        double w[] = { want.psnr, want.psnr_8bit, want.ssim, want.snr, want.heldout_psnr,
                       want.heldout_snr };
        for (int k = 0; k < 6; k++)
            CHECK(same_double(g[k], w[k]), "%s, tiles of %ld: %s %.17g, whole %.17g", rel,
                  tiles[t], what[k], g[k], w[k]);
        CHECK(same_file(recon, want_path), "%s, tiles of %ld: the reconstruction's bytes differ",
              rel, tiles[t]);
        if (t == 0) snprintf(model_want, sizeof model_want, "%s", model);
        else CHECK(same_file(model, model_want), "%s: the checkpoint depends on the tile", rel);
    }
    report_set_tile(0);
    fit_holdout_free(&h);
    inr_model_free(&m);
    signal_free(&full);
    signal_free(&lean);
    for (size_t t = 0; t < 4; t++) {
        char f[600];
        snprintf(f, sizeof f, "%s/got%zu%s", tmpdir, t, ext);
        remove(f);
        snprintf(f, sizeof f, "%s/got%zu.inr", tmpdir, t);
        remove(f);
    }
    remove(want_path);
}

int main(void)
{
    if (make_tmpdir("report")) return 1;
    check_signal("images/coffee.png", ".png", 0, 0);       /* 600 wide: rows end mid-tile */
    check_signal("images/camera.png", ".png", 16, 0.25);
    check_signal("images/astronaut.png", ".png", 0, 0);
    check_signal("images/gravel.png", ".npy", 0, 0.1);      /* the whole output, then written */
    check_signal("audio/gt_counting.wav", ".wav", 0, 0.3);
    remove_tmpdir();
    return check_result();
}
