/* fit_resume.h - `inrfit fit FILE --resume CKPT`: the checkpoint defines the
 * model, its optimizer state and, unless -o is given, where the outputs go
 * (its own prefix). Options that contradict it are refused; what may change
 * (steps, learning-rate schedule, threads, device) is stated. */
#ifndef INR_FIT_RESUME_H
#define INR_FIT_RESUME_H

#include <stddef.h>

#include "fit_options.h"
#include "signal_io.h"
#include "trainer.h"

/* Loads the checkpoint into model and state, checking that it was fitted to
 * this signal and can be continued. Returns 0 or 1 (after printing). */
int fit_resume_load(const fit_options *o, signal_data *sig, inr_model *model,
                    inr_optimizer_state *state);

/* Refuses model, initialisation, seed and batch options that differ from
 * the checkpoint's. Returns 0 or 2 (after printing). */
int fit_resume_check(const fit_options *o, const inr_model *model,
                     const inr_optimizer_state *state);

/* The checkpoint's prefix: "dir/a.inr" -> "dir/a". */
void fit_resume_prefix(const char *checkpoint, char *out, size_t size);

/* Training options: the saved ones, with --lr and --lr-decay applied. */
void fit_resume_train_options(const fit_options *o, const inr_optimizer_state *saved,
                              inr_train_options *topt);

/* States on stdout (stderr under --json) what this run continues with,
 * against what was saved. */
void fit_resume_describe(const fit_options *o, const inr_optimizer_state *saved,
                         const inr_train_options *topt, long steps, int threads,
                         const char *device);

#endif
