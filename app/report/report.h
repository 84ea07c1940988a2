/* report.h - the end of a fit: evaluate the model on the signal's grid,
 * print quality figures, write the checkpoint and the reconstruction. */
#ifndef INR_REPORT_H
#define INR_REPORT_H

#include "backend.h"
#include "model.h"
#include "profile_report.h"
#include "signal_io.h"

struct fit_holdout;

typedef struct {
    double psnr;       /* images: [0,1] scale; audio: peak-normalised [-1,1] */
    double psnr_8bit;  /* images: of the 8-bit quantised output */
    double ssim;       /* images */
    double snr;        /* audio */
    double heldout_psnr;  /* fit --holdout: PSNR of the held-out points, as psnr (else NaN) */
    double heldout_snr;   /* audio with --holdout: SNR of the held-out points */
} quality;

/* Quality of output values (N,C, output scale) against the signal. */
quality quality_measure(const signal_data *s, const float *output);

/* Evaluates on backend `be` (NULL: the CPU), writes the reconstruction (in
 * format fmt) and the checkpoint as one set (atomic_commit_set: when either
 * cannot be written, the previous pair stays as it was) and measures the
 * reconstruction into *q (with the held-out points' figures when holdout
 * is not NULL, fit_holdout.h), timing its parts into prof (may be NULL).
 * Returns the exit status (0 or 1). */
int report_and_write(const inr_model *m, const signal_data *s, const char *model_path,
                     const char *recon_path, const signal_format *fmt, int threads,
                     const inr_backend *be, const inr_optimizer_state *state,
                     const struct fit_holdout *holdout, quality *q, profile_report *prof);

/* Points of report_and_write's tiles, rounded up to a multiple of the
 * engine's chunks (0: the default, 2^20), for tests: the figures and
 * files do not depend on it. */
void report_set_tile(long points);

/* What a finished fit prints. */
typedef struct {
    const char *input, *device;
    const char *model_path, *recon_path, *log_path;   /* log_path: NULL when none */
    long steps;          /* trained in this run */
    double seconds;
    int threads;
    int interrupted;     /* the signal that stopped it, or 0 */
    double holdout;      /* --holdout's fraction (0: all points trained on) */
    quality q;
    const profile_report *profile;   /* --profile (NULL or off: none) */
} fit_summary;

/* The summary on stdout: human lines, or with json one JSON object
 * (json_out.h). Returns 0, or 1 when the JSON could not be written. */
int report_print(const inr_model *m, const signal_data *s, const fit_summary *f, int json);

#endif
