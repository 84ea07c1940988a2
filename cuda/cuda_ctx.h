/* cuda_ctx.h - what an inr_cuda_ctx holds, for the .cu files only (C code
 * sees the opaque handle of ops_cuda.h). */
#ifndef INR_CUDA_CTX_H
#define INR_CUDA_CTX_H

#include "cublas_dl.h"
#include "cuda_check.h"
#include "ops_cuda.h"

/* MSE partial sums: a fixed grid (not sized by the device) so the order of
 * the double additions, and so the loss, is the same on every GPU. */
enum { MSE_BLOCKS = 512, MSE_THREADS = 256 };

struct inr_cuda_ctx {
    cudaStream_t stream;
    cublasHandle_t blas;
    const inr_cublas_api *api;   /* cuBLAS entry points (loaded at run time) */
    int sm_count;
    float *colsum;        /* (COLSUM_SEGMENTS, COLSUM_MAX_O): ops_cuda.h */
    double *sse_partial;  /* (MSE_BLOCKS) */
};

#endif
