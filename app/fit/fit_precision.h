/* fit_precision.h - `fit --precision fp32|bf16|auto`: what the user asked
 * for, resolved against what this CPU runs (gemm_bf16.h). */
#ifndef APP_FIT_PRECISION_H
#define APP_FIT_PRECISION_H

#include "model.h"

enum { FIT_PRECISION_AUTO = -1, FIT_PRECISION_BAD = -2 };

/* "fp32" -> INR_PRECISION_FP32, "bf16" -> INR_PRECISION_BF16, "auto" ->
 * FIT_PRECISION_AUTO, anything else FIT_PRECISION_BAD. */
int fit_precision_parse(const char *text);

/* cfg->precision from the request (auto: bf16 for SIREN where the CPU runs
 * bf16 products natively, whose quality the tests hold to within 0.3 dB of
 * fp32; fp32 otherwise). Then, for a fresh fit or a resumed bf16
 * checkpoint alike, bf16 without an engine here is refused: one line,
 * returns 2. */
int fit_precision_resolve(int requested, inr_config *cfg);

#endif
