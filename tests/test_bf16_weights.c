/* test_bf16_weights.c - weights packed once per step (bf16_weights.h): a
 * registered matrix is found by address with its exact bf16 values, only
 * while registered and only by its own size; two models' registrations
 * live side by side; evaluations register only when set to bf16; the fast
 * conversion equals the portable one; the fused backward products equal
 * the two separate ones bit for bit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bf16.h"
#include "bf16_weights.h"
#include "check.h"
#include "cpu_features.h"
#include "gemm_bf16.h"

static void make(inr_model *m, uint64_t seed)
{
    inr_config c = inr_config_default(INR_MODEL_SIREN, 2, 1);
    c.width = 48;
    c.layers = 3;
    c.seed = seed;
    c.precision = INR_PRECISION_BF16;
    CHECK(inr_model_create(m, &c) == INR_OK, "%s", inr_error());
    inr_model_init(m);
}

static int packed_equal(const uint16_t *p, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != inr_bf16_from_float(x[i])) return 0;
    return 1;
}

int main(void)
{
    if (!inr_cpu_has_bf16(inr_cpu_features())) setenv("INRFIT_BF16", "emulate", 0);
    inr_model a, b;
    make(&a, 1);
    make(&b, 2);
    const inr_layer *L = &a.layer[1], *M = &b.layer[1];
    const float *Wa = a.params + L->w_offset, *Wb = b.params + M->w_offset;
    size_t n = (size_t)L->in * L->out;
    CHECK(L->bf16 && a.layer[2].bf16 && !a.layer[0].bf16 && !a.layer[3].bf16,
          "layers 1 and 2 (hidden to hidden) are the bf16 ones");
    CHECK(inr_bf16_weights_find(Wa, n) == NULL, "nothing is registered before a step");

    inr_bf16_weights wa, wb;
    inr_bf16_weights_begin(&wa, &a, a.params, 1);
    CHECK(wa.n == 2, "two bf16 layers registered, %d", wa.n);
    const uint16_t *pa = inr_bf16_weights_find(Wa, n);
    CHECK(pa && packed_equal(pa, Wa, n), "a registered W is found with its bf16 values");
    CHECK(inr_bf16_weights_find(Wa, n + 1) == NULL, "a longer operand at the same address is not it");
    CHECK(inr_bf16_weights_find(a.params + a.layer[0].w_offset, 96) == NULL,
          "an fp32 layer's W is not registered");
    inr_bf16_weights_begin(&wb, &b, b.params, 1);
    const uint16_t *pb = inr_bf16_weights_find(Wb, n);
    CHECK(pb && packed_equal(pb, Wb, n) && inr_bf16_weights_find(Wa, n) == pa,
          "a second model's weights sit beside the first's");
    inr_bf16_weights_end(&wa);
    CHECK(inr_bf16_weights_find(Wa, n) == NULL && inr_bf16_weights_find(Wb, n) == pb,
          "ending one registration leaves the other");
    inr_bf16_weights_end(&wb);
    CHECK(inr_bf16_weights_find(Wb, n) == NULL, "nothing is left after both end");

    inr_bf16_weights_begin(&wa, &a, a.params, 0);
    CHECK(wa.n == 0 && inr_bf16_weights_find(Wa, n) == NULL, "an fp32 evaluation registers nothing");
    inr_bf16_weights_end(&wa);
    CHECK(inr_model_eval_precision(&a, INR_PRECISION_BF16) == INR_OK, "%s", inr_error());
    inr_bf16_weights_begin(&wa, &a, a.params, 0);
    CHECK(wa.n == 2, "a bf16 evaluation registers its layers");
    inr_bf16_weights_end(&wa);

    /* The fast conversion on values around the rounding ties, NaN, inf. */
    enum { K = 1000 };
    float x[K];
    uint16_t fast[K];
    for (int i = 0; i < K; i++) {
        uint32_t u = 0x3f800000u + (uint32_t)i * 0x8000u + (i % 3 ? 0x7fff : 0x8000);
        if (i % 2) u |= 0x80000000u;
        memcpy(&x[i], &u, sizeof u);
    }
    x[7] = INFINITY, x[8] = -INFINITY, x[9] = NAN, x[10] = 0.0f, x[11] = -0.0f, x[12] = 3.0e38f;
    inr_bf16_pack_fast(x, fast, K);
    CHECK(packed_equal(fast, x, K), "the fast conversion equals inr_bf16_from_float");

    /* Backward: one call against the two products it replaces. */
    enum { N = 64, I = 40, O = 24 };
    float *xs = malloc(sizeof(float) * N * I), *dy = malloc(sizeof(float) * N * O),
          *W = malloc(sizeof(float) * O * I), *dW1 = calloc(O * I, sizeof(float)),
          *dW2 = calloc(O * I, sizeof(float)), *dx1 = malloc(sizeof(float) * N * I),
          *dx2 = malloc(sizeof(float) * N * I);
    for (int i = 0; i < N * I; i++) xs[i] = sinf(0.37f * i);
    for (int i = 0; i < N * O; i++) dy[i] = cosf(0.11f * i);
    for (int i = 0; i < O * I; i++) W[i] = sinf(1.3f * i) * 0.2f;
    inr_gemm_bf16_backward(xs, W, dy, dW1, dx1, N, I, O);
    inr_gemm_bf16(true, false, O, I, N, dy, O, xs, I, 1.0f, dW2, I);
    inr_gemm_bf16(false, false, N, I, O, dy, O, W, I, 0.0f, dx2, I);
    CHECK(memcmp(dW1, dW2, sizeof(float) * O * I) == 0 && memcmp(dx1, dx2, sizeof(float) * N * I) == 0,
          "inr_gemm_bf16_backward equals its two products");
    free(xs), free(dy), free(W), free(dW1), free(dW2), free(dx1), free(dx2);
    inr_model_free(&a);
    inr_model_free(&b);
    return check_result();
}
