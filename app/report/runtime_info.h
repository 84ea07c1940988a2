/* runtime_info.h - what runs here: the CPU, the BLAS library and its
 * kernels, the elementwise ISA, threads, CUDA and bf16 (inrfit --version,
 * make bench). */
#ifndef APP_RUNTIME_INFO_H
#define APP_RUNTIME_INFO_H

#include <stdio.h>

#define INRFIT_VERSION "0.10.0"

/* "key  value" lines to out; threads <= 0: OpenMP's default. */
void runtime_info_print(FILE *out, int threads);

/* Each fallback that could not be avoided, as an "inrfit: warning: ..."
 * line on err; returns how many. */
int runtime_info_warnings(FILE *err);

#endif
