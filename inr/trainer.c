/* trainer.c - chunked, multi-threaded CPU training and evaluation. */
#include "trainer.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "bf16_weights.h"
#include "chunked.h"
#include "model_kinds.h"
#include "ops_cpu.h"
#include "profile.h"

inr_train_options inr_train_defaults(const inr_config *cfg)
{
    inr_train_options o;
    memset(&o, 0, sizeof o);
    const inr_model_ops *k = inr_kind_ops(cfg->kind);
    o.adam = inr_adam_defaults(cfg->in_dim == 1 && k->lr_audio > 0 ? k->lr_audio : k->lr);
    if (k->beta2 > 0) o.adam.beta2 = k->beta2;
    if (k->eps > 0) o.adam.eps = k->eps;
    o.lr_decay = 1.0f;
    o.lr_decay_every = 1;
    return o;
}

inr_points inr_points_arrays(const float *coords, const float *targets, long n, int d, int C)
{
    inr_points p;
    memset(&p, 0, sizeof p);
    p.n = n;
    p.d = d;
    p.C = C;
    p.coords = coords;
    p.targets = targets;
    p.scale = 1.0f;
    return p;
}

const float *inr_points_coords(const inr_points *p, long p0, long rows, float *buf)
{
    if (p->coords) return p->coords + (size_t)p0 * p->d;
    inr_grid_coords_range(p->d, p->shape, p0, rows, buf);
    return buf;
}

const float *inr_points_targets(const inr_points *p, long p0, long rows, float *buf)
{
    if (p->targets) return p->targets + (size_t)p0 * p->C;
    const float *v = p->values + (size_t)p0 * p->C;
    for (size_t i = 0; i < (size_t)rows * p->C; i++) buf[i] = (v[i] - p->offset) / p->scale;
    return buf;
}

inr_status inr_trainer_create(inr_trainer *tr, inr_model *model, const float *coords,
                              const float *targets, long n_points,
                              const inr_train_options *opt)
{
    inr_points p = inr_points_arrays(coords, targets, n_points, model->cfg.in_dim,
                                     model->cfg.out_dim);
    return inr_trainer_create_points(tr, model, &p, opt);
}

inr_status inr_trainer_create_points(inr_trainer *tr, inr_model *model, const inr_points *pts,
                                     const inr_train_options *opt)
{
    long n_points = pts->n;
    memset(tr, 0, sizeof *tr);
    tr->model = model;
    tr->pts = *pts;
    tr->n_points = n_points;
    tr->opt = *opt;
    tr->opt.batch = inr_train_batch(opt, n_points);
    tr->threads = inr_resolve_threads(opt->threads);
    tr->chunk = opt->chunk > 0 ? opt->chunk : INR_CHUNK_ROWS;
    inr_rng_seed(&tr->rng, inr_batch_seed(model->cfg.seed));
    blas_use_single_thread();

    int d = model->cfg.in_dim, C = model->cfg.out_dim;
    size_t np = model->n_params;
    size_t work = inr_model_workspace(model, tr->chunk);
    int full = tr->opt.batch >= n_points, computed = full && !inr_points_stored(pts);
    tr->grad = calloc(np, sizeof(float));
    tr->adam_m = calloc(np, sizeof(float));
    tr->adam_v = calloc(np, sizeof(float));
    tr->thread_grad = calloc(tr->threads, sizeof(float *));
    tr->thread_work = calloc(tr->threads, sizeof(float *));
    if (computed) {
        tr->thread_x = calloc(tr->threads, sizeof(float *));
        tr->thread_t = calloc(tr->threads, sizeof(float *));
    }
    int ok = tr->grad && tr->adam_m && tr->adam_v && tr->thread_grad && tr->thread_work &&
             (!computed || (tr->thread_x && tr->thread_t));
    for (int t = 0; ok && t < tr->threads; t++) {
        tr->thread_grad[t] = t == 0 ? tr->grad : malloc(np * sizeof(float));
        tr->thread_work[t] = malloc(work * sizeof(float));
        ok = tr->thread_grad[t] && tr->thread_work[t];
        if (ok && computed) {
            tr->thread_x[t] = malloc((size_t)tr->chunk * d * sizeof(float));
            tr->thread_t[t] = malloc((size_t)tr->chunk * C * sizeof(float));
            ok = tr->thread_x[t] && tr->thread_t[t];
        }
    }
    if (ok && !full) {
        tr->batch_x = malloc((size_t)tr->opt.batch * d * sizeof(float));
        tr->batch_t = malloc((size_t)tr->opt.batch * C * sizeof(float));
        ok = tr->batch_x && tr->batch_t;
    }
    if (!ok) {
        inr_trainer_free(tr);
        return inr_fail(INR_ERR_NOMEM, "out of memory for the trainer");
    }
    return INR_OK;
}

void inr_trainer_free(inr_trainer *tr)
{
    for (int t = 0; t < tr->threads; t++) {
        if (tr->thread_grad && t > 0) free(tr->thread_grad[t]);
        if (tr->thread_work) free(tr->thread_work[t]);
        if (tr->thread_x) free(tr->thread_x[t]);
        if (tr->thread_t) free(tr->thread_t[t]);
    }
    free(tr->thread_x);
    free(tr->thread_t);
    free(tr->thread_grad);
    free(tr->thread_work);
    free(tr->grad);
    free(tr->adam_m);
    free(tr->adam_v);
    free(tr->batch_x);
    free(tr->batch_t);
    memset(tr, 0, sizeof *tr);
}

long inr_train_batch(const inr_train_options *o, long n_points)
{
    return o->batch <= 0 || o->batch > n_points ? n_points : o->batch;
}

float inr_train_lr(const inr_train_options *o, long step)
{
    if (o->lr_decay == 1.0f || o->lr_decay_every <= 0) return o->adam.lr;
    return o->adam.lr * powf(o->lr_decay, (float)(step / o->lr_decay_every));
}

float inr_trainer_lr(const inr_trainer *tr)
{
    return inr_train_lr(&tr->opt, tr->step);
}

/* Copies a random minibatch (with replacement) into batch_x / batch_t. */
static void gather_minibatch(inr_trainer *tr)
{
    int d = tr->model->cfg.in_dim, C = tr->model->cfg.out_dim;
    const inr_points *p = &tr->pts;
    for (long i = 0; i < tr->opt.batch; i++) {
        long k = (long)inr_rng_below(&tr->rng, (uint64_t)tr->n_points);
        float *x = tr->batch_x + (size_t)i * d, *t = tr->batch_t + (size_t)i * C;
        const float *px = inr_points_coords(p, k, 1, x), *pt = inr_points_targets(p, k, 1, t);
        if (px != x) memcpy(x, px, d * sizeof(float));
        if (pt != t) memcpy(t, pt, C * sizeof(float));
    }
}

double inr_trainer_step(inr_trainer *tr)
{
    const inr_model *m = tr->model;
    int d = m->cfg.in_dim, C = m->cfg.out_dim;
    long B = tr->opt.batch;
    /* Stored points (NULL: a chunk's are computed into thread_x/_t). */
    const float *x = tr->pts.coords, *t = tr->pts.targets;
    if (tr->thread_x) x = t = NULL;
    uint64_t stage = inr_prof_stage_begin(INR_STAGE_TRAIN);
    if (tr->batch_x) {
        uint64_t t0 = inr_prof_begin();
        gather_minibatch(tr);
        inr_prof_end_serial(INR_PHASE_SAMPLING, t0, tr->threads);
        x = tr->batch_x;
        t = tr->batch_t;
    }
    long n_chunks = (B + tr->chunk - 1) / tr->chunk;
    float loss_scale = (float)(1.0 / ((double)B * C));
    size_t np = m->n_params;
    double sse = 0.0, reg = 0.0;
    inr_bf16_weights packed_weights;   /* bf16 layers' W, packed once for all chunks */
    inr_bf16_weights_begin(&packed_weights, m, m->params, 1);

#pragma omp parallel num_threads(tr->threads) reduction(+ : sse, reg)
    {
        int tid = omp_get_thread_num();
        float *g = tr->thread_grad[tid];
        memset(g, 0, np * sizeof(float));
        /* static,1: chunk c always goes to thread c % threads (deterministic). */
#pragma omp for schedule(static, 1)
        for (long c = 0; c < n_chunks; c++) {
            long r0 = c * tr->chunk;
            int rows = (int)(B - r0 < tr->chunk ? B - r0 : tr->chunk);
            double chunk_reg = 0.0;
            const float *cx = x ? x + (size_t)r0 * d
                                : inr_points_coords(&tr->pts, r0, rows, tr->thread_x[tid]);
            const float *ct = t ? t + (size_t)r0 * C
                                : inr_points_targets(&tr->pts, r0, rows, tr->thread_t[tid]);
            sse += inr_model_forward_backward_reg(m, m->params, cx, ct, rows, loss_scale, g,
                                                  tr->thread_work[tid], &chunk_reg);
            reg += chunk_reg;
        }
        /* Sum the per-thread gradients into grad (= thread_grad[0]) in
         * thread order. */
        uint64_t t0 = inr_prof_begin();
#pragma omp for schedule(static) nowait
        for (size_t i = 0; i < np; i++) {
            float s = tr->grad[i];
            for (int k = 1; k < tr->threads; k++) s += tr->thread_grad[k][i];
            tr->grad[i] = s;
        }
        inr_prof_end(INR_PHASE_GRAD_SUM, t0, 0, 0);
    }
    inr_bf16_weights_end(&packed_weights);   /* before Adam changes W */
    /* The learning rate of this step counts the decays completed before it. */
    inr_adam_options adam = tr->opt.adam;
    adam.lr = inr_trainer_lr(tr);
    tr->step++;
    uint64_t t0 = inr_prof_begin();
    adam_update_cpu(m, m->params, tr->grad, tr->adam_m, tr->adam_v, tr->step, &adam);
    inr_prof_end_serial(INR_PHASE_OPTIMIZER, t0, tr->threads);
    inr_prof_stage_end(INR_STAGE_TRAIN, stage, tr->threads);
    tr->last_reg = reg;
    return sse * loss_scale;
}

static void forward_chunk(const inr_model *m, const void *ctx, const float *x, float *y,
                          int N, float *work)
{
    (void)ctx;
    inr_model_forward(m, m->params, x, y, N, work);
}

inr_status inr_model_evaluate(const inr_model *m, const float *coords, long n_points,
                              float *out, int threads)
{
    inr_status st = inr_chunked_map(m, coords, n_points, out, m->cfg.out_dim, threads,
                                    forward_chunk, NULL);
    return st ? inr_fail(st, "out of memory evaluating the model") : INR_OK;
}

float inr_linspace_at(double lo, double hi, long k, long n)
{
    /* numpy linspace: lo + (hi - lo) k / (n - 1); a single sample sits at lo. */
    return n > 1 ? (float)(lo + (hi - lo) * (double)k / (double)(n - 1)) : (float)lo;
}

void inr_grid_coords_range(int dims, const long *shape, long p0, long n, float *out)
{
    /* A run of points along the last axis shares the other coordinates:
     * their divisions are done once a run (the trainer computes every
     * chunk's coordinates at every step). */
    long inner = shape[dims - 1];
    for (long j = 0; j < n;) {
        long rest = p0 + j, k = rest % inner, run = inner - k < n - j ? inner - k : n - j;
        float *first = out + (size_t)j * dims;
        rest /= inner;
        for (int a = dims - 2; a >= 0; a--) {
            first[a] = inr_linspace_at(-1.0, 1.0, rest % shape[a], shape[a]);
            rest /= shape[a];
        }
        for (long r = 0; r < run; r++) {
            float *o = first + (size_t)r * dims;
            for (int a = 0; a < dims - 1; a++) o[a] = first[a];
            o[dims - 1] = inr_linspace_at(-1.0, 1.0, k + r, inner);
        }
        j += run;
    }
}

void inr_grid_coords(int dims, const long *shape, float *out)
{
    long n = 1;
    for (int a = 0; a < dims; a++) n *= shape[a];
    inr_grid_coords_range(dims, shape, 0, n, out);
}
