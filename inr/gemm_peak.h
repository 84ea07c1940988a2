/* gemm_peak.h - the rate the products reach here, measured on the spot:
 * `threads` threads at once, each multiplying chunk-shaped matrices
 * (rows x width by width x width, what a training chunk's hidden layer
 * runs), in fp32 (inr_sgemm) or bf16 (inr_gemm_bf16). --profile and make
 * bench set the fit's products against it. */
#ifndef INR_GEMM_PEAK_H
#define INR_GEMM_PEAK_H

/* GFLOP/s of all threads together: the fastest of rounds of 8 products a
 * thread, after a warm-up, over at least min_seconds; 0 when out of memory. */
double inr_gemm_peak_gflops(int threads, int rows, int width, int bf16, double min_seconds);

#endif
