/* cublas_dl.h - cuBLAS loaded at run time (dlopen) by the .cu files.
 *
 * Linking libcublas would load ~600 MB of libraries (cuBLAS + cuBLASLt) at
 * every start of inrfit, ~0.2 s even for `inrfit --help` or a CPU fit; it is
 * opened only when a CUDA context is made. Search: the usual loader path
 * (LD_LIBRARY_PATH, the binary's rpath, ld.so.cache), then the toolkit the
 * build used (INR_CUDA_LIBDIR). */
#ifndef INR_CUBLAS_DL_H
#define INR_CUBLAS_DL_H

#include <cublas_v2.h>

extern "C" {  /* status.h is C */
#include "status.h"
}

typedef struct {
    decltype(&cublasCreate_v2) create;
    decltype(&cublasDestroy_v2) destroy;
    decltype(&cublasSetStream_v2) set_stream;
    decltype(&cublasSetMathMode) set_math_mode;
    decltype(&cublasSgemm_v2) sgemm;
    decltype(&cublasGetStatusString) status_string;
} inr_cublas_api;

/* The entry points, loaded on first use; NULL with INR_ERR_UNSUPPORTED
 * recorded ("cannot load cuBLAS ...") when the library is missing. */
const inr_cublas_api *inr_cublas(void);

#endif
