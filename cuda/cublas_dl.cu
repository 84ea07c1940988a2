/* cublas_dl.cu - loading cuBLAS at run time (cublas_dl.h). */
#include "cublas_dl.h"

#include <dlfcn.h>
#include <stdio.h>

#define INR_STR2(x) #x
#define INR_STR(x) INR_STR2(x)
/* The soname of the cuBLAS the kernels were built against. */
#define CUBLAS_SONAME "libcublas.so." INR_STR(CUBLAS_VER_MAJOR)

static void *open_cublas(char *why, size_t n)
{
    void *h = dlopen(CUBLAS_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (h) return h;
    snprintf(why, n, "%s", dlerror());
#ifdef INR_CUDA_LIBDIR
    h = dlopen(INR_CUDA_LIBDIR "/" CUBLAS_SONAME, RTLD_NOW | RTLD_LOCAL);
#endif
    return h;
}

struct loaded {
    inr_cublas_api api;
    int ok;
    char why[400];
};

/* Runs once (C++ static initialisation is thread-safe). */
static loaded load(void)
{
    loaded l = {};
    void *h = open_cublas(l.why, sizeof l.why);
    if (!h) return l;
    /* dlsym returns void *; the API's declared types keep the calls checked. */
    l.api.create = (decltype(l.api.create))dlsym(h, "cublasCreate_v2");
    l.api.destroy = (decltype(l.api.destroy))dlsym(h, "cublasDestroy_v2");
    l.api.set_stream = (decltype(l.api.set_stream))dlsym(h, "cublasSetStream_v2");
    l.api.set_math_mode = (decltype(l.api.set_math_mode))dlsym(h, "cublasSetMathMode");
    l.api.sgemm = (decltype(l.api.sgemm))dlsym(h, "cublasSgemm_v2");
    l.api.status_string = (decltype(l.api.status_string))dlsym(h, "cublasGetStatusString");
    l.ok = l.api.create && l.api.destroy && l.api.set_stream && l.api.set_math_mode &&
           l.api.sgemm && l.api.status_string;
    if (!l.ok) snprintf(l.why, sizeof l.why, "%s lacks an entry point", CUBLAS_SONAME);
    return l;
}

const inr_cublas_api *inr_cublas(void)
{
    static const loaded l = load();
    if (!l.ok) {
        inr_fail(INR_ERR_UNSUPPORTED, "cannot load cuBLAS (%s)", l.why);
        return NULL;
    }
    return &l.api;
}
