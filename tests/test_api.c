/* test_api.c - the public API of libinr (include/inr.h, api/): signals,
 * models by name and options by name, fitting with a progress callback
 * (stopping early, continuing exactly across calls and across a save and
 * load with the optimizer state), evaluation, checkpoints, export, and
 * failures as status codes with a reason. */
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "inr.h"
#include "test_files.h"

typedef struct {
    long calls, last_step;
    double first, last;
    long stop_at;   /* 0: never */
} progress_log;

static int on_step(long step, long steps, double loss, void *user)
{
    progress_log *p = user;
    if (p->calls++ == 0) p->first = loss;
    CHECK(step == p->last_step + 1 && step <= steps, "step %ld after %ld of %ld", step,
          p->last_step, steps);
    p->last_step = step;
    p->last = loss;
    return p->stop_at && step == p->stop_at;
}

static inrfit_model *small_siren(const inrfit_signal *sig)
{
    inrfit_model *m;
    CHECK(inrfit_model_new("siren", sig, &m) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(m, "width", "32") == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(m, "layers", "2") == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(m, "threads", "2") == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(m, "lr", "1e-3") == INRFIT_OK, "%s", inrfit_error());
    return m;
}

/* The model on the signal's own grid. */
static float *render(inrfit_model *m, const inrfit_shape *sh)
{
    size_t n = (size_t)sh->height * sh->width;
    float *coords = malloc(n * sh->dims * sizeof(float)), *out = malloc(n * sh->channels * sizeof(float));
    inrfit_grid(sh, coords);
    CHECK(inrfit_model_eval(m, coords, (long)n, out) == INRFIT_OK, "%s", inrfit_error());
    free(coords);
    return out;
}

static int same(const float *a, const float *b, size_t n) { return memcmp(a, b, n * sizeof(float)) == 0; }

int main(void)
{
    if (make_tmpdir("api")) return 1;
    char path[400], light[400], st_path[400];
    inrfit_signal *sig;
    CHECK(inrfit_signal_load("assets/camera_128.png", &sig) == INRFIT_OK, "%s", inrfit_error());
    inrfit_shape sh;
    inrfit_signal_shape(sig, &sh);
    CHECK(sh.dims == 2 && sh.channels == 1 && sh.height == 128 && sh.width == 128, "shape");
    size_t n = (size_t)sh.height * sh.width;

    /* Failures: a status and a one-line reason. */
    inrfit_model *bad;
    CHECK(inrfit_model_new("resnet", sig, &bad) == INRFIT_ERR_INVALID && !bad &&
              strstr(inrfit_error(), "unknown model 'resnet'"), "%s", inrfit_error());
    inrfit_signal *none;
    CHECK(inrfit_signal_load("/nonexistent/x.png", &none) == INRFIT_ERR_IO && !none &&
              strstr(inrfit_error(), "cannot open"), "%s", inrfit_error());
    CHECK(inrfit_model_load("assets/camera_128.png", &bad) == INRFIT_ERR_FORMAT && !bad, "%s",
          inrfit_error());
    CHECK(strcmp(inrfit_status_name(INRFIT_ERR_NOMEM), "out of memory") == 0, "status name");

    inrfit_model *a = small_siren(sig);
    CHECK(strcmp(inrfit_model_kind(a), "siren") == 0, "kind");
    /* The kinds listed are those inrfit_model_new takes, the built-in five first. */
    int n_kinds = 0;
    while (inrfit_kind_name(n_kinds)) n_kinds++;
    CHECK(n_kinds >= 5 && strcmp(inrfit_kind_name(0), "siren") == 0 &&
              strcmp(inrfit_kind_name(4), "hcinr") == 0 && inrfit_kind_name(-1) == NULL,
          "inrfit_kind_name lists %d kinds", n_kinds);
    CHECK(inrfit_model_parameters(a) == 2 * 32 + 32 + 32 * 32 + 32 + 32 + 1, "parameters %zu",
          inrfit_model_parameters(a));
    CHECK(inrfit_model_set(a, "width", "12x") == INRFIT_ERR_INVALID && strstr(inrfit_error(), "width"),
          "%s", inrfit_error());
    CHECK(inrfit_model_set(a, "layers", "0") == INRFIT_ERR_INVALID, "layers 0");
    CHECK(inrfit_model_set(a, "depth", "3") == INRFIT_ERR_INVALID &&
              strstr(inrfit_error(), "unknown option 'depth'"), "%s", inrfit_error());
    /* The kinds' table: a hash-grid option on a SIREN is refused, ranges are
     * the CLI's (--log2-table up to 26). */
    CHECK(inrfit_model_set(a, "levels", "4") == INRFIT_ERR_INVALID &&
              strstr(inrfit_error(), "levels does not apply to a siren model"), "%s",
          inrfit_error());
    inrfit_model *g;
    CHECK(inrfit_model_new("hashgrid", sig, &g) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(g, "log2_table", "27") == INRFIT_ERR_INVALID, "log2_table 27");
    CHECK(inrfit_model_set(g, "log2_table", "12") == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(g, "levels", "4") == INRFIT_OK, "%s", inrfit_error());
    inrfit_model_free(g);

    /* Progress: every step, losses falling; a non-zero return stops. */
    progress_log p = { 0 };
    CHECK(inrfit_fit(a, sig, 60, on_step, &p) == INRFIT_OK, "%s", inrfit_error());
    CHECK(p.calls == 60 && inrfit_model_steps(a) == 60, "%ld calls, %ld steps", p.calls,
          inrfit_model_steps(a));
    CHECK(p.last < 0.5 * p.first, "loss %g -> %g", p.first, p.last);
    CHECK(inrfit_model_set(a, "width", "64") == INRFIT_ERR_INVALID &&
              strstr(inrfit_error(), "before the model's first fit"), "%s", inrfit_error());
    progress_log q = { .stop_at = 7 };
    CHECK(inrfit_fit(a, sig, 60, on_step, &q) == INRFIT_OK && q.calls == 7 &&
              inrfit_model_steps(a) == 67, "stopped: %ld calls, %ld steps", q.calls,
          inrfit_model_steps(a));

    /* 40 + 20 steps in two calls, or 40, a save with the state, a load and
     * 20 more, are the same fit as 60 in one call. */
    inrfit_model *b = small_siren(sig), *c = small_siren(sig);
    CHECK(inrfit_fit(b, sig, 60, NULL, NULL) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_fit(c, sig, 40, NULL, NULL) == INRFIT_OK, "%s", inrfit_error());
    tmp_path(st_path, sizeof st_path, "c40.inr");
    tmp_path(light, sizeof light, "c40_light.inr");
    CHECK(inrfit_model_save(c, st_path, 1) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_save(c, light, 0) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_fit(c, sig, 20, NULL, NULL) == INRFIT_OK, "%s", inrfit_error());
    inrfit_model *d;
    CHECK(inrfit_model_load(st_path, &d) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_steps(d) == 40, "loaded at step %ld", inrfit_model_steps(d));
    CHECK(inrfit_model_set(d, "threads", "2") == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_fit(d, sig, 20, NULL, NULL) == INRFIT_OK, "%s", inrfit_error());
    float *rb = render(b, &sh), *rc = render(c, &sh), *rd = render(d, &sh);
    CHECK(same(rb, rc, n), "two calls differ from one");
    CHECK(same(rb, rd, n), "save + load + fit differs from one fit");
    struct stat s1, s2;
    CHECK(stat(st_path, &s1) == 0 && stat(light, &s2) == 0 && s2.st_size * 5 < s1.st_size * 2,
          "with state %lld bytes, without %lld", (long long)s1.st_size, (long long)s2.st_size);

    /* Saved and loaded back, the model evaluates to the same values, also
     * at other coordinates; values are on the image's 0..1 scale. */
    tmp_path(path, sizeof path, "b.inr");
    CHECK(inrfit_model_save(b, path, 0) == INRFIT_OK, "%s", inrfit_error());
    inrfit_model *e;
    CHECK(inrfit_model_load(path, &e) == INRFIT_OK, "%s", inrfit_error());
    float *re = render(e, &sh);
    CHECK(same(rb, re, n), "loaded model evaluates differently");
    double mean = 0;
    for (size_t i = 0; i < n; i++) mean += re[i] / n;
    CHECK(mean > 0.2 && mean < 0.8, "mean value %g: not on the 0..1 scale", mean);
    float xy[4] = { -1, -1, 0.25f, -0.5f }, v[2], w[2];
    CHECK(inrfit_model_eval(b, xy, 2, v) == INRFIT_OK && inrfit_model_eval(e, xy, 2, w) == INRFIT_OK &&
              same(v, w, 2), "eval at points");
    CHECK_CLOSE(v[0], rb[0], 1e-6, 0);   /* (-1, -1) is the grid's first point */
    inrfit_shape es;
    inrfit_model_shape(e, &es);
    CHECK(es.dims == 2 && es.height == 128 && es.width == 128 && es.channels == 1, "model shape");
    tmp_path(path, sizeof path, "b.safetensors");
    CHECK(inrfit_model_export(e, path) == INRFIT_OK && stat(path, &s1) == 0 &&
              (size_t)s1.st_size > inrfit_model_parameters(e) * 4, "export: %s", inrfit_error());

    /* A signal of other channels cannot be fitted by this model. */
    inrfit_signal *rgb;
    CHECK(inrfit_signal_load("fuzz/seeds/jpeg/rgb.jpg", &rgb) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_fit(e, rgb, 1, NULL, NULL) == INRFIT_ERR_INVALID &&
              strstr(inrfit_error(), "maps 2 -> 1"), "%s", inrfit_error());
    tmp_path(path, sizeof path, "missing/x.inr");
    CHECK(inrfit_model_save(e, path, 0) == INRFIT_ERR_IO && strstr(inrfit_error(), "cannot write"),
          "%s", inrfit_error());

    free(rb);
    free(rc);
    free(rd);
    free(re);
    inrfit_model_free(a);
    inrfit_model_free(b);
    inrfit_model_free(c);
    inrfit_model_free(d);
    inrfit_model_free(e);
    inrfit_signal_free(rgb);
    inrfit_signal_free(sig);
    remove_tmpdir();
    return check_result();
}
