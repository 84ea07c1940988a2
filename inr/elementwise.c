/* elementwise.c - picks the elementwise kernels from cpuid (elementwise.h). */
#include "elementwise.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_features.h"

extern const inr_elementwise ew_avx2_kernels, ew_avx512_kernels;

const char *const inr_elementwise_isas[] = { "avx2", "avx512" };
const int inr_elementwise_n_isas = 2;

static const inr_elementwise *selected;
static char warning[160];
static pthread_once_t select_once = PTHREAD_ONCE_INIT;

const inr_elementwise *inr_elementwise_for_isa(const char *isa)
{
    const inr_cpu *cpu = inr_cpu_features();
    if (strcmp(isa, "avx2") == 0) return inr_cpu_has_v3(cpu) ? &ew_avx2_kernels : NULL;
    if (strcmp(isa, "avx512") == 0) return inr_cpu_has_avx512(cpu) ? &ew_avx512_kernels : NULL;
    return NULL;
}

static void select_kernels(void)
{
    const char *forced = getenv("INRFIT_ISA");
    if (forced && *forced) {
        selected = inr_elementwise_for_isa(forced);
        if (selected) return;
        snprintf(warning, sizeof warning,
                 "INRFIT_ISA=%s: not an ISA this CPU runs (of avx2, avx512); using the widest it runs",
                 forced);
    }
    selected = inr_elementwise_for_isa("avx512");
    /* This build needs x86-64-v3, so AVX2 is the floor (main() checks it). */
    if (!selected) selected = &ew_avx2_kernels;
}

const inr_elementwise *inr_elementwise_kernels(void)
{
    pthread_once(&select_once, select_kernels);
    return selected;
}

const char *inr_elementwise_warning(void)
{
    inr_elementwise_kernels();
    return warning[0] ? warning : NULL;
}
