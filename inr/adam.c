/* adam.c - Adam (Kingma & Ba) in PyTorch's formulation:
 * p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). */
#include "adam.h"

#include <math.h>
#include <omp.h>

#include "elementwise.h"

inr_adam_options inr_adam_defaults(float lr)
{
    inr_adam_options o = { lr, 0.9f, 0.999f, 1e-8f };
    return o;
}

void adam_update_cpu(const inr_model *model, float *params, const float *grad,
                     float *m, float *v, long t, const inr_adam_options *opt)
{
    const float b1 = opt->beta1, b2 = opt->beta2;
    const inr_adam_step s = {
        b1, b2, (float)(opt->lr / (1.0 - pow(b1, (double)t))),
        (float)(1.0 / sqrt(1.0 - pow(b2, (double)t))), opt->eps,
    };
    const inr_elementwise *ew = inr_elementwise_kernels();
    for (int k = 0; k < model->n_tensors; k++) {
        const inr_tensor *tn = &model->tensor[k];
        if (tn->frozen) continue;
        inr_adam_step ts = s;
        ts.step_size *= inr_tensor_lr_scale(tn);
        /* Elementwise, so any split across threads gives the same result. */
        size_t n = tn->size, slices = n > 65536 ? (size_t)omp_get_max_threads() : 1;
#pragma omp parallel for schedule(static) if (slices > 1)
        for (size_t j = 0; j < slices; j++) {
            size_t begin = tn->offset + n * j / slices, end = tn->offset + n * (j + 1) / slices;
            (tn->sparse_adam ? ew->adam_sparse : ew->adam)(params + begin, grad + begin, m + begin,
                                                            v + begin, end - begin, &ts);
        }
    }
}
