/* adam.h - Adam over the flat parameter buffer (PyTorch's update rule).
 *
 * Moments m and v share the parameter layout; frozen tensors are skipped. */
#ifndef INR_ADAM_H
#define INR_ADAM_H

#include "model.h"

typedef struct {
    float lr, beta1, beta2, eps;
} inr_adam_options;

/* SPEC 4: beta1 0.9, beta2 0.999, eps 1e-8. */
inr_adam_options inr_adam_defaults(float lr);

/* One update at 1-based step t: m, v and params change in place. */
void adam_update_cpu(const inr_model *model, float *params, const float *grad,
                     float *m, float *v, long t, const inr_adam_options *opt);

#endif
