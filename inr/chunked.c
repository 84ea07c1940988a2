/* chunked.c - the chunked evaluator (chunked.h). */
#include "chunked.h"

#include <omp.h>
#include <stdlib.h>

#include "bf16_weights.h"
#include "ops_cpu.h"
#include "profile.h"

int inr_resolve_threads(int threads)
{
    return threads > 0 ? threads : omp_get_max_threads();
}

inr_status inr_chunked_map(const inr_model *m, const float *coords, long n, float *out,
                           int out_ch, int threads, inr_chunk_fn fn, const void *ctx)
{
    threads = inr_resolve_threads(threads);
    int chunk = INR_CHUNK_ROWS, d = m->cfg.in_dim;
    size_t work = inr_model_workspace(m, chunk);
    float **ws = calloc(threads, sizeof(float *));
    int ok = ws != NULL;
    for (int t = 0; ok && t < threads; t++) ok = (ws[t] = malloc(work * sizeof(float))) != NULL;
    if (ok) {
        uint64_t stage = inr_prof_stage_begin(INR_STAGE_EVAL);
        inr_bf16_weights packed_weights;   /* with eval_bf16: W packed once */
        inr_bf16_weights_begin(&packed_weights, m, m->params, 0);
        blas_use_single_thread();
        long n_chunks = (n + chunk - 1) / chunk;
#pragma omp parallel for num_threads(threads) schedule(static, 1)
        for (long c = 0; c < n_chunks; c++) {
            long r0 = c * chunk;
            int rows = (int)(n - r0 < chunk ? n - r0 : chunk);
            fn(m, ctx, coords + (size_t)r0 * d, out + (size_t)r0 * out_ch, rows,
               ws[omp_get_thread_num()]);
        }
        inr_bf16_weights_end(&packed_weights);
        inr_prof_stage_end(INR_STAGE_EVAL, stage, threads);
    }
    for (int t = 0; ws && t < threads; t++) free(ws[t]);
    free(ws);
    return ok ? INR_OK : INR_ERR_NOMEM;
}
