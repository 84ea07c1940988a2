/* runtime_info.c - the "what runs" lines (runtime_info.h). */
#include "runtime_info.h"

#include <omp.h>

#include "backend.h"
#include "blas.h"
#include "cpu_features.h"
#include "elementwise.h"

static const char *yes_no(bool b) { return b ? "yes" : "no"; }

static void print_cpu(FILE *out, const inr_cpu *c)
{
    fprintf(out, "cpu          %s (%s family %d model %d)\n", c->brand[0] ? c->brand : "unknown",
            c->vendor, c->family, c->model);
    fprintf(out, "cpu features avx2+fma %s, avx512 %s, avx512_bf16 %s, amx_bf16 %s\n",
            yes_no(inr_cpu_has_v3(c)), yes_no(inr_cpu_has_avx512(c)),
            yes_no(inr_cpu_has_avx512(c) && c->avx512_bf16),
            yes_no(c->os_amx && c->amx_tile && c->amx_bf16));
}

static void print_cuda(FILE *out)
{
    const inr_backend *cuda = inr_backend_get(INR_DEVICE_CUDA);
    if (!cuda) {
        fputs("cuda         not built in (make with nvcc on the PATH)\n", out);
        return;
    }
    char desc[160] = "";
    inr_status st = cuda->probe(desc, sizeof desc);
    fprintf(out, "cuda         built in; %s\n", st == INR_OK ? desc : inr_error());
}

void runtime_info_print(FILE *out, int threads)
{
    const inr_cpu *cpu = inr_cpu_features();
    fprintf(out, "inrfit       %s\n", INRFIT_VERSION);
    print_cpu(out, cpu);
    fprintf(out, "products     %s\n", inr_products_name());
    fprintf(out, "blas         %s%s\n", inr_blas_library(),
            inr_products_onednn() ? " (INRFIT_GEMM=openblas runs the products on it)" : "");
    fprintf(out, "blas kernels %s (the CPU's features ask for %s)\n", inr_blas_core(),
            inr_blas_wanted_core());
    fputs("elementwise  ", out);
    fprintf(out, "%s (built:", inr_elementwise_kernels()->isa);
    for (int i = 0; i < inr_elementwise_n_isas; i++) fprintf(out, " %s", inr_elementwise_isas[i]);
    fputs(")\n", out);
    fprintf(out, "bf16         %s\n",
            inr_cpu_has_bf16(cpu) ? "hardware (AVX512-BF16 or AMX-BF16)"
                                  : "no hardware (needs AVX512-BF16 or AMX-BF16)");
    fprintf(out, "threads      %d (OpenMP)\n", threads > 0 ? threads : omp_get_max_threads());
    print_cuda(out);
}

int runtime_info_warnings(FILE *err)
{
    const char *w[] = { inr_products_onednn() ? inr_products_warning() : inr_blas_warning(),
                        inr_elementwise_warning() };
    int n = 0;
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (w[i]) fprintf(err, "inrfit: warning: %s\n", w[i]), n++;
    return n;
}
