/* chunked.h - one chunked, multi-threaded map over points on the CPU: the
 * model's evaluation (trainer.c) and its inner fields (fields.c) both run
 * a per-chunk function over rows of coordinates with a workspace per
 * thread. */
#ifndef INR_CHUNKED_H
#define INR_CHUNKED_H

#include "model.h"

/* Rows per chunk: activations of one chunk of a 256-wide SIREN stay within
 * a few MiB (L2/L3) while the matrix products are still large enough for
 * BLAS to run at full speed. */
enum { INR_CHUNK_ROWS = 512 };

/* out rows (N, out_ch) of one chunk from x (N, d); work holds
 * inr_model_workspace(m, INR_CHUNK_ROWS) floats. */
typedef void (*inr_chunk_fn)(const inr_model *m, const void *ctx, const float *x,
                             float *out, int N, float *work);

/* Runs fn over coords (n, d) in chunks of INR_CHUNK_ROWS on `threads`
 * threads (0: all), chunk c on thread c % threads, into out (n, out_ch).
 * Returns INR_ERR_NOMEM (no reason recorded) when the workspaces do not
 * fit. */
inr_status inr_chunked_map(const inr_model *m, const float *coords, long n, float *out,
                           int out_ch, int threads, inr_chunk_fn fn, const void *ctx);

/* threads, or all cores when threads <= 0. */
int inr_resolve_threads(int threads);

#endif
