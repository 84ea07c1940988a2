/* profile.h - where the time of a fit or a render goes (`--profile`).
 *
 * The compute code marks its phases (products forward and backward,
 * activations, encodings, the loss, the gradient sum, the optimizer, the
 * minibatch sampling) and the trainer and the evaluator mark their stage
 * (training, evaluation). Phases inside the parallel chunks add each
 * thread's time; serial ones add their wall time times the stage's threads,
 * so every phase is in thread-seconds and a stage's phases plus its "other"
 * (waits at barriers, imbalance, unmarked work) fill wall x threads.
 * Products also count their FLOPs, by precision, so the report can set
 * them against a GEMM peak measured on the spot (gemm_peak.h).
 *
 * Off by default: a disabled mark is one load and branch. Counters are
 * atomic, so fits in several threads (the Python package) stay safe; their
 * times then mix, which a profile of one fit at a time does not see. */
#ifndef INR_PROFILE_H
#define INR_PROFILE_H

#include <stdint.h>

typedef enum {
    INR_PHASE_PRODUCTS_FWD,
    INR_PHASE_PRODUCTS_BWD,
    INR_PHASE_ACTIVATIONS,
    INR_PHASE_ENCODING,
    INR_PHASE_LOSS,
    INR_PHASE_GRAD_SUM,
    INR_PHASE_OPTIMIZER,
    INR_PHASE_SAMPLING,
    INR_PHASE_COUNT
} inr_phase;

typedef enum { INR_STAGE_TRAIN, INR_STAGE_EVAL, INR_STAGE_COUNT } inr_stage;

/* Totals since inr_profile_start(). */
typedef struct {
    double thread_seconds[INR_STAGE_COUNT][INR_PHASE_COUNT];
    double flops_fp32[INR_STAGE_COUNT][INR_PHASE_COUNT];
    double flops_bf16[INR_STAGE_COUNT][INR_PHASE_COUNT];
    double stage_seconds[INR_STAGE_COUNT];   /* wall time inside the stage */
    double stage_thread_seconds[INR_STAGE_COUNT];   /* wall x threads, summed */
    long stage_calls[INR_STAGE_COUNT];       /* training steps / evaluations */
} inr_profile;

/* Zeroes the counters and starts marking. */
void inr_profile_start(void);
/* Stops marking; the counters stay readable. */
void inr_profile_stop(void);
void inr_profile_read(inr_profile *p);
/* "products forward", ... */
const char *inr_phase_name(inr_phase ph);

extern int inr_profile_enabled_;

/* A mark's start: the time in ns, or 0 when profiling is off. */
uint64_t inr_profile_clock_ns(void);
static inline uint64_t inr_prof_begin(void)
{
    return inr_profile_enabled_ ? inr_profile_clock_ns() : 0;
}
/* Adds the time since t0 (one thread's) and the FLOPs of a product
 * (bf16: its operands were bf16) to phase ph of the current stage. */
void inr_prof_end_(inr_phase ph, uint64_t t0, double flops, int bf16);
static inline void inr_prof_end(inr_phase ph, uint64_t t0, double flops, int bf16)
{
    if (t0) inr_prof_end_(ph, t0, flops, bf16);
}
/* A serial phase: its wall time counts for all `threads` of the stage. */
void inr_prof_end_serial(inr_phase ph, uint64_t t0, int threads);

/* Stage marks around a training step or an evaluation (not nested). */
uint64_t inr_prof_stage_begin(inr_stage st);
void inr_prof_stage_end(inr_stage st, uint64_t t0, int threads);

#endif
