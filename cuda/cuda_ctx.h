/* cuda_ctx.h - what an inr_cuda_ctx holds, for the .cu files only (C code
 * sees the opaque handle of ops_cuda.h). */
#ifndef INR_CUDA_CTX_H
#define INR_CUDA_CTX_H

#include "cublas_dl.h"
#include "cuda_check.h"

/* Column sums: rows are cut into at most COLSUM_SEGMENTS segments of at
 * least COLSUM_MIN_ROWS, one block per (32 columns, segment); scratch holds
 * the per-segment sums of up to COLSUM_MAX_O columns (8 MiB). */
enum { COLSUM_SEGMENTS = 256, COLSUM_MIN_ROWS = 64, COLSUM_MAX_O = 8192 };
/* MSE partial sums: a fixed grid (not sized by the device) so the order of
 * the double additions, and so the loss, is the same on every GPU. */
enum { MSE_BLOCKS = 512, MSE_THREADS = 256 };

struct inr_cuda_ctx {
    cudaStream_t stream;
    cublasHandle_t blas;
    const inr_cublas_api *api;   /* cuBLAS entry points (loaded at run time) */
    int sm_count;
    float *colsum;        /* (COLSUM_SEGMENTS, COLSUM_MAX_O) */
    double *sse_partial;  /* (MSE_BLOCKS) */
};

#endif
