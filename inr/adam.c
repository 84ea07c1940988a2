/* adam.c - Adam (Kingma & Ba) in PyTorch's formulation:
 * p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). */
#include "adam.h"

#include <math.h>

inr_adam_options inr_adam_defaults(float lr)
{
    inr_adam_options o = { lr, 0.9f, 0.999f, 1e-8f };
    return o;
}

void inr_adam_update(const inr_model *model, float *params, const float *grad,
                     float *m, float *v, long t, const inr_adam_options *opt)
{
    const float b1 = opt->beta1, b2 = opt->beta2, eps = opt->eps;
    const float step_size = (float)(opt->lr / (1.0 - pow(b1, (double)t)));
    const float inv_sqrt_bc2 = (float)(1.0 / sqrt(1.0 - pow(b2, (double)t)));
    for (int k = 0; k < model->n_tensors; k++) {
        const inr_tensor *tn = &model->tensor[k];
        if (tn->frozen) continue;
        size_t begin = tn->offset, end = tn->offset + tn->size;
#pragma omp parallel for simd schedule(static) if (tn->size > 65536)
        for (size_t i = begin; i < end; i++) {
            float g = grad[i];
            m[i] = b1 * m[i] + (1.0f - b1) * g;
            v[i] = b2 * v[i] + (1.0f - b2) * g * g;
            params[i] -= step_size * m[i] / (sqrtf(v[i]) * inv_sqrt_bc2 + eps);
        }
    }
}
