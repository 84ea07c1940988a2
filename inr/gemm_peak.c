/* gemm_peak.c - the on-the-spot GEMM rate (gemm_peak.h). */
#include "gemm_peak.h"

#include <omp.h>
#include <stdlib.h>

#include "blas.h"
#include "gemm_bf16.h"
#include "ops_cpu.h"

static void product(int bf16, int rows, int width, const float *a, const float *b, float *c)
{
    if (bf16) inr_gemm_bf16(false, true, rows, width, width, a, width, b, width, 0.0f, c, width);
    else inr_sgemm(false, true, rows, width, width, 1.0f, a, width, b, width, 0.0f, c, width);
}

double inr_gemm_peak_gflops(int threads, int rows, int width, int bf16, double min_seconds)
{
    size_t chunk = (size_t)rows * width;
    float *a = malloc(sizeof(float) * chunk * threads), *c = malloc(sizeof(float) * chunk * threads),
          *b = malloc(sizeof(float) * (size_t)width * width);
    double rate = 0;
    if (a && b && c) {
        for (size_t i = 0; i < chunk * threads; i++) a[i] = (float)(i % 7) * 1e-3f;
        for (size_t i = 0; i < (size_t)width * width; i++) b[i] = (float)(i % 5) * 1e-3f;
        blas_use_single_thread();
        /* Rounds of 8 products a thread until min_seconds have passed; the
         * first warms up (JIT, caches); the fastest round is the peak (a
         * busy machine slows some rounds, never speeds one up). */
        double start = omp_get_wtime(), best = 0;
        for (int round = 0; omp_get_wtime() - start < min_seconds || round < 2; round++) {
            double t0 = omp_get_wtime();
#pragma omp parallel num_threads(threads)
            {
                int k = omp_get_thread_num();
                for (int r = 0; r < 8; r++)
                    product(bf16, rows, width, a + chunk * k, b, c + chunk * k);
            }
            double t = omp_get_wtime() - t0;
            if (round > 0 && (best == 0 || t < best)) best = t;
        }
        rate = 2.0 * chunk * width * 8 * threads / best / 1e9;
    }
    free(a);
    free(b);
    free(c);
    return rate;
}
