/* profile.c - the phase counters of --profile (profile.h). */
#include "profile.h"

#include <stdatomic.h>
#include <string.h>
#include <time.h>

int inr_profile_enabled_;

static _Atomic uint64_t phase_ns[INR_STAGE_COUNT][INR_PHASE_COUNT];
static _Atomic uint64_t phase_flops[INR_STAGE_COUNT][INR_PHASE_COUNT][2];
static _Atomic uint64_t stage_ns[INR_STAGE_COUNT], stage_thread_ns[INR_STAGE_COUNT];
static _Atomic long stage_calls[INR_STAGE_COUNT];
static _Atomic int current_stage;

uint64_t inr_profile_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    /* Never 0, which means "not marking". */
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec + 1;
}

void inr_profile_start(void)
{
    for (int s = 0; s < INR_STAGE_COUNT; s++) {
        for (int p = 0; p < INR_PHASE_COUNT; p++) {
            atomic_store(&phase_ns[s][p], 0);
            atomic_store(&phase_flops[s][p][0], 0);
            atomic_store(&phase_flops[s][p][1], 0);
        }
        atomic_store(&stage_ns[s], 0);
        atomic_store(&stage_thread_ns[s], 0);
        atomic_store(&stage_calls[s], 0);
    }
    inr_profile_enabled_ = 1;
}

void inr_profile_stop(void) { inr_profile_enabled_ = 0; }

void inr_profile_read(inr_profile *p)
{
    memset(p, 0, sizeof *p);
    for (int s = 0; s < INR_STAGE_COUNT; s++) {
        for (int ph = 0; ph < INR_PHASE_COUNT; ph++) {
            p->thread_seconds[s][ph] = (double)atomic_load(&phase_ns[s][ph]) * 1e-9;
            p->flops_fp32[s][ph] = (double)atomic_load(&phase_flops[s][ph][0]);
            p->flops_bf16[s][ph] = (double)atomic_load(&phase_flops[s][ph][1]);
        }
        p->stage_seconds[s] = (double)atomic_load(&stage_ns[s]) * 1e-9;
        p->stage_thread_seconds[s] = (double)atomic_load(&stage_thread_ns[s]) * 1e-9;
        p->stage_calls[s] = atomic_load(&stage_calls[s]);
    }
}

const char *inr_phase_name(inr_phase ph)
{
    static const char *const names[INR_PHASE_COUNT] = {
        [INR_PHASE_PRODUCTS_FWD] = "products forward",
        [INR_PHASE_PRODUCTS_BWD] = "products backward",
        [INR_PHASE_ACTIVATIONS] = "activations",
        [INR_PHASE_ENCODING] = "encoding",
        [INR_PHASE_LOSS] = "loss",
        [INR_PHASE_GRAD_SUM] = "gradient sum",
        [INR_PHASE_OPTIMIZER] = "optimizer",
        [INR_PHASE_SAMPLING] = "sampling",
    };
    return ph >= 0 && ph < INR_PHASE_COUNT ? names[ph] : "?";
}

void inr_prof_end_(inr_phase ph, uint64_t t0, double flops, int bf16)
{
    int s = atomic_load_explicit(&current_stage, memory_order_relaxed);
    atomic_fetch_add_explicit(&phase_ns[s][ph], inr_profile_clock_ns() - t0,
                              memory_order_relaxed);
    if (flops > 0)
        atomic_fetch_add_explicit(&phase_flops[s][ph][bf16 ? 1 : 0], (uint64_t)flops,
                                  memory_order_relaxed);
}

void inr_prof_end_serial(inr_phase ph, uint64_t t0, int threads)
{
    if (!t0) return;
    int s = atomic_load_explicit(&current_stage, memory_order_relaxed);
    atomic_fetch_add_explicit(&phase_ns[s][ph], (inr_profile_clock_ns() - t0) * (uint64_t)threads,
                              memory_order_relaxed);
}

uint64_t inr_prof_stage_begin(inr_stage st)
{
    if (!inr_profile_enabled_) return 0;
    atomic_store(&current_stage, (int)st);
    return inr_profile_clock_ns();
}

void inr_prof_stage_end(inr_stage st, uint64_t t0, int threads)
{
    if (!t0) return;
    uint64_t ns = inr_profile_clock_ns() - t0;
    atomic_fetch_add(&stage_ns[st], ns);
    atomic_fetch_add(&stage_thread_ns[st], ns * (uint64_t)threads);
    atomic_fetch_add(&stage_calls[st], 1);
}
