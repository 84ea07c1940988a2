/* test_cuda_elem.c - the per-element bodies of the CUDA dense-layer,
 * optimizer and sampling kernels (cuda/dense_elem.h) run on the host over
 * every element, against their CPU twins (inr/ops_cpu.h, inr/adam.c), on
 * seeded random inputs. What only a GPU can check (launches, the float4
 * variants' lanes) is in test_cuda_ops; this runs everywhere. */
#include "check.h"

#include <string.h>

#include "adam.h"
#include "dense_elem.h"
#include "model.h"
#include "ops_cpu.h"
#include "rng.h"
#include "test_arrays.h"

/* The coordinate layer (I <= 4). The CPU twin goes through sgemm, whose
 * order of the I products may differ: a few ulps of values below ~4. */
static void check_linear_small(int N, int I, int O)
{
    size_t n = (size_t)N * O;
    float *x = random_floats((size_t)N * I, -1, 1), *W = random_floats((size_t)O * I, -2, 2);
    float *b = random_floats(O, -1, 1), *y = malloc(n * sizeof(float)),
          *ref = malloc(n * sizeof(float));
    for (size_t k = 0; k < n; k++) linear_small_elem(x, W, b, y, I, O, k);
    linear_forward_cpu(x, W, b, ref, N, I, O);
    expect_close("linear_small", y, ref, n, 1e-6, 1e-6);
    free(x), free(W), free(b), free(y), free(ref);
}

/* Fused bias + sine against sine_forward_cpu on z + b: the same argument
 * (z + b) w0; libm's sinf/cosf against inrfit's polynomial (max error
 * ~1e-7), w0 cos scaled by w0 = 30. */
static void check_sine(int N, int O, float w0)
{
    size_t n = (size_t)N * O;
    float *z = random_floats(n, -1, 1), *b = random_floats(O, -1, 1);
    float *zg = copy_floats(z, n), *cs = malloc(n * sizeof(float)),
          *cs_ref = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) z[i] += b[i % O];
    sine_forward_cpu(z, cs_ref, w0, n);
    for (size_t i = 0; i < n; i++) sine_elem(zg, b, cs, w0, O, i);
    expect_close("sine", zg, z, n, 1e-6, 0);
    expect_close("sine w0 cos", cs, cs_ref, n, 1e-6 * w0, 0);
    /* Without bias or cos output (inference). */
    float *z2 = random_floats(n, -3, 3), *z2g = copy_floats(z2, n);
    sine_forward_cpu(z2, NULL, w0, n);
    for (size_t i = 0; i < n; i++) sine_elem(z2g, NULL, NULL, w0, O, i);
    expect_close("sine, no bias", z2g, z2, n, 1e-6, 0);
    free(z), free(b), free(zg), free(cs), free(cs_ref), free(z2), free(z2g);
}

/* Bias + ReLU, bias alone and the ReLU backward: exact. */
static void check_bias_relu(int N, int O)
{
    size_t n = (size_t)N * O;
    float *y = random_floats(n, -1, 1), *b = random_floats(O, -0.5f, 0.5f);
    float *relu = copy_floats(y, n), *lin = copy_floats(y, n), *ref = copy_floats(y, n);
    for (size_t i = 0; i < n; i++) ref[i] += b[i % O];
    for (size_t i = 0; i < n; i++) bias_act_elem(lin, b, O, 0, i);
    expect_close("bias", lin, ref, n, 0, 0);
    relu_forward_cpu(ref, n);
    for (size_t i = 0; i < n; i++) bias_act_elem(relu, b, O, 1, i);
    expect_close("bias + relu", relu, ref, n, 0, 0);
    float *dy = random_floats(n, -1, 1), *dz = malloc(n * sizeof(float)),
          *dz_ref = malloc(n * sizeof(float));
    relu_backward_cpu(dy, ref, dz_ref, n);
    for (size_t i = 0; i < n; i++) dz[i] = relu_backward_value(dy[i], ref[i]);
    expect_close("relu backward", dz, dz_ref, n, 0, 0);
    free(y), free(b), free(relu), free(lin), free(ref), free(dy), free(dz), free(dz_ref);
}

/* Fourier features, B ~ sigma 10: angles 2 pi x.B up to ~150 rad, where an
 * ulp of the angle (~1.5e-5) and a different order of the I products move
 * sin and cos by a few 1e-5. */
static void check_fourier(int N, int I, int M)
{
    size_t n = (size_t)N * 2 * M;
    float *x = random_floats((size_t)N * I, -1, 1), *B = random_floats((size_t)M * I, -10, 10);
    float *g = malloc(n * sizeof(float)), *ref = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) g[i] = NAN;
    for (size_t k = 0; k < (size_t)N * M; k++) fourier_elem(x, B, g, I, M, k);
    fourier_forward_cpu(x, B, ref, N, I, M);
    expect_close("fourier", g, ref, n, 1e-4, 0);
    free(x), free(B), free(g), free(ref);
}

/* Adam over a model's flat buffer, three steps: the same float operations
 * as adam_update_cpu (bias corrections from the host in double); a hash
 * grid's tables, marked sparse_adam, skip their zero gradients (every
 * third one here). */
static void check_adam(inr_model_kind kind)
{
    inr_config c = inr_config_default(kind, 2, 1);
    c.width = 16;
    c.layers = 2;
    c.grid.levels = 2;
    c.grid.log2_table = 6;
    inr_model m;
    INR_ASSERT(inr_model_create(&m, &c) == INR_OK);
    for (int k = 0; k < m.n_tensors; k++) m.tensor[k].sparse_adam = !strncmp(m.tensor[k].name, "hash", 4);
    size_t np = m.n_params;
    float *p = copy_floats(m.params, np), *pm = calloc(np, sizeof(float)),
          *pv = calloc(np, sizeof(float));
    float *rm = calloc(np, sizeof(float)), *rv = calloc(np, sizeof(float));
    inr_adam_options o = inr_adam_defaults(1e-3f);
    for (long t = 1; t <= 3; t++) {
        float *g = random_floats(np, -1, 1);
        for (size_t i = 0; i < np; i++)
            if ((i + t) % 3 == 0) g[i] = 0.0f;
        adam_update_cpu(&m, m.params, g, rm, rv, t, &o);
        float step_size = (float)(o.lr / (1.0 - pow(o.beta1, (double)t)));
        float inv_sqrt_bc2 = (float)(1.0 / sqrt(1.0 - pow(o.beta2, (double)t)));
        for (int k = 0; k < m.n_tensors; k++) {
            const inr_tensor *tn = &m.tensor[k];
            for (size_t i = tn->offset; i < tn->offset + tn->size; i++)
                adam_elem(p, g, pm, pv, o.beta1, o.beta2, o.eps, step_size, inv_sqrt_bc2,
                          tn->sparse_adam, i);
        }
        free(g);
    }
    expect_close("adam params", p, m.params, np, 1e-7, 1e-6);
    expect_close("adam m", pm, rm, np, 0, 1e-6);
    expect_close("adam v", pv, rv, np, 0, 1e-6);
    free(p), free(pm), free(pv), free(rm), free(rv);
    inr_model_free(&m);
}

/* The minibatch rows: each one a copy of the row inr_batch_index names,
 * indices in range and not all the same. */
static void check_gather(void)
{
    enum { NP = 1000, B = 257, D = 2, C = 3 };
    float *coords = random_floats(NP * D, -1, 1), *targets = random_floats(NP * C, -1, 1);
    float bx[B * D], bt[B * C];
    uint64_t seed = 12345, step = 7;
    int distinct = 0;
    for (size_t i = 0; i < B; i++) gather_elem(coords, targets, bx, bt, NP, D, C, seed, step, i);
    for (size_t i = 0; i < B; i++) {
        uint64_t k = inr_batch_index(seed, step, i, NP);
        CHECK(k < NP, "index %llu out of range", (unsigned long long)k);
        CHECK(memcmp(bx + i * D, coords + k * D, sizeof(float) * D) == 0 &&
                  memcmp(bt + i * C, targets + k * C, sizeof(float) * C) == 0,
              "row %zu is not row %llu", i, (unsigned long long)k);
        distinct += i > 0 && k != inr_batch_index(seed, step, 0, NP);
    }
    CHECK(distinct > B / 2, "only %d rows differ from the first", distinct);
    free(coords), free(targets);
}

int main(void)
{
    inr_rng_seed(&test_rng, 2024);
    check_linear_small(333, 2, 64);
    check_linear_small(100, 3, 17);
    check_linear_small(50, 1, 5);
    check_sine(129, 64, 30.0f);
    check_sine(77, 3, 1.0f);
    check_bias_relu(101, 64);
    check_bias_relu(33, 7);
    check_fourier(200, 2, 64);
    check_fourier(50, 1, 16);
    check_adam(INR_MODEL_SIREN);
    check_adam(INR_MODEL_HASHGRID);
    check_gather();
    return check_result();
}
