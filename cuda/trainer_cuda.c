/* trainer_cuda.c - the CUDA backend (inr/backend.h): a trainer that keeps
 * the signal, the parameters, Adam's moments and every activation on the
 * GPU for the whole fit, tiled evaluation, and the table entry
 * inr_backend_cuda. Plain C over the ops of ops_cuda.h; it mirrors the
 * CPU's inr_model_forward_backward (inr/model.c) layer for layer.
 *
 * Nothing is allocated per step; the host sees only the losses, read back
 * every k steps (trainer_steps), and the parameters at the end. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "ops_cuda.h"

/* ---- what runs on CUDA --------------------------------------------------
 * Models whose training the CUDA trainer implements, and the kernels of
 * each layer kind. A model kind missing here (or a layer kind without a
 * forward) is refused by supports() with "not supported on CUDA yet"; the
 * CLI's --device auto then trains it on the CPU. To add one: give its
 * layers a forward/backward below and set its model kind to 1.
 * Pending: NSTR and HC-INR (SPEC 2.4, 2.5), whose forward/backward is not a
 * chain of layers (inr_model_ops in model_kinds.h): each needs its own
 * CUDA walk; their grids can reuse hashgrid_forward_cuda/_backward_cuda. */
static const unsigned char MODEL_ON_CUDA[] = {
    [INR_MODEL_SIREN] = 1,
    [INR_MODEL_FFN] = 1,
    [INR_MODEL_HASHGRID] = 1,
};

typedef struct {
    /* y (N,out) = layer(x (N,in)); aux (N,out), when not NULL, gets what
     * the backward needs (sine: w0 cos); NULL at inference. */
    void (*forward)(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                    const float *params, const float *x, float *y, float *aux, int N);
    /* From delta = dL/dy (N,out), overwritten: grad (the layer's slice of the
     * flat buffer) += its gradient, dx (N,in) = dL/dx unless NULL. NULL: the
     * layer trains nothing and neither does anything below it (the walk
     * stops), as the frozen Fourier layer. */
    void (*backward)(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                     const float *params, const float *x, const float *y, const float *aux,
                     float *delta, float *grad, float *dx, int N);
} cuda_layer_ops;

/* Dense: y = act(w0 (x W^T + b)); the product first, then one fused pass
 * adds the bias and applies the activation. */
static void dense_forward(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                          const float *params, const float *x, float *y, float *aux, int N)
{
    (void)m;
    const float *b = params + L->b_offset;
    linear_forward_cuda(ctx, x, params + L->w_offset, NULL, y, N, L->in, L->out);
    switch (L->act) {
    case ACT_SINE: sine_forward_cuda(ctx, y, b, aux, L->w0, N, L->out); break;
    case ACT_RELU: relu_forward_cuda(ctx, y, b, N, L->out); break;
    case ACT_NONE: bias_forward_cuda(ctx, y, b, N, L->out); break;
    }
}

static void dense_backward(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                           const float *params, const float *x, const float *y,
                           const float *aux, float *delta, float *grad, float *dx, int N)
{
    (void)m;
    size_t n = (size_t)N * L->out;
    if (L->act == ACT_SINE) sine_backward_cuda(ctx, delta, aux, delta, n);
    else if (L->act == ACT_RELU) relu_backward_cuda(ctx, delta, y, delta, n);
    linear_backward_cuda(ctx, x, params + L->w_offset, delta, grad + L->w_offset,
                         grad + L->b_offset, dx, N, L->in, L->out);
}

static void fourier_forward(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                            const float *params, const float *x, float *y, float *aux, int N)
{
    (void)m;
    (void)aux;
    fourier_forward_cuda(ctx, x, params + L->w_offset, y, N, L->in, L->out / 2);
}

/* The hash encoding (SPEC 2.3) of the model's grid; tables in params. */
static void hashgrid_forward(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                             const float *params, const float *x, float *y, float *aux, int N)
{
    (void)L;
    (void)aux;
    hashgrid_forward_cuda(ctx, &m->grid, params, x, y, N);
}

/* Scatter-add into the tables; dx only if a layer below wanted it (the
 * encoding is the first layer, so never today). */
static void hashgrid_backward(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                              const float *params, const float *x, const float *y,
                              const float *aux, float *delta, float *grad, float *dx, int N)
{
    (void)L;
    (void)y;
    (void)aux;
    hashgrid_backward_cuda(ctx, &m->grid, params, x, delta, grad, dx, N);
}

static const cuda_layer_ops LAYER_OPS[] = {
    [LAYER_DENSE] = { .forward = dense_forward, .backward = dense_backward },
    [LAYER_FOURIER] = { .forward = fourier_forward, .backward = NULL },
    [LAYER_HASHGRID] = { .forward = hashgrid_forward, .backward = hashgrid_backward },
};

static const cuda_layer_ops *layer_ops(const inr_layer *L)
{
    size_t k = (size_t)L->kind;
    return k < sizeof LAYER_OPS / sizeof LAYER_OPS[0] && LAYER_OPS[k].forward ? &LAYER_OPS[k]
                                                                               : NULL;
}

static inr_status cuda_supports(const inr_model *m)
{
    size_t kind = (size_t)m->cfg.kind;
    if (kind >= sizeof MODEL_ON_CUDA || !MODEL_ON_CUDA[kind])
        return inr_fail(INR_ERR_UNSUPPORTED, "--model %s is not supported on CUDA yet (use --device cpu)",
                        inr_model_name(m->cfg.kind));
    for (int l = 0; l < m->n_layers; l++)
        if (!layer_ops(&m->layer[l]))
            return inr_fail(INR_ERR_UNSUPPORTED, "--model %s: layer %d has no CUDA kernels yet (use --device cpu)",
                            inr_model_name(m->cfg.kind), l);
    return INR_OK;
}

/* ---- workspace ---------------------------------------------------------- */

/* Pieces of the workspace start on 256-byte boundaries (16-byte float4
 * accesses, and cuBLAS prefers aligned operands). */
static size_t pad(size_t floats) { return (floats + 63) & ~(size_t)63; }

static int has_aux(const inr_layer *L) { return L->kind == LAYER_DENSE && L->act == ACT_SINE; }

/* Floats for training N rows: each layer's output (+ w0 cos for sine),
 * then two (N, max_width) deltas (as inr_model_workspace, padded). */
static size_t train_workspace(const inr_model *m, size_t N)
{
    size_t total = 2 * pad(N * m->max_width);
    for (int l = 0; l < m->n_layers; l++)
        total += pad(N * m->layer[l].out) * (has_aux(&m->layer[l]) ? 2 : 1);
    return total;
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
    double *sse_host;                  /* (SYNC_MAX), pinned */
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
    inr_cuda_ctx_free(t->ctx);
    free(t);
}

static float *dev_floats(size_t n, int *ok)
{
    float *p = *ok ? inr_cuda_malloc(n * sizeof(float)) : NULL;
    if (!p) *ok = 0;
    return p;
}

static inr_status cuda_trainer_create(void **impl, inr_model *m, const float *coords,
                                      const float *targets, long n_points,
                                      const inr_train_options *opt)
{
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
    t->batch = opt->batch <= 0 || opt->batch > n_points ? n_points : opt->batch;
    /* The CPU trainer's seed for its own generator ("batch"); the GPU draws
     * other (counter-based) indices from it. */
    t->seed = m->cfg.seed ^ 0x6261746368ULL;
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
        t->sse = inr_cuda_malloc(SYNC_MAX * sizeof(double));
        t->sse_host = t->sse ? inr_cuda_host_alloc(SYNC_MAX * sizeof(double)) : NULL;
        ok = t->sse_host != NULL;
    }
    if (!ok) {
        cuda_trainer_free(t);
        return INR_ERR_NOMEM;  /* reason recorded by the allocator */
    }
    inr_cuda_upload(t->ctx, t->params, m->params, np * sizeof(float));
    inr_cuda_upload(t->ctx, t->coords, coords, (size_t)n_points * d * sizeof(float));
    inr_cuda_upload(t->ctx, t->targets, targets, (size_t)n_points * C * sizeof(float));
    inr_cuda_memset0(t->ctx, t->adam_m, np * sizeof(float));
    inr_cuda_memset0(t->ctx, t->adam_v, np * sizeof(float));
    inr_cuda_sync(t->ctx);
    *impl = t;
    return INR_OK;
}

/* One pass of N rows: forward, loss into *sse (added), backward into grad
 * (added), exactly the walk of inr_model_forward_backward. */
static void forward_backward(cuda_trainer *t, const float *x, const float *tg, int N,
                             float loss_scale, double *sse)
{
    const inr_model *m = t->model;
    const float *act_in[INR_MAX_LAYERS + 1];
    float *act_out[INR_MAX_LAYERS], *aux[INR_MAX_LAYERS];
    float *p = t->work;
    act_in[0] = x;
    for (int l = 0; l < m->n_layers; l++) {
        const inr_layer *L = &m->layer[l];
        act_out[l] = p;
        p += pad((size_t)N * L->out);
        aux[l] = NULL;
        if (has_aux(L)) {
            aux[l] = p;
            p += pad((size_t)N * L->out);
        }
        layer_ops(L)->forward(t->ctx, m, L, t->params, act_in[l], act_out[l], aux[l], N);
        act_in[l + 1] = act_out[l];
    }
    float *delta = p, *delta_prev = p + pad((size_t)N * m->max_width);
    const inr_layer *last = &m->layer[m->n_layers - 1];
    mse_forward_backward_cuda(t->ctx, act_out[m->n_layers - 1], tg, delta, loss_scale,
                              (size_t)N * last->out, sse);
    for (int l = m->n_layers - 1; l >= 0; l--) {
        const inr_layer *L = &m->layer[l];
        const cuda_layer_ops *ops = layer_ops(L);
        if (!ops->backward) break;  /* nothing trainable below */
        int need_dx = l > 0 && layer_ops(&m->layer[l - 1])->backward != NULL;
        ops->backward(t->ctx, m, L, t->params, act_in[l], act_out[l], aux[l], delta, t->grad,
                      need_dx ? delta_prev : NULL, N);
        float *swap = delta;
        delta = delta_prev;
        delta_prev = swap;
    }
}

/* The learning rate of the step after `step` steps (as inr_trainer_lr). */
static float lr_at(const inr_train_options *o, long step)
{
    if (o->lr_decay == 1.0f || o->lr_decay_every <= 0) return o->adam.lr;
    return o->adam.lr * powf(o->lr_decay, (float)(step / o->lr_decay_every));
}

static inr_status cuda_trainer_steps(void *impl, int k, double *losses)
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
            for (long r0 = 0; r0 < B; r0 += t->rows) {
                int rows = (int)(B - r0 < t->rows ? B - r0 : t->rows);
                forward_backward(t, x + (size_t)r0 * d, tg + (size_t)r0 * C, rows, loss_scale,
                                 t->sse + j);
            }
            inr_adam_options adam = t->opt.adam;
            adam.lr = lr_at(&t->opt, t->step);
            t->step++;
            adam_update_cuda(t->ctx, m, t->params, t->grad, t->adam_m, t->adam_v, t->step, &adam);
        }
        inr_cuda_download_async(t->ctx, t->sse_host, t->sse, (size_t)kk * sizeof(double));
        inr_cuda_sync(t->ctx);
        for (int j = 0; j < kk; j++)
            if (losses) losses[done + j] = t->sse_host[j] * loss_scale;
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

/* ---- evaluation --------------------------------------------------------- */

/* Floats to evaluate N rows: two ping-pong activations. */
static size_t eval_workspace(const inr_model *m, size_t N) { return 2 * pad(N * m->max_width); }

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
        float *buf[2] = { work, work + pad((size_t)tile * m->max_width) };
        inr_cuda_upload(ctx, params, m->params, m->n_params * sizeof(float));
        for (long r0 = 0; r0 < n_points; r0 += tile) {
            int rows = (int)(n_points - r0 < tile ? n_points - r0 : tile);
            inr_cuda_upload(ctx, x, coords + (size_t)r0 * d, (size_t)rows * d * sizeof(float));
            const float *in = x;
            for (int l = 0; l < m->n_layers; l++) {
                float *o = l == m->n_layers - 1 ? y : buf[l & 1];
                layer_ops(&m->layer[l])->forward(ctx, m, &m->layer[l], params, in, o, NULL, rows);
                in = o;
            }
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
    .evaluate = cuda_evaluate,
};
