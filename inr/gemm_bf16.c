/* gemm_bf16.c - bf16 products on oneDNN or emulated (gemm_bf16.h). */
#include "gemm_bf16.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bf16.h"
#include "bf16_weights.h"
#include "blas.h"
#include "cpu_features.h"
#include "dnnl_matmul.h"
#include "status.h"
#include "thread_block.h"

static inr_bf16_engine engine;
static char engine_desc[200];
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;

static void choose_engine(void)
{
    const char *want = getenv("INRFIT_BF16");
    char impl[160];
    if (want && strcmp(want, "none") == 0) {
        snprintf(engine_desc, sizeof engine_desc, "switched off by INRFIT_BF16=none");
        return;
    }
    if (want && strcmp(want, "emulate") == 0) {
        engine = INR_BF16_EMULATED;
        snprintf(engine_desc, sizeof engine_desc,
                 "emulated (INRFIT_BF16=emulate: operands rounded to bf16, fp32 sgemm)");
        return;
    }
    if (!inr_cpu_has_bf16(inr_cpu_features())) {
        snprintf(engine_desc, sizeof engine_desc,
                 "this CPU has neither AVX512-BF16 nor AMX-BF16");
        return;
    }
    if (!inr_dnnl_available(INR_DNNL_BF16, impl, sizeof impl)) {
        snprintf(engine_desc, sizeof engine_desc, "%s", impl);
        return;
    }
    engine = INR_BF16_NATIVE;
    snprintf(engine_desc, sizeof engine_desc, "%s", impl);
}

inr_bf16_engine inr_bf16_engine_get(char *desc, size_t n)
{
    pthread_once(&engine_once, choose_engine);
    if (desc && n) snprintf(desc, n, "%s", engine_desc);
    return engine;
}

/* Per-thread scratch for the rounded operands, grown as needed. */
typedef struct {
    void *data;
    size_t bytes;
} scratch_buffer;
static __thread void *scratch_slot;

static void *scratch_for(size_t bytes)
{
    scratch_buffer *s = inr_thread_block(&scratch_slot, sizeof *s);
    if (s && bytes > s->bytes) {
        void *p = realloc(s->data, bytes);
        if (p) s->data = p, s->bytes = bytes;
    }
    if (!s || bytes > s->bytes) {
        fputs("inrfit: out of memory for bf16 operands\n", stderr);
        exit(1);
    }
    return s->data;
}

/* Values spanned by an op (rows, cols) matrix stored row-major with
 * leading dimension ld (transposed in memory when trans). */
static size_t stored_values(bool trans, int rows, int cols, int ld)
{
    size_t stored_rows = (size_t)(trans ? cols : rows), stored_cols = (size_t)(trans ? rows : cols);
    return (stored_rows - 1) * (size_t)ld + stored_cols;
}

void inr_gemm_bf16_emulated(bool trans_a, bool trans_b, int M, int N, int K, const float *A,
                            int lda, const float *B, int ldb, float beta, float *C, int ldc)
{
    size_t na = stored_values(trans_a, M, K, lda), nb = stored_values(trans_b, K, N, ldb);
    float *ra = scratch_for((na + nb) * sizeof(float)), *rb = ra + na;
    inr_bf16_round(A, ra, na);
    inr_bf16_round(B, rb, nb);
    inr_sgemm(trans_a, trans_b, M, N, K, 1.0f, ra, lda, rb, ldb, beta, C, ldc);
}

/* A bf16 copy of an operand of n stored values: a registered weight
 * matrix's (bf16_weights.h), or x packed into scratch. */
static const uint16_t *packed(const float *x, size_t n, uint16_t *scratch)
{
    const uint16_t *w = inr_bf16_weights_find(x, n);
    if (w) return w;
    inr_bf16_pack_fast(x, scratch, n);
    return scratch;
}

static void matmul_native(bool trans_a, bool trans_b, int M, int N, int K, const uint16_t *A,
                          int lda, const uint16_t *B, int ldb, float beta, float *C, int ldc)
{
    if (!inr_dnnl_matmul(INR_DNNL_BF16, trans_a, trans_b, M, N, K, A, lda, B, ldb, beta, C,
                         ldc)) {
        fprintf(stderr, "inrfit: bf16 product failed: %s\n", inr_error());
        exit(1);
    }
}

static void gemm_native(bool trans_a, bool trans_b, int M, int N, int K, const float *A, int lda,
                        const float *B, int ldb, float beta, float *C, int ldc)
{
    size_t na = stored_values(trans_a, M, K, lda), nb = stored_values(trans_b, K, N, ldb);
    uint16_t *pa = scratch_for((na + nb) * sizeof(uint16_t)), *pb = pa + na;
    /* Only B is ever a weight matrix (x W^T, dy W); A is packed as it comes. */
    inr_bf16_pack_fast(A, pa, na);
    matmul_native(trans_a, trans_b, M, N, K, pa, lda, packed(B, nb, pb), ldb, beta, C, ldc);
}

void inr_gemm_bf16_backward(const float *x, const float *W, const float *dy, float *dW, float *dx,
                            int N, int I, int O)
{
    if (inr_bf16_engine_get(NULL, 0) != INR_BF16_NATIVE) {
        inr_gemm_bf16(true, false, O, I, N, dy, O, x, I, 1.0f, dW, I);
        if (dx) inr_gemm_bf16(false, false, N, I, O, dy, O, W, I, 0.0f, dx, I);
        return;
    }
    size_t ndy = (size_t)N * O, nx = (size_t)N * I, nw = (size_t)O * I;
    uint16_t *pdy = scratch_for((ndy + nx + nw) * sizeof(uint16_t)), *px = pdy + ndy, *pw = px + nx;
    inr_bf16_pack_fast(dy, pdy, ndy);
    inr_bf16_pack_fast(x, px, nx);   /* an activation, never registered */
    matmul_native(true, false, O, I, N, pdy, O, px, I, 1.0f, dW, I);
    if (dx) matmul_native(false, false, N, I, O, pdy, O, packed(W, nw, pw), I, 0.0f, dx, I);
}

void inr_gemm_bf16(bool trans_a, bool trans_b, int M, int N, int K, const float *A, int lda,
                   const float *B, int ldb, float beta, float *C, int ldc)
{
    switch (inr_bf16_engine_get(NULL, 0)) {
    case INR_BF16_NATIVE:
        gemm_native(trans_a, trans_b, M, N, K, A, lda, B, ldb, beta, C, ldc);
        return;
    case INR_BF16_EMULATED:
        inr_gemm_bf16_emulated(trans_a, trans_b, M, N, K, A, lda, B, ldb, beta, C, ldc);
        return;
    case INR_BF16_NONE:
        break;
    }
    fputs("inrfit: a bf16 product was asked for where no bf16 engine runs\n", stderr);
    exit(1);
}
