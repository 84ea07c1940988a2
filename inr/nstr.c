/* nstr.c - NSTR, the neural spectral transport representation (METHODS 2.4,
 * the project's reading of a withdrawn paper): a spectrum field S(x) that
 * modulates K global sinusoids, f(x) = g_phi(S(x) * sin(Omega x + b)), and a
 * transport network F_theta trained so that grad_x S(x) ~ F_theta(x, S(x)).
 *
 * Shapes: N points, d dims, K bases, L levels of S, H g_phi width, C
 * channels, T transport width. */
#include <math.h>
#include <string.h>

#include "kind_carve.h"
#include "ops_cpu.h"
#include "vmath.h"

/* ---- The project's reading of NSTR, every choice in one place ---------
 * Revise here when the paper's text becomes available.
 * - S is the SUM of the levels of a dense multiresolution grid (F = K per
 *   level, levels/base_res/max_res of the config), so S: R^d -> R^K and
 *   grad_x S is the closed-form derivative of the d-linear weights.
 * - S starts at 1 (coarsest level 1, finer levels ~ U(+-grid_init)): the
 *   untrained model is then g_phi(sin(Omega x + b)), a sine-feature MLP
 *   whose spectrum omega_std controls (what FreSh needs).
 * - Omega ~ N(0, omega_std^2) in radians per unit of x (omega_std: --sigma);
 *   phases b ~ U(-pi, pi). Images: omega_std is 0.15 of the spectral
 *   centroid's angular frequency (audio: all of it). On the four photos at
 *   256^2, 300 steps, held-out pixels (--holdout 0.2) gained most from
 *   this: the whole centroid (~100-134 rad/unit) gave 25.7 / 22.2 / 23.7 /
 *   21.3 dB (camera, astronaut, coffee, gravel), 0.25 of it 32.95 / 27.64 /
 *   29.46 / 23.82, 0.15 33.14 / 28.11 / 29.89 / 23.98, 0.10 33.17 / 28.12 /
 *   29.90 / 23.91 with less on all pixels. High carriers let S fit each
 *   pixel and say nothing between them. Audio (gt_bach, held-out SNR):
 *   the centroid 21.87 dB, half 21.09, a quarter 17.34, so audio keeps it.
 * - g_phi: `layers` ReLU layers of `width`, then linear to C.
 * - F_theta: (d + W) -> T -> T -> W*d (W -> T -> T -> W*d with
 *   --transport-x 0), ReLU, T = NSTR_TRANSPORT_WIDTH, W = K (2K with the
 *   phase field, below); its output is read as grad_x S laid out
 *   axis-major: d blocks of W (the layout of hashgrid_jacobian_cpu).
 * - grad_x S is measured per cell of the finest level of S (x scaled by
 *   s_{L-1}/2, grad_unit()): in units of [-1,1] a 64- or 1024-vertex
 *   grid has slopes of 32 or 512 per unit of S change, and with lambda
 *   1e-3 the regulariser then outweighs the data term by orders of
 *   magnitude (measured in bench/REPORT_models.md).
 * - The regulariser's mean runs over points and the W*d components (the
 *   data term's mean runs over points and C channels); lambda weights it.
 *   Only S and F_theta receive its gradient: Omega, b and g_phi do not
 *   appear in it.
 * - S's tables train at 16 times the model's learning rate (Adam's per-
 *   tensor lr_scale; Omega, the phases and both MLPs at the model's 1e-2).
 *   S is a grid, and a grid wants the high rates of Instant-NGP's tables,
 *   the MLPs do not: on camera_256, 300 steps, the whole model at 4e-2 or
 *   8e-2 reached 44-48 dB but fell to 27-31 dB for other seeds or K;
 *   S alone at x4, x8, x16, x32 gave 44.2-44.9, 46.8-47.0, 45.7, 49.8 dB
 *   (K 24 on 20..80), every seed stable. Audio gains too: Bach SNR 18.1
 *   -> 23.4 dB.
 * - The budget goes to S's resolution rather than to more bases: at
 *   ~200k parameters (grey), K 16 on 3 levels of 24..96 vertices beat K 32
 *   on 16..64, K 24 on 20..80 and K 8 on 16..128 (53.1 dB vs 49.8, 44.7
 *   at x16). So a local spectrum of few bases on a fine grid.
 * - The transport term is on for images (lambda 1e-3): with S trained at
 *   grid rates it is the smoothness prior S needs between the pixels it
 *   sees. Held-out pixels of camera_256 (--holdout 0.2, 300 steps):
 *   lambda 0 23.24 dB, 1e-3 25.74, 1e-2 28.32, 1e-1 29.20; on all pixels
 *   without holdout 53.14, 47.06, 39.85, 31.35. 1e-3 keeps NSTR above the
 *   FFN (41.31 dB) and SIREN (32.51) on all pixels while gaining 2.5 dB
 *   held out; a stronger term trades fit for interpolation (--lambda).
 *   Audio keeps lambda 0: on Bach it cost 4.4 dB SNR (23.4 -> 19.0).
 *   At omega_std 0.15 of the centroid (the default) the term gains less,
 *   +0.23 to +0.28 dB held out on the four photos (lambda 0: 32.90 /
 *   27.88 / 29.61 / 23.70); at 0.25, +0.23 to +0.48. lambda 3e-3 and 1e-2
 *   lost on three photos of four.
 * - F_theta(S) without x (--transport-x 0, key transport_x) was tried: on
 *   camera, held out, 25.70 against 25.73 dB at lambda 1e-3, 28.31 / 28.30
 *   at 1e-2, 27.81 / 28.76 at 3e-2, 29.31 / 29.38 at 1e-1. It constrains
 *   nothing measurable either: F_theta (64 wide) matches neither form of
 *   grad_x S closely, so the term acts as a penalty on |grad_x S| whatever
 *   F_theta sees. The default stays F_theta(x, S), the layout every
 *   earlier file has.
 * - Earlier reading (before the S rate): the term made no difference on
 *   held-out pixels (+-0.05 dB, bench/REPORT_models.md) and was off.
 * - The phase field (--phase-field 1, key phase_field; issue 27): S moves
 *   frequencies, not only amplitudes. S is W = 2K wide per point, [a_0..
 *   a_{K-1}, phi_0..phi_{K-1}], the features a_k sin(Omega_k x + b_k +
 *   phi_k(x)), so basis k's local frequency is Omega_k + grad_x phi_k(x).
 *   Backward: dS_a = dfeat sin, dS_phi = dfeat a cos = dtheta (what goes
 *   to Omega and b). The phases start at 0 on the coarsest level (the
 *   amplitudes at 1: the untrained model is the one above) and at
 *   U(+-grid_init) on the finer levels, as the amplitudes. The transport
 *   term covers all W components (F_theta (X + W) -> T -> T -> W d, its
 *   mean over W d). The frequency field weighs |Omega_k + grad_x phi_k|
 *   by a_k^2 (grad_x phi from S's Jacobian); the flow projects F_theta's
 *   amplitude part only (the frequencies' own change would need second
 *   derivatives of phi). phase_field 0 computes bit for bit what it did
 *   before the option.
 *   Measured (bench/nstr_photos.sh ONLY=phase, 256^2, 300 steps, --threads
 *   2; all pixels / held out at --holdout 0.2; camera, astronaut, coffee,
 *   gravel; held-out sum last), <= 205k RGB:
 *     amplitudes only, K 16, 24..96 (the default before): 41.16/33.05,
 *       35.67/28.17, 35.41/29.86, 37.26/23.94; 115.02 (seed 2: 115.70)
 *       lambda 0: 44.36/32.89, 36.65/27.83, 36.35/29.60, 43.26/23.66; 113.98
 *     phases, K 16, 16..68 (202,899 RGB): 43.74/33.56, 35.57/28.57,
 *       38.83/29.66, 41.98/23.94; 115.73 (seed 2: 43.26/33.10, 38.01/29.17,
 *       34.36/29.72, 41.07/23.97; 115.96)
 *       lambda 0: 47.99/32.92, 40.18/27.85, 40.27/29.27, 46.27/23.40; 113.44
 *     phases, K 8, 24..96 (201,787 RGB): 36.95/33.22, 39.83/27.81,
 *       40.69/28.69, 37.61/23.65; 113.38
 *       lambda 0: 52.18/31.78, 38.95/26.69, 42.03/27.73, 55.03/22.68; 108.88
 *     control, amplitudes, K 32, 16..68 (the same W and grid, 203,971
 *       RGB): 39.19/32.89, 33.91/28.26, 32.72/30.22, 36.28/23.85; 115.22
 *     phases 0 on the finer levels too (K 16, 16..68): 43.75/33.29,
 *       38.16/27.93, 38.95/29.66, 42.11/23.95; 114.84
 *   So the phase field wins held out in the sum, by +0.71 dB (seed 0) and
 *   +0.26 (seed 2), on two or three photos of four (coffee and gravel
 *   within -0.2..+0.1), and on all pixels by up to 4.7 dB; K 32 without
 *   phases on the same grid does not (the gain is the phases, not the
 *   coarser grid). Halving K instead of the grid loses. It is the image
 *   default (K 16 on 16..68, phase_field 1); audio keeps amplitudes only
 *   (not measured). The transport term still pays with phases (+2.3 dB
 *   held out over lambda 0, summed over the four photos).
 * - g_phi 128 wide for images (64 for audio): with the phase field, at 300
 *   steps held out (--holdout 0.2; camera, astronaut, coffee, gravel;
 *   coffee and gravel the mean of seeds 0, 1, 2):
 *     width 64 (the default before): 33.56, 28.57, 29.82, 23.93
 *     width 128 (203,921 grey, 204,179 RGB): 33.92, 28.57, 30.06, 24.07;
 *       all pixels 42.85, 37.45, 39.13, 39.99 (width 64: 43.74, 35.57,
 *       38.83, 41.98); lambda 0: 33.44, 27.82, 29.39, 23.45, so the
 *       transport term gains +0.48, +0.75, +0.88, +0.64
 *     width 96: coffee 29.96, gravel 24.15 (seed 0); 2 layers of 64
 *       (207,059 RGB): 30.09, 23.24
 *     S's tables at 8 times the model's rate instead of 16: 33.75, 28.68,
 *       30.31, 23.91; with width 128: 33.82, 28.85, 30.27, 23.97 (seeds
 *       0, 1) but all pixels 41.11, 37.39, 38.21, 35.03 and a transport
 *       term worth only +0.24, +0.36, +0.27, +0.51 over its lambda 0
 *       (lower rates smooth S already), so S keeps 16
 *     lambda 5e-4, 2e-3, 3e-3 (coffee, gravel, seed 0): 29.48 / 23.85,
 *       29.77 / 24.12, 30.14 / 23.74; with width 128, 2e-3: 29.41 / 24.20
 *     omega_std 0.10 and 0.20 of the centroid: 30.05 / 23.98, 29.92 /
 *       23.94; 0.10 with width 128: 29.98 / 24.02
 *   Seeds move a photo's held-out PSNR by up to 0.4 dB (coffee at width
 *   64: 29.66, 30.07, 29.72), so only width 128 gains beyond that on the
 *   sum (+0.74 dB). SIREN 256x4 holds out 31.20, 27.80, 30.04, 24.32
 *   (coffee and gravel: seeds 0, 1, 2): NSTR leads on camera and
 *   astronaut, ties on coffee (+0.02) and stays 0.25 dB behind on gravel
 *   (bench/REPORT_models.md). */
/* NSTR_TRANSPORT_WIDTH / _LAYERS, the layer indices and grad_unit are in
 * model_kinds.h, the buffers in kind_carve.h (shared with cuda/nstr_cuda.c). */
/* Adam's learning rate of S's tables, times the model's (see the top). */
#define NSTR_S_LR_SCALE 16.0f

static int g_first(const inr_model *m) { (void)m; return 0; }
#define g_count inr_nstr_g_count
#define f_first inr_nstr_f_first
#define grad_unit inr_nstr_grad_unit

static void nstr_defaults(inr_config *c)
{
    /* g_phi with one hidden layer, 128 wide for images and 64 for audio.
     * Images: K 16 bases with the phase field (S 2K wide) on S's 3 dense
     * levels of 16..68 vertices, the transport term on at 1e-3 (203,921
     * parameters for grey, 204,179 RGB; see the top). Audio: K 64 on
     * 64..1024 vertices
     * (a 1-D grid is cheap and audio envelopes change faster), the term
     * off. The std of Omega is in radians per unit of x (15 for images,
     * about 0.15 of a photo's centroid); `inrfit fit` sets it from the
     * target's spectral centroid. */
    int audio = c->in_dim == 1;
    c->width = audio ? 64 : 128;
    c->layers = 1;
    c->grid.levels = 3;
    c->nstr.bases = audio ? 64 : 16;
    c->grid.base_res = audio ? 64.0f : 16.0f;
    c->grid.max_res = audio ? 1024.0f : 68.0f;
    c->nstr.phase_field = audio ? 0 : 1;
    c->nstr.omega_std = audio ? 3000.0f : 15.0f;
    c->nstr.lambda = audio ? 0.0f : 1e-3f;
}

/* Its part, inr_nstr_config, and the grid of S. The std of Omega keeps the
 * option --sigma it always had (the FFN's option too, for its own field,
 * ffn.c) and takes the value of the key "sigma" that checkpoints stored it
 * under before it had its own. */
static const inr_hparam HPARAMS[] = {
    INR_HP_WIDTH,
    INR_HP_LAYERS,
    { .key = "omega_std", .option = "--sigma", .arg = "F", .type = INR_HP_FLOAT,
      .offset = offsetof(inr_config, nstr.omega_std), .lo = 1e-6, .hi = 1e6,
      .help = "std of the bases' frequencies Omega in rad/unit, by default from the "
              "target's spectral centroid",
      .was = "sigma" },
    INR_HP_GRID,
    INR_HP_INT_("bases", "--bases", "K", nstr.bases, 1, 1024, "global sinusoidal bases"),
    INR_HP_FLOAT_("lambda", "--lambda", "F", nstr.lambda, 0, 1e6,
                  "weight of the transport regulariser (images 1e-3, audio 0: off)"),
    /* Files written before the key had F_theta(x, S): absent means 1. */
    { .key = "transport_x", .option = "--transport-x", .arg = "0|1", .type = INR_HP_INT,
      .offset = offsetof(inr_config, nstr.transport_x), .lo = 0, .hi = 1,
      .help = "1: the transport network sees x and S, 0: S alone", .absent = 1,
      .has_absent = 1 },
    /* Files written before the key had amplitudes only: absent means 0. */
    { .key = "phase_field", .option = "--phase-field", .arg = "0|1", .type = INR_HP_INT,
      .offset = offsetof(inr_config, nstr.phase_field), .lo = 0, .hi = 1,
      .help = "1: S holds a local phase per basis besides its amplitude (S of width 2K; "
              "images 1, audio 0)",
      .absent = 0, .has_absent = 1 },
};

/* METHODS 2.4: the std of Omega from the target's spectral centroid, as an
 * angular frequency on [-1,1]: linspace(-1, 1, n) advances x by 2/(n-1) per
 * sample, so f cycles per sample is omega = pi f (n - 1) radians per unit
 * of x; images take NSTR_IMAGE_CENTROID_SHARE of it (see the top), audio all
 * of it. Keeps the default when that is not a positive number. */
#define NSTR_IMAGE_CENTROID_SHARE 0.15
static void nstr_from_centroid(inr_config *c, double centroid, long n_axis)
{
    double omega = M_PI * centroid * (double)(n_axis - 1);
    if (c->in_dim > 1) omega *= NSTR_IMAGE_CENTROID_SHARE;
    if (omega > 0 && isfinite(omega)) c->nstr.omega_std = (float)omega;
}

static inr_status nstr_check(const inr_config *c)
{
    inr_status st = inr_check_grid_res(c);
    if (st) return st;
    if (c->nstr.bases < 1 || c->nstr.bases > 1024)
        return inr_fail(INR_ERR_INVALID, "--bases must be 1..1024");
    if (c->layers + 1 + NSTR_TRANSPORT_LAYERS > INR_MAX_LAYERS)
        return inr_fail(INR_ERR_INVALID, "--layers must be 1..%d for nstr",
                        INR_MAX_LAYERS - 1 - NSTR_TRANSPORT_LAYERS);
    if (!(c->nstr.lambda >= 0) || !isfinite(c->nstr.lambda))
        return inr_fail(INR_ERR_INVALID, "--lambda must be a finite number >= 0");
    if (!(c->nstr.omega_std > 0) || !isfinite(c->nstr.omega_std))
        return inr_fail(INR_ERR_INVALID, "--sigma must be positive");
    if (!(c->grid.init_range >= 0 && c->grid.init_range <= 10))
        return inr_fail(INR_ERR_INVALID, "grid init range must be 0..10");
    return INR_OK;
}

static inr_status nstr_layout(inr_model *m)
{
    const inr_config *c = &m->cfg;
    int d = c->in_dim, K = c->nstr.bases, H = c->width, C = c->out_dim, T = NSTR_TRANSPORT_WIDTH;
    int W = inr_nstr_width(m);
    inr_status st = inr_grid_from_config(&m->grid, c, W, 1);
    if (st) return st;
    int first_s = m->n_tensors;
    inr_model_add_grid(m, "S");
    for (int t = first_s; t < m->n_tensors; t++) m->tensor[t].lr_scale = NSTR_S_LR_SCALE;
    m->extra_offset[0] = inr_model_add_tensor(m, "Omega", (size_t)K, (size_t)d, 0);
    m->extra_offset[1] = inr_model_add_tensor(m, "phase", (size_t)K, 0, 0);
    int in = K;
    for (int i = 0; i < c->layers; i++, in = H) inr_model_add_dense(m, "g", i, in, H, ACT_RELU, 1.0f);
    inr_model_add_dense(m, "g", c->layers, in, C, ACT_NONE, 1.0f);
    int X = inr_nstr_tin_x(m);
    inr_model_add_dense(m, "F", 0, X + W, T, ACT_RELU, 1.0f);
    inr_model_add_dense(m, "F", 1, T, T, ACT_RELU, 1.0f);
    inr_model_add_dense(m, "F", 2, T, W * d, ACT_NONE, 1.0f);
    if (m->max_width < X + W) m->max_width = X + W;
    return INR_OK;
}

static void nstr_init(inr_model *m, inr_rng *rng)
{
    const inr_config *c = &m->cfg;
    const inr_grid *g = &m->grid;
    int d = c->in_dim, K = c->nstr.bases, P = inr_nstr_phase_col(m);
    for (int l = 0; l < g->levels; l++) {
        float *table = m->params + g->offset[l];
        size_t n = g->rows[l] * g->features;
        if (l > 0)
            inr_fill_uniform(rng, table, n, c->grid.init_range);
        else if (!P)
            for (size_t i = 0; i < n; i++) table[i] = 1.0f;
        else   /* amplitudes 1, phases 0 */
            for (size_t i = 0; i < n; i++) table[i] = (int)(i % g->features) < K ? 1.0f : 0.0f;
    }
    float *omega = m->params + m->extra_offset[0], *phase = m->params + m->extra_offset[1];
    for (int i = 0; i < K * d; i++) omega[i] = c->nstr.omega_std * inr_rng_normal(rng);
    inr_fill_uniform(rng, phase, (size_t)K, 3.14159265358979f);
    /* MLPs: PyTorch's nn.Linear default, as the Fourier-feature MLP. */
    for (int l = 0; l < m->n_layers; l++) {
        const inr_layer *L = &m->layer[l];
        float bound = 1.0f / sqrtf((float)L->in);
        inr_fill_uniform(rng, m->params + L->w_offset, (size_t)L->out * L->in, bound);
        inr_fill_uniform(rng, m->params + L->b_offset, (size_t)L->out, bound);
    }
}

typedef inr_nstr_buffers nstr_buffers;

size_t inr_nstr_carve(const inr_model *m, size_t N, size_t align, float *work,
                      inr_nstr_buffers *b, int parts)
{
    const inr_config *c = &m->cfg;
    size_t n = N, p = 0;
    int d = c->in_dim, K = c->nstr.bases, L = m->grid.levels, mw = m->max_width;
    int X = inr_nstr_tin_x(m), W = inr_nstr_width(m);
    int levels = parts & NSTR_CARVE_LEVELS;
    memset(b, 0, sizeof *b);
    if (levels) b->Sl = inr_take_aligned(work, &p, n * L * W, align);
    b->S = inr_take_aligned(work, &p, n * W, align);
    b->sn = inr_take_aligned(work, &p, n * K, align);
    b->cs = inr_take_aligned(work, &p, n * K, align);
    b->feat = inr_take_aligned(work, &p, n * K, align);
    for (int i = 0; i < g_count(m); i++)
        b->g_act[i] = inr_take_aligned(work, &p, n * m->layer[g_first(m) + i].out, align);
    if (parts & NSTR_CARVE_TRANSPORT) {
        b->tin = inr_take_aligned(work, &p, n * (X + W), align);
        for (int i = 0; i < NSTR_TRANSPORT_LAYERS; i++)
            b->f_act[i] = inr_take_aligned(work, &p, n * m->layer[f_first(m) + i].out, align);
    }
    if (parts & NSTR_CARVE_TRAIN) {
        b->delta = inr_take_aligned(work, &p, n * mw, align);
        b->scratch = inr_take_aligned(work, &p, n * mw, align);
        b->dS = inr_take_aligned(work, &p, n * W, align);
        b->J = inr_take_aligned(work, &p, n * W * d, align);
        if (levels) b->Jl = inr_take_aligned(work, &p, n * L * W * d, align);
        b->dtin = inr_take_aligned(work, &p, n * (X + W), align);
    }
    return p;
}

/* The CPU's carve: unpadded, per-level arrays, F_theta always (the flow
 * field evaluates it). */
static size_t carve(const inr_model *m, int N, float *work, nstr_buffers *b, int training)
{
    int parts = NSTR_CARVE_LEVELS | NSTR_CARVE_TRANSPORT | (training ? NSTR_CARVE_TRAIN : 0);
    return inr_nstr_carve(m, (size_t)N, 1, work, b, parts);
}

static size_t nstr_workspace(const inr_model *m, int N)
{
    nstr_buffers b;
    return carve(m, N, NULL, &b, 1);
}

/* S, sin, cos and the modulated features of x (N,d). */
static void spectrum_forward(const inr_model *m, const float *params, const float *x,
                             nstr_buffers *b, int N)
{
    int d = m->cfg.in_dim, K = m->cfg.nstr.bases, L = m->grid.levels;
    int W = inr_nstr_width(m), P = inr_nstr_phase_col(m);
    size_t nk = (size_t)N * K;
    hashgrid_forward_cpu(&m->grid, params, x, b->Sl, N);
    for (int n = 0; n < N; n++) {
        float *S = b->S + (size_t)n * W;
        const float *Sl = b->Sl + (size_t)n * L * W;
        for (int k = 0; k < W; k++) S[k] = Sl[k];
        for (int l = 1; l < L; l++)
            for (int k = 0; k < W; k++) S[k] += Sl[(size_t)l * W + k];
    }
    /* theta (N,K) = x Omega^T + b (+ phi(x)), then its sine and cosine. */
    linear_forward_cpu(x, params + m->extra_offset[0], params + m->extra_offset[1], b->cs,
                       N, d, K);
    if (P)
        for (int n = 0; n < N; n++)
            for (int k = 0; k < K; k++) b->cs[(size_t)n * K + k] += b->S[(size_t)n * W + P + k];
    vsincos(b->cs, b->sn, b->cs, nk);
    if (!P)
        for (size_t i = 0; i < nk; i++) b->feat[i] = b->S[i] * b->sn[i];
    else
        for (int n = 0; n < N; n++)
            for (int k = 0; k < K; k++)
                b->feat[(size_t)n * K + k] = b->S[(size_t)n * W + k] * b->sn[(size_t)n * K + k];
}

/* F_theta(x, S(x)), or F_theta(S(x)), into f_act[last] (N,d,K); needs b->S. */
static void transport_forward(const inr_model *m, const float *params, const float *x,
                              nstr_buffers *b, int N)
{
    int d = m->cfg.in_dim, W = inr_nstr_width(m), X = inr_nstr_tin_x(m);
    for (int n = 0; n < N; n++) {
        float *in = b->tin + (size_t)n * (X + W);
        memcpy(in, x + (size_t)n * d, X * sizeof(float));
        memcpy(in + X, b->S + (size_t)n * W, W * sizeof(float));
    }
    mlp_forward_cpu(m, params, f_first(m), NSTR_TRANSPORT_LAYERS, b->tin, b->f_act, NULL, N);
}

static void nstr_forward(const inr_model *m, const float *params, const float *x, float *y,
                         int N, float *work)
{
    nstr_buffers b;
    carve(m, N, work, &b, 0);
    spectrum_forward(m, params, x, &b, N);
    int G = g_count(m);
    float *act[INR_MAX_LAYERS];
    for (int i = 0; i < G; i++) act[i] = i == G - 1 ? y : b.g_act[i];
    mlp_forward_cpu(m, params, g_first(m), G, b.feat, act, NULL, N);
}

/* Writes dS/dtable contributions of dS (N,W), broadcast to every level. */
static void spectrum_backward(const inr_model *m, const float *params, const float *x,
                              nstr_buffers *b, float *grad, int N)
{
    int W = inr_nstr_width(m), L = m->grid.levels;
    for (int n = 0; n < N; n++)
        for (int l = 0; l < L; l++)
            memcpy(b->Sl + ((size_t)n * L + l) * W, b->dS + (size_t)n * W, W * sizeof(float));
    hashgrid_backward_cpu(&m->grid, params, x, b->Sl, grad, NULL, N);
}

static double nstr_forward_backward(const inr_model *m, const float *params, const float *x,
                                    const float *t, int N, float loss_scale, float *grad,
                                    float *work, double *reg)
{
    const inr_config *c = &m->cfg;
    int d = c->in_dim, K = c->nstr.bases, C = c->out_dim, L = m->grid.levels;
    int W = inr_nstr_width(m), P = inr_nstr_phase_col(m);
    size_t nk = (size_t)N * K;
    nstr_buffers b;
    carve(m, N, work, &b, 1);

    /* Data term: f = g_phi(S * sin(theta)). */
    spectrum_forward(m, params, x, &b, N);
    int G = g_count(m);
    mlp_forward_cpu(m, params, g_first(m), G, b.feat, b.g_act, NULL, N);
    double sse = mse_forward_backward_cpu(b.g_act[G - 1], t, b.delta, loss_scale, (size_t)N * C);
    /* dfeat (N,K) lands in dS (with the phase field in dtin, free until
     * the transport term), then splits into dS and dtheta (in cs). */
    mlp_backward_cpu(m, params, g_first(m), G, b.feat, b.g_act, NULL, b.delta, b.scratch,
                     grad, P ? b.dtin : b.dS, N);
    if (!P)
        for (size_t i = 0; i < nk; i++) {
            float dfeat = b.dS[i];
            b.dS[i] = dfeat * b.sn[i];
            b.cs[i] *= dfeat * b.S[i];     /* dtheta = dfeat * S * cos(theta) */
        }
    else   /* dS_a = dfeat sin, dS_phi = dtheta = dfeat a cos(theta) */
        for (int n = 0; n < N; n++)
            for (int k = 0; k < K; k++) {
                size_t i = (size_t)n * K + k, s = (size_t)n * W + k;
                float dfeat = b.dtin[i];
                b.dS[s] = dfeat * b.sn[i];
                b.cs[i] *= dfeat * b.S[s];
                b.dS[s + P] = b.cs[i];
            }
    linear_backward_cpu(x, params + m->extra_offset[0], b.cs, grad + m->extra_offset[0],
                        grad + m->extra_offset[1], NULL, N, d, K);

    /* Transport term: lambda * mean |grad_x S - F_theta(x, S)|^2. */
    *reg = 0.0;
    if (c->nstr.lambda > 0) {
        size_t nkd = (size_t)N * W * d;
        hashgrid_jacobian_cpu(&m->grid, params, x, b.Jl, N);
        float unit = grad_unit(m);
        for (int n = 0; n < N; n++) {
            float *J = b.J + (size_t)n * W * d;
            const float *Jl = b.Jl + (size_t)n * L * W * d;
            for (int j = 0; j < W * d; j++) J[j] = Jl[j];
            for (int l = 1; l < L; l++)
                for (int j = 0; j < W * d; j++) J[j] += Jl[(size_t)l * W * d + j];
            for (int j = 0; j < W * d; j++) J[j] *= unit;
        }
        transport_forward(m, params, x, &b, N);
        float *Fo = b.f_act[NSTR_TRANSPORT_LAYERS - 1];
        /* Mean over the W*d components instead of the data term's C. */
        double weight = inr_nstr_reg_weight(m, loss_scale);
        float dscale = (float)(2.0 * weight);
        double rsum = 0.0;
        for (size_t i = 0; i < nkd; i++) {
            float r = b.J[i] - Fo[i];
            rsum += (double)r * r;
            b.J[i] = dscale * unit * r;     /* dL/dJ of the unscaled J */
            b.delta[i] = -dscale * r;       /* dL/dF */
        }
        *reg = weight * rsum;
        mlp_backward_cpu(m, params, f_first(m), NSTR_TRANSPORT_LAYERS, b.tin, b.f_act, NULL,
                         b.delta, b.scratch, grad, b.dtin, N);
        int X = inr_nstr_tin_x(m);
        for (int n = 0; n < N; n++)
            for (int k = 0; k < W; k++)
                b.dS[(size_t)n * W + k] += b.dtin[(size_t)n * (X + W) + X + k];
        /* dJ is the same for every level (J sums them). */
        for (int n = 0; n < N; n++)
            for (int l = 0; l < L; l++)
                memcpy(b.Jl + ((size_t)n * L + l) * W * d, b.J + (size_t)n * W * d,
                       (size_t)W * d * sizeof(float));
        hashgrid_jacobian_backward_cpu(&m->grid, x, b.Jl, grad, N);
    }
    spectrum_backward(m, params, x, &b, grad, N);
    return sse;
}

/* ---- fields (METHODS 2.4: what the viewer shows) --------------------------- */

static void nstr_field(const inr_model *m, int which, const float *x, float *out, int N,
                    float *work)
{
    const inr_config *c = &m->cfg;
    const float *params = m->params;
    int d = c->in_dim, K = c->nstr.bases, L = m->grid.levels;
    int W = inr_nstr_width(m), P = inr_nstr_phase_col(m);
    nstr_buffers b;
    /* The phase field needs grad_x phi: the training carve has J and Jl
     * (the workspace is sized for it, nstr_workspace). */
    carve(m, N, work, &b, P != 0);
    spectrum_forward(m, params, x, &b, N);
    if (which == 1) transport_forward(m, params, x, &b, N);
    if (P) hashgrid_jacobian_cpu(&m->grid, params, x, b.Jl, N);
    const float *omega = params + m->extra_offset[0];
    const float *Fo = b.f_act[NSTR_TRANSPORT_LAYERS - 1];
    double norm[1024];   /* |Omega_k| (+ grad_x phi_k(x)); K <= 1024 (nstr_check) */
    for (int k = 0; k < K; k++) {
        double w = 0;
        for (int i = 0; i < d; i++) w += (double)omega[k * d + i] * omega[k * d + i];
        norm[k] = sqrt(w);
    }
    for (int n = 0; n < N; n++) {
        const float *S = b.S + (size_t)n * W;
        if (P)   /* the local frequency of basis k: Omega_k + grad_x phi_k(x) */
            for (int k = 0; k < K; k++) {
                double w = 0;
                for (int i = 0; i < d; i++) {
                    double g = omega[k * d + i];
                    for (int l = 0; l < L; l++)
                        g += b.Jl[(((size_t)n * L + l) * d + i) * W + P + k];
                    w += g * g;
                }
                norm[k] = sqrt(w);
            }
        /* nu(x) = sum_k a_k^2 |Omega_k (+ grad phi_k)| / sum_k a_k^2: the
         * local centroid. */
        double num = 0, den = 0;
        for (int k = 0; k < K; k++) {
            num += (double)S[k] * S[k] * norm[k];
            den += (double)S[k] * S[k];
        }
        double nu = den > 0 ? num / den : 0.0;
        if (which == 0) {
            out[n] = (float)nu;
            continue;
        }
        /* The flow projected on nu: grad nu = sum_k dnu/da_k F_k(x, S), with
         * dnu/da_k = 2 a_k (|Omega_k| - nu) / sum a^2. With the phase field
         * the amplitudes' part only: the frequencies' own change would need
         * second derivatives of phi (the grid's d-linear weights have none
         * worth the name), so it is left out. */
        for (int i = 0; i < d; i++) {
            double v = 0;
            for (int k = 0; k < K && den > 0; k++)
                v += 2.0 * S[k] * (norm[k] - nu) / den * Fo[((size_t)n * d + i) * W + k];
            out[(size_t)n * d + i] = (float)v;
        }
    }
}

static int nstr_fields(const inr_model *m, inr_field_info *list, int max)
{
    const inr_field_info all[] = {
        { "frequency", 1,
          m->cfg.nstr.phase_field
              ? "local frequency nu(x) = sum a_k^2 |Omega_k + grad phi_k| / sum a_k^2 (rad/unit)"
              : "local frequency nu(x) = sum S_k^2 |Omega_k| / sum S_k^2 (rad/unit)" },
        { "flow", m->cfg.in_dim,
          m->cfg.nstr.phase_field
              ? "transport flow: sum_k dnu/da_k F_theta,a_k(x, S(x)) over nu(x) (amplitudes)"
              : "transport flow: sum_k dnu/dS_k F_theta,k(x, S(x)) over nu(x)" },
    };
    int n = 0;
    for (; n < 2 && n < max; n++) list[n] = all[n];
    return n;
}

/* FreSh (METHODS 3.2): omega_std (--sigma), the std of the bases'
 * frequencies Omega in radians per unit of [-1,1]. Images: 10, 20, ..., 200 (up to ~32 cycles
 * per unit; the centroid-based default is ~100 on camera). Audio: 500,
 * 1000, ..., 10000 for a 0.25 s clip, scaled with the clip's length. */
static void nstr_fresh_apply(inr_config *cfg, double value) { cfg->nstr.omega_std = (float)value; }

static const inr_fresh_param nstr_fresh = {
    .kind = INR_MODEL_NSTR, .name = "omega_std", .apply = nstr_fresh_apply,
    .image = { .first = 10, .step = 10, .n = 20 },
    .audio = { .first = 500, .step = 500, .n = 20 },
};

const inr_model_ops inr_nstr_ops = {
    .name = "nstr",
    .defaults = nstr_defaults,
    /* The S tables are a grid: they train at grid rates (1e-2 beat 5e-3
     * and 2e-3 on camera and cymbal, bench/REPORT_models.md). */
    .lr = 1e-2f,
    INR_HPARAMS(HPARAMS),
    .from_centroid = nstr_from_centroid,
    .check = nstr_check,
    .layout = nstr_layout,
    .init = nstr_init,
    .workspace = nstr_workspace,
    .forward = nstr_forward,
    .forward_backward = nstr_forward_backward,
    .fields = nstr_fields,
    .field = nstr_field,
    /* read by the viewer, --field, FreSh and the batch size (model_kinds.h) */
    .field_view = INR_FIELD_VIEW_FLOW,
    .fresh = &nstr_fresh,
};
