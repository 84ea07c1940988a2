/* profile_report.h - `--profile` of fit and render: the command's own
 * phases (reading, initialisation, training, evaluation, metrics, files)
 * as wall times, the engine's phases (profile.h) nested under training
 * and evaluation, and the products set against the GEMM peak measured on
 * the spot (gemm_peak.h); a table on stderr and a "profile" JSON object. */
#ifndef INR_PROFILE_REPORT_H
#define INR_PROFILE_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "profile.h"

enum { PROFILE_MAX_ROWS = 10 };

typedef struct {
    const char *name;   /* "training" */
    double seconds;     /* wall */
    int stage;          /* the engine stage nested under it, or -1 */
    long count;         /* steps for training (0: not shown) */
} profile_row;

typedef struct {
    int on;
    profile_row row[PROFILE_MAX_ROWS];
    int n_rows;
    double started;         /* timer_now() at profile_report_begin */
    inr_profile engine;     /* read at profile_report_end */
    int threads, width;     /* the products' shape for the peak */
    double peak_fp32, peak_bf16;   /* GFLOP/s; bf16 0 when no bf16 product ran */
    int device;             /* the compute ran on a GPU: no engine breakdown */
} profile_report;

/* Starts the command's clock; the caller starts the engine's marks
 * (inr_profile_start) where the compute to break down begins. */
void profile_report_begin(profile_report *r, int on);
/* Adds a row: the wall time since *since (then set to now); stage: the
 * engine stage it holds, or -1. No-op when off. */
void profile_report_row(profile_report *r, const char *name, double *since, int stage,
                        long count);
/* Adds a row of `seconds` (a phase timed in several pieces). */
void profile_report_add(profile_report *r, const char *name, double seconds, int stage,
                        long count);
/* Stops the marks, reads them, and measures the GEMM peak for the model's
 * hidden width on `threads` threads (a fraction of a second). */
void profile_report_end(profile_report *r, int threads, int width, int device);

void profile_report_print(const profile_report *r, FILE *out);
json_t *profile_report_json(const profile_report *r);

#endif
