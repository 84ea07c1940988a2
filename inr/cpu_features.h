/* cpu_features.h - what this x86-64 CPU and its OS can run, from cpuid.
 *
 * The kernels inrfit picks (OpenBLAS's core, the elementwise ISA, bf16
 * products) follow from these feature bits, never from a table of model
 * numbers: a CPU newer than the libraries still gets the code its features
 * allow. Vector state the OS does not save (xgetbv) counts as absent. */
#ifndef INR_CPU_FEATURES_H
#define INR_CPU_FEATURES_H

#include <stdbool.h>

typedef struct {
    char vendor[13];     /* "GenuineIntel", "AuthenticAMD", ... */
    char brand[49];      /* "Intel(R) Xeon(R) ..." (trimmed) */
    int family, model;   /* displayed family/model, for reports only */
    bool avx2, fma, f16c;
    bool avx512f, avx512bw, avx512dq, avx512vl, avx512cd;
    bool avx512_bf16;    /* vdpbf16ps: bf16 dot products into fp32 */
    bool amx_tile, amx_bf16;
    bool os_ymm, os_zmm; /* the OS saves AVX / AVX-512 state */
    bool os_amx;         /* the OS saves AMX tile state (XTILEDATA) */
} inr_cpu;

/* Read once; the same object afterwards (thread-safe). */
const inr_cpu *inr_cpu_features(void);

/* x86-64-v3: AVX2 + FMA with OS support (what this build needs). */
bool inr_cpu_has_v3(const inr_cpu *c);
/* x86-64-v4's AVX-512 subset: F, BW, DQ, VL, CD with OS support. */
bool inr_cpu_has_avx512(const inr_cpu *c);
/* bf16 products in hardware: AVX512-BF16 or AMX-BF16 with OS support. */
bool inr_cpu_has_bf16(const inr_cpu *c);

#endif
