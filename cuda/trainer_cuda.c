/* trainer_cuda.c - the CUDA backend (inr/backend.h): a trainer that keeps
 * the signal, the parameters, Adam's moments and every activation on the
 * GPU for the whole fit, tiled evaluation, and the table entry
 * inr_backend_cuda. Plain C over the ops of ops_cuda.h; each model kind's
 * forward/backward walk is a cuda_kind_ops table (kinds_cuda.h: layer
 * chains in layers_cuda.c, the other kinds in their own files).
 *
 * Nothing is allocated per step; the host sees only the losses, read back
 * every k steps (trainer_steps), and the parameters at the end. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "kinds_cuda.h"

/* ---- what runs on CUDA --------------------------------------------------
 * Each model kind's CUDA walk (kinds_cuda.h): the one twin table, indexed
 * by inr_model_kind as inr/kinds.c. A kind missing here (one registered at
 * run time, inr_kind_register, too) is refused by supports() with "not
 * supported on CUDA yet"; the CLI's --device auto then trains it on the
 * CPU. To add one: give it a cuda_kind_ops table (as cuda/nstr_cuda.c) and
 * list it here. */
extern const cuda_kind_ops cuda_hcinr_kind;   /* hcinr_cuda.c */
static const cuda_kind_ops *const KIND_ON_CUDA[] = {
    [INR_MODEL_SIREN] = &cuda_layers_kind,
    [INR_MODEL_FFN] = &cuda_layers_kind,
    [INR_MODEL_HASHGRID] = &cuda_layers_kind,
    [INR_MODEL_NSTR] = &cuda_nstr_kind,
    [INR_MODEL_HCINR] = &cuda_hcinr_kind,
};

static const cuda_kind_ops *kind_ops(const inr_model *m)
{
    size_t kind = (size_t)m->cfg.kind;
    return kind < sizeof KIND_ON_CUDA / sizeof KIND_ON_CUDA[0] ? KIND_ON_CUDA[kind] : NULL;
}

static inr_status cuda_supports(const inr_model *m)
{
    const cuda_kind_ops *k = kind_ops(m);
    if (!k)
        return inr_fail(INR_ERR_UNSUPPORTED, "--model %s is not supported on CUDA yet (use --device cpu)",
                        inr_model_name(m->cfg.kind));
    if (m->cfg.precision != INR_PRECISION_FP32)
        return inr_fail(INR_ERR_UNSUPPORTED,
                        "--precision %s trains on the CPU (on the GPU: --tf32)",
                        inr_precision_name(m->cfg.precision));
    return k->supports ? k->supports(m) : INR_OK;
}

/* ---- workspace ---------------------------------------------------------- */

static size_t train_workspace(const inr_model *m, size_t N)
{
    return kind_ops(m)->train_floats(m, N);
}

static size_t eval_workspace(const inr_model *m, size_t N)
{
    return kind_ops(m)->eval_floats(m, N);
}

/* Largest rows per pass: 2^20 rows keep a 256-wide SIREN pass near 10 GiB;
 * fewer when the GPU has less free memory (70% of it, the rest left to
 * cuBLAS and other programs). */
enum { MAX_PASS_ROWS = 1 << 20, MIN_PASS_ROWS = 1 << 10 };

static int pass_rows(long want, size_t (*floats)(const inr_model *, size_t), const inr_model *m)
{
    size_t rows = (size_t)(want < MAX_PASS_ROWS ? want : MAX_PASS_ROWS);
    size_t budget = (size_t)(0.7 * (double)inr_cuda_free_memory());
    while (budget && rows > MIN_PASS_ROWS && floats(m, rows) * sizeof(float) > budget) rows /= 2;
    return (int)(rows ? rows : 1);
}

/* ---- trainer ------------------------------------------------------------ */

/* Losses read back per round trip, at most. */
enum { SYNC_MAX = 64 };

typedef struct {
    inr_model *model;
    inr_cuda_ctx *ctx;
    inr_train_options opt;
    long n_points, batch, step;
    int rows;                          /* rows per forward/backward pass */
    uint64_t seed;                     /* minibatch sampling */
    float *params, *grad, *adam_m, *adam_v;   /* (n_params) each, one layout */
    float *coords, *targets;           /* (N,d), (N,C): the whole signal */
    float *batch_x, *batch_t;          /* (B,d), (B,C); NULL for the full batch */
    float *work;                       /* train_workspace(rows) */
    double *sse;                       /* (SYNC_MAX) per-step sums of squared errors */
    double *reg_sse;                   /* (SYNC_MAX) the regulariser's (NSTR) */
    double *sse_host;                  /* (2 SYNC_MAX) both, pinned */
    float *state_m, *state_v;          /* host copies of Adam's moments (get_state) */
} cuda_trainer;

static void cuda_trainer_free(void *impl)
{
    cuda_trainer *t = impl;
    if (!t) return;
    if (t->ctx) inr_cuda_sync(t->ctx);
    float *bufs[] = { t->params, t->grad, t->adam_m, t->adam_v, t->coords,
                      t->targets, t->batch_x, t->batch_t, t->work };
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) inr_cuda_free(bufs[i]);
    inr_cuda_free(t->sse);
    inr_cuda_host_free(t->sse_host);
    free(t->state_m);
    free(t->state_v);
    inr_cuda_ctx_free(t->ctx);
    free(t);
}

static float *dev_floats(size_t n, int *ok)
{
    float *p = *ok ? inr_cuda_malloc(n * sizeof(float)) : NULL;
    if (!p) *ok = 0;
    return p;
}

/* Points a block when computed points are uploaded. */
enum { UPLOAD_BLOCK = 1 << 20 };

/* Uploads pts's coordinates and targets, computed ones block by block. */
static int upload_points(cuda_trainer *t, const inr_points *pts)
{
    int d = pts->d, C = pts->C;
    long n = pts->n, block = n < UPLOAD_BLOCK ? n : UPLOAD_BLOCK;
    float *bx = pts->coords ? NULL : malloc((size_t)block * d * sizeof(float));
    float *bt = pts->targets ? NULL : malloc((size_t)block * C * sizeof(float));
    int ok = (pts->coords || bx) && (pts->targets || bt);
    for (long r0 = 0; ok && r0 < n; r0 += block) {
        long rows = n - r0 < block ? n - r0 : block;
        inr_cuda_upload(t->ctx, t->coords + (size_t)r0 * d, inr_points_coords(pts, r0, rows, bx),
                        (size_t)rows * d * sizeof(float));
        inr_cuda_upload(t->ctx, t->targets + (size_t)r0 * C,
                        inr_points_targets(pts, r0, rows, bt), (size_t)rows * C * sizeof(float));
        inr_cuda_sync(t->ctx);   /* the blocks are refilled */
    }
    free(bx);
    free(bt);
    return ok;
}

static inr_status cuda_trainer_create(void **impl, inr_model *m, const inr_points *pts,
                                      const inr_train_options *opt)
{
    long n_points = pts->n;
    *impl = NULL;
    cuda_trainer *t = calloc(1, sizeof *t);
    if (!t) return inr_fail(INR_ERR_NOMEM, "out of memory for the CUDA trainer");
    inr_status st = inr_cuda_ctx_create(&t->ctx, opt->tf32);
    if (st) {
        free(t);
        return st;
    }
    int d = m->cfg.in_dim, C = m->cfg.out_dim, ok = 1;
    size_t np = m->n_params;
    t->model = m;
    t->opt = *opt;
    t->n_points = n_points;
    t->batch = inr_train_batch(opt, n_points);
    /* The CPU trainer's seed for its own generator ("batch"); the GPU draws
     * other (counter-based) indices from it. */
    t->seed = inr_batch_seed(m->cfg.seed);
    t->params = dev_floats(np, &ok);
    t->grad = dev_floats(np, &ok);
    t->adam_m = dev_floats(np, &ok);
    t->adam_v = dev_floats(np, &ok);
    t->coords = dev_floats((size_t)n_points * d, &ok);
    t->targets = dev_floats((size_t)n_points * C, &ok);
    if (t->batch < n_points) {
        t->batch_x = dev_floats((size_t)t->batch * d, &ok);
        t->batch_t = dev_floats((size_t)t->batch * C, &ok);
    }
    if (ok) {
        t->rows = pass_rows(t->batch, train_workspace, m);
        t->work = dev_floats(train_workspace(m, (size_t)t->rows), &ok);
    }
    if (ok) {
        t->sse = inr_cuda_malloc(2 * SYNC_MAX * sizeof(double));
        t->reg_sse = t->sse ? t->sse + SYNC_MAX : NULL;
        t->sse_host = t->sse ? inr_cuda_host_alloc(2 * SYNC_MAX * sizeof(double)) : NULL;
        ok = t->sse_host != NULL;
    }
    if (!ok) {
        cuda_trainer_free(t);
        return INR_ERR_NOMEM;  /* reason recorded by the allocator */
    }
    inr_cuda_upload(t->ctx, t->params, m->params, np * sizeof(float));
    if (!upload_points(t, pts)) {
        cuda_trainer_free(t);
        return inr_fail(INR_ERR_NOMEM, "out of memory uploading the points");
    }
    inr_cuda_memset0(t->ctx, t->adam_m, np * sizeof(float));
    inr_cuda_memset0(t->ctx, t->adam_v, np * sizeof(float));
    inr_cuda_sync(t->ctx);
    *impl = t;
    return INR_OK;
}

static inr_status cuda_trainer_steps(void *impl, int k, double *losses, double *regs)
{
    cuda_trainer *t = impl;
    const inr_model *m = t->model;
    int d = m->cfg.in_dim, C = m->cfg.out_dim;
    long B = t->batch;
    float loss_scale = (float)(1.0 / ((double)B * C));
    for (int done = 0; done < k;) {
        int kk = k - done < SYNC_MAX ? k - done : SYNC_MAX;
        for (int j = 0; j < kk; j++) {
            const float *x = t->coords, *tg = t->targets;
            if (t->batch_x) {
                gather_minibatch_cuda(t->ctx, t->coords, t->targets, t->batch_x, t->batch_t,
                                      t->n_points, B, d, C, t->seed, (uint64_t)t->step);
                x = t->batch_x;
                tg = t->batch_t;
            }
            inr_cuda_memset0(t->ctx, t->grad, m->n_params * sizeof(float));
            inr_cuda_memset0(t->ctx, t->sse + j, sizeof(double));
            inr_cuda_memset0(t->ctx, t->reg_sse + j, sizeof(double));
            for (long r0 = 0; r0 < B; r0 += t->rows) {
                int rows = (int)(B - r0 < t->rows ? B - r0 : t->rows);
                kind_ops(m)->forward_backward(t->ctx, m, t->params, x + (size_t)r0 * d,
                                              tg + (size_t)r0 * C, rows, loss_scale, t->grad,
                                              t->work, t->sse + j, t->reg_sse + j);
            }
            inr_adam_options adam = t->opt.adam;
            adam.lr = inr_train_lr(&t->opt, t->step);
            t->step++;
            adam_update_cuda(t->ctx, m, t->params, t->grad, t->adam_m, t->adam_v, t->step, &adam);
        }
        inr_cuda_download_async(t->ctx, t->sse_host, t->sse, (size_t)kk * sizeof(double));
        inr_cuda_download_async(t->ctx, t->sse_host + SYNC_MAX, t->reg_sse,
                                (size_t)kk * sizeof(double));
        inr_cuda_sync(t->ctx);
        double reg_weight = kind_ops(m)->reg_weight ? kind_ops(m)->reg_weight(m, loss_scale) : 0;
        for (int j = 0; j < kk; j++) {
            if (losses) losses[done + j] = t->sse_host[j] * loss_scale;
            if (regs) regs[done + j] = t->sse_host[SYNC_MAX + j] * reg_weight;
        }
        done += kk;
    }
    return INR_OK;
}

static inr_status cuda_trainer_download(void *impl)
{
    cuda_trainer *t = impl;
    inr_cuda_download(t->ctx, t->model->params, t->params, t->model->n_params * sizeof(float));
    return INR_OK;
}

/* Optimizer state (inr/backend.h): get downloads Adam's moments into host
 * buffers the trainer owns; set uploads them. The minibatch sampler is
 * counter-based (batch_hash.h): its state is the step, so a fit resumed on
 * the GPU draws the batches of an uninterrupted one. st->rng, which only
 * the CPU's sampler reads, gets a generator seeded from the step (a fit
 * moved between devices continues with other, equally random batches). */
static inr_status cuda_trainer_state(void *impl, inr_optimizer_state *st, int set)
{
    cuda_trainer *t = impl;
    size_t bytes = t->model->n_params * sizeof(float);
    if (set) {
        inr_cuda_upload(t->ctx, t->adam_m, st->adam_m, bytes);
        inr_cuda_upload(t->ctx, t->adam_v, st->adam_v, bytes);
        inr_cuda_sync(t->ctx);
        t->step = st->step;
        return INR_OK;
    }
    if (!t->state_m) t->state_m = malloc(bytes);
    if (!t->state_v) t->state_v = malloc(bytes);
    if (!t->state_m || !t->state_v)
        return inr_fail(INR_ERR_NOMEM, "out of memory for the optimizer state");
    inr_cuda_download(t->ctx, t->state_m, t->adam_m, bytes);
    inr_cuda_download(t->ctx, t->state_v, t->adam_v, bytes);
    st->adam_m = t->state_m;
    st->adam_v = t->state_v;
    st->step = t->step;
    inr_rng_seed(&st->rng, t->seed ^ (uint64_t)t->step);
    return INR_OK;
}

/* ---- evaluation --------------------------------------------------------- */

/* out (N,C) = m(coords) in tiles of up to 2^20 rows: upload a tile of
 * coordinates, run the layers, download its outputs. */
static inr_status cuda_evaluate(const inr_model *m, const float *coords, long n_points,
                                float *out, int threads)
{
    (void)threads;
    inr_status st = cuda_supports(m);
    if (st) return st;
    inr_cuda_ctx *ctx;
    if ((st = inr_cuda_ctx_create(&ctx, 0)) != INR_OK) return st;
    int d = m->cfg.in_dim, C = m->cfg.out_dim, ok = 1;
    float *params = dev_floats(m->n_params, &ok);
    int tile = pass_rows(n_points > 0 ? n_points : 1, eval_workspace, m);
    float *x = dev_floats((size_t)tile * d, &ok), *y = dev_floats((size_t)tile * C, &ok);
    float *work = dev_floats(eval_workspace(m, (size_t)tile), &ok);
    if (ok) {
        inr_cuda_upload(ctx, params, m->params, m->n_params * sizeof(float));
        for (long r0 = 0; r0 < n_points; r0 += tile) {
            int rows = (int)(n_points - r0 < tile ? n_points - r0 : tile);
            inr_cuda_upload(ctx, x, coords + (size_t)r0 * d, (size_t)rows * d * sizeof(float));
            kind_ops(m)->forward(ctx, m, params, x, y, rows, work);
            inr_cuda_download(ctx, out + (size_t)r0 * C, y, (size_t)rows * C * sizeof(float));
        }
    }
    inr_cuda_free(params);
    inr_cuda_free(x);
    inr_cuda_free(y);
    inr_cuda_free(work);
    inr_cuda_ctx_free(ctx);
    return ok ? INR_OK : INR_ERR_NOMEM;
}

const inr_backend inr_backend_cuda = {
    .name = "cuda",
    .device = INR_DEVICE_CUDA,
    /* 16 steps per read-back: the host queues launches ahead of the GPU,
     * and a diverging loss is still seen within 16 steps. */
    .sync_every = 16,
    .probe = inr_cuda_probe,
    .supports = cuda_supports,
    .trainer_create = cuda_trainer_create,
    .trainer_steps = cuda_trainer_steps,
    .trainer_download = cuda_trainer_download,
    .trainer_free = cuda_trainer_free,
    .trainer_state = cuda_trainer_state,
    .evaluate = cuda_evaluate,
};
