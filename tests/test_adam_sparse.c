/* test_adam_sparse.c - Adam skips zero-gradient entries of sparse_adam
 * tensors (inr/adam.h, as tiny-cuda-nn for its grids; here a hash grid's
 * tables marked so): an entry whose gradient is exactly 0 this step keeps
 * its value and moments bit for bit; every other parameter (the MLP's, even
 * with a zero gradient) gets the plain Adam update. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "adam.h"
#include "check.h"
#include "model.h"

int main(void)
{
    inr_config c = inr_config_default(INR_MODEL_HASHGRID, 2, 1);
    c.grid.levels = 3;
    c.grid.log2_table = 8;
    c.width = 8;
    inr_model m;
    CHECK(inr_model_create(&m, &c) == INR_OK, "%s", inr_error());
    inr_model_init(&m);
    size_t np = m.n_params;
    float *g = malloc(np * sizeof(float)), *mm = calloc(np, sizeof(float)),
          *vv = calloc(np, sizeof(float));
    float *p0 = malloc(np * sizeof(float)), *m0 = malloc(np * sizeof(float)),
          *v0 = malloc(np * sizeof(float));
    inr_adam_options o = inr_adam_defaults(1e-2f);
    for (int k = 0; k < m.n_tensors; k++) m.tensor[k].sparse_adam = !strncmp(m.tensor[k].name, "hash", 4);
    for (long t = 1; t <= 3; t++) {
        /* Every third gradient 0, a different third each step. */
        for (size_t i = 0; i < np; i++) g[i] = (i + t) % 3 ? 0.01f * (float)((i * 7 + t) % 13) - 0.06f : 0.0f;
        memcpy(p0, m.params, np * sizeof(float));
        memcpy(m0, mm, np * sizeof(float));
        memcpy(v0, vv, np * sizeof(float));
        adam_update_cpu(&m, m.params, g, mm, vv, t, &o);
        int kept = 0, bad = 0;
        for (int k = 0; k < m.n_tensors; k++) {
            const inr_tensor *tn = &m.tensor[k];
            for (size_t i = tn->offset; i < tn->offset + tn->size; i++) {
                if (tn->sparse_adam && g[i] == 0.0f) {
                    kept++;
                    bad += memcmp(&m.params[i], &p0[i], 4) || memcmp(&mm[i], &m0[i], 4) ||
                           memcmp(&vv[i], &v0[i], 4);
                    continue;
                }
                /* Plain Adam, in the kernels' float order. */
                float step = (float)(o.lr / (1.0 - pow(o.beta1, (double)t)));
                float ibc2 = (float)(1.0 / sqrt(1.0 - pow(o.beta2, (double)t)));
                float mi = o.beta1 * m0[i] + (1.0f - o.beta1) * g[i];
                float vi = o.beta2 * v0[i] + (1.0f - o.beta2) * g[i] * g[i];
                float pi = p0[i] - step * mi / (sqrtf(vi) * ibc2 + o.eps);
                bad += fabsf(m.params[i] - pi) > 1e-7f + 1e-6f * fabsf(pi) ||
                       fabsf(mm[i] - mi) > 1e-6f * fabsf(mi) || fabsf(vv[i] - vi) > 1e-6f * vi;
            }
        }
        CHECK(kept > 0, "step %ld: no zero-gradient table entry", t);
        CHECK(bad == 0, "step %ld: %d parameters updated wrongly", t, bad);
    }
    free(g), free(mm), free(vv), free(p0), free(m0), free(v0);
    inr_model_free(&m);
    return check_result();
}
