/* test_bf16.c - bf16 products (fit --precision bf16), on any CPU.
 *
 * Rounding to bf16 against hand-worked cases; the emulated product (bf16
 * operands, fp32 sgemm) against a double-precision reference on the
 * rounded operands; the oneDNN wrapper with fp32 operands (what runs here
 * without bf16 hardware) against sgemm, through every transpose, beta,
 * leading dimension and from several threads; where the CPU has bf16
 * hardware the native engine against the emulation; the layers' bf16
 * backward against the fp32 backward on rounded operands (whose own
 * finite-difference test is test_gradients); and which layers of each
 * model kind run in bf16. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "bf16.h"
#include "blas.h"
#include "check.h"
#include "cpu_features.h"
#include "dnnl_matmul.h"
#include "gemm_bf16.h"
#include "model.h"
#include "ops_cpu.h"
#include "test_arrays.h"

static float from_bits(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static void test_rounding(void)
{
    CHECK(inr_bf16_from_float(1.0f) == 0x3f80, "1.0");
    CHECK(inr_bf16_from_float(-2.0f) == 0xc000, "-2.0");
    /* 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: ties go to even (1). */
    CHECK(inr_bf16_from_float(from_bits(0x3f808000u)) == 0x3f80, "tie to even, down");
    /* 1 + 3 2^-8 lies halfway between 1 + 2^-7 and 1 + 2^-6: even is up. */
    CHECK(inr_bf16_from_float(from_bits(0x3f818000u)) == 0x3f82, "tie to even, up");
    CHECK(inr_bf16_from_float(from_bits(0x3f808001u)) == 0x3f81, "above the tie rounds up");
    CHECK(inr_bf16_from_float(from_bits(0x3f807fffu)) == 0x3f80, "below the tie rounds down");
    CHECK(inr_bf16_from_float(INFINITY) == 0x7f80, "inf");
    CHECK(inr_bf16_from_float(-INFINITY) == 0xff80, "-inf");
    CHECK(inr_bf16_from_float(3.4028235e38f) == 0x7f80, "FLT_MAX rounds to inf");
    CHECK(inr_bf16_from_float(-0.0f) == 0x8000, "-0");
    CHECK(inr_bf16_from_float(from_bits(0x00018000u)) == 0x0002, "a subnormal tie to even");
    uint16_t nan = inr_bf16_from_float(NAN), snan = inr_bf16_from_float(from_bits(0x7f800001u));
    CHECK((nan & 0x7f80) == 0x7f80 && (nan & 0x7f) != 0, "NaN stays NaN (%04x)", nan);
    CHECK((snan & 0x7f80) == 0x7f80 && (snan & 0x7f) != 0, "a signalling NaN stays NaN (%04x)",
          snan);
    CHECK(inr_bf16_to_float(0x3f81) == 1.0078125f, "bf16 -> float");
    float x[5] = { 1.0f, from_bits(0x3f818000u), -3.0f, 1e-3f, 12345.678f }, r[5];
    uint16_t p[5];
    inr_bf16_pack(x, p, 5);
    inr_bf16_round(x, r, 5);
    for (int i = 0; i < 5; i++) {
        CHECK(p[i] == inr_bf16_from_float(x[i]), "pack %d", i);
        CHECK(r[i] == inr_bf16_to_float(p[i]), "round %d", i);
        CHECK(fabsf(r[i] - x[i]) <= fabsf(x[i]) * 0x1p-8f, "round %d within half an ulp", i);
    }
}

/* Reference: C = op(A) op(B) + beta C in double, A and B as given. */
static void reference(bool ta, bool tb, int M, int N, int K, const float *A, int lda,
                      const float *B, int ldb, float beta, float *C, int ldc)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            double acc = beta ? C[(size_t)i * ldc + j] : 0.0;
            for (int k = 0; k < K; k++) {
                double a = ta ? A[(size_t)k * lda + i] : A[(size_t)i * lda + k];
                double b = tb ? B[(size_t)j * ldb + k] : B[(size_t)k * ldb + j];
                acc += a * b;
            }
            C[(size_t)i * ldc + j] = (float)acc;
        }
}

typedef void (*product_fn)(bool ta, bool tb, int M, int N, int K, const float *A, int lda,
                           const float *B, int ldb, float beta, float *C, int ldc);

static void dnnl_fp32(bool ta, bool tb, int M, int N, int K, const float *A, int lda,
                      const float *B, int ldb, float beta, float *C, int ldc)
{
    if (!inr_dnnl_matmul(INR_DNNL_F32, ta, tb, M, N, K, A, lda, B, ldb, beta, C, ldc))
        CHECK(0, "oneDNN fp32: %s", inr_error());
}

/* product against reference(round_operands ? bf16(A), bf16(B) : A, B) for
 * every transpose and beta, with leading dimensions wider than the rows. */
static double worst_error(product_fn product, bool round_operands)
{
    const int M = 37, N = 29, K = 70, pad = 3;
    double worst = 0;
    for (int t = 0; t < 8; t++) {
        bool ta = t & 1, tb = t & 2;
        float beta = (t & 4) ? 1.0f : 0.0f;
        int lda = (ta ? M : K) + pad, ldb = (tb ? K : N) + pad, ldc = N + pad;
        size_t na = (size_t)(ta ? K : M) * lda, nb = (size_t)(tb ? N : K) * ldb;
        float *A = random_floats(na, -1, 1), *B = random_floats(nb, -1, 1);
        float *C = random_floats((size_t)M * ldc, -1, 1), *R = copy_floats(C, (size_t)M * ldc);
        float *Ar = copy_floats(A, na), *Br = copy_floats(B, nb);
        if (round_operands) inr_bf16_round(A, Ar, na), inr_bf16_round(B, Br, nb);
        product(ta, tb, M, N, K, A, lda, B, ldb, beta, C, ldc);
        reference(ta, tb, M, N, K, Ar, lda, Br, ldb, beta, R, ldc);
        for (int i = 0; i < M; i++)
            for (int j = 0; j < ldc; j++) {
                size_t k = (size_t)i * ldc + j;
                /* the padding columns must be left as they were */
                worst = fmax(worst, j < N ? fabs(C[k] - R[k]) : (C[k] != R[k]) * 1.0);
            }
        free(A), free(B), free(C), free(R), free(Ar), free(Br);
    }
    return worst;
}

static void test_products(void)
{
    /* fp32 sums of 70 terms of size <= 1: a few ulps of ~10. */
    double e = worst_error(inr_gemm_bf16_emulated, true);
    CHECK(e < 2e-5, "emulated bf16 product off by %.3g", e);
    double unrounded = worst_error(inr_gemm_bf16_emulated, false);
    printf("emulated: %.3g from the rounded-operand product, %.3g from the exact one\n", e, unrounded);
    CHECK(unrounded > 1e-3,
          "the emulation rounds its operands (else it would match the unrounded product)");

    char impl[200];
    if (!inr_dnnl_available(INR_DNNL_F32, impl, sizeof impl)) {
        printf("oneDNN: %s: its wrapper is not tested here\n", impl);
        return;
    }
    printf("oneDNN fp32 here: %s\n", impl);
    e = worst_error(dnnl_fp32, false);
    CHECK(e < 2e-5, "oneDNN fp32 product off by %.3g", e);
    e = worst_error(dnnl_fp32, false); /* the cached primitives again */
    CHECK(e < 2e-5, "oneDNN fp32 product (cached) off by %.3g", e);

    /* Several threads at once, each with its own cache, the shapes of one
     * training chunk (512 rows, width 64). */
    enum { T = 4, R = 512, H = 64 };
    float *x = random_floats((size_t)T * R * H, -1, 1), *W = random_floats(H * H, -1, 1);
    float *y = alloc_floats((size_t)T * R * H), *y_ref = alloc_floats((size_t)T * R * H);
    int failed = 0;
#pragma omp parallel for num_threads(T) reduction(+ : failed)
    for (int t = 0; t < T; t++)
        failed += !inr_dnnl_matmul(INR_DNNL_F32, false, true, R, H, H, x + (size_t)t * R * H, H,
                                   W, H, 0.0f, y + (size_t)t * R * H, H);
    inr_sgemm(false, true, T * R, H, H, 1.0f, x, H, W, H, 0.0f, y_ref, H);
    double worst = 0;
    for (size_t i = 0; i < (size_t)T * R * H; i++) worst = fmax(worst, fabs(y[i] - y_ref[i]));
    CHECK(failed == 0 && worst < 1e-4, "oneDNN from %d threads: %d failed, off by %.3g", T,
          failed, worst);
    free(x), free(W), free(y), free(y_ref);
}

/* The engine that trains: native where the CPU has it, against the emulation. */
static void test_engine(void)
{
    char desc[200];
    inr_bf16_engine engine = inr_bf16_engine_get(desc, sizeof desc);
    printf("bf16 engine: %s\n", desc);
    if (engine == INR_BF16_NATIVE) {
        double e = worst_error(inr_gemm_bf16, true);
        CHECK(e < 2e-5, "native bf16 product off by %.3g from the rounded-operand product", e);
    } else {
        CHECK(engine == INR_BF16_EMULATED, "this test asked for the emulation (%s)", desc);
        CHECK(!inr_cpu_has_bf16(inr_cpu_features()) || getenv("INRFIT_BF16"),
              "a CPU with bf16 hardware gets the native engine (%s)", desc);
    }
}

/* The bf16 layer: the fp32 layer on rounded operands (bias and its
 * gradient untouched), for the forward and all three backward outputs. */
static void test_layer(void)
{
    const int N = 64, I = 48, O = 40;
    float *x = random_floats((size_t)N * I, -1, 1), *W = random_floats((size_t)O * I, -1, 1);
    float *b = random_floats(O, -1, 1), *dy = random_floats((size_t)N * O, -1, 1);
    float *xr = copy_floats(x, (size_t)N * I), *Wr = copy_floats(W, (size_t)O * I);
    float *dyr = copy_floats(dy, (size_t)N * O);
    inr_bf16_round(x, xr, (size_t)N * I);
    inr_bf16_round(W, Wr, (size_t)O * I);
    inr_bf16_round(dy, dyr, (size_t)N * O);
    float *y = alloc_floats((size_t)N * O), *y_ref = alloc_floats((size_t)N * O);
    linear_forward_bf16_cpu(x, W, b, y, N, I, O);
    linear_forward_cpu(xr, Wr, b, y_ref, N, I, O);
    float *dW = calloc((size_t)O * I, 4), *dW_ref = calloc((size_t)O * I, 4);
    float *db = calloc(O, 4), *db_ref = calloc(O, 4);
    float *dx = alloc_floats((size_t)N * I), *dx_ref = alloc_floats((size_t)N * I);
    linear_backward_bf16_cpu(x, W, dy, dW, db, dx, N, I, O);
    linear_backward_cpu(xr, Wr, dyr, dW_ref, db_ref, dx_ref, N, I, O);
    float *db_fp32 = calloc(O, 4), *dW_fp32 = calloc((size_t)O * I, 4);
    linear_backward_cpu(x, W, dy, dW_fp32, db_fp32, NULL, N, I, O);
    expect_close("bf16 forward", y, y_ref, (size_t)N * O, 1e-5f, 1e-5f);
    expect_close("bf16 dW", dW, dW_ref, (size_t)O * I, 1e-5f, 1e-5f);
    expect_close("bf16 dx", dx, dx_ref, (size_t)N * I, 1e-5f, 1e-5f);
    CHECK(memcmp(db, db_fp32, sizeof(float) * O) == 0, "the bias gradient stays fp32");
    float *all[] = { x, W, b, dy, xr, Wr, dyr, y, y_ref, dW, dW_ref, db, db_ref, dx, dx_ref,
                     db_fp32, dW_fp32 };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i]);
}

/* Which layers run in bf16: between two dense layers, never the first
 * dense layer (coordinates, Fourier or grid features) nor the output. */
static void test_marked_layers(void)
{
    const inr_model_kind kinds[] = { INR_MODEL_SIREN, INR_MODEL_FFN, INR_MODEL_HASHGRID };
    for (size_t k = 0; k < 3; k++) {
        inr_config cfg = inr_config_default(kinds[k], 2, 1);
        cfg.precision = INR_PRECISION_BF16;
        inr_model m;
        CHECK(inr_model_layout(&m, &cfg) == INR_OK, "%s", inr_error());
        int marked = 0;
        for (int l = 0; l < m.n_layers; l++) {
            const inr_layer *L = &m.layer[l];
            int want = l > 0 && l + 1 < m.n_layers && L->kind == LAYER_DENSE &&
                       m.layer[l - 1].kind == LAYER_DENSE;
            CHECK(L->bf16 == want, "%s layer %d: bf16 %d", inr_model_name(kinds[k]), l, L->bf16);
            marked += L->bf16;
        }
        CHECK(marked == cfg.layers - 1, "%s: %d bf16 layers", inr_model_name(kinds[k]), marked);
        cfg.precision = INR_PRECISION_FP32;
        inr_model_layout(&m, &cfg);
        for (int l = 0; l < m.n_layers; l++) CHECK(!m.layer[l].bf16, "fp32 marks nothing");
    }
    inr_config nstr = inr_config_default(INR_MODEL_NSTR, 2, 1);
    nstr.precision = INR_PRECISION_BF16;
    inr_model m;
    CHECK(inr_model_layout(&m, &nstr) != INR_OK, "NSTR refuses bf16");
}

int main(void)
{
    /* Without bf16 hardware the engine is the emulation (asked for before
     * the engine is first chosen). */
    inr_rng_seed(&test_rng, 11);
    if (!inr_cpu_has_bf16(inr_cpu_features())) setenv("INRFIT_BF16", "emulate", 0);
    test_rounding();
    test_products();
    test_engine();
    test_layer();
    test_marked_layers();
    return check_result();
}
