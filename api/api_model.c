/* api_model.c - models through the public API (include/inr.h): made
 * lazily from their configuration, fitted on the CPU backend, evaluated,
 * saved and loaded as .inr checkpoints.
 *
 * OpenBLAS is opened up front (inr_blas_load), so a missing library is a
 * status here rather than the exit inr/blas.c takes on a product without
 * it; bf16 products (whose engine failures exit in inr/gemm_bf16.c) are
 * never used: the library trains in float32, also a bf16 checkpoint. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "backend.h"
#include "hparams.h"
#include "metrics.h"
#include "blas.h"
#include "safetensors.h"
#include "signal_block.h"

/* The threads OpenBLAS makes as it loads inherit the blocked signals. */
static inrfit_status need_blas(void)
{
    sigset_t saved;
    inr_signals_block(0, &saved);
    int loaded = inr_blas_load();
    inr_signals_restore(&saved);
    if (loaded) return INRFIT_OK;
    return api_status(inr_fail(INR_ERR_UNSUPPORTED, "%s", inr_blas_error()));
}

static inrfit_model *alloc_model(void)
{
    inrfit_model *m = calloc(1, sizeof *m);
    if (m) m->batch = -1;
    return m;
}

static void fp32_only(inr_model *model)
{
    model->cfg.precision = INR_PRECISION_FP32;
    for (int l = 0; l < model->n_layers; l++) model->layer[l].bf16 = 0;
}

inrfit_status inrfit_model_new(const char *kind, const inrfit_signal *s, inrfit_model **out)
{
    *out = NULL;
    inr_model_kind k = kind ? inr_model_parse(kind) : 0;
    if (!k) {
        char kinds[256];
        inr_model_list(kinds, sizeof kinds, 0);
        return api_status(inr_fail(INR_ERR_INVALID, "unknown model '%s' (expected %s)",
                                   kind ? kind : "(null)", kinds));
    }
    if (need_blas()) return INRFIT_ERR_UNSUPPORTED;
    inrfit_model *m = alloc_model();
    if (!m) return api_status(inr_fail(INR_ERR_NOMEM, "out of memory"));
    m->cfg = inr_config_default(k, s->data.dims, s->data.info.channels);
    m->info = s->data.info;
    m->info.step = 0;
    *out = m;
    return INRFIT_OK;
}

/* Lays out and initialises the model from its configuration, once. */
static inrfit_status make(inrfit_model *m)
{
    if (m->made) return INRFIT_OK;
    inr_status st = inr_model_create(&m->model, &m->cfg);
    if (st) return api_status(st);
    inr_model_init(&m->model);
    m->made = 1;
    return INRFIT_OK;
}

static void free_state(inr_optimizer_state *st)
{
    free(st->adam_m);
    free(st->adam_v);
    memset(st, 0, sizeof *st);
}

/* Keeps a copy of the trainer's optimizer state in the handle. */
static inrfit_status keep_state(inrfit_model *m, inr_device_trainer *tr)
{
    inr_optimizer_state st;
    if (inr_device_trainer_get_state(tr, &st)) return api_status(INR_ERR_UNSUPPORTED);
    size_t bytes = m->model.n_params * sizeof(float);
    float *a = malloc(bytes), *b = malloc(bytes);
    if (!a || !b) {
        free(a);
        free(b);
        return api_status(inr_fail(INR_ERR_NOMEM, "out of memory for the optimizer state"));
    }
    memcpy(a, st.adam_m, bytes);
    memcpy(b, st.adam_v, bytes);
    free_state(&m->state);
    m->state = st;
    m->state.adam_m = a;
    m->state.adam_v = b;
    return INRFIT_OK;
}

/* Runs the steps; on a non-finite loss restores `start` and fails. */
static inrfit_status run(inrfit_model *m, inr_device_trainer *tr, long steps,
                         inrfit_progress progress, void *user, const float *start)
{
    for (long s = 1; s <= steps; s++) {
        double loss = inr_device_trainer_step(tr);
        if (!isfinite(loss)) {
            memcpy(m->model.params, start, m->model.n_params * sizeof(float));
            return api_status(inr_fail(INR_ERR_INVALID,
                                       "training diverged at step %ld (loss is %g); the "
                                       "parameters are those before the fit; try a smaller lr",
                                       tr->step, loss));
        }
        if (progress && progress(s, steps, loss, user)) break;
        int sig = inr_stop_signal_pending();
        if (sig) {
            inrfit_status st = keep_state(m, tr);
            if (st) return st;
            inr_fail(INR_ERR_INVALID, "interrupted by signal %d after %ld steps", sig, s);
            return INRFIT_INTERRUPTED;
        }
    }
    return keep_state(m, tr);
}

static inrfit_status fit_blocked(inrfit_model *m, const inrfit_signal *s, long steps,
                                 inrfit_progress progress, void *user)
{
    const signal_data *d = &s->data;
    if (steps < 0) return api_status(inr_fail(INR_ERR_INVALID, "steps must be >= 0"));
    if (d->dims != m->cfg.in_dim || d->info.channels != m->cfg.out_dim)
        return api_status(inr_fail(INR_ERR_INVALID,
                                   "the model maps %d -> %d values, the signal has %d -> %d",
                                   m->cfg.in_dim, m->cfg.out_dim, d->dims, d->info.channels));
    inrfit_status st = need_blas();
    if (st) return st;
    if (!m->made && (st = api_choose_init(m, s))) return st;
    if ((st = make(m))) return st;
    inr_train_options topt = inr_train_defaults(&m->model.cfg);
    topt.threads = m->threads;
    if (m->state.adam_m) {
        inr_train_options_resume(&topt, &m->state);
    } else {
        if (m->lr > 0) topt.adam.lr = m->lr;
        topt.batch = m->batch >= 0 ? m->batch : inr_auto_batch(&m->model.cfg, d->n_points);
    }
    float *start = malloc(m->model.n_params * sizeof(float));
    if (!start) return api_status(inr_fail(INR_ERR_NOMEM, "out of memory"));
    memcpy(start, m->model.params, m->model.n_params * sizeof(float));
    inr_device_trainer tr;
    inr_status ist = inr_device_trainer_create(&tr, &inr_backend_cpu, &m->model, d->coords,
                                               d->targets, d->n_points, &topt);
    if (ist == INR_OK && m->state.adam_m) ist = inr_device_trainer_set_state(&tr, &m->state);
    if (ist == INR_OK) {
        st = run(m, &tr, steps, progress, user, start);
        if (st == INRFIT_OK || st == INRFIT_INTERRUPTED) {
            /* The signal now fitted: its shape and mapping; what the
             * initialisation chose stays. */
            inr_fit_info kept = m->info;
            m->info = d->info;
            m->info.step = tr.step;
            m->info.spectral_centroid = kept.spectral_centroid;
            memcpy(m->info.fresh_param, kept.fresh_param, sizeof kept.fresh_param);
            m->info.fresh_value = kept.fresh_value;
        }
    } else {
        st = api_status(ist);
    }
    inr_device_trainer_free(&tr);
    free(start);
    return st;
}

/* Asynchronous signals wait while the library computes (signal_block.h). */
inrfit_status inrfit_fit(inrfit_model *m, const inrfit_signal *s, long steps,
                         inrfit_progress progress, void *user)
{
    sigset_t saved;
    inr_signals_block(m->threads, &saved);
    inrfit_status st = fit_blocked(m, s, steps, progress, user);
    inr_signals_restore(&saved);
    return st;
}

static inrfit_status eval_blocked(inrfit_model *m, const float *coords, long n, float *out)
{
    if (n < 0) return api_status(inr_fail(INR_ERR_INVALID, "n must be >= 0"));
    inrfit_status st = need_blas();
    if (st || (st = make(m))) return st;
    inr_status ist = inr_model_evaluate(&m->model, coords, n, out, m->threads);
    if (ist) return api_status(ist);
    signal_to_output(&m->info, out, (size_t)n * m->info.channels);
    return INRFIT_OK;
}

inrfit_status inrfit_model_eval(inrfit_model *m, const float *coords, long n, float *out)
{
    sigset_t saved;
    inr_signals_block(m->threads, &saved);
    inrfit_status st = eval_blocked(m, coords, n, out);
    inr_signals_restore(&saved);
    return st;
}

void inrfit_model_shape(const inrfit_model *m, inrfit_shape *out)
{
    const inr_fit_info *i = &m->info;
    *out = (inrfit_shape){ m->cfg.in_dim, i->channels, i->height, i->width, i->sample_rate };
}

long inrfit_model_steps(const inrfit_model *m) { return m->info.step; }

size_t inrfit_model_parameters(const inrfit_model *m)
{
    if (m->made) return m->model.n_params;
    inr_model layout = { 0 };
    return inr_model_layout(&layout, &m->cfg) == INR_OK ? layout.n_params : 0;
}

const char *inrfit_model_kind(const inrfit_model *m) { return inr_model_name(m->cfg.kind); }

const char *inrfit_kind_name(int i)
{
    inr_model_kind k = 0;
    if (i < 0) return NULL;
    for (int j = 0; j <= i; j++)
        if (!(k = inr_kind_next(k))) return NULL;
    return inr_model_name(k);
}

inrfit_status inrfit_model_save(inrfit_model *m, const char *path, int with_state)
{
    inrfit_status st = make(m);
    if (st) return st;
    const inr_optimizer_state *state = with_state && m->state.adam_m ? &m->state : NULL;
    return api_status(inr_checkpoint_save(path, &m->model, &m->info, state));
}

inrfit_status inrfit_model_export(inrfit_model *m, const char *path)
{
    inrfit_status st = make(m);
    return st ? st : api_status(inr_safetensors_save(path, &m->model, &m->info));
}

inrfit_status inrfit_model_load(const char *path, inrfit_model **out)
{
    *out = NULL;
    if (need_blas()) return INRFIT_ERR_UNSUPPORTED;
    inrfit_model *m = alloc_model();
    if (!m) return api_status(inr_fail(INR_ERR_NOMEM, "out of memory"));
    inr_status st = inr_checkpoint_load(path, &m->model, &m->info, &m->state);
    if (st) {
        free(m);
        return api_status(st);
    }
    fp32_only(&m->model);
    m->cfg = m->model.cfg;
    m->made = 1;
    *out = m;
    return INRFIT_OK;
}

void inrfit_model_free(inrfit_model *m)
{
    if (!m) return;
    if (m->made) inr_model_free(&m->model);
    free_state(&m->state);
    free(m);
}

/* ---- configuration, tensors, quality (API version 2) --------------------- */

typedef struct {
    char *buf;
    size_t size, len;
    int full;
} lines;

static void line(lines *l, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void line(lines *l, const char *key, const char *fmt, ...)
{
    if (l->full) return;
    char value[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    int n = snprintf(l->buf + l->len, l->size - l->len, "%s=%s\n", key, value);
    if (n < 0 || (size_t)n >= l->size - l->len) {
        l->full = 1;
        return;
    }
    l->len += (size_t)n;
}

inrfit_status inrfit_model_config(inrfit_model *m, char *buf, size_t size)
{
    if (!buf || size == 0) return api_status(inr_fail(INR_ERR_INVALID, "no buffer given"));
    buf[0] = 0;
    lines l = { buf, size, 0, 0 };
    const inr_config *c = m->made ? &m->model.cfg : &m->cfg;
    const inr_fit_info *f = &m->info;
    line(&l, "model", "%s", inr_model_name(c->kind));
    line(&l, "in_dim", "%d", c->in_dim);
    line(&l, "out_dim", "%d", c->out_dim);
    const inr_hparam *list;
    int n = inr_hparams_of(c->kind, &list);
    for (int i = 0; i < n; i++) {
        const inr_hparam *h = &list[i];
        if (h->type == INR_HP_INT) line(&l, h->key, "%d", (int)inr_hparam_get(h, c));
        else line(&l, h->key, "%.9g", inr_hparam_get(h, c));
    }
    line(&l, "precision", "%s", inr_precision_name(c->precision));
    line(&l, "init", "%s", c->init == INR_INIT_WINNER || m->winner ? "winner" : "default");
    line(&l, "fresh", "%d", m->fresh || f->fresh_param[0] != 0);
    line(&l, "winner_s0", "%.9g", c->winner_s0);
    line(&l, "winner_s1", "%.9g", c->winner_s1);
    line(&l, "seed", "%llu", (unsigned long long)c->seed);
    if (m->state.adam_m) {
        line(&l, "lr", "%.9g", m->state.lr);
        line(&l, "batch", "%ld", m->state.batch);
    } else {
        line(&l, "lr", "%.9g", m->lr);          /* 0: the model's default */
        line(&l, "batch", "%ld", m->batch);     /* -1: automatic */
    }
    line(&l, "threads", "%d", m->threads);
    line(&l, "signal", "%s", f->kind == INR_SIGNAL_IMAGE ? "image" : "audio");
    line(&l, "channels", "%d", f->channels);
    line(&l, "signal_height", "%ld", f->height);
    line(&l, "signal_width", "%ld", f->width);
    line(&l, "sample_rate", "%d", f->sample_rate);
    line(&l, "bit_depth", "%d", f->bit_depth);
    line(&l, "value_scale", "%.9g", f->value_scale);
    line(&l, "value_offset", "%.9g", f->value_offset);
    line(&l, "steps", "%ld", f->step);
    line(&l, "spectral_centroid", "%.9g", f->spectral_centroid);
    char fresh[sizeof f->fresh_param + 1] = { 0 };
    memcpy(fresh, f->fresh_param, sizeof f->fresh_param);
    line(&l, "fresh_param", "%s", fresh);
    line(&l, "fresh_value", "%.9g", f->fresh_value);
    if (l.full) {
        buf[0] = 0;
        return api_status(inr_fail(INR_ERR_NOMEM, "the configuration needs more than %zu bytes", size));
    }
    return INRFIT_OK;
}

int inrfit_model_tensor_count(inrfit_model *m)
{
    if (need_blas() || make(m)) return 0;
    return m->model.n_tensors;
}

inrfit_status inrfit_model_tensor(inrfit_model *m, int i, inrfit_tensor *out)
{
    memset(out, 0, sizeof *out);
    inrfit_status st = need_blas();
    if (st || (st = make(m))) return st;
    if (i < 0 || i >= m->model.n_tensors)
        return api_status(inr_fail(INR_ERR_INVALID, "tensor %d: the model has %d", i,
                                   m->model.n_tensors));
    const inr_tensor *t = &m->model.tensor[i];
    out->name = t->name;
    out->ndim = t->cols ? 2 : 1;
    out->shape[0] = t->rows;
    out->shape[1] = t->cols ? t->cols : 0;
    out->data = m->model.params + t->offset;
    return INRFIT_OK;
}

/* As `inrfit fit` reports them (app/report.c's quality_measure). */
inrfit_status inrfit_model_quality(inrfit_model *m, const inrfit_signal *s, inrfit_quality *out)
{
    *out = (inrfit_quality){ NAN, NAN, NAN, NAN };
    const signal_data *d = &s->data;
    if (d->dims != m->cfg.in_dim || d->info.channels != m->cfg.out_dim)
        return api_status(inr_fail(INR_ERR_INVALID,
                                   "the model maps %d -> %d values, the signal has %d -> %d",
                                   m->cfg.in_dim, m->cfg.out_dim, d->dims, d->info.channels));
    size_t n = (size_t)d->n_points * d->info.channels;
    float *y = malloc(n * sizeof(float)), *quant = malloc(n * sizeof(float));
    if (!y || !quant) {
        free(y);
        free(quant);
        return api_status(inr_fail(INR_ERR_NOMEM, "out of memory for %ld points", d->n_points));
    }
    inrfit_status st = inrfit_model_eval(m, d->coords, d->n_points, y);
    if (st == INRFIT_OK && d->info.kind == INR_SIGNAL_IMAGE) {
        out->psnr = metric_psnr(metric_mse(y, d->original, n), 1.0);
        for (size_t i = 0; i < n; i++)
            quant[i] = roundf(fminf(fmaxf(y[i], 0.0f), 1.0f) * 255.0f) / 255.0f;
        out->psnr_8bit = metric_psnr(metric_mse(quant, d->original, n), 1.0);
        for (size_t i = 0; i < n; i++) quant[i] = fminf(fmaxf(y[i], 0.0f), 1.0f);
        out->ssim = metric_ssim(quant, d->original, (int)d->info.height, (int)d->info.width,
                                d->info.channels, 1.0);
    } else if (st == INRFIT_OK) {
        out->snr = metric_snr(d->original, y, n);
        double mse = metric_mse(y, d->original, n) /
                     ((double)d->info.value_scale * d->info.value_scale);
        out->psnr = metric_psnr(mse, 1.0);
    }
    free(y);
    free(quant);
    return st;
}
