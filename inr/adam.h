/* adam.h - Adam over the flat parameter buffer (PyTorch's update rule).
 *
 * Moments m and v share the parameter layout; frozen tensors are skipped.
 * In sparse_adam tensors (none by default: hashgrid_kind.c) an entry whose
 * gradient is exactly 0 keeps its value and moments, as tiny-cuda-nn's
 * Adam does for its encodings; the bias correction still uses the global
 * step t (tiny-cuda-nn counts steps per entry, which would need them in the
 * checkpoint). */
#ifndef INR_ADAM_H
#define INR_ADAM_H

#include "model.h"

typedef struct {
    float lr, beta1, beta2, eps;
} inr_adam_options;

/* METHODS 4: beta1 0.9, beta2 0.999, eps 1e-8. */
inr_adam_options inr_adam_defaults(float lr);

/* One update at 1-based step t: m, v and params change in place. */
void adam_update_cpu(const inr_model *model, float *params, const float *grad,
                     float *m, float *v, long t, const inr_adam_options *opt);

#endif
