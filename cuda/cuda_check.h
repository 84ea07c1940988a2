/* cuda_check.h - CUDA_CHECK / CUBLAS_CHECK for the .cu files: a failing
 * CUDA or cuBLAS call inside an op is a bug (bad launch, illegal address),
 * so it aborts loudly with file:line, like INR_ASSERT (STYLE rule 7).
 * LAUNCH_CHECK() follows every kernel launch. */
#ifndef INR_CUDA_CHECK_H
#define INR_CUDA_CHECK_H

#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

static inline void inr_cuda_abort(const char *what, const char *expr, const char *file, int line)
{
    fprintf(stderr, "inrfit: internal error: %s:%d: %s failed: %s\n", file, line, expr, what);
    abort();
}

#define CUDA_CHECK(call)                                                        \
    do {                                                                        \
        cudaError_t err_ = (call);                                              \
        if (err_ != cudaSuccess)                                                \
            inr_cuda_abort(cudaGetErrorString(err_), #call, __FILE__, __LINE__); \
    } while (0)

/* cuBLAS is loaded at run time (cublas_dl.h): the status number is printed. */
#define CUBLAS_CHECK(call)                                                      \
    do {                                                                        \
        cublasStatus_t st_ = (call);                                            \
        if (st_ != CUBLAS_STATUS_SUCCESS) {                                     \
            char what_[40];                                                     \
            snprintf(what_, sizeof what_, "cuBLAS status %d", (int)st_);        \
            inr_cuda_abort(what_, #call, __FILE__, __LINE__);                   \
        }                                                                       \
    } while (0)

#define LAUNCH_CHECK() CUDA_CHECK(cudaGetLastError())

#endif
