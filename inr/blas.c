/* blas.c - OpenBLAS opened at run time with a core from cpuid (blas.h). */
#include "blas.h"

#include <cblas.h>
#undef I /* openblas_config.h pulls in complex.h */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu_features.h"
#include "dnnl_matmul.h"

#ifndef INR_BLAS_SONAME
#define INR_BLAS_SONAME "libopenblas.so.0"
#endif

typedef __typeof__(cblas_sgemm) sgemm_fn;

static struct {
    sgemm_fn *sgemm;
    void (*set_threads)(int);
    char *(*corename)(void);
    char *(*config)(void);
    char wanted[32], library[256], error[512], warning[256];
    bool ok;
} blas;
static pthread_once_t blas_once = PTHREAD_ONCE_INIT;

/* The OpenBLAS core for these features: the widest vectors the CPU and the
 * OS support; the model number plays no part. */
const char *inr_blas_core_for(const inr_cpu *c)
{
    if (inr_cpu_has_avx512(c)) return "SkylakeX";
    if (inr_cpu_has_v3(c)) {
        bool amd = strcmp(c->vendor, "AuthenticAMD") == 0 || strcmp(c->vendor, "HygonGenuine") == 0;
        return amd ? "Zen" : "Haswell";
    }
    if (c->os_ymm) return "Sandybridge";
    return "Prescott";
}

static void *symbol(void *lib, const char *name)
{
    void *p = dlsym(lib, name);
    if (!p && !blas.error[0])
        snprintf(blas.error, sizeof blas.error, "%s has no %s", INR_BLAS_SONAME, name);
    return p;
}

static void open_library(void)
{
    snprintf(blas.wanted, sizeof blas.wanted, "%s", inr_blas_core_for(inr_cpu_features()));
    const char *user_core = getenv("OPENBLAS_CORETYPE");
    if (!user_core || !*user_core) setenv("OPENBLAS_CORETYPE", blas.wanted, 1);
    void *lib = dlopen(INR_BLAS_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(blas.error, sizeof blas.error, "cannot load OpenBLAS (%s): %s",
                 INR_BLAS_SONAME, dlerror());
        return;
    }
    blas.sgemm = (sgemm_fn *)symbol(lib, "cblas_sgemm");
    blas.set_threads = (void (*)(int))symbol(lib, "openblas_set_num_threads");
    blas.corename = (char *(*)(void))dlsym(lib, "openblas_get_corename");
    blas.config = (char *(*)(void))dlsym(lib, "openblas_get_config");
    if (!blas.sgemm || !blas.set_threads) return;
    Dl_info info;
    const char *file = dladdr((void *)blas.sgemm, &info) && info.dli_fname ? info.dli_fname
                                                                            : INR_BLAS_SONAME;
    snprintf(blas.library, sizeof blas.library, "%s (%s)", file,
             blas.config ? blas.config() : "not OpenBLAS");
    const char *core = blas.corename ? blas.corename() : "unknown";
    if (user_core && *user_core && strcasecmp(user_core, blas.wanted) != 0)
        snprintf(blas.warning, sizeof blas.warning,
                 "OPENBLAS_CORETYPE=%s from the environment runs OpenBLAS's '%s' kernels; "
                 "this CPU's features ask for '%s'", user_core, core, blas.wanted);
    else if (strcasecmp(core, blas.wanted) != 0)
        snprintf(blas.warning, sizeof blas.warning,
                 "OpenBLAS runs its '%s' kernels: this build does not know '%s', which "
                 "this CPU's features ask for (a newer OpenBLAS would be faster)",
                 core, blas.wanted);
    blas.ok = true;
}

bool inr_blas_load(void)
{
    pthread_once(&blas_once, open_library);
    return blas.ok;
}

/* A product without its library cannot go on: say why once and stop. */
static void require_blas(void)
{
    if (inr_blas_load()) return;
    fprintf(stderr, "inrfit: %s\n", blas.error);
    exit(1);
}

const char *inr_blas_error(void) { return blas.error; }
const char *inr_blas_library(void) { return inr_blas_load() ? blas.library : "none"; }
const char *inr_blas_wanted_core(void) { return inr_blas_load(), blas.wanted; }
const char *inr_blas_warning(void) { return inr_blas_load() && blas.warning[0] ? blas.warning : NULL; }

const char *inr_blas_core(void)
{
    if (!inr_blas_load() && !blas.sgemm) return "none";
    return blas.corename ? blas.corename() : "unknown";
}

void inr_blas_set_threads(int threads)
{
    require_blas();
    blas.set_threads(threads);
}

/* oneDNN's sgemm runs the fp32 products where it is built in (its JIT
 * picks kernels from cpuid; measured faster than OpenBLAS's, see blas.h);
 * INRFIT_GEMM=openblas picks OpenBLAS. */
static bool use_onednn = false;
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;

static void choose_products(void)
{
    const char *want = getenv("INRFIT_GEMM");
    char impl[160];
    use_onednn = !(want && strcmp(want, "openblas") == 0) &&
                 inr_dnnl_available(INR_DNNL_F32, impl, sizeof impl);
}

bool inr_products_onednn(void)
{
    pthread_once(&engine_once, choose_products);
    return use_onednn;
}

const char *inr_products_name(void)
{
    static char name[200];
    if (!inr_products_onednn()) {
        snprintf(name, sizeof name, "OpenBLAS %s kernels", inr_blas_core());
        return name;
    }
    char impl[160];
    inr_dnnl_available(INR_DNNL_F32, impl, sizeof impl);
    /* "oneDNN 2.6.3 gemm:jit" -> "oneDNN 2.6.3 sgemm, avx2 kernels" */
    char *space = strrchr(impl, ' ');
    if (space) *space = '\0';
    snprintf(name, sizeof name, "%s sgemm, %s kernels", impl, inr_dnnl_isa());
    return name;
}

const char *inr_products_warning(void)
{
    static char warning[200];
    if (!inr_products_onednn()) return NULL;
    const inr_cpu *cpu = inr_cpu_features();
    const char *isa = inr_dnnl_isa();
    const char *want = inr_cpu_has_avx512(cpu) ? "avx512" : "avx2";
    if (strncmp(isa, want, strlen(want)) == 0) return NULL;
    snprintf(warning, sizeof warning,
             "oneDNN runs %s kernels; this CPU's features allow %s (ONEDNN_MAX_CPU_ISA set?)",
             isa, want);
    return warning;
}

void inr_sgemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
               const float *A, int lda, const float *B, int ldb, float beta,
               float *C, int ldc)
{
    if (inr_products_onednn() &&
        inr_dnnl_sgemm(trans_a, trans_b, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc))
        return;
    require_blas();
    blas.sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
               trans_b ? CblasTrans : CblasNoTrans, M, N, K, alpha, A, lda, B, ldb,
               beta, C, ldc);
}
