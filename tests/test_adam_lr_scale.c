/* test_adam_lr_scale.c - a tensor's lr_scale multiplies Adam's step: after
 * one step on a unit gradient every entry moves by lr (Adam's first step is
 * lr * g / (|g| + eps)), the entries of NSTR's spectrum tables S0..S2 by 16
 * lr (nstr.c), the frozen ones not at all. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "adam.h"
#include "check.h"

int main(void)
{
    inr_config c = inr_config_default(INR_MODEL_NSTR, 2, 1);
    c.nstr.bases = 4;
    c.width = 8;
    c.grid.base_res = 4;
    c.grid.max_res = 8;
    inr_model m;
    if (inr_model_create(&m, &c) != INR_OK) FATAL("nstr model: %s", inr_error());
    inr_model_init(&m);
    size_t np = m.n_params;
    float *before = malloc(np * sizeof(float)), *grad = malloc(np * sizeof(float));
    float *mo = calloc(np, sizeof(float)), *v = calloc(np, sizeof(float));
    if (!before || !grad || !mo || !v) FATAL("out of memory");
    memcpy(before, m.params, np * sizeof(float));
    for (size_t i = 0; i < np; i++) grad[i] = 1.0f;
    inr_adam_options o = inr_adam_defaults(1e-3f);
    adam_update_cpu(&m, m.params, grad, mo, v, 1, &o);
    int scaled = 0;
    for (int k = 0; k < m.n_tensors; k++) {
        const inr_tensor *t = &m.tensor[k];
        int is_s = t->name[0] == 'S';
        scaled += is_s;
        double want = t->frozen ? 0.0 : (is_s ? 16e-3 : 1e-3), worst = 0;
        for (size_t i = t->offset; i < t->offset + t->size; i++)
            worst = fmax(worst, fabs((before[i] - m.params[i]) - want));
        CHECK(worst < 1e-6, "tensor %s: a step off %.3g from %.3g", t->name, worst, want);
    }
    CHECK(scaled == 3, "%d spectrum tables, expected 3", scaled);
    free(before);
    free(grad);
    free(mo);
    free(v);
    inr_model_free(&m);
    return check_result();
}
